/**
 * Every tamper an auditor cares about, done for real on the SQLite file and on PostgreSQL:
 * edited byte, deleted entry, swapped entries, truncated tail, rewritten history (fork), forged
 * checkpoint, and a store rolled back to an earlier copy (caught by the witness).
 */
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signCheckpoint } from './checkpoint.js';
import { CompactRange, leafHash } from './merkle.js';
import { openAuditLog, openStore } from './open.js';
import { startPeriodicVerify } from './periodic.js';
import { buildAuditRecord } from './record.js';
import { verifyStore, type VerifyResult } from './verify.js';
import { readWitness } from './witness.js';
import { dropSchema, pgExec, pgReachable, PG_HOW, PG_NEED, PG_URL, uniqueSchema } from '../../test/helpers/audit/pg.js';
import { requireOrSkip } from '../../test/helpers/requires.js';
import { frozenClock, sampleContext, tempDir, testKeys } from '../../test/helpers/audit/fixtures.js';

const keys = testKeys();
const ENTRIES = 300;

interface Harness {
  url: string;
  witness: string;
  /** Runs SQL written with `?` placeholders, triggers off (the attacker owns the database). */
  exec(sql: string, params?: unknown[]): Promise<Array<Record<string, unknown>>>;
  snapshot(): Promise<void>;
  restore(): Promise<void>;
  cleanup(): Promise<void>;
}

function sqliteHarness(): Harness {
  const dir = tempDir();
  const path = join(dir, 'audit.db');
  const raw = () => {
    const db = new Database(path);
    db.exec('DROP TRIGGER IF EXISTS audit_entries_no_delete; DROP TRIGGER IF EXISTS audit_entries_prune_only; DROP TRIGGER IF EXISTS audit_checkpoints_no_delete;');
    return db;
  };
  return {
    url: `sqlite:${path}`,
    witness: `${path}.witness`,
    async exec(sql, params = []) {
      const db = raw();
      try {
        const st = db.prepare(sql);
        return st.reader ? (st.all(...params) as Array<Record<string, unknown>>) : (st.run(...params), []);
      } finally {
        db.close();
      }
    },
    async snapshot() {
      const db = new Database(path);
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
      copyFileSync(path, `${path}.bak`);
    },
    async restore() {
      rmSync(`${path}-wal`, { force: true });
      rmSync(`${path}-shm`, { force: true });
      copyFileSync(`${path}.bak`, path);
    },
    async cleanup() {},
  };
}

function pgHarness(): Harness {
  const schema = uniqueSchema('tamper');
  const dir = tempDir();
  const tables = ['entries', 'tiles', 'checkpoints', 'state', 'details', 'detail_keys', 'meta'];
  const exec = async (sql: string, params: unknown[] = []) => {
    let i = 0;
    const text = sql.replace(/\?/g, () => `$${++i}`);
    await pgExec(schema, 'ALTER TABLE audit_entries DISABLE TRIGGER USER; ALTER TABLE audit_checkpoints DISABLE TRIGGER USER');
    return (await pgExec(schema, text, params)).rows as Array<Record<string, unknown>>;
  };
  return {
    url: `${PG_URL}?schema=${schema}`,
    witness: join(dir, 'audit.witness'),
    exec,
    async snapshot() {
      for (const t of tables) await pgExec(schema, `CREATE TABLE bak_${t} AS SELECT * FROM audit_${t}`);
    },
    async restore() {
      await exec('SELECT 1');
      for (const t of tables) await pgExec(schema, `TRUNCATE audit_${t}; INSERT INTO audit_${t} SELECT * FROM bak_${t}`);
    },
    cleanup: () => dropSchema(schema),
  };
}

async function build(h: Harness, n = ENTRIES, snapshotAt?: number): Promise<void> {
  const clock = frozenClock();
  const log = await openAuditLog(h.url, { keys, clock, checkpointEvery: 50, checkpointIntervalMs: 0, maxBatch: 10, witnessPath: h.witness });
  try {
    for (let i = 0; i < n; i += 10) {
      await Promise.all(Array.from({ length: 10 }, (_, j) => log.append(buildAuditRecord(sampleContext(i + j, clock), keys))));
      clock.advance(1000);
      if (snapshotAt === i + 10) {
        await log.checkpoint();
        await h.snapshot();
      }
    }
  } finally {
    await log.close();
  }
}

async function verify(h: Harness): Promise<VerifyResult> {
  const store = await openStore(h.url);
  try {
    const w = readWitness(h.witness);
    return await verifyStore(store, { verifiers: [keys.verifier], origin: keys.origin, ...(w ? { witnesses: [w] } : {}), batchSize: 256 });
  } finally {
    await store.close();
  }
}

async function resetState(h: Harness): Promise<void> {
  // A careful attacker also repairs the sequencer state so it agrees with what is left.
  const rows = await h.exec('SELECT leaf_hash FROM audit_entries ORDER BY idx');
  const cr = new CompactRange();
  for (const r of rows) cr.append(Buffer.from(r.leaf_hash as Uint8Array));
  await h.exec('UPDATE audit_state SET size = ?, frontier = ?, cp_size = 0 WHERE id = 1', [cr.size, cr.serialize()]);
}

const pgOk = await pgReachable();

