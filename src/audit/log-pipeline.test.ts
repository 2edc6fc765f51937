/**
 * Pipelined group commit (log.ts): batches are posted while another commits, at most
 * `pipelineDepth` at once, in order; each batch succeeds or fails on its own; flush waits for all.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog } from './log.js';
import { openAuditLog, openStore } from './open.js';
import { buildAuditRecord } from './record.js';
import { MemoryStore } from './stores/memory.js';
import type { SequencedWrite, SequencerState } from './types.js';
import { verifyStore } from './verify.js';
import { frozenClock, sampleContext, tempDir, testKeys } from '../../test/helpers/audit/fixtures.js';

type Build<T> = (state: SequencerState) => { write: SequencedWrite; result: T };

/** A memory store whose commits are held until released, recording what was posted and when. */
class GatedStore extends MemoryStore {
  readonly posted: number[] = [];
  open = 0;
  maxOpen = 0;
  readonly #gates: Array<() => void> = [];
  failCall = -1;

  override sequence<T>(build: Build<T>): Promise<T> {
    const call = this.posted.length;
    let size = 0;
    const counting: Build<T> = (state) => {
      const out = build(state);
      size = out.write.entries.length;
      return out;
    };
    this.posted.push(-1);
    this.open++;
    this.maxOpen = Math.max(this.maxOpen, this.open);
    const gate = new Promise<void>((resolve) => this.#gates.push(resolve));
    return gate
      .then(() => {
        if (call === this.failCall) throw new Error('commit failed (test)');
        return super.sequence(counting);
      })
      .then((r) => {
        this.posted[call] = size;
        return r;
      })
      .finally(() => this.open--);
  }

  /** Lets the oldest held commit proceed. */
  /** Releases held commits until `until` settles. */
  async drain(until: Promise<unknown>): Promise<void> {
    let done = false;
    void until.then(() => (done = true), () => (done = true));
    while (!done) {
      this.release();
      await tick();
    }
  }

  release(): boolean {
    const g = this.#gates.shift();
    g?.();
    return g !== undefined;
  }

  get held(): number {
    return this.#gates.length;
  }
}

/** One append (its detail key fetched and cached), committed. */
async function primed(log: AuditLog, store: GatedStore): Promise<void> {
  const p = log.append(buildAuditRecord(sampleContext(999, log.clock), log.keys));
  while (store.held === 0) await tick();
  store.release();
  await p;
}

/** A log on a GatedStore, its detail key fetched by one committed append (index 0). */
async function gatedLog(opts: { eagerBatch?: number; pipelineDepth?: number; batchWindowMs?: number }) {
  const keys = testKeys();
  const clock = frozenClock();
  const store = new GatedStore();
  const log = new AuditLog(store, { keys, clock, checkpointIntervalMs: 0, ...opts });
  await primed(log, store);
  return { keys, clock, store, log };
}

const tick = () => new Promise<void>((r) => setImmediate(r));

describe('pipelined group commit', () => {
  it('posts a full burst at once, keeps at most pipelineDepth batches committing, and keeps their order', async () => {
    const { keys, clock, store, log } = await gatedLog({ eagerBatch: 8, pipelineDepth: 2 });
    const first = Array.from({ length: 20 }, (_, i) => log.append(buildAuditRecord(sampleContext(i, clock), keys)));
    // The 8th append posted a batch at once; the 16th a second one beside it (8 >= half of the 16
    // outstanding); the last four wait: too few for a commit of their own while two are running.
    expect(store.posted.length).toBe(3);
    await tick();
    expect(store.posted.length).toBe(3);
    const more = Array.from({ length: 5 }, (_, i) => log.append(buildAuditRecord(sampleContext(100 + i, clock), keys)));
    await tick();
    expect(store.posted.length).toBe(3);
    expect(store.release()).toBe(true);
    const r1 = await Promise.all(first.slice(0, 8));
    expect(r1.map((r) => r.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    await tick();
    // One slot free, but nine queued records are under half the recent outstanding: they wait for the running commit.
    expect(store.posted.length).toBe(3);
    await store.drain(Promise.all([...first, ...more]));
    const all = [...(await Promise.all(first)), ...(await Promise.all(more))];
    expect(all.map((r) => r.index)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(store.posted).toEqual([1, 8, 8, 9]);
    expect(store.maxOpen).toBe(2);
    await log.flush();
    expect((await verifyStore(store, { verifiers: [keys.verifier], origin: keys.origin })).ok).toBe(true);
  });

  it('requests arriving one by one during a commit share the next commit instead of taking the second slot each', async () => {
    const { keys, clock, store, log } = await gatedLog({ pipelineDepth: 2 });
    const ps = [log.append(buildAuditRecord(sampleContext(0, clock), keys))];
    await tick();
    expect(store.held).toBe(1);
    for (let i = 1; i <= 5; i++) {
      ps.push(log.append(buildAuditRecord(sampleContext(i, clock), keys)));
      await tick();
    }
    expect(store.held).toBe(1);
    await store.drain(Promise.all(ps));
    expect(store.posted).toEqual([1, 1, 5]);
  });

  it('waits batchWindowMs for company when idle, and not between batches under load', async () => {
    const { keys, clock, store, log } = await gatedLog({ batchWindowMs: 40 });
    const ps = [log.append(buildAuditRecord(sampleContext(0, clock), keys))];
    await tick();
    expect(store.held).toBe(0); // waiting for company
    await new Promise((r) => setTimeout(r, 80));
    expect(store.held).toBe(1);
    for (let i = 1; i <= 3; i++) ps.push(log.append(buildAuditRecord(sampleContext(i, clock), keys)));
    store.release();
    await ps[0];
    await tick();
    await tick();
    expect(store.held).toBe(1); // the three queued during the commit went at once
    await store.drain(Promise.all(ps));
    expect(store.posted).toEqual([1, 1, 3]);
  });

  it('fails only the callers of the batch that failed; the batch committing beside it lands', async () => {
    const { keys, clock, store, log } = await gatedLog({ eagerBatch: 4, pipelineDepth: 2 });
    store.failCall = 1;
    const ps = Array.from({ length: 10 }, (_, i) => log.append(buildAuditRecord(sampleContext(i, clock), keys)));
    const settled = Promise.allSettled(ps);
    await store.drain(settled);
    const out = await settled;
    expect(out.slice(0, 4).every((r) => r.status === 'rejected' && (r.reason as { code?: string }).code === 'PG_AUDIT_UNAVAILABLE')).toBe(true);
    expect(out.slice(4).map((r) => (r.status === 'fulfilled' ? r.value.index : -1))).toEqual([1, 2, 3, 4, 5, 6]);
    const next = log.append(buildAuditRecord(sampleContext(50, clock), keys));
    await tick();
    store.release();
    expect((await next).index).toBe(7);
  });

  it('keeps one batch at a time, whole, on a store that commits on the calling thread (PostgreSQL, in-thread SQLite)', async () => {
    const { keys, clock, store, log } = await gatedLog({});
    const ps = Array.from({ length: 40 }, (_, i) => log.append(buildAuditRecord(sampleContext(i, clock), keys)));
    await tick();
    const more = Array.from({ length: 5 }, (_, i) => log.append(buildAuditRecord(sampleContext(50 + i, clock), keys)));
    await tick();
    expect(store.held).toBe(1);
    await store.drain(Promise.all([...ps, ...more]));
    expect(store.posted).toEqual([1, 40, 5]);
    expect(store.maxOpen).toBe(1);
  });

  it('flush waits for appends still fetching their detail key', async () => {
    const keys = testKeys();
    const clock = frozenClock();
    const store = new MemoryStore();
    const log = new AuditLog(store, { keys, clock, checkpointIntervalMs: 0 });
    const ps = Array.from({ length: 3 }, (_, i) => log.append(buildAuditRecord(sampleContext(i, clock), keys)));
    await log.flush();
    expect((await store.state()).size).toBe(3);
    expect((await Promise.all(ps)).map((r) => r.index).sort()).toEqual([0, 1, 2]);
  });

  it('flush waits for every batch in flight and every queued append', async () => {
    const { keys, clock, store, log } = await gatedLog({ eagerBatch: 3, pipelineDepth: 2 });
    let done = 0;
    for (let i = 0; i < 10; i++) void log.append(buildAuditRecord(sampleContext(i, clock), keys)).then(() => done++);
    expect(store.held).toBe(2);
    let flushed = false;
    const f = log.flush().then(() => (flushed = true));
    await tick();
    expect(store.held).toBe(2); // 3 + 3 posted as the appends came; four wait for a free slot
    expect(flushed).toBe(false);
    store.release();
    await tick();
    await tick();
    expect(flushed).toBe(false);
    expect(done).toBe(3);
    expect(store.held).toBe(2); // flush posted the last four into the slot the first batch freed
    await store.drain(f);
    expect(done).toBe(10);
    expect(store.posted).toEqual([1, 3, 3, 4]);
    expect(store.maxOpen).toBe(2);
  });

  it('flush returns while appends keep coming (it waits for those made before it), on a store that answers within the turn', async () => {
    const keys = testKeys();
    const clock = frozenClock();
    const log = new AuditLog(new MemoryStore(), { keys, clock, checkpointIntervalMs: 0 });
    let stop = false;
    let n = 0;
    const callers = Array.from({ length: 8 }, async () => {
      while (!stop) await log.append(buildAuditRecord(sampleContext(n++, clock), keys));
    });
    await new Promise((r) => setTimeout(r, 20));
    const safety = setTimeout(() => (stop = true), 5000);
    const madeBefore = n;
    const stoppedWhenFlushed = await log.flush().then(() => stop);
    clearTimeout(safety);
    stop = true;
    await Promise.all(callers);
    expect(stoppedWhenFlushed).toBe(false);
    expect((await log.store.state()).size).toBeGreaterThanOrEqual(madeBefore);
  });

  it('close under steady load refuses new appends at once, commits every append made before it, and the log verifies', async () => {
    const keys = testKeys();
    const clock = frozenClock();
    const path = join(tempDir(), 'c.db');
    const log = await openAuditLog(`sqlite:${path}`, { keys, clock, checkpointIntervalMs: 0, witnessPath: false });
    let stop = false;
    let n = 0;
    const committed: number[] = [];
    const refused: unknown[] = [];
    // Each caller goes on until it is refused (a refusal is immediate: looping on it would spin).
    const callers = Array.from({ length: 16 }, async () => {
      while (!stop) {
        const ok = await log.append(buildAuditRecord(sampleContext(n++, clock), keys)).then(
          (r) => committed.push(r.index),
          (e: unknown) => void refused.push(e),
        );
        if (ok === undefined) break;
      }
    });
    await new Promise((r) => setTimeout(r, 100));
    const safety = setTimeout(() => (stop = true), 10_000);
    const stoppedWhenClosed = await log.close().then(() => stop);
    clearTimeout(safety);
    stop = true;
    await Promise.all(callers);
    expect(stoppedWhenClosed).toBe(false);
    expect(refused.length).toBeGreaterThan(0);
    for (const e of refused) expect(e).toMatchObject({ code: 'PG_AUDIT_UNAVAILABLE' });
    const store = await openStore(`sqlite:${path}`, { readOnly: true });
    try {
      const res = await verifyStore(store, { verifiers: [keys.verifier], origin: keys.origin });
      expect(res).toMatchObject({ ok: true, entries: committed.length, unsignedTail: 0 });
      expect([...committed].sort((a, b) => a - b)).toEqual(Array.from({ length: committed.length }, (_, i) => i));
    } finally {
      await store.close();
    }
  });

  it('a burst whose head went eagerly does not leave its tail waiting out batchWindowMs', async () => {
    const keys = testKeys();
    const clock = frozenClock();
    const store = new GatedStore();
    const log = new AuditLog(store, { keys, clock, checkpointIntervalMs: 0, batchWindowMs: 60_000, eagerBatch: 8, pipelineDepth: 2 });
    // The first append of an idle log waits out the window: flush posts it (and fetches the detail key).
    const first = log.append(buildAuditRecord(sampleContext(99, clock), keys));
    await store.drain(Promise.all([first, log.flush()]));
    const ps = Array.from({ length: 20 }, (_, i) => log.append(buildAuditRecord(sampleContext(i, clock), keys)));
    await store.drain(Promise.all(ps)); // with the window timer left pending, the tail would wait a minute (test timeout)
    expect(store.posted).toEqual([1, 8, 8, 4]);
  });

  it('on SQLite (writer thread), 64 callers in a closed loop get gap-free indexes and a log that verifies', async () => {
    const keys = testKeys();
    const clock = frozenClock();
    const log = await openAuditLog(`sqlite:${join(tempDir(), 'p.db')}`, { keys, clock, checkpointEvery: 97, checkpointIntervalMs: 0, eagerBatch: 5 });
    try {
      const seen: number[] = [];
      let next = 0;
      await Promise.all(Array.from({ length: 64 }, async () => {
        while (next < 1500) seen.push((await log.append(buildAuditRecord(sampleContext(next++, clock), keys))).index);
      }));
      expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 1500 }, (_, i) => i));
      expect(await log.verify()).toMatchObject({ ok: true, entries: 1500 });
    } finally {
      await log.close();
    }
  });
});
