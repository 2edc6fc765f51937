#!/usr/bin/env node
// Audit log benchmark (against dist/: run `npm run build` first).
//
//   node bench/audit.js [--entries 1000000] [--appends 60000] [--pg-appends 20000] [--workers N]
//
// Prints: durable appends/s on SQLite (writer thread, synchronous=FULL) and PostgreSQL with 64
// appends in flight; verification speed (entries/s) over a 1M-entry log, on worker threads and on
// one thread, and its peak memory against a quarter-size log; inclusion / consistency proof size and time at 1M entries; and the latency the audit
// stage adds per request (p50/p99), sequential and with 64 concurrent requests.
// PostgreSQL: PHIGUARD_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/test), skipped if unreachable.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = new URL('../dist/', import.meta.url);
if (!existsSync(fileURLToPath(new URL('audit/index.js', dist)))) {
  console.error('bench/audit.js: dist/ is missing; run `npm run build` first');
  process.exit(2);
}
const A = await import(new URL('audit/index.js', dist).href);
const { verifyParallel } = await import(new URL('audit/verify-parallel.js', dist).href);
const { buildBatch } = await import(new URL('audit/sequencer.js', dist).href);
const { storeSource } = await import(new URL('audit/source.js', dist).href);
const { createAuditStage } = await import(new URL('guards/audit/index.js', dist).href);
const { Pipeline } = await import(new URL('core/pipeline.js', dist).href);

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const ENTRIES = arg('entries', 1_000_000);
const APPENDS = arg('appends', 60_000);
const PG_APPENDS = arg('pg-appends', 20_000);
const WORKERS = arg('workers', availableParallelism());
const IN_FLIGHT = 64;
const PG_URL = process.env.PHIGUARD_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const dir = mkdtempSync(join(tmpdir(), 'phiguard-bench-audit-'));
const results = {};
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

const keys = A.makeKeys(A.createSigner('bench.phiguard/audit', A.generateSeed()), Buffer.alloc(32, 9));

/** A realistic request context: a clinician reading one of 5,000 patients. */
function ctx(i, clock = { now: () => Date.now() }) {
  const pid = `pat-${(i * 7919) % 5000}`;
  return {
    id: `req-${i}-${(i * 2654435761) % 1e9}`,
    clock,
    receivedAt: clock.now(),
    request: { method: 'GET', target: `/Patient/${pid}`, headers: [], body: null, remoteAddress: `10.0.${i % 200}.${i % 250}` },
    policy: { name: 'bench', hash: 'a'.repeat(64), mode: 'enforce' },
    mode: 'enforce',
    canonical: { method: 'GET', path: `/Patient/${pid}`, segments: ['Patient', pid], query: '_elements=name,birthDate', params: new Map([['_elements', ['name,birthDate']]]), headers: new Map(), body: null, forwardTarget: `/Patient/${pid}` },
    principal: { id: `https://idp.example|dr-${i % 300}`, issuer: 'https://idp.example', subject: `dr-${i % 300}`, kind: 'user', roles: ['clinician'], scopes: ['user/Patient.read'], clientId: 'portal', method: 'jwt', purposeOfUse: 'TREAT' },
    route: { route: { id: 'patient-read', method: 'GET', template: '/Patient/{id}', resource: 'Patient', interaction: 'read' }, params: { id: pid } },
    access: { patient: `Patient/${pid}`, purposeOfUse: 'TREAT' },
    inspection: { phiFindings: { NAME: 2, DATE: 1, PHONE: 1 }, redacted: true, projectedFields: 3, suppressedResources: 0, resources: [`Patient/${pid}`], patients: [`Patient/${pid}`] },
    decisions: [],
    response: { status: 200, headers: [], body: Buffer.from(`{"resourceType":"Patient","id":"${pid}","name":[{"text":"[NAME]"}]}`) },
    responseHeaders: [],
  };
}

async function appendRun(log, n) {
  const lat = [];
  let next = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
    while (next < n) {
      const i = next++;
      const s = performance.now();
      await log.append(A.buildAuditRecord(ctx(i), log.keys));
      lat.push(performance.now() - s);
    }
  }));
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  return { perSecond: n / secs, cpuMicrosPerAppend: (cpu.user + cpu.system) / n, p50: pct(lat, 50), p99: pct(lat, 99) };
}

