/**
 * `phiguard demo` (what `npm start` runs): the bundled demo upstream behind the gateway with the
 * example policy and an embedded audit store. Prints the gateway URL on stdout, then a tour.
 *
 * `phiguard demo --upstream-only`: only the demo FHIR API (unguarded, as a real back end is), on
 * --listen (default 127.0.0.1:8081, the example policy's upstream.url); the URL on stdout. It is the
 * upstream service of deploy/compose.yaml and the example Kubernetes overlay. Exits 0 on SIGTERM.
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { createAdminServer } from '../admin/server.js';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { startDemoUpstream } from '../demo/upstream.js';
import { createGateway } from '../gateway/index.js';
import { loadPolicy } from '../policy/index.js';
import { createPhiguard } from '../runtime/index.js';
import { parseListen, transportNote } from './proxy.js';
import { runService } from './service.js';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run the gateway with the example policy in front of a bundled demo FHIR API')
    .option('-c, --config <file>', 'policy file', resolve(repoRoot, 'examples/patient-api.yaml'))
    .option('-l, --listen <host:port>', 'gateway address (port 0 picks a free one)', process.env.PORT ? `127.0.0.1:${process.env.PORT}` : '127.0.0.1:8080')
    .option('--audit-store <url>', 'audit store URL (sqlite:PATH or postgres://...)', process.env.PHIGUARD_AUDIT_STORE ?? 'sqlite:./phiguard-audit.db')
    .option('--alert-webhook <url>', "send the demo's alerts, signed (phiguard-signature), to this URL")
    .option('--upstream-only', 'serve only the demo FHIR API (no gateway) on --listen, default 127.0.0.1:8081')
    .action(function (this: Command, opts: { config: string; listen: string; auditStore: string; upstreamOnly?: boolean; alertWebhook?: string }) {
      // Only the default port falls back to a free one; a port the user chose is theirs or an error.
      const chosen = this.getOptionValueSource('listen') !== 'default' || process.env.PORT !== undefined;
      if (opts.upstreamOnly) {
        return runService(async (scope) => {
          const { host, port } = parseListen(chosen ? opts.listen : '127.0.0.1:8081');
          const upstream = await startDemoUpstream(port, host);
          scope.onClose(() => upstream.close());
          process.stdout.write(`${upstream.url}\n`);
          process.stderr.write(`phiguard: demo FHIR API (unguarded, data from ${upstream.store.source}) at ${upstream.url}\n`);
        });
      }
      return runService(async (scope) => {
        const policy = loadPolicy(opts.config);
        const upstream = await startDemoUpstream();
        scope.onClose(() => upstream.close());
        // The demo's alert signing secret and admin token: from the environment, else made per run and shown on stderr.
        const alertSecret = process.env.PHIGUARD_ALERT_SECRET ?? randomBytes(24).toString('hex');
        const adminToken = process.env.PHIGUARD_ADMIN_TOKEN ?? randomBytes(24).toString('hex');
        const guard = await createPhiguard({ policy, auditStore: opts.auditStore, ...(opts.alertWebhook ? { alerts: { webhook: { url: opts.alertWebhook, secret: alertSecret } } } : {}) });
        scope.onClose(() => guard.close());
        let { host, port } = parseListen(opts.listen);
        let gateway = createGateway({ guard, host, port, upstreamUrl: upstream.url });
        let url: string;
        try {
          url = await gateway.listen();
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || chosen) throw err;
          process.stderr.write(`phiguard: port ${port} is busy; picking a free port (set PORT or --listen to choose)\n`);
          port = 0;
          gateway = createGateway({ guard, host, port, upstreamUrl: upstream.url });
          url = await gateway.listen();
        }
        scope.onClose(() => gateway.close());
        process.stdout.write(`${url}\n`);
        const admin = await createAdminServer({ guard, host: '127.0.0.1', port: 0, token: adminToken });
        scope.onClose(() => admin.close());
        process.stdout.write(`admin: ${admin.url}\n`);
        process.stderr.write(`phiguard: admin listener ${admin.url} (dashboard at /, metrics at /metrics): log in to the dashboard with the admin token ${process.env.PHIGUARD_ADMIN_TOKEN ? '$PHIGUARD_ADMIN_TOKEN' : adminToken}; API calls and /metrics take  authorization: Bearer <token>\n`);
        if (opts.alertWebhook) process.stderr.write(`phiguard: alerts go to the webhook, signed with ${process.env.PHIGUARD_ALERT_SECRET ? '$PHIGUARD_ALERT_SECRET' : `the per-run secret ${alertSecret}`} (docs/alerts.md: verifying)\n`);
        const patient = upstream.store.list('Patient')[0]?.id ?? 'demo-1';
        process.stderr.write(tour(url, patient, upstream.store.source, opts.auditStore, transportNote(url, host, policy.tls)));
      });
    });
}

function tour(url: string, patient: string, source: string, store: string, transport: string): string {
  return `
phiguard demo is running
  gateway   ${url}   (policy: examples/patient-api.yaml)
  upstream  demo FHIR API with data from ${source}
  audit     ${store}
  transport ${transport}

Try it:
  U=${url}; P=${patient}
  curl -s $U/Patient/$P                                   # 401 PG_AUTH_MISSING
  curl -s "$U/Patient/$P/..%2f..%2fadmin"                 # 400 PG_PATH_ENCODED_SEPARATOR
  DOC=$(node bin/phiguard.js token --sub dr-house --role clinician --purpose TREAT)
  BILL=$(node bin/phiguard.js token --sub billing-7 --role billing --purpose HPAYMT)
  curl -s -H "authorization: Bearer $DOC"  $U/Patient/$P  # treatment: full record
  curl -s -H "authorization: Bearer $BILL" $U/Patient/$P  # billing: minimum necessary + redacted
  node bin/phiguard.js audit verify --store ${store}
  node bin/phiguard.js audit query --store ${store} --patient Patient/$P --format csv

Stop with Ctrl-C.
`;
}
