import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { signCheckpoint } from './checkpoint.js';
import { leafHash } from './merkle.js';
import { openAuditLog, openStore } from './open.js';
import { buildAuditRecord } from './record.js';
import { verifyStore } from './verify.js';
import { frozenClock, sampleContext, tempDir, testKeys } from './__tests__/fixtures.js';

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
