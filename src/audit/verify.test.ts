import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { signCheckpoint } from './checkpoint.js';
import { leafHash } from './merkle.js';
import { openAuditLog, openStore } from './open.js';
import { buildAuditRecord } from './record.js';
import { verifyStore } from './verify.js';
import { frozenClock, sampleContext, tempDir, testKeys } from '../../test/helpers/audit/fixtures.js';

const keys = testKeys();
const N = 1100;

describe('chunked verification (chunks joined by compact range)', () => {
  const dir = tempDir();
  const path = join(dir, 'v.db');
  beforeAll(async () => {
    const clock = frozenClock();
    const log = await openAuditLog(`sqlite:${path}`, { keys, clock, checkpointEvery: 37, checkpointIntervalMs: 0, maxBatch: 13 });
    for (let i = 0; i < N; i += 50) await Promise.all(Array.from({ length: 50 }, (_, j) => log.append(buildAuditRecord(sampleContext(i + j, clock), keys))));
    await log.close();
  });
  const verify = async (chunkHeight: number) => {
    const store = await openStore(`sqlite:${path}`, { readOnly: true });
    try {
      return await verifyStore(store, { verifiers: [keys.verifier], origin: keys.origin, chunkHeight });
    } finally {
      await store.close();
    }
  };
  const tamper = (sql: string, ...params: unknown[]) => {
    const db = new Database(path);
    db.exec('DROP TRIGGER IF EXISTS audit_entries_no_delete; DROP TRIGGER IF EXISTS audit_entries_prune_only;');
    db.prepare(sql).run(...params);
    db.close();
  };

  it('gives the same answer for 256-entry chunks as for one chunk, checking checkpoints inside chunks', async () => {
    const small = await verify(8);
    const one = await verify(16);
    expect(small).toMatchObject({ ok: true, entries: N, latestCheckpoint: N });
    expect(small.checkpoints).toBe(one.checkpoints);
    expect(small.checkpoints).toBeGreaterThan(25);
    expect(small.root).toBe(one.root);
  });

  it('names a forged checkpoint inside a later chunk, then a tampered tile, then a deleted entry', async () => {
    const note = signCheckpoint(keys.signer, keys.origin, 600, leafHash(Buffer.from('x'))).note;
    tamper('INSERT OR REPLACE INTO audit_checkpoints(size, ts, note) VALUES (?, 0, ?)', 600, note);
    expect((await verify(8)).failure).toMatchObject({ kind: 'checkpoint', at: 600 });
    tamper('DROP TRIGGER IF EXISTS audit_checkpoints_no_delete');
    tamper('DELETE FROM audit_checkpoints WHERE size = 600');
    tamper('UPDATE audit_tiles SET hash = ? WHERE level = 8 AND idx = 2', leafHash(Buffer.from('y')));
    expect((await verify(8)).failure).toMatchObject({ kind: 'tile', at: 2 });
    expect((await verify(16)).failure).toMatchObject({ kind: 'tile', at: 2 });
    tamper('DELETE FROM audit_entries WHERE idx = 300');
    expect((await verify(8)).failure).toMatchObject({ kind: 'entry', at: 300 });
  });
});

describe('block reads (one query per batch) and the row-by-row re-check', () => {
  const dir = tempDir();
  const path = join(dir, 'b.db');
  beforeAll(async () => {
    const clock = frozenClock();
    const log = await openAuditLog(`sqlite:${path}`, { keys, clock, checkpointEvery: 100, checkpointIntervalMs: 0, maxBatch: 64 });
    for (let i = 0; i < 1000; i += 50) await Promise.all(Array.from({ length: 50 }, (_, j) => log.append(buildAuditRecord(sampleContext(i + j, clock), keys))));
    await log.close();
  });
  const tamper = (sql: string, ...params: unknown[]) => {
    const db = new Database(path);
    db.exec('DROP TRIGGER IF EXISTS audit_entries_no_delete; DROP TRIGGER IF EXISTS audit_entries_prune_only;');
    db.prepare(sql).run(...params);
    db.close();
  };
  const verify = async () => {
    const store = await openStore(`sqlite:${path}`, { readOnly: true });
    const rows = vi.spyOn(store, 'entries');
    try {
      const r = await verifyStore(store, { verifiers: [keys.verifier], origin: keys.origin, batchSize: 256 });
      return { r, rowReads: rows.mock.calls.length };
    } finally {
      await store.close();
    }
  };

  it('verifies an intact log from blocks alone', async () => {
    const { r, rowReads } = await verify();
    expect(r).toMatchObject({ ok: true, entries: 1000, latestCheckpoint: 1000 });
    expect(rowReads).toBe(0);
  });

  it('names an edited timestamp column', async () => {
    tamper('UPDATE audit_entries SET ts = ts + 1 WHERE idx = 700');
    const { r, rowReads } = await verify();
    expect(r.failure).toMatchObject({ kind: 'entry', at: 700, message: expect.stringContaining('timestamp column') });
    expect(rowReads).toBe(1);
    tamper('UPDATE audit_entries SET ts = ts - 1 WHERE idx = 700');
    expect((await verify()).r.ok).toBe(true);
  });

  it('does not let a NUL byte or a TEXT value shift the leaves of a block', async () => {
    const db = new Database(path, { readonly: true });
    const [a, b] = db.prepare('SELECT leaf FROM audit_entries WHERE idx IN (511, 512) ORDER BY idx').pluck().all() as Buffer[];
    db.close();
    // Entry 511 emptied and its bytes moved in front of 512's behind a NUL: the concatenation is unchanged.
    tamper("UPDATE audit_entries SET leaf = x'' WHERE idx = 511");
    tamper('UPDATE audit_entries SET leaf = ? WHERE idx = 512', Buffer.concat([a!, Buffer.from([0]), b!]));
    expect((await verify()).r.failure).toMatchObject({ kind: 'entry', at: 511, message: expect.stringContaining('not a canonical audit leaf') });
    tamper('UPDATE audit_entries SET leaf = ? WHERE idx = 511', a!);
    tamper('UPDATE audit_entries SET leaf = ? WHERE idx = 512', b!);
    tamper("UPDATE audit_entries SET leaf = CAST(leaf || x'c3a9' AS TEXT) WHERE idx = 600");
    expect((await verify()).r.failure).toMatchObject({ kind: 'entry', at: 600 });
  });
});
