#!/usr/bin/env node
/**
 * Where the gateway's idle RSS goes: loads what bench/lib/server.js loads for `gateway`, one step at
 * a time, and prints process.memoryUsage() after a full GC at each step, with the RSS added by the
 * step. Not a test: figures are for this machine at this moment, and the steps interact (a step
 * that makes V8 grow its young generation is charged for memory later steps would have needed).
 *
 *   npm run build && node --expose-gc bench/idle-memory.js [--spaces] [--audit-store URL]
 *
 * --spaces also prints V8's heap spaces (size/used MiB) per step. The audit store defaults to a
 * fresh SQLite file in .bench/ (as bench/gateway.js uses); `--audit-store memory:` leaves out
 * SQLite and its writer thread. bench/gateway.js reports RSS at ready *without* a forced GC, which
 * also counts the start-up garbage still on the heap.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';

if (typeof globalThis.gc !== 'function') {
  process.stderr.write('usage: node --expose-gc bench/idle-memory.js [--spaces] [--audit-store URL]\n');
  process.exit(2);
}
const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const dist = (p) => new URL(`../dist/${p}`, import.meta.url).href;
const argv = process.argv.slice(2);
const storeAt = argv.indexOf('--audit-store');
const benchDir = join(root, '.bench');
mkdirSync(benchDir, { recursive: true });
for (const f of readdirSync(benchDir)) if (f.startsWith('idle-audit.db')) rmSync(join(benchDir, f), { force: true });
const auditStore = storeAt >= 0 ? argv[storeAt + 1] : `sqlite:${join(benchDir, 'idle-audit.db')}`;
process.env.PHIGUARD_BENCH_HASH_KEY ??= randomBytes(32).toString('hex');

const MiB = (b) => (b / 1024 / 1024).toFixed(1).padStart(6);
const spaces = () =>
  v8.getHeapSpaceStatistics()
    .filter((s) => s.space_size > 0)
    .map((s) => `${s.space_name.replace('_space', '')} ${(s.space_size / 2 ** 20).toFixed(1)}/${(s.space_used_size / 2 ** 20).toFixed(1)}`)
    .join(', ');
let prev = 0;
async function step(name) {
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await new Promise((r) => setTimeout(r, 50));
  }
  const m = process.memoryUsage();
  process.stdout.write(`${name.padEnd(30)} rss ${MiB(m.rss)} (+${MiB(m.rss - prev)})  heapUsed ${MiB(m.heapUsed)}  heapTotal ${MiB(m.heapTotal)}  external ${MiB(m.external)}  arrayBuffers ${MiB(m.arrayBuffers)}\n`);
  if (argv.includes('--spaces')) process.stdout.write(`    ${spaces()}\n`);
  prev = m.rss;
}

await step('node');
await import('undici');
await step('import undici');
await import(dist('phi/data/dict.js'));
await step('import PHI word lists');
await import(dist('phi/index.js'));
await step('import PHI engine (lexicon)');
const { loadPolicy } = await import(dist('policy/index.js'));
await step('import policy');
const policy = loadPolicy(resolve(root, 'bench/policy.yaml'));
await step('loadPolicy(bench/policy.yaml)');
const { createPhiguard } = await import(dist('runtime/index.js'));
const { createGateway } = await import(dist('gateway/index.js'));
await step('import runtime + gateway');
const guard = await createPhiguard({ policy, auditStore, log: () => {} });
await step(`createPhiguard (${auditStore.split(':')[0]})`);
const gateway = createGateway({ guard, upstreamUrl: 'http://127.0.0.1:1', host: '127.0.0.1', port: 0 });
await gateway.listen();
await step('createGateway + listen');
process.stdout.write(`threads: ${readdirSync('/proc/self/task').length}\n`);
await gateway.close(1_000);
await guard.close();
process.exit(0);