for (const [name, make, enabled] of [['SQLite file', sqliteHarness, true], ['PostgreSQL', pgHarness, pgOk]] as const) {
  requireOrSkip(PG_NEED, enabled, PG_HOW)(`tamper detection on ${name}`, () => {
    const harnesses: Harness[] = [];
    const fresh = async (snapshotAt?: number) => {
      const h = make();
      harnesses.push(h);
      await build(h, ENTRIES, snapshotAt);
      return h;
    };
    afterAll(async () => {
      for (const h of harnesses) await h.cleanup();
    });

    let clean: Harness;
    beforeAll(async () => {
      clean = await fresh();
    });

    it('an intact log verifies, with every checkpoint and the witness', async () => {
      const r = await verify(clean);
      expect(r).toMatchObject({ ok: true, entries: ENTRIES, latestCheckpoint: ENTRIES, checkpoints: ENTRIES / 50 });
    });

    it('an edited byte in a record names that entry', async () => {
      const h = await fresh();
      const [row] = await h.exec('SELECT leaf FROM audit_entries WHERE idx = ?', [123]);
      const leaf = Buffer.from(row!.leaf as Uint8Array);
      leaf[leaf.length - 20] = (leaf[leaf.length - 20] as number) ^ 0x01;
      await h.exec('UPDATE audit_entries SET leaf = ? WHERE idx = ?', [leaf, 123]);
      expect((await verify(h)).failure).toMatchObject({ kind: 'entry', at: 123, message: expect.stringContaining('edited') });
    });

    it('a deleted entry names the gap', async () => {
      const h = await fresh();
      await h.exec('DELETE FROM audit_entries WHERE idx = ?', [77]);
      expect((await verify(h)).failure).toMatchObject({ kind: 'entry', at: 77, message: expect.stringContaining('missing') });
    });

    it('swapped entries name the first one', async () => {
      const h = await fresh();
      const rows = await h.exec('SELECT idx, ts, leaf, leaf_hash FROM audit_entries WHERE idx IN (10, 11) ORDER BY idx');
      await h.exec('DELETE FROM audit_entries WHERE idx IN (10, 11)');
      for (const [i, r] of [[10, rows[1]!], [11, rows[0]!]] as const) {
        await h.exec('INSERT INTO audit_entries(idx, ts, leaf, leaf_hash) VALUES (?, ?, ?, ?)', [i, r.ts, r.leaf, r.leaf_hash]);
      }
      expect((await verify(h)).failure).toMatchObject({ kind: 'entry', at: 10, message: expect.stringContaining('swapped') });
    });

    it('a truncated tail fails against the last signed checkpoint', async () => {
      const h = await fresh();
      await h.exec('DELETE FROM audit_entries WHERE idx >= ?', [280]);
      await resetState(h);
      expect((await verify(h)).failure).toMatchObject({ kind: 'checkpoint', at: 300, message: expect.stringContaining('truncated') });
    });

    it('a truncated tail whose checkpoints were deleted too is caught by the witness', async () => {
      const h = await fresh();
      await h.exec('DELETE FROM audit_entries WHERE idx >= ?', [260]);
      await h.exec('DELETE FROM audit_checkpoints WHERE size > ?', [250]);
      await resetState(h);
      expect((await verify(h)).failure).toMatchObject({ kind: 'witness', at: 300 });
    });

    it('a rewritten record with a recomputed leaf hash (replaced history) fails at the next checkpoint', async () => {
      const h = await fresh();
      const [row] = await h.exec('SELECT leaf FROM audit_entries WHERE idx = ?', [5]);
      const forged = Buffer.from(Buffer.from(row!.leaf as Uint8Array).toString('utf8').replace('"PG_OK"', '"PG_AUTHZ_ROLE"'), 'utf8');
      await h.exec('UPDATE audit_entries SET leaf = ?, leaf_hash = ? WHERE idx = ?', [forged, leafHash(forged), 5]);
      expect((await verify(h)).failure).toMatchObject({ kind: 'checkpoint', at: 50, message: expect.stringContaining('fork') });
    });

    it('a forged checkpoint inconsistent with the earlier ones is named', async () => {
      const h = await fresh();
      const note = signCheckpoint(keys.signer, keys.origin, 123, leafHash(Buffer.from('other history'))).note;
      await h.exec('INSERT INTO audit_checkpoints(size, ts, note) VALUES (?, ?, ?)', [123, 0, note]);
      expect((await verify(h)).failure).toMatchObject({ kind: 'checkpoint', at: 123 });
    });

    it('a store rolled back to an earlier copy is caught by the witness', async () => {
      const h = await fresh(150);
      expect((await verify(h)).ok).toBe(true);
      await h.restore();
      const r = await verify(h);
      expect(r.failure).toMatchObject({ kind: 'witness', at: ENTRIES, message: expect.stringContaining('rolled back') });
      expect(r.entries).toBe(150);
    });

    it('periodic re-verification reports tampering to its callback', async () => {
      const h = await fresh();
      const store = await openStore(h.url);
      const failures: VerifyResult[] = [];
      const pv = startPeriodicVerify(store, { intervalMs: 60_000, verifiers: [keys.verifier], origin: keys.origin, witnessPath: h.witness }, (r) => failures.push(r));
      try {
        expect((await pv.runNow())?.ok).toBe(true);
        await h.exec('DELETE FROM audit_entries WHERE idx = ?', [200]);
        expect((await pv.runNow())?.ok).toBe(false);
        expect(failures).toHaveLength(1);
        expect(failures[0]!.failure).toMatchObject({ kind: 'entry', at: 200 });
      } finally {
        pv.stop();
        await store.close();
      }
    });
  });
}
