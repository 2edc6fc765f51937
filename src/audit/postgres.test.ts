import { afterAll, expect, it } from 'vitest';
import { makeKeys } from './keys.js';
import { createSigner, generateSeed } from './note.js';
import { openStore } from './open.js';
import { parseLeaf } from './record.js';
import { verifyStore } from './verify.js';
import { openAuditLog } from './open.js';
import { queryLog } from './query.js';
import { buildAuditRecord } from './record.js';
import { dropSchema, pgExec, pgReachable, PG_HOW, PG_NEED, PG_URL, uniqueSchema } from '../../test/helpers/audit/pg.js';
import { requireOrSkip } from '../../test/helpers/requires.js';
import { frozenClock, sampleContext, tempDir, testKeys } from '../../test/helpers/audit/fixtures.js';
import { runWriter } from '../../test/helpers/audit/replica.js';

const pgOk = await pgReachable();
const schema = uniqueSchema('replicas');
const schema2 = uniqueSchema('query');


requireOrSkip(PG_NEED, pgOk, PG_HOW)('PostgreSQL: two gateway processes appending to one log', () => {
  afterAll(async () => {
    await dropSchema(schema);
    await dropSchema(schema2);
  });

  it('answers accounting queries by patient and time, prunes beyond retention and still verifies', async () => {
    const keys = testKeys();
    const clock = frozenClock(Date.UTC(2018, 0, 1));
    const url = `${PG_URL}?schema=${schema2}`;
    const log = await openAuditLog(url, { keys, clock, checkpointEvery: 25, checkpointIntervalMs: 0, witnessPath: `${tempDir()}/w` });
    for (let i = 0; i < 200; i++) {
      await log.append(buildAuditRecord(sampleContext(i, clock), keys));
      clock.advance(86_400_000); // one a day
    }
    const q = async (f: Parameters<typeof queryLog>[2]) => {
      const out: number[] = [];
      for await (const r of queryLog(log.store, keys, f, clock.now())) out.push(r.index);
      return out;
    };
    expect(await q({ patient: 'pat-5', since: 0 })).toEqual([5, 102, 199]);
    expect(await q({ patient: 'Patient/pat-5', since: Date.UTC(2018, 1, 1), until: Date.UTC(2018, 6, 1) })).toEqual([102]);
    expect(await q({ user: 'dr-4', since: 0, limit: 3 })).toEqual([4, 17, 30]);
    clock.t = Date.UTC(2025, 0, 1);
    const pr = await log.prune(Date.UTC(2018, 2, 1));
    expect(pr).toMatchObject({ leaves: 59, details: 59 });
    expect(await q({ patient: 'pat-5', since: 0 })).toEqual([102, 199]);
    await log.checkpoint();
    const v = await verifyStore(log.store, { verifiers: [keys.verifier], origin: keys.origin });
    expect(v).toMatchObject({ ok: true, entries: 201, pruned: 59 });
    await log.close();
  });

  it('sequences both without gaps or duplicates and the result verifies', async () => {
    const origin = 'phiguard.test/replicas';
    const seed = generateSeed();
    const keys = makeKeys(createSigner(origin, seed), Buffer.alloc(32, 7));
    const url = `${PG_URL}?schema=${schema}`;
    const N = 1500;
    const [a, b] = await Promise.all([runWriter(url, N, 'A', seed, origin), runWriter(url, N, 'B', seed, origin)]);
    const all = [...a, ...b].sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: 2 * N }, (_, i) => i));
    const store = await openStore(url);
    try {
      const r = await verifyStore(store, { verifiers: [keys.verifier], origin });
      expect(r).toMatchObject({ ok: true, entries: 2 * N, latestCheckpoint: 2 * N });
      expect(r.checkpoints).toBeGreaterThan(2);
      // Both writers' records interleave in the one log.
      const rows = await store.entries(0, 2 * N);
      const writers = new Set(rows.map((e) => String(parseLeaf(e.leaf!).what.requestId).split('-')[0]));
      expect(writers).toEqual(new Set(['A', 'B']));
      const firstB = rows.findIndex((e) => String(parseLeaf(e.leaf!).what.requestId).startsWith('B-'));
      const lastA = rows.findLastIndex((e) => String(parseLeaf(e.leaf!).what.requestId).startsWith('A-'));
      expect(firstB).toBeLessThan(lastA);
    } finally {
      await store.close();
    }
  }, 120_000);
});

requireOrSkip(PG_NEED, pgOk, PG_HOW)('PostgreSQL: connections that die under the log', () => {
  const schema3 = uniqueSchema('terminate');
  afterAll(async () => {
    await dropSchema(schema3);
  });

  it('a backend terminated while batches commit fails those appends closed, never the process, and the log still verifies', async () => {
    const keys = testKeys();
    const clock = frozenClock();
    const log = await openAuditLog(`${PG_URL}?schema=${schema3}`, { keys, clock, checkpointEvery: 50, checkpointIntervalMs: 0, witnessPath: false });
    const crashed: unknown[] = [];
    const onCrash = (err: unknown) => crashed.push(err);
    process.on('uncaughtException', onCrash);
    try {
      let ok = 0;
      const errors: unknown[] = [];
      let stop = false;
      let i = 0;
      const callers = Array.from({ length: 6 }, async () => {
        while (!stop) await log.append(buildAuditRecord(sampleContext(i++, clock), keys)).then(() => ok++, (e: unknown) => errors.push(e));
      });
      for (let k = 0; k < 12; k++) {
        await new Promise((r) => setTimeout(r, 25));
        // Only this log's connections: their last statement names its schema.
        await pgExec('public', `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND query LIKE '%' || $1 || '%'`, [schema3]);
      }
      stop = true;
      await Promise.all(callers);
      expect(crashed).toEqual([]);
      expect(ok).toBeGreaterThan(0);
      for (const e of errors) expect((e as { code?: string }).code).toBe('PG_AUDIT_UNAVAILABLE');
      const after = await log.append(buildAuditRecord(sampleContext(10_000, clock), keys));
      // A batch whose COMMIT reached the server before its connection died is in the log though its
      // callers were refused (at-least-once, never a released response without a record).
      expect(after.index).toBeGreaterThanOrEqual(ok);
      expect(await verifyStore(log.store, { verifiers: [keys.verifier], origin: keys.origin })).toMatchObject({ ok: true, entries: after.index + 1 });
    } finally {
      process.off('uncaughtException', onCrash);
      await log.close();
    }
  });
});
