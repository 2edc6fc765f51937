/**
 * Verification spread over worker threads: each worker reads and checks aligned chunks of 2^16
 * entries (leaf bytes, leaf hashes, indices, tiles) on its own connection (SQLite file or
 * PostgreSQL) and returns the
 * chunk's compact range; the calling thread joins them in order and checks checkpoints and
 * witnesses (verify.ts `Merger`). Memory stays bounded by the number of chunks in flight.
 * Falls back to `verifyStore` for other stores or when the compiled worker is unavailable.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Hash } from './merkle.js';
import { SqliteStore } from './stores/sqlite.js';
import type { AuditStore } from './stores/types.js';
import { Failed, Merger, verifyStore, type ChunkResult, type VerifyOptions, type VerifyResult } from './verify.js';

const WORKER_URL = new URL('./verify-worker.js', import.meta.url);

export interface ParallelVerifyOptions extends VerifyOptions {
  /** Worker threads (default: available cores, at most 8; 0 verifies on the calling thread). */
  readonly workers?: number;
}

const toBuf = (u: Uint8Array): Hash => Buffer.from(u.buffer, u.byteOffset, u.length);

function revive(r: ChunkResult): ChunkResult {
  return { ...r, hashes: r.hashes.map(toBuf), snaps: r.snaps.map((s) => ({ size: s.size, hashes: s.hashes.map(toBuf) })) };
}

/** The URL a worker can open the same store with, or undefined (memory, exports, uncompiled sources). */
export function parallelUrl(store: AuditStore): string | undefined {
  if (!(WORKER_URL.protocol === 'file:' && existsSync(fileURLToPath(WORKER_URL)))) return undefined;
  if (store instanceof SqliteStore) return store.path === ':memory:' ? undefined : `sqlite:${store.path}`;
  const url = (store as { connectionUrl?: string }).connectionUrl;
  return store.kind === 'postgres' && url ? url : undefined;
}

export async function verifyParallel(store: AuditStore, opts: ParallelVerifyOptions): Promise<VerifyResult> {
  const n = Math.min(8, opts.workers ?? availableParallelism());
  const url = parallelUrl(store);
  if (n <= 0 || !url) return verifyStore(store, opts);
  const started = performance.now();
  const workers = await Promise.all(Array.from({ length: n }, () => startWorker(url)));
  const pending = new Map<number, { resolve(r: ChunkResult): void; reject(e: Error): void }>();
  let nextId = 1;
  for (const w of workers) {
    w.on('message', (m: { id?: number; result?: ChunkResult; error?: string }) => {
      const p = m.id !== undefined ? pending.get(m.id) : undefined;
      if (!p) return;
      pending.delete(m.id as number);
      if (m.error !== undefined) p.reject(new Error(m.error));
      else p.resolve(revive(m.result as ChunkResult));
    });
    w.on('error', (e) => {
      for (const p of pending.values()) p.reject(e);
    });
  }
  const run = (w: Worker, start: number, sizes: number[], chunkHeight: number): Promise<ChunkResult> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      w.postMessage({ id, start, sizes, chunkHeight });
    });

  let m: Merger | undefined;
  try {
    m = new Merger(store, opts);
    await m.begin();
    const merger = m;
    const depth = n * 2;
    const inFlight: Array<Promise<ChunkResult>> = [];
    let next = 0;
    const dispatch = async () => {
      const start = next * merger.chunk;
      const sizes = await merger.plan(start);
      inFlight.push(run(workers[next % n] as Worker, start, sizes, merger.chunkHeight));
      next++;
    };
    for (let i = 0; i < depth; i++) await dispatch();
    for (;;) {
      const res = await (inFlight.shift() as Promise<ChunkResult>);
      if (!(await merger.accept(res))) break;
      await dispatch();
    }
    await merger.finish();
    return merger.result(started, undefined, n);
  } catch (err) {
    if (!(err instanceof Failed)) throw err;
    return m ? m.result(started, err.failure, n) : verifyStore(store, opts);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

async function startWorker(url: string): Promise<Worker> {
  const w = new Worker(WORKER_URL, { workerData: { url } });
  await new Promise<void>((resolve, reject) => {
    w.once('message', () => resolve());
    w.once('error', reject);
  });
  return w;
}