console.log(`phiguard audit bench — node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);

// 1. Durable appends on SQLite.
{
  const log = await A.openAuditLog(`sqlite:${join(dir, 'append.db')}`, { keys, checkpointEvery: 1000, checkpointIntervalMs: 1000 });
  await appendRun(log, 2000); // warm up
  const r = await appendRun(log, APPENDS);
  results.sqliteAppends = { ...r, writer: log.store.writerMode, n: APPENDS };
  console.log(`SQLite   durable appends: ${fmt(r.perSecond)}/s (${IN_FLIGHT} in flight, ${APPENDS} records, writer ${log.store.writerMode}); append latency p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms; ${r.cpuMicrosPerAppend.toFixed(0)} µs CPU per append (all threads)`);
  await log.close();
}

// 2. Durable appends on PostgreSQL.
{
  const schema = `bench_audit_${process.pid}`;
  const url = `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}schema=${schema}`;
  let log;
  try {
    log = await A.openAuditLog(url, { keys, checkpointEvery: 1000, checkpointIntervalMs: 1000 });
  } catch (e) {
    console.log(`Postgres durable appends: skipped (${e.message.slice(0, 80)})`);
  }
  if (log) {
    await appendRun(log, 1000);
    const r = await appendRun(log, PG_APPENDS);
    results.pgAppends = { ...r, n: PG_APPENDS };
    console.log(`Postgres durable appends: ${fmt(r.perSecond)}/s (${IN_FLIGHT} in flight, ${PG_APPENDS} records); append latency p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms`);
    await log.close();
    const pg = (await import('pg')).default;
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await c.end();
  }
}

// 3. A log of ENTRIES realistic leaves (records built once per 1,000 and re-sequenced), for verify and
// proofs, and one a quarter of its size, to show verification memory does not grow with the log.
const bodies = Array.from({ length: 1000 }, (_, i) => {
  const body = A.buildAuditRecord(ctx(i), keys).body;
  return { ts: body.ts, json: A.serializeBody(body) };
});
async function buildLog(path, entries) {
  const store = new A.SqliteStore(path, { writer: 'inline' });
  await store.init();
  const batch = 8192;
  for (let done = 0; done < entries; done += batch) {
    const n = Math.min(batch, entries - done);
    const items = Array.from({ length: n }, (_, j) => {
      const b = bodies[(done + j) % bodies.length];
      return { ts: b.ts, bodyJson: b.json };
    });
    await store.sequence((state) => buildBatch(state, { items, force: done + n >= entries || (done / batch) % 16 === 15, now: Date.now(), every: Infinity, intervalMs: 0, origin: keys.origin }, keys.signer));
  }
  await store.close();
}
const bigPath = join(dir, 'big.db');
const smallPath = join(dir, 'small.db');
{
  const t0 = performance.now();
  await buildLog(bigPath, ENTRIES);
  console.log(`built a ${fmt(ENTRIES)}-entry log in ${((performance.now() - t0) / 1000).toFixed(1)} s (leaf ≈ ${A.leafBytes(0, bodies[0].json).length} bytes)`);
  await buildLog(smallPath, Math.floor(ENTRIES / 4));
}

/** Peak memory of one-thread verification of the log at `path`, in a fresh process (bench/lib/verify-memory.js). */
function verifyMemory(path) {
  const vkey = A.encodeVerifierKey(keys.verifier.name, keys.verifier.publicKey);
  const out = execFileSync(process.execPath, ['--expose-gc', fileURLToPath(new URL('./lib/verify-memory.js', import.meta.url)), dist.href, path, keys.origin, vkey], { encoding: 'utf8' });
  const r = JSON.parse(out.trim().split('\n').pop());
  if (!r.ok) throw new Error(`verification of ${path} failed`);
  return r;
}

// 4. Verification speed.
{
  const store = await A.openStore(`sqlite:${bigPath}`, { readOnly: true });
  const opts = { verifiers: [keys.verifier], origin: keys.origin };
  let c0 = process.cpuUsage();
  const par = await verifyParallel(store, { ...opts, workers: WORKERS });
  let c = process.cpuUsage(c0);
  const parCpu = par.entries / ((c.user + c.system) / 1e6);
  c0 = process.cpuUsage();
  const one = await A.verifyStore(store, opts);
  c = process.cpuUsage(c0);
  const oneCpu = one.entries / ((c.user + c.system) / 1e6);
  if (!par.ok || !one.ok) throw new Error(`verification failed: ${JSON.stringify(par.failure ?? one.failure)}`);
  results.verify = { entries: par.entries, parallelPerSecond: (par.entries / par.ms) * 1000, workers: par.workers, singlePerSecond: (one.entries / one.ms) * 1000, perCpuSecond: oneCpu, parallelPerCpuSecond: parCpu, checkpoints: par.checkpoints };
  console.log(`verify   ${fmt(par.entries)} entries, ${par.checkpoints} checkpoints: ${fmt(results.verify.parallelPerSecond)} entries/s on ${par.workers} worker threads; ${fmt(results.verify.singlePerSecond)} entries/s on one thread (${fmt(oneCpu)} entries per CPU-second)`);

  // Memory of one-thread verification, each in a fresh process: a quarter-size log against the full one.
  const memSmall = verifyMemory(smallPath);
  const memBig = verifyMemory(bigPath);
  results.verifyMemory = { small: memSmall, big: memBig };
  console.log(`memory   verify (one thread, fresh process): peak growth ${memSmall.growthMB.toFixed(1)} MB anonymous (heap peak ${memSmall.heapPeakMB.toFixed(1)} MB) at ${fmt(memSmall.entries)} entries; ${memBig.growthMB.toFixed(1)} MB (heap ${memBig.heapPeakMB.toFixed(1)} MB) at ${fmt(memBig.entries)}; peak so far at each eighth of the larger log: ${memBig.series.map(([, mb]) => mb.toFixed(0)).join(' ')} MB`);

  // 5. Proofs at ENTRIES.
  const src = storeSource(store);
  const size = par.entries;
  const root = await A.rangeHash(src, 0, size);
  const inc = [];
  let incLen = 0;
  for (let k = 0; k < 200; k++) {
    const i = Math.floor(Math.random() * size);
    const t = performance.now();
    const proof = await A.inclusionProof(src, i, size);
    inc.push(performance.now() - t);
    incLen = proof.length;
    const [e] = await store.entries(i, 1);
    if (!A.verifyInclusion(i, size, e.leafHash, proof, root)) throw new Error('inclusion proof failed');
  }
  const con = [];
  let conLen = 0;
  for (let k = 0; k < 50; k++) {
    const m = 1 + Math.floor(Math.random() * (size - 1));
    const t = performance.now();
    const proof = await A.consistencyProof(src, m, size);
    con.push(performance.now() - t);
    conLen = proof.length;
    if (!A.verifyConsistency(m, size, proof, await A.rangeHash(src, 0, m), root)) throw new Error('consistency proof failed');
  }
  results.proofs = { size, inclusionHashes: incLen, inclusionBytes: incLen * 32, inclusionP50: pct(inc, 50), inclusionP99: pct(inc, 99), consistencyHashes: conLen, consistencyBytes: conLen * 32, consistencyP50: pct(con, 50), consistencyP99: pct(con, 99) };
  console.log(`proofs   at ${fmt(size)} entries: inclusion ${incLen} hashes (${incLen * 32} B), p50 ${pct(inc, 50).toFixed(2)} ms, p99 ${pct(inc, 99).toFixed(2)} ms; consistency ≈${conLen} hashes (${conLen * 32} B), p50 ${pct(con, 50).toFixed(2)} ms, p99 ${pct(con, 99).toFixed(2)} ms`);
  await store.close();
}

// 6. Latency the audit stage adds per request (time inside the stage: build, append, durable commit).
{
  const log = await A.openAuditLog(`sqlite:${join(dir, 'stage.db')}`, { keys, checkpointEvery: 1000, checkpointIntervalMs: 1000 });
  const stage = createAuditStage({ log });
  const times = [];
  const timed = { onResponse: async (c) => { const t = performance.now(); await stage.onResponse(c); times.push(performance.now() - t); } };
  const pipe = new Pipeline({ policy: { name: 'bench', hash: 'a'.repeat(64), mode: 'enforce' }, stages: { audit: timed } });
  const body = Buffer.from('{"resourceType":"Patient","id":"x"}');
  const forward = async () => ({ status: 200, headers: [['content-type', 'application/fhir+json']], body });
  const req = (i) => ({ method: 'GET', target: `/Patient/p${i}`, headers: [], body: null, remoteAddress: '10.0.0.1' });
  for (let i = 0; i < 500; i++) await pipe.handle(req(i), forward);
  times.length = 0;
  for (let i = 0; i < 3000; i++) await pipe.handle(req(i), forward);
  const seq = { p50: pct(times, 50), p99: pct(times, 99) };
  times.length = 0;
  let next = 0;
  await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
    while (next < 20000) await pipe.handle(req(next++), forward);
  }));
  const conc = { p50: pct(times, 50), p99: pct(times, 99) };
  results.stageLatency = { sequential: seq, concurrent64: conc };
  console.log(`stage    audit latency per request: sequential p50 ${seq.p50.toFixed(2)} ms, p99 ${seq.p99.toFixed(2)} ms; 64 concurrent p50 ${conc.p50.toFixed(2)} ms, p99 ${conc.p99.toFixed(2)} ms`);
  await log.close();
}

rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ bench: 'audit', node: process.version, cpus: cpus().length, load: loadavg()[0], results }));
