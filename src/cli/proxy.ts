/** `phiguard proxy --config FILE [--listen HOST:PORT] [--upstream URL]`: run the gateway. */
import type { Command } from 'commander';
import { createGateway, resolveTlsSources } from '../gateway/index.js';
import { watchFiles } from '../gateway/tls.js';
import type { Phiguard } from '../runtime/index.js';
import type { TlsConfig } from '../policy/types.js';
import { createPhiguard } from '../runtime/index.js';
import { createAdminServer } from '../admin/server.js';
import { loadPolicy } from '../policy/index.js';
import { runService } from './service.js';

export function parseListen(value: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:]+)\]|([^:]+)):(\d{1,5})$/.exec(value) ?? /^()()(\d{1,5})$/.exec(value);
  if (!m) throw new Error(`--listen must be HOST:PORT or PORT (got "${value}")`);
  const port = Number(m[3]);
  if (port > 65535) throw new Error('--listen port must be 0-65535');
  return { host: m[1] || m[2] || '127.0.0.1', port };
}

interface ProxyOptions { config: string; listen: string; upstream?: string; auditStore?: string; tlsCert?: string; tlsKey?: string; tlsClientCa?: string; watch?: boolean; admin?: string; adminMetricsPublic?: boolean }

/** Argument combinations that cannot work: refused before anything is opened. */
export function checkProxyOptions(o: Pick<ProxyOptions, 'tlsCert' | 'tlsKey' | 'tlsClientCa' | 'admin' | 'adminMetricsPublic'>, env: Readonly<Record<string, string | undefined>> = process.env): void {
  if (!o.tlsCert !== !o.tlsKey) throw new Error(`--tls-cert and --tls-key go together: add ${o.tlsCert ? '--tls-key FILE' : '--tls-cert FILE'}`);
  if (o.adminMetricsPublic && !o.admin) throw new Error('--admin-metrics-public needs --admin HOST:PORT');
  const token = env.PHIGUARD_ADMIN_TOKEN;
  if (o.admin && token === undefined && !o.adminMetricsPublic) throw new Error('--admin needs a token: set PHIGUARD_ADMIN_TOKEN (at least 16 characters, e.g. $(openssl rand -hex 24)), or pass --admin-metrics-public to serve /metrics alone');
  if (o.admin && token !== undefined && token.length < 16) throw new Error('PHIGUARD_ADMIN_TOKEN must be at least 16 characters (e.g. $(openssl rand -hex 24))');
}

/** What the listener serves, for the start-up line: TLS, or plain HTTP and who may use it. */
export function transportNote(url: string, host: string, tls: TlsConfig | undefined): string {
  if (url.startsWith('https:')) return 'serving HTTPS (TLS 1.3 preferred; SIGHUP reloads the certificate)';
  const loopbackOnly = /^(127\.|::1$|\[::1\]$|localhost$)/.test(host);
  if (loopbackOnly) return 'serving plain HTTP on loopback only (not reachable from the network; use --tls-cert/--tls-key for HTTPS)';
  if (tls && !tls.required) return 'WARNING: serving plain HTTP to the network (tls.required: false)';
  return 'serving plain HTTP: requests from the network are refused (PG_TLS_REQUIRED) unless a trusted proxy reports https';
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
    .option('--watch', 'reload the policy when its file changes (SIGHUP always reloads it)')
    .option('--admin <host:port>', 'serve the admin listener (Prometheus /metrics, dashboard) here; token from PHIGUARD_ADMIN_TOKEN')
    .option('--admin-metrics-public', 'serve /metrics on the admin listener without the token (a scraper on a private network)')
    .action((opts: ProxyOptions) =>
      runService(async (scope) => {
        checkProxyOptions(opts);
        const { host, port } = parseListen(opts.listen);
        const policy = loadPolicy(opts.config);
        // --tls-* flags, then PHIGUARD_TLS_CERT/_KEY/_CLIENT_CA (a path or PEM text), then the policy's tls:.
        const tls = resolveTlsSources(opts, process.env, policy.tls);
        const guard = await createPhiguard({ policy, ...(opts.auditStore ? { auditStore: opts.auditStore } : {}) });
        scope.onClose(() => guard.close());
        const gateway = createGateway({ guard, host, port, ...(opts.upstream ? { upstreamUrl: opts.upstream } : {}), ...(tls ? { tls } : {}) });
        const url = await gateway.listen();
        scope.onClose(() => gateway.close());
        process.stdout.write(`${url}\n`);
        if (opts.admin) {
          const a = parseListen(opts.admin);
          const token = process.env.PHIGUARD_ADMIN_TOKEN;
          const admin = await createAdminServer({ guard, host: a.host, port: a.port, ...(token ? { token } : {}), ...(opts.adminMetricsPublic ? { metricsPublic: true } : {}) });
          scope.onClose(() => admin.close());
          process.stdout.write(`admin: ${admin.url}\n`);
          process.stderr.write(`phiguard: admin listener ${admin.url} (metrics at /metrics${token ? '; log in with the token in PHIGUARD_ADMIN_TOKEN' : ', public; no dashboard without a token'})\n`);
        }
        process.stderr.write(`phiguard: policy "${policy.name}" (${policy.mode}) guarding ${gateway.upstream.url.origin}; health at ${url}/healthz, readiness at ${url}/readyz\n`);
        process.stderr.write(`phiguard: ${transportNote(url, host, policy.tls)}\n`);

        // SIGHUP (and --watch): reload the policy and the certificate without dropping connections.
        const reload = reloadOnce(guard, opts.config);
        const onHup = () => {
          gateway.reloadTls();
          reload('SIGHUP');
        };
        process.on('SIGHUP', onHup);
        const stopWatch = opts.watch ? watchFiles([opts.config], () => reload('file change')) : () => undefined;
        if (opts.watch) process.stderr.write(`phiguard: watching ${opts.config}; a change that validates is put in force, one that does not is rejected and logged\n`);
        scope.onClose(() => {
          process.off('SIGHUP', onHup);
          stopWatch();
        });
      }),
    );
}

/** A reload trigger that says on stderr what happened (the operator log has the detail). */
export function reloadOnce(guard: Pick<Phiguard, 'reload'>, file: string): (why: string) => void {
  return (why) => {
    void guard.reload(file).then((r) => {
      if (r.ok && r.changed) process.stderr.write(`phiguard: ${why}: policy "${r.policy.name}" ${r.policy.hash.slice(0, 12)} in force (was ${r.previous.hash.slice(0, 12)})\n`);
      else if (r.ok) process.stderr.write(`phiguard: ${why}: policy unchanged\n`);
      else process.stderr.write(`phiguard: ${why}: reload rejected (${r.code}); the running policy stays in force:\n${r.errors.map((e) => `  ${e}`).join('\n')}\n`);
    });
  };
}
