#!/usr/bin/env node
// The audit stage and the metrics alone, gateway-like (against dist/: run `npm run build` first):
// 32 requests in flight, each finishing in its own turn of the event loop, every stage hook timed
// by createMetrics().timed, metrics.observe per request, the audit record built and durably
// appended to a fresh SQLite log (writer thread). Prints CPU µs per request of the main thread,
// of the busiest other thread (the SQLite writer) and of all other threads (writer, GC helpers),
// read from /proc (Linux), so that no HTTP or upstream noise is in the figure.
//
//   node bench/audit-stage.js [DIST_DIR] [N=10000] [metadata|patient]
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
const [distArg, nArg, kind = 'metadata'] = process.argv.slice(2);
const distDir = resolve(distArg || fileURLToPath(new URL('../dist/', import.meta.url)));
const D = (p) => import(join(distDir, p));
const A = await D('audit/index.js');
const { createAuditStage } = await D('guards/audit/index.js');
const { createMetrics } = await D('runtime/metrics.js');
const tcpu = (tid) => { const f = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8'); const a = f.slice(f.lastIndexOf(')') + 2).split(' '); return (Number(a[11]) + Number(a[12])) * 10000; };
const threads = () => Object.fromEntries(readdirSync('/proc/self/task').map((t) => [t, tcpu(t)]));
const dir = mkdtempSync(join(tmpdir(), 'phiguard-bench-audit-stage-'));
const log = await A.openAuditLog(`sqlite:${join(dir, 'a.db')}`, { checkpointIntervalMs: 5000 });
const metrics = createMetrics();
const audit = createAuditStage({ log });
const stages = metrics.timed({ canonicalize: { onRequest() {} }, identify: { onRequest() {} }, route: { onRequest() {} }, authorize: { onRequest() {} }, validateRequest: { onRequest() {} }, inspectResponse: { onResponse() {} }, alert: { onFinal() {} }, audit });
function ctx(i) { return kind === 'patient' ? pctx(i) : mctx(i); }
function pctx(i) {
  const c = mctx(i); const pid = `pat-${(i * 7919) % 5000}`;
  return { ...c, request: { ...c.request, target: `/Patient/${pid}` }, canonical: { ...c.canonical, path: `/Patient/${pid}`, segments: ['Patient', pid], forwardTarget: `/Patient/${pid}` },
    route: { route: { id: 'patient-read', method: 'GET', template: '/Patient/{id}', resource: 'Patient', interaction: 'read' }, params: { id: pid } },
    access: { patient: `Patient/${pid}` },
    inspection: { phiFindings: { NAME: 4, DATE: 1, PHONE: 2, ADDRESS: 3, ID: 2 }, redacted: true, projectedFields: 0, suppressedResources: 0, resources: [`Patient/${pid}`], patients: [`Patient/${pid}`] } };
}
function mctx(i) {
  const pid = `pat-${(i * 7919) % 5000}`;
  return {
    id: `req-${i}-${(i * 2654435761) % 1e9}`, clock: { now: () => Date.now() }, receivedAt: Date.now(),
    request: { method: 'GET', target: `/metadata`, headers: [], body: null, remoteAddress: `127.0.0.1` },
    policy: { name: 'bench', hash: 'a'.repeat(64), mode: 'enforce' }, mode: 'enforce',
    canonical: { method: 'GET', path: `/metadata`, segments: ['metadata'], query: '', params: new Map(), headers: new Map(), body: null, forwardTarget: `/metadata` },
    route: { route: { id: 'metadata', method: 'GET', template: '/metadata', resource: 'CapabilityStatement', interaction: 'capabilities' }, params: {} },
    inspection: { phiFindings: {}, redacted: false, projectedFields: 0, suppressedResources: 0, resources: [], patients: [] },
    decisions: [], response: { status: 200, headers: [], body: Buffer.from('{"resourceType":"CapabilityStatement"}') }, responseHeaders: [], upstreamMs: 1.2,
  };
}
const N = Number(nArg ?? 20000);
async function run(n, from) {
  let next = from; const end = from + n;
  await Promise.all(Array.from({ length: 32 }, async () => {
    while (next < end) {
      const c = ctx(next++);
      for (const s of ['canonicalize', 'identify', 'route', 'authorize', 'validateRequest']) await stages[s].onRequest(c);
      await stages.inspectResponse.onResponse(c);
      metrics.observe(c);
      await stages.alert.onFinal(c);
      await stages.audit.onFinal(c);
      await new Promise((r) => setImmediate(r));
    }
  }));
}
await run(3000, 0);
const t0 = threads(); const w0 = performance.now();
await run(N, 3000);
const t1 = threads(); const wall = performance.now() - w0;
const main = String(process.pid);
const per = (us) => (us / N).toFixed(1);
let other = 0; const rows = [];
for (const [t, v] of Object.entries(t1)) { const d = v - (t0[t] ?? 0); if (t !== main) other += d; if (d > 0) rows.push(`${t}:${(d / 1000).toFixed(0)}ms`); }
const top = Object.entries(t1).filter(([t]) => t !== main).map(([t, v]) => v - (t0[t] ?? 0)).sort((a, b) => b - a)[0] ?? 0;
console.log(JSON.stringify({ kind, dist: distDir, n: N, mainUsPerReq: per(t1[main] - t0[main]), writerUsPerReq: per(top), otherThreadsUsPerReq: per(other), reqPerSec: Math.round((N / wall) * 1000), threads: rows.join(' ') }));
await log.close();
rmSync(dir, { recursive: true, force: true });
