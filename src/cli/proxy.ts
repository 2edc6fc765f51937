/** `phiguard proxy --config FILE [--listen HOST:PORT] [--upstream URL]`: run the gateway. */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { createGateway } from '../gateway/index.js';
import { createPhiguard } from '../runtime/index.js';
import { loadPolicy } from '../policy/index.js';

export function parseListen(value: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:]+)\]|([^:]+)):(\d{1,5})$/.exec(value) ?? /^()()(\d{1,5})$/.exec(value);
  if (!m) throw new Error(`--listen must be HOST:PORT or PORT (got "${value}")`);
  const port = Number(m[3]);
  if (port > 65535) throw new Error('--listen port must be 0-65535');
  return { host: m[1] || m[2] || '127.0.0.1', port };
}

export function registerProxy(program: Command): void {
  program
    .command('proxy')
    .description('run the gateway: a reverse proxy that enforces the policy in front of an upstream')
    .requiredOption('-c, --config <file>', 'policy file')
    .option('-l, --listen <host:port>', 'address to listen on', '127.0.0.1:8080')
    .option('-u, --upstream <url>', 'upstream base URL (overrides upstream.url in the policy)')
    .option('--tls-cert <file>', 'serve HTTPS with this certificate chain (PEM)')
    .option('--tls-key <file>', 'private key for --tls-cert (PEM)')
    .option('--tls-client-ca <file>', 'accept client certificates issued by this CA (mTLS identity for identity.mtls.clients)')
    .action(async (opts: { config: string; listen: string; upstream?: string; tlsCert?: string; tlsKey?: string; tlsClientCa?: string }) => {
      const policy = loadPolicy(opts.config);
      const { host, port } = parseListen(opts.listen);
      const guard = await createPhiguard({ policy });
      if (!opts.tlsCert !== !opts.tlsKey) throw new Error('--tls-cert and --tls-key go together');
      if (opts.tlsClientCa && !opts.tlsCert) throw new Error('--tls-client-ca needs --tls-cert and --tls-key');
      const tls = opts.tlsCert && opts.tlsKey
        ? { cert: readFileSync(opts.tlsCert), key: readFileSync(opts.tlsKey), ...(opts.tlsClientCa ? { clientCa: readFileSync(opts.tlsClientCa) } : {}) }
        : undefined;
      const gateway = createGateway({ guard, host, port, ...(opts.upstream ? { upstreamUrl: opts.upstream } : {}), ...(tls ? { tls } : {}) });
      const url = await gateway.listen();
      process.stdout.write(`${url}\n`);
      process.stderr.write(`phiguard: policy "${policy.name}" (${policy.mode}) guarding ${gateway.upstream.url.origin}; health at ${url}/healthz\n`);
      const stop = () => {
        process.stderr.write('phiguard: shutting down (finishing in-flight requests)\n');
        void gateway.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
