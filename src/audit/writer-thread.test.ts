/**
 * The compiled build runs SQLite appends in a writer thread (the TypeScript sources under vitest run
 * them inline). This exercises the thread path through dist/ — `npm test` builds first.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { sampleContext, tempDir } from '../../test/helpers/audit/fixtures.js';
import { dropSchema, pgReachable, PG_HOW, PG_NEED, PG_URL, uniqueSchema } from '../../test/helpers/audit/pg.js';
import { requireOrSkip } from '../../test/helpers/requires.js';

const dist = new URL('../../dist/audit/index.js', import.meta.url);
const built = existsSync(fileURLToPath(dist)) && existsSync(fileURLToPath(new URL('../../dist/audit/stores/sqlite-worker.js', import.meta.url)));
const BUILD_NEED = 'the compiled build (dist/)';
const BUILD_HOW = 'run `npm run build`';

requireOrSkip(BUILD_NEED, built, BUILD_HOW)('SQLite writer thread (compiled build)', () => {
  it('appends durably from the writer thread, survives a reopen, and verifies', async () => {
    const a = (await import(dist.href)) as typeof import('./index.js');
    const url = `sqlite:${join(tempDir(), 'w.db')}`;
    const log = await a.openAuditLog(url, { checkpointIntervalMs: 0, checkpointEvery: 100 });
    expect((log.store as InstanceType<typeof a.SqliteStore>).writerMode).toBe('thread');
    const r = await Promise.all(Array.from({ length: 500 }, (_, i) => log.append(a.buildAuditRecord(sampleContext(i), log.keys))));
    expect(new Set(r.map((x) => x.index)).size).toBe(500);
    await log.close();
    const again = await a.openAuditLog(url, { checkpointIntervalMs: 0 });
    const more = await again.append(a.buildAuditRecord(sampleContext(500), again.keys));
    expect(more.index).toBe(500);
    // A crashed writer thread fails its in-flight batch closed and is restarted for the next one.
    const sq = again.store as InstanceType<typeof a.SqliteStore>;
    const inflight = again.append(a.buildAuditRecord(sampleContext(501), again.keys));
    await new Promise((r) => setImmediate(r));
    await sq.killWriterForTest();
    const outcome = await inflight.then((r) => r.index, (e: { code?: string }) => e.code);
    expect([501, 'PG_AUDIT_UNAVAILABLE']).toContain(outcome);
    const after = await again.append(a.buildAuditRecord(sampleContext(502), again.keys));
    // When the crash came after the commit, the record exists although its request failed closed.
    expect([501, 502]).toContain(after.index);
    if (outcome === 501) expect(after.index).toBe(502);
    await again.checkpoint();
    const v = await a.verifyStore(again.store, { verifiers: [again.keys.verifier], origin: again.keys.origin });
    const total = after.index + 1;
    expect(v).toMatchObject({ ok: true, entries: total, latestCheckpoint: total });
    await again.close();

    // Verification spread over worker threads joins 256-entry chunks to the same result.
    const p = (await import(new URL('../../dist/audit/verify-parallel.js', import.meta.url).href)) as typeof import('./verify-parallel.js');
    const store = await a.openStore(url, { readOnly: true });
    const par = await p.verifyParallel(store, { verifiers: [again.keys.verifier], origin: again.keys.origin, workers: 2, chunkHeight: 8 });
    expect(par).toMatchObject({ ok: true, entries: total, workers: 2, root: v.root, checkpoints: v.checkpoints });
    await store.close();
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(url.slice('sqlite:'.length));
    db.exec('DROP TRIGGER audit_entries_no_delete; DELETE FROM audit_entries WHERE idx = 300;');
    db.close();
    const store2 = await a.openStore(url, { readOnly: true });
    const bad = await p.verifyParallel(store2, { verifiers: [again.keys.verifier], origin: again.keys.origin, workers: 2, chunkHeight: 8 });
    expect(bad.failure).toMatchObject({ kind: 'entry', at: 300 });
    await store2.close();
  });
});

const pgOk = await pgReachable();

(built ? requireOrSkip(PG_NEED, pgOk, PG_HOW) : requireOrSkip(BUILD_NEED, false, BUILD_HOW))('parallel verification on PostgreSQL (compiled build)', () => {
  it('joins chunks checked by worker threads on their own connections', async () => {
    const a = (await import(dist.href)) as typeof import('./index.js');
    const schema = uniqueSchema('pverify');
    const url = `${PG_URL}?schema=${schema}`;
    try {
      const keys = a.makeKeys(a.createSigner('phiguard.test/pv', a.generateSeed()), Buffer.alloc(32, 3));
      const log = await a.openAuditLog(url, { keys, checkpointEvery: 50, checkpointIntervalMs: 0 });
      await Promise.all(Array.from({ length: 700 }, (_, i) => log.append(a.buildAuditRecord(sampleContext(i), keys))));
      await log.close();
      const store = await a.openStore(url, { readOnly: true });
      const opts = { verifiers: [keys.verifier], origin: keys.origin, chunkHeight: 8 };
      const one = await a.verifyStore(store, opts);
      const par = await a.verifyParallel(store, { ...opts, workers: 2 });
      expect(one).toMatchObject({ ok: true, entries: 700 });
      expect(par).toMatchObject({ ok: true, entries: 700, workers: 2, root: one.root, checkpoints: one.checkpoints });
      await store.close();
    } finally {
      await dropSchema(schema);
    }
  });
});
