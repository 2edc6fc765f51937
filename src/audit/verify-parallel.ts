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
    // Chunks small enough that every worker gets several (balance), at most 2^16 entries.
    const size = (await store.state()).size;
    const chunkHeight = opts.chunkHeight ?? Math.max(12, Math.min(16, Math.floor(Math.log2(Math.max(1, size / (n * 6))))));
    m = new Merger(store, { ...opts, chunkHeight });
    await m.begin();
    const merger = m;
    // Each worker keeps two chunks queued; a worker that finishes gets the next chunk (a slower or
    // busier thread simply takes fewer). Results are joined in order, at most `ahead` chunks early.
    const ahead = n * 4;
    const results = new Map<number, Promise<ChunkResult>>();
    const queued = new Array<number>(n).fill(0);
    let next = 0;
    let merged = 0;
    let pumping: Promise<void> | undefined;
    let again = false;
    let stop = false;
    let wake: (() => void) | undefined;
    const pump = async (): Promise<void> => {
      if (pumping) {
        again = true;
        return pumping;
      }
      pumping = (async () => {
        do {
          again = false;
          for (;;) {
            const w = queued.findIndex((q) => q < 2);
            if (stop || w < 0 || next >= merged + ahead) break;
            const k = next++;
            const start = k * merger.chunk;
            const sizes = await merger.plan(start);
            queued[w] = (queued[w] as number) + 1;
            const p = run(workers[w] as Worker, start, sizes, merger.chunkHeight);
            p.catch(() => undefined).finally(() => {
              queued[w] = (queued[w] as number) - 1;
              void pump().finally(() => {
                const f = wake;
                wake = undefined;
                f?.();
              });
            });
            results.set(k, p);
          }
        } while (again);
      })().finally(() => (pumping = undefined));
      return pumping;
    };
    await pump();
    for (;;) {
      while (!results.has(merged)) {
        await pump();
        if (!results.has(merged)) await new Promise<void>((resolve) => (wake = resolve));
      }
      const p = results.get(merged) as Promise<ChunkResult>;
      results.delete(merged);
      const res = await p;
      merged++;
      if (!(await merger.accept(res))) break;
      void pump();
    }
    stop = true;
    await pumping;
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
