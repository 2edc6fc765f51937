/** `phiguard proxy --config FILE [--listen HOST:PORT] [--upstream URL]`: run the gateway. */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { createGateway } from '../gateway/index.js';
import { createPhiguard } from '../runtime/index.js';
import { loadPolicy } from '../policy/index.js';
import { runService } from './service.js';

export function parseListen(value: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:]+)\]|([^:]+)):(\d{1,5})$/.exec(value) ?? /^()()(\d{1,5})$/.exec(value);
  if (!m) throw new Error(`--listen must be HOST:PORT or PORT (got "${value}")`);
  const port = Number(m[3]);
  if (port > 65535) throw new Error('--listen port must be 0-65535');
  return { host: m[1] || m[2] || '127.0.0.1', port };
}

interface ProxyOptions { config: string; listen: string; upstream?: string; auditStore?: string; tlsCert?: string; tlsKey?: string; tlsClientCa?: string }

/** Argument combinations that cannot work: refused before anything is opened. */
export function checkProxyOptions(o: Pick<ProxyOptions, 'tlsCert' | 'tlsKey' | 'tlsClientCa'>): void {
  if (!o.tlsCert !== !o.tlsKey) throw new Error(`--tls-cert and --tls-key go together: add ${o.tlsCert ? '--tls-key FILE' : '--tls-cert FILE'}`);
  if (o.tlsClientCa && !o.tlsCert) throw new Error('--tls-client-ca needs --tls-cert and --tls-key');
}

export function registerProxy(program: Command): void {
  program
    .command('proxy')
    .description('run the gateway: a reverse proxy that enforces the policy in front of an upstream')
    .requiredOption('-c, --config <file>', 'policy file')
    .option('-l, --listen <host:port>', 'address to listen on', '127.0.0.1:8080')
    .option('-u, --upstream <url>', 'upstream base URL (overrides upstream.url in the policy)')
    .option('--audit-store <url>', 'audit store URL (sqlite:PATH or postgres://...; overrides audit.store and PHIGUARD_AUDIT_STORE)')
    .option('--tls-cert <file>', 'serve HTTPS with this certificate chain (PEM)')
    .option('--tls-key <file>', 'private key for --tls-cert (PEM)')
    .option('--tls-client-ca <file>', 'accept client certificates issued by this CA (mTLS identity for identity.mtls.clients)')
    .action((opts: ProxyOptions) =>
      runService(async (scope) => {
        checkProxyOptions(opts);
        const { host, port } = parseListen(opts.listen);
        const tls = opts.tlsCert && opts.tlsKey
          ? { cert: readFileSync(opts.tlsCert), key: readFileSync(opts.tlsKey), ...(opts.tlsClientCa ? { clientCa: readFileSync(opts.tlsClientCa) } : {}) }
          : undefined;
        const policy = loadPolicy(opts.config);
        const guard = await createPhiguard({ policy, ...(opts.auditStore ? { auditStore: opts.auditStore } : {}) });
        scope.onClose(() => guard.close());
        const gateway = createGateway({ guard, host, port, ...(opts.upstream ? { upstreamUrl: opts.upstream } : {}), ...(tls ? { tls } : {}) });
        const url = await gateway.listen();
        scope.onClose(() => gateway.close());
        process.stdout.write(`${url}\n`);
        process.stderr.write(`phiguard: policy "${policy.name}" (${policy.mode}) guarding ${gateway.upstream.url.origin}; health at ${url}/healthz, readiness at ${url}/readyz\n`);
      }),
    );
}
