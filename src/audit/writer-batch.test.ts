/**
 * Batches through the SQLite writer thread (compiled build, like writer-thread.test.ts): one message
 * per batch, the signing key sent once per thread. A batch commits whole or not at all: a record
 * the writer refuses fails every request waiting on that batch closed; receipts follow call order;
 * a writer killed while batches are in flight leaves only whole batches, and the log verifies.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { sampleContext, tempDir } from '../../test/helpers/audit/fixtures.js';
import { requireOrSkip } from '../../test/helpers/requires.js';
import type { AuditStore } from './stores/types.js';
import type { BatchInput } from './types.js';

const dist = new URL('../../dist/audit/index.js', import.meta.url);
const built = existsSync(fileURLToPath(dist)) && existsSync(fileURLToPath(new URL('../../dist/audit/stores/sqlite-worker.js', import.meta.url)));
type A = typeof import('./index.js');

/** The store, except that its appendBatch replaces the body of the item at `bad` by one the writer refuses. */
function spoiling(store: AuditStore, bad: { at: number }): AuditStore {
  return new Proxy(store, {
    get(t, k) {
      if (k === 'appendBatch') {
        return (input: BatchInput, signer: unknown) =>
          t.appendBatch!({ ...input, items: input.items.map((it, i) => (i === bad.at ? { ts: it.ts, bodyJson: 'not an object' } : it)) }, signer as never);
      }
      const v = Reflect.get(t, k, t) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
  });
}

requireOrSkip('the compiled build (dist/)', built, 'run `npm run build`')('SQLite writer thread: batches', () => {
  it('one refused record fails every request of its batch closed; nothing of it is committed; the next batch commits', async () => {
    const a = (await import(dist.href)) as A;
    const url = `sqlite:${join(tempDir(), 'b.db')}`;
    const base = await a.openAuditLog(url, { checkpointIntervalMs: 0 });
    expect((base.store as InstanceType<A['SqliteStore']>).writerMode).toBe('thread');
    await base.append(a.buildAuditRecord(sampleContext(0), base.keys));
    const bad = { at: 2 };
    const log = new a.AuditLog(spoiling(base.store, bad), { keys: base.keys, checkpointIntervalMs: 0, witnessPath: false });
    // Appended in one turn: one batch of 5, whose third record the writer refuses.
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => log.append(a.buildAuditRecord(sampleContext(1 + i), log.keys))));
    expect(outcomes.map((o) => o.status)).toEqual(Array(5).fill('rejected'));
    for (const o of outcomes) expect((o as PromiseRejectedResult).reason).toMatchObject({ code: 'PG_AUDIT_UNAVAILABLE' });
    expect((await base.store.state()).size).toBe(1);
    bad.at = -1;
    const ok = await Promise.all(Array.from({ length: 3 }, (_, i) => log.append(a.buildAuditRecord(sampleContext(10 + i), log.keys))));
    expect(ok.map((r) => r.index)).toEqual([1, 2, 3]);
    await log.close();
    const again = await a.openAuditLog(url, { checkpointIntervalMs: 0 });
    expect(await again.verify()).toMatchObject({ ok: true, entries: 4 });
    await again.close();
  });

  it('detail blobs encrypted on the writer thread: the leaf is byte for byte the one the event loop would build', async () => {
    const a = (await import(dist.href)) as A;
    const d = (await import(new URL('../../dist/audit/detail.js', import.meta.url).href)) as typeof import('./detail.js');
    const log = await a.openAuditLog(`sqlite:${join(tempDir(), 'd.db')}`, { checkpointIntervalMs: 0 });
    expect(log.store.sealsDetail).toBe(true);
    const recs = Array.from({ length: 40 }, (_, i) => a.buildAuditRecord(sampleContext(i), log.keys));
    const receipts = await Promise.all(recs.map((r) => log.append(r)));
    for (const [i, rec] of recs.entries()) {
      const idx = receipts[i]!.index;
      const [entry] = await log.store.entries(idx, 1);
      const row = (await log.store.detail(idx))!;
      expect(row.wrappedKey).toBeNull();
      const digest = d.blobDigest(row.blob);
      // The leaf as AuditLog builds it when it encrypts itself: the same body with this digest.
      const body = { ...rec.body, what: { ...rec.body.what, detail: { digest, period: row.period } } };
      expect(Buffer.from(entry!.leaf!).equals(a.leafBytes(idx, a.serializeBody(body)))).toBe(true);
      const key = await log.detailKey(row);
      expect(d.decryptDetail(key!, row.blob)).toEqual(JSON.parse(JSON.stringify(rec.detail)));
    }
    expect(await log.verify()).toMatchObject({ ok: true, entries: 40 });
    await log.close();
  });

  it('receipts and leaves follow the order of the appends, across batches', async () => {
    const a = (await import(dist.href)) as A;
    const log = await a.openAuditLog(`sqlite:${join(tempDir(), 'o.db')}`, { checkpointIntervalMs: 0 });
    const r: Array<Promise<{ index: number }>> = [];
    for (let turn = 0; turn < 6; turn++) {
      for (let i = 0; i < 70; i++) r.push(log.append(a.buildAuditRecord(sampleContext(turn * 70 + i), log.keys)));
      await new Promise((res) => setImmediate(res));
    }
    const idx = (await Promise.all(r)).map((x) => x.index);
    expect(idx).toEqual(idx.map((_, i) => i));
    const ids = (await log.store.entries(0, 420)).map((e) => a.parseLeaf(e.leaf!).what.requestId);
    expect(ids).toEqual(idx.map((i) => `req-${i}`));
    await log.close();
  });

  it('a writer killed with batches in flight leaves whole batches only; the log verifies and goes on', async () => {
    const a = (await import(dist.href)) as A;
    const url = `sqlite:${join(tempDir(), 'k.db')}`;
    const log = await a.openAuditLog(url, { checkpointIntervalMs: 0 });
    const sq = log.store as InstanceType<A['SqliteStore']>;
    await log.append(a.buildAuditRecord(sampleContext(0), log.keys));
    const all: Array<Promise<{ index: number } | string>> = [];
    for (let turn = 0; turn < 8; turn++) {
      for (let i = 0; i < 40; i++) {
        const n = 1 + turn * 40 + i;
        all.push(log.append(a.buildAuditRecord(sampleContext(n), log.keys)).catch((e: { code?: string }) => e.code ?? 'error'));
      }
      if (turn === 3) await sq.killWriterForTest();
      await new Promise((res) => setImmediate(res));
    }
    const out = await Promise.all(all);
    const failed = out.filter((o) => typeof o === 'string');
    expect(new Set(failed)).toEqual(failed.length ? new Set(['PG_AUDIT_UNAVAILABLE']) : new Set());
    const size = (await log.store.state()).size;
    const leaves = await log.store.entries(0, size);
    const ids = leaves.map((e) => a.parseLeaf(e.leaf!).what.requestId as string);
    // Every receipt names its own record; records are in call order with no gap or duplicate.
    out.forEach((o, i) => {
      if (typeof o !== 'string') expect(ids[o.index]).toBe(`req-${1 + i}`);
    });
    const nums = ids.map((s) => Number(s.slice(4)));
    expect(nums).toEqual([...nums].sort((x, y) => x - y));
    expect(new Set(nums).size).toBe(nums.length);
    // A request that failed closed may have a record only when its whole batch committed before the crash.
    const committed = new Set(nums);
    const failedNums = out.map((o, i) => (typeof o === 'string' ? 1 + i : -1)).filter((n) => n > 0);
    const strays = failedNums.filter((n) => committed.has(n));
    if (strays.length) expect(strays).toEqual(Array.from({ length: strays.length }, (_, i) => strays[0]! + i));
    const next = await log.append(a.buildAuditRecord(sampleContext(999), log.keys));
    expect(next.index).toBe(size);
    expect(await log.verify()).toMatchObject({ ok: true, entries: size + 1 });
    await log.close();
  });
});
