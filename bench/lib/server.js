/**
 * One benchmark server, in its own process (forked by bench/gateway.js through proc.js):
 *
 *   node bench/lib/server.js upstream                       the demo FHIR API (src/demo/upstream.ts)
 *   node bench/lib/server.js bare    '{"upstreamUrl":...}'  the bare undici proxy (bare-proxy.js)
 *   node bench/lib/server.js gateway '{"upstreamUrl":...,"policy":...,"auditStore":...}'
 *
 * Listens on 127.0.0.1 (free port), then sends `{type:'ready', url, ...}` over IPC. Answers
 * `{type:'stats'}` with memory and CPU figures, and `{type:'stop'}` by closing and exiting. It
 * exits by itself when the parent goes away (IPC disconnect) and after a hard time limit.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const dist = (p) => new URL(`../../dist/${p}`, import.meta.url).href;
const kind = process.argv[2];
const cfg = JSON.parse(process.argv[3] ?? '{}');

if (!process.send) {
  process.stderr.write('bench/lib/server.js is started by bench/gateway.js (it needs an IPC channel)\n');
  process.exit(2);
}
// Never outlive the benchmark: parent gone, or a generous hard limit.
process.on('disconnect', () => process.exit(0));
setTimeout(() => process.exit(3), cfg.maxLifetimeMs ?? 10 * 60_000).unref();
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

let close = async () => {};
const info = {};

if (kind === 'upstream') {
  const { startDemoUpstream } = await import(dist('demo/upstream.js'));
  const up = await startDemoUpstream(0, '127.0.0.1');
  const patients = up.store.list('Patient').map((p) => ({ id: p.id, bytes: Buffer.byteLength(JSON.stringify(p)) }));
  Object.assign(info, { url: up.url, source: up.store.source, patients });
  close = () => up.close();
} else if (kind === 'bare') {
  const { createBareProxy } = await import('./bare-proxy.js');
  const proxy = createBareProxy({ upstreamUrl: cfg.upstreamUrl, connections: cfg.connections ?? 64 });
  info.url = await proxy.listen(0, '127.0.0.1');
  close = () => proxy.close();
} else if (kind === 'gateway') {
  const { loadPolicy } = await import(dist('policy/index.js'));
  const { createPhiguard } = await import(dist('runtime/index.js'));
  const { createGateway } = await import(dist('gateway/index.js'));
  const policy = loadPolicy(resolve(root, cfg.policy));
  const guard = await createPhiguard({ policy, ...(cfg.auditStore ? { auditStore: cfg.auditStore } : {}) });
  const gateway = createGateway({ guard, upstreamUrl: cfg.upstreamUrl, host: '127.0.0.1', port: 0 });
  info.url = await gateway.listen();
  info.policy = { name: policy.name, hash: policy.hash.slice(0, 12) };
  close = () => gateway.close(2_000);
} else {
  process.stderr.write(`unknown server kind ${kind}\n`);
  process.exit(2);
}

/** CPU (µs) of this process's main thread, from /proc (Linux); null elsewhere. The rest of
 * cpuUsage() is the other threads: the audit writer, PHI workers, GC helpers, libuv's pool. */
function mainThreadCpuUs() {
  try {
    const s = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1e6) / 100; // utime + stime, in clock ticks (USER_HZ = 100)
  } catch {
    return null;
  }
}

function stats() {
  const m = process.memoryUsage();
  const cpu = process.cpuUsage();
  const mainCpuUs = mainThreadCpuUs();
  return {
    rss: m.rss,
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    maxRss: process.resourceUsage().maxRSS * 1024,
    cpuUserUs: cpu.user,
    cpuSystemUs: cpu.system,
    ...(mainCpuUs === null ? {} : { mainCpuUs }),
  };
}

// CPU profile of the load window only (same .cpuprofile format as `node --cpu-prof`, minus start-up).
let profiler = null;
async function profileStart() {
  const { Session } = await import('node:inspector');
  profiler = new Session();
  profiler.connect();
  const post = (method, params) => new Promise((res, rej) => profiler.post(method, params, (err, r) => (err ? rej(err) : res(r))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
  return post;
}
let post = null;

process.on('message', async (m) => {
  if (m?.type === 'stats') process.send({ re: m.id, ...stats() });
  else if (m?.type === 'gc') {
    // Full GC (the benchmark starts servers with --expose-gc), to tell retained memory from garbage.
    globalThis.gc?.();
    await new Promise((r) => setImmediate(r));
    globalThis.gc?.();
    process.send({ re: m.id, ...stats() });
  } else if (m?.type === 'profile-start') {
    post = await profileStart();
    process.send({ re: m.id, ok: true });
  } else if (m?.type === 'profile-stop') {
    const { profile } = await post('Profiler.stop');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(m.file, JSON.stringify(profile));
    profiler.disconnect();
    process.send({ re: m.id, ok: true, file: m.file });
  }
  else if (m?.type === 'stop') {
    try {
      await Promise.race([close(), new Promise((r) => setTimeout(r, 3_000))]);
    } finally {
      process.exit(0); // a normal exit, so that --cpu-prof writes its profile
    }
  }
});

process.send({ type: 'ready', kind, pid: process.pid, ...info, ...stats() });
