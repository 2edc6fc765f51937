#!/usr/bin/env node
/**
 * Where the gateway's CPU goes between its HTTP shell and its pipeline: the same load against
 *   bare     the bare undici proxy (bench/lib/bare-proxy.js),
 *   shell    the real gateway (node:http listener, request reading, undici forward, link rewriting,
 *            response writing) with the pipeline replaced by a pass-through (NOT a product mode: a
 *            stub guard that forwards every request unchecked, for this measurement only),
 *   gateway  the real gateway with bench/policy.yaml,
 * one after the other, each in its own process, saturated by autocannon (32 connections). Prints
 * each server's main-thread CPU per 2xx response (/proc, Linux) and its req/s.
 *
 *   npm run build && node bench/split.js [metadata|patient] [--seconds 3] [--rounds 2] [--kinds bare,shell,gateway] [--audit-store URL]
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const dist = (p) => pathToFileURL(join(root, 'dist', p)).href;

if (process.argv[2] === '--serve') await serve(process.argv[3], process.argv[4], process.argv[5]);
else await main();

async function serve(kind, upstreamUrl, store) {
  process.on('SIGTERM', () => process.exit(0));
  process.on('disconnect', () => process.exit(0));
  let url;
  if (kind === 'upstream') {
    const { startDemoUpstream } = await import(dist('demo/upstream.js'));
    const up = await startDemoUpstream(0, '127.0.0.1');
    const largest = up.store.list('Patient').map((p) => ({ id: p.id, n: JSON.stringify(p).length })).sort((a, b) => b.n - a.n)[0];
    process.send({ url: up.url, patient: largest.id });
    return;
  }
  if (kind === 'bare') {
    const { createBareProxy } = await import('./lib/bare-proxy.js');
    url = await createBareProxy({ upstreamUrl }).listen(0);
  } else {
    process.env.PHIGUARD_BENCH_HASH_KEY = randomBytes(32).toString('hex');
    const { loadPolicy } = await import(dist('policy/index.js'));
    const { createPhiguard } = await import(dist('runtime/index.js'));
    const { createGateway } = await import(dist('gateway/index.js'));
    const real = await createPhiguard({ policy: loadPolicy(join(root, 'bench/policy.yaml')), auditStore: store });
    const guard = kind === 'gateway' ? real : passThrough(real);
    url = await createGateway({ guard, upstreamUrl, host: '127.0.0.1', port: 0 }).listen();
  }
  process.send({ url });
}

/** The measurement stub: the gateway's own guard with `handle` replaced by an unchecked forward. */
function passThrough(real) {
  return new Proxy(real, {
    get(t, k) {
      if (k === 'handle') {
        return async (request, forward) => {
          const q = request.target.indexOf('?');
          const canonical = { method: request.method, headers: new Map(request.headers), body: null, forwardTarget: request.target, path: q < 0 ? request.target : request.target.slice(0, q) };
          const ctx = { id: 'split', request, route: { route: { id: 'split' } }, canonical, decisions: [], responseHeaders: [] };
          return { ctx, response: await forward(ctx) };
        };
      }
      const v = t[k];
      return typeof v === 'function' ? v.bind(t) : v;
    },
  });
}

async function main() {
  const args = process.argv.slice(2);
  const opt = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
  const which = args[0] && !args[0].startsWith('--') ? args[0] : 'metadata';
  const seconds = Number(opt('--seconds', 3));
  const rounds = Number(opt('--rounds', 2));
  const kinds = opt('--kinds', 'bare,shell,gateway').split(',');
  const dir = mkdtempSync(join(tmpdir(), 'phiguard-split-'));
  const store = opt('--audit-store', `sqlite:${join(dir, 'audit.db')}`);
  const children = [];
  process.on('exit', () => { for (const c of children) c.kill('SIGTERM'); rmSync(dir, { recursive: true, force: true }); });
  const start = (kind, up) => new Promise((res, rej) => {
    const c = spawn(process.execPath, [fileURLToPath(import.meta.url), '--serve', kind, up ?? '', store], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    children.push(c);
    c.once('message', (m) => res({ pid: c.pid, ...m }));
    c.once('exit', (code) => rej(new Error(`${kind} server exited (${code})`)));
  });
  const cpuUs = (pid) => { const s = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8'); const f = s.slice(s.lastIndexOf(')') + 2).split(' '); return ((Number(f[11]) + Number(f[12])) * 1e6) / 100; };
  const up = await start('upstream');
  const path = which === 'patient' ? `/Patient/${up.patient}` : '/metadata';
  const servers = {};
  for (const k of kinds) servers[k] = await start(k, up.url);
  const autocannon = join(root, 'node_modules/autocannon/autocannon.js');
  const load = (url, s) => JSON.parse(execFileSync(process.execPath, [autocannon, '-j', '-c', '32', '-d', String(s), url + path], { stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 26 }));
  process.stderr.write(`bench/split: ${path}, ${kinds.join(' / ')}, ${rounds} x ${seconds} s each, interleaved\n`);
  for (const k of kinds) load(servers[k].url, 1); // warm-up
  const res = Object.fromEntries(kinds.map((k) => [k, []]));
  for (let r = 0; r < rounds; r++) for (const k of kinds) {
    const c0 = cpuUs(servers[k].pid);
    const j = load(servers[k].url, seconds);
    res[k].push({ rps: j.requests.average, main: (cpuUs(servers[k].pid) - c0) / j['2xx'], bad: j.non2xx });
  }
  const base = res.bare ? Math.min(...res.bare.map((x) => x.main)) : undefined;
  for (const k of kinds) {
    const best = [...res[k]].sort((a, b) => a.main - b.main)[0];
    const extra = base !== undefined && k !== 'bare' ? `  (+${(best.main - base).toFixed(0)} over bare)` : '';
    process.stdout.write(`${which} ${k.padEnd(8)} ${best.rps.toFixed(0).padStart(6)} req/s   main thread ${best.main.toFixed(0).padStart(5)} µs/req${extra}   rounds ${res[k].map((x) => x.main.toFixed(0)).join('/')}${best.bad ? `   non-2xx ${best.bad}` : ''}\n`);
  }
  process.exit(0);
}
