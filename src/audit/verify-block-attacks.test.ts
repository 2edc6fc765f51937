/**
 * Attacks on the block read of verification (one SQL aggregate per batch, see verify.ts checkChunk),
 * done for real on the SQLite file and on PostgreSQL. Every attack is verified twice, through the
 * block path and through the row-by-row reference path alone (`entryBlock` hidden): both must fail
 * with the same failure, naming the first bad entry. The block path must never accept a log the
 * reference path rejects.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { CompactRange, leafHash } from './merkle.js';
import { openAuditLog, openStore } from './open.js';
import { buildAuditRecord } from './record.js';
import type { AuditStore } from './stores/types.js';
import { verifyStore, type VerifyFailure, type VerifyResult } from './verify.js';
import { readWitness } from './witness.js';
import { dropSchema, pgExec, pgReachable, PG_HOW, PG_NEED, PG_URL, uniqueSchema } from '../../test/helpers/audit/pg.js';
import { requireOrSkip } from '../../test/helpers/requires.js';
import { frozenClock, sampleContext, tempDir, testKeys } from '../../test/helpers/audit/fixtures.js';

const keys = testKeys();
const ENTRIES = 600;
const opts = { verifiers: [keys.verifier], origin: keys.origin };

interface Harness {
  kind: 'sqlite' | 'postgres';
  url: string;
  witness: string;
  /** Runs SQL written with `?` placeholders, triggers off (the attacker owns the database). */
  exec(sql: string, params?: unknown[]): Promise<Array<Record<string, unknown>>>;
  cleanup(): Promise<void>;
}

function sqliteHarness(): Harness {
  const path = join(tempDir(), 'audit.db');
  return {
    kind: 'sqlite',
    url: `sqlite:${path}`,
    witness: `${path}.witness`,
    async exec(sql, params = []) {
      const db = new Database(path);
      try {
        db.exec('DROP TRIGGER IF EXISTS audit_entries_no_delete; DROP TRIGGER IF EXISTS audit_entries_prune_only; DROP TRIGGER IF EXISTS audit_checkpoints_no_delete;');
        const st = db.prepare(sql);
        return st.reader ? (st.all(...params) as Array<Record<string, unknown>>) : (st.run(...params), []);
      } finally {
        db.close();
      }
    },
    async cleanup() {},
  };
}

function pgHarness(): Harness {
  const schema = uniqueSchema('blockatk');
  return {
    kind: 'postgres',
    url: `${PG_URL}?schema=${schema}`,
    witness: join(tempDir(), 'audit.witness'),
    async exec(sql, params = []) {
      let i = 0;
      const text = sql.replace(/\?/g, () => `$${++i}`);
      await pgExec(schema, 'ALTER TABLE audit_entries DISABLE TRIGGER USER; ALTER TABLE audit_checkpoints DISABLE TRIGGER USER');
      return (await pgExec(schema, text, params)).rows as Array<Record<string, unknown>>;
    },
    cleanup: () => dropSchema(schema),
  };
}

async function build(h: Harness, n = ENTRIES): Promise<void> {
  const clock = frozenClock();
  const log = await openAuditLog(h.url, { keys, clock, checkpointEvery: 100, checkpointIntervalMs: 0, maxBatch: 10, witnessPath: h.witness });
  try {
    for (let i = 0; i < n; i += 10) {
      await Promise.all(Array.from({ length: 10 }, (_, j) => log.append(buildAuditRecord(sampleContext(i + j, clock), keys))));
      clock.advance(1000);
    }
  } finally {
    await log.close();
  }
}

/** Verifies through the block path and through the row path alone. */
async function verifyBoth(h: Harness, batchSize = 256): Promise<{ block: VerifyResult; rows: VerifyResult; rowReads: number }> {
  const store = await openStore(h.url);
  try {
    const w = readWitness(h.witness);
    const o = { ...opts, ...(w ? { witnesses: [w] } : {}), batchSize };
    let rowReads = 0;
    const entries = store.entries.bind(store);
    (store as { entries: AuditStore['entries'] }).entries = (s, l) => (rowReads++, entries(s, l));
    const block = await verifyStore(store, o);
    const reads = rowReads;
    (store as { entryBlock?: unknown }).entryBlock = undefined;
    const rows = await verifyStore(store, o);
    return { block, rows, rowReads: reads };
  } finally {
    await store.close();
  }
}

/** Both paths fail, with the same failure, matching `want`. */
async function expectCaught(h: Harness, want: Partial<VerifyFailure> & { message?: unknown }): Promise<VerifyResult> {
  const { block, rows } = await verifyBoth(h);
  expect(rows.ok).toBe(false);
  expect(rows.failure).toMatchObject(want);
  expect(block.ok).toBe(false);
  expect(block.failure).toEqual(rows.failure);
  return block;
}

async function leafOf(h: Harness, idx: number): Promise<Buffer> {
  const [row] = await h.exec('SELECT leaf FROM audit_entries WHERE idx = ?', [idx]);
  return Buffer.from(row!.leaf as Uint8Array);
}

async function hashOf(h: Harness, idx: number): Promise<Buffer> {
  const [row] = await h.exec('SELECT leaf_hash FROM audit_entries WHERE idx = ?', [idx]);
  return Buffer.from(row!.leaf_hash as Uint8Array);
}

async function resetState(h: Harness): Promise<void> {
  const rows = await h.exec('SELECT leaf_hash FROM audit_entries ORDER BY idx');
  const cr = new CompactRange();
  for (const r of rows) cr.append(Buffer.from(r.leaf_hash as Uint8Array));
  await h.exec('UPDATE audit_state SET size = ?, frontier = ?, cp_size = 0 WHERE id = 1', [cr.size, cr.serialize()]);
}

const pgOk = await pgReachable();

for (const [name, make, enabled] of [['SQLite file', sqliteHarness, true], ['PostgreSQL', pgHarness, pgOk]] as const) {
  requireOrSkip(PG_NEED, enabled, PG_HOW)(`block verification under attack on ${name}`, () => {
    const harnesses: Harness[] = [];
    const fresh = async (n = ENTRIES) => {
      const h = make();
      harnesses.push(h);
      await build(h, n);
      return h;
    };
    afterAll(async () => {
      for (const h of harnesses) await h.cleanup();
    });

    it('an intact log verifies from blocks alone, the same as row by row', async () => {
      const h = await fresh();
      const { block, rows, rowReads } = await verifyBoth(h);
      expect(block).toMatchObject({ ok: true, entries: ENTRIES, latestCheckpoint: ENTRIES });
      expect(rows).toMatchObject({ ok: true, root: block.root, checkpoints: block.checkpoints });
      expect(rowReads).toBe(0);
    });

    it('an edited byte anywhere in a leaf (prefix, middle, last byte) names that entry', async () => {
      const h = await fresh();
      for (const [idx, at] of [[255, 8], [256, -1], [300, 40], [599, -2]] as const) {
        const leaf = await leafOf(h, idx);
        const k = at < 0 ? leaf.length + at : at;
        const bad = Buffer.from(leaf);
        bad[k] = (bad[k] as number) ^ 0x01;
        await h.exec('UPDATE audit_entries SET leaf = ? WHERE idx = ?', [bad, idx]);
        await expectCaught(h, { kind: 'entry', at: idx });
        await h.exec('UPDATE audit_entries SET leaf = ? WHERE idx = ?', [leaf, idx]);
      }
      expect((await verifyBoth(h)).block.ok).toBe(true);
    });

    it('an edited byte in a leaf hash names that entry', async () => {
      const h = await fresh();
      const hash = await hashOf(h, 300);
      const bad = Buffer.from(hash);
      bad[31] = (bad[31] as number) ^ 0x80;
      await h.exec('UPDATE audit_entries SET leaf_hash = ? WHERE idx = ?', [bad, 300]);
      await expectCaught(h, { kind: 'entry', at: 300, message: expect.stringContaining('edited') });
    });

    it('leaf hashes re-split across two rows (33 + 31 bytes, same concatenation) are malformed', async () => {
      const h = await fresh();
      const [a, b] = [await hashOf(h, 300), await hashOf(h, 301)];
      await h.exec('UPDATE audit_entries SET leaf_hash = ? WHERE idx = ?', [a.subarray(0, 31), 300]);
      await h.exec('UPDATE audit_entries SET leaf_hash = ? WHERE idx = ?', [Buffer.concat([a.subarray(31), b]), 301]);
      await expectCaught(h, { kind: 'entry', at: 300, message: expect.stringContaining('malformed') });
    });

    it('leaf hashes re-split across two pruned rows are malformed', async () => {
      const h = await fresh();
      const [a, b] = [await hashOf(h, 300), await hashOf(h, 301)];
      await h.exec('UPDATE audit_entries SET leaf = NULL WHERE idx IN (300, 301)');
      // leaves blanked by hand, with no logged prune: the record content is gone, which is tampering
      await expectCaught(h, { kind: 'entry', at: 300, message: expect.stringContaining('no logged prune') });
      await h.exec('UPDATE audit_entries SET leaf_hash = ? WHERE idx = ?', [Buffer.concat([a, b.subarray(0, 1)]), 300]);
      await h.exec('UPDATE audit_entries SET leaf_hash = ? WHERE idx = ?', [b.subarray(1), 301]);
      await expectCaught(h, { kind: 'entry', at: 300, message: expect.stringContaining('malformed') });
    });

    it('an empty leaf hash next to a 64-byte one is malformed', async () => {
      const h = await fresh();
      const [a, b] = [await hashOf(h, 300), await hashOf(h, 301)];
      await h.exec('UPDATE audit_entries SET leaf = NULL WHERE idx IN (300, 301)');
      await h.exec('UPDATE audit_entries SET leaf_hash = ? WHERE idx = ?', [Buffer.concat([a, b]), 300]);
      await h.exec('UPDATE audit_entries SET leaf_hash = ? WHERE idx = ?', [Buffer.alloc(0), 301]);
      await expectCaught(h, { kind: 'entry', at: 300, message: expect.stringContaining('malformed') });
    });

    it('a deleted entry, also the last or first of a read batch, is caught', async () => {
      for (const idx of [77, 256, 511]) {
        const h = await fresh();
        await h.exec('DELETE FROM audit_entries WHERE idx = ?', [idx]);
        await expectCaught(h, { kind: 'entry', at: idx, message: expect.stringContaining('missing') });
      }
    });

    it('the deleted last entry of a batch with later checkpoints and the state rewritten still names the entry', async () => {
      const h = await fresh();
      await h.exec('DELETE FROM audit_entries WHERE idx = ?', [255]);
      await h.exec('DELETE FROM audit_checkpoints WHERE size > ?', [255]);
      // State repaired for the first 255 entries: the entries behind the gap are still there.
      const rows = await h.exec('SELECT leaf_hash FROM audit_entries WHERE idx < 255 ORDER BY idx');
      const cr = new CompactRange();
      for (const r of rows) cr.append(Buffer.from(r.leaf_hash as Uint8Array));
      await h.exec('UPDATE audit_state SET size = ?, frontier = ?, cp_size = 0 WHERE id = 1', [cr.size, cr.serialize()]);
      await expectCaught(h, { kind: 'entry', at: 255, message: expect.stringContaining('missing') });
    });

    it('swapped entries (whole rows re-inserted under each other\'s idx) name the first', async () => {
      const h = await fresh();
      const rows = await h.exec('SELECT idx, ts, leaf, leaf_hash FROM audit_entries WHERE idx IN (300, 301) ORDER BY idx');
      await h.exec('DELETE FROM audit_entries WHERE idx IN (300, 301)');
      for (const [i, r] of [[300, rows[1]!], [301, rows[0]!]] as const) {
        await h.exec('INSERT INTO audit_entries(idx, ts, leaf, leaf_hash) VALUES (?, ?, ?, ?)', [i, r.ts, r.leaf, r.leaf_hash]);
      }
      await expectCaught(h, { kind: 'entry', at: 300, message: expect.stringContaining('swapped') });
    });

    it('swapped pruned entries (hash only) fail at the next checkpoint', async () => {
      const h = await fresh();
      const [a, b] = [await hashOf(h, 300), await hashOf(h, 301)];
      await h.exec('UPDATE audit_entries SET leaf = NULL WHERE idx IN (300, 301)');
      await h.exec('UPDATE audit_entries SET leaf_hash = ? WHERE idx = ?', [b, 300]);
      await h.exec('UPDATE audit_entries SET leaf_hash = ? WHERE idx = ?', [a, 301]);
      await expectCaught(h, { kind: 'checkpoint', at: 400 });
    });

    it('an edited ts column, or one too long to parse, names the entry', async () => {
      const h = await fresh();
      await h.exec('UPDATE audit_entries SET ts = ts + 1 WHERE idx = ?', [300]);
      await expectCaught(h, { kind: 'entry', at: 300, message: expect.stringContaining('timestamp') });
      await h.exec('UPDATE audit_entries SET ts = ts - 1 + 10000000000000000 WHERE idx = ?', [300]);
      await expectCaught(h, { kind: 'entry', at: 300, message: expect.stringContaining('timestamp') });
      await h.exec('UPDATE audit_entries SET ts = -(ts - 10000000000000000) WHERE idx = ?', [300]);
      await expectCaught(h, { kind: 'entry', at: 300, message: expect.stringContaining('timestamp') });
    });

    it('a leaf moved behind a NUL into the next row (the concatenation unchanged) is caught', async () => {
      const h = await fresh();
      const [a, b] = [await leafOf(h, 300), await leafOf(h, 301)];
      const joined = Buffer.concat([a, Buffer.from([0]), b]);
      await h.exec('UPDATE audit_entries SET leaf = ?, leaf_hash = ? WHERE idx = ?', [joined, leafHash(joined), 300]);
      await h.exec('UPDATE audit_entries SET leaf = NULL WHERE idx = ?', [301]);
      await expectCaught(h, { kind: 'checkpoint', at: 400 });
    });

    it('a leaf with separators (comma, NUL) appended and its hash recomputed fails at the checkpoint', async () => {
      const h = await fresh();
      const a = await leafOf(h, 300);
      const forged = Buffer.concat([a, Buffer.from(',\0,-1,')]);
      await h.exec('UPDATE audit_entries SET leaf = ?, leaf_hash = ? WHERE idx = ?', [forged, leafHash(forged), 300]);
      await expectCaught(h, { kind: 'checkpoint', at: 400 });
    });

    it('a truncated leaf (cut inside its prefix) is not a canonical leaf', async () => {
      const h = await fresh();
      for (const cut of [3, 9, 14, 17]) {
        const leaf = await leafOf(h, 300);
        const short = leaf.subarray(0, cut);
        await h.exec('UPDATE audit_entries SET leaf = ?, leaf_hash = ? WHERE idx = ?', [short, leafHash(short), 300]);
        await expectCaught(h, { kind: 'entry', at: 300, message: expect.stringContaining('canonical') });
        await h.exec('UPDATE audit_entries SET leaf = ?, leaf_hash = ? WHERE idx = ?', [leaf, leafHash(leaf), 300]);
      }
    });

    it('an empty leaf is not a canonical leaf', async () => {
      const h = await fresh();
      await h.exec('UPDATE audit_entries SET leaf = ?, leaf_hash = ? WHERE idx = ?', [Buffer.alloc(0), leafHash(Buffer.alloc(0)), 300]);
      await expectCaught(h, { kind: 'entry', at: 300, message: expect.stringContaining('canonical') });
    });

    it('a row inserted after the end fails the state; with the state rewritten it is an unsigned tail', async () => {
      const h = await fresh();
      const extra = Buffer.from((await leafOf(h, 599)).toString('utf8').replace('{"seq":599,', '{"seq":600,'));
      const [row] = await h.exec('SELECT ts FROM audit_entries WHERE idx = ?', [599]);
      await h.exec('INSERT INTO audit_entries(idx, ts, leaf, leaf_hash) VALUES (?, ?, ?, ?)', [600, row!.ts, extra, leafHash(extra)]);
      await expectCaught(h, { kind: 'state' });
      await resetState(h);
      const { block, rows } = await verifyBoth(h);
      expect(block).toMatchObject({ ok: true, entries: 601, unsignedTail: 1 });
      expect(rows).toMatchObject({ ok: true, entries: 601, unsignedTail: 1 });
    });

    it('a row stored beyond a gap after the end is caught', async () => {
      const h = await fresh();
      const extra = Buffer.from((await leafOf(h, 599)).toString('utf8').replace('{"seq":599,', '{"seq":1000000,'));
      const [row] = await h.exec('SELECT ts FROM audit_entries WHERE idx = ?', [599]);
      await h.exec('INSERT INTO audit_entries(idx, ts, leaf, leaf_hash) VALUES (?, ?, ?, ?)', [1_000_000, row!.ts, extra, leafHash(extra)]);
      await expectCaught(h, { kind: 'entry', at: 600, message: expect.stringContaining('1000000') });
    });

    it('a row stored at a negative index is caught', async () => {
      const h = await fresh();
      const leaf = await leafOf(h, 0);
      const [row] = await h.exec('SELECT ts FROM audit_entries WHERE idx = ?', [0]);
      await h.exec('INSERT INTO audit_entries(idx, ts, leaf, leaf_hash) VALUES (?, ?, ?, ?)', [-1, row!.ts, leaf, leafHash(leaf)]);
      await expectCaught(h, { kind: 'entry', at: -1, message: expect.stringContaining('negative') });
    });

    it('a duplicated idx (primary key dropped, the next entry renumbered onto it) names the missing entry', async () => {
      const h = await fresh();
      if (h.kind === 'sqlite') {
        await h.exec('CREATE TABLE e2(idx INTEGER, ts INTEGER NOT NULL, leaf BLOB, leaf_hash BLOB NOT NULL)');
        await h.exec('INSERT INTO e2 SELECT * FROM audit_entries ORDER BY idx');
        await h.exec('DROP TABLE audit_entries');
        await h.exec('ALTER TABLE e2 RENAME TO audit_entries');
        await h.exec('CREATE INDEX audit_entries_idx ON audit_entries(idx)');
      } else {
        await h.exec('ALTER TABLE audit_entries DROP CONSTRAINT audit_entries_pkey');
        await h.exec('CREATE INDEX audit_entries_idx ON audit_entries(idx, ts, leaf_hash)');
      }
      // Rows 300 and 301 become two rows with idx 300 (the data of both still in order).
      await h.exec('UPDATE audit_entries SET idx = 300 WHERE idx = 301');
      // Rows 300, 300 in stored order: entry 301 is missing; in the other order, 300 holds record 301.
      const r = await expectCaught(h, { kind: 'entry' });
      if (r.failure!.at === 301) expect(r.failure!.message).toContain('missing');
      else expect(r.failure).toMatchObject({ at: 300, message: expect.stringContaining('swapped') });
      if (h.kind === 'sqlite') expect(r.failure!.at).toBe(301);
    });

    it('a tile edited or deleted is named', async () => {
      const h = await fresh();
      const [t] = await h.exec('SELECT hash FROM audit_tiles WHERE level = 8 AND idx = 1');
      const bad = Buffer.from(t!.hash as Uint8Array);
      bad[0] = (bad[0] as number) ^ 1;
      await h.exec('UPDATE audit_tiles SET hash = ? WHERE level = 8 AND idx = 1', [bad]);
      await expectCaught(h, { kind: 'tile', at: 1 });
      await h.exec('DELETE FROM audit_tiles WHERE level = 8 AND idx = 1');
      await expectCaught(h, { kind: 'tile', at: 1 });
    });

    it('a truncated tail fails against the last signed checkpoint', async () => {
      const h = await fresh();
      await h.exec('DELETE FROM audit_entries WHERE idx >= ?', [550]);
      await resetState(h);
      await expectCaught(h, { kind: 'checkpoint', at: 600, message: expect.stringContaining('truncated') });
    });

    it('a rewritten record (hash recomputed) fails at its checkpoint; behind a deleted checkpoint, at the witness', async () => {
      const h = await fresh();
      const forged = Buffer.from((await leafOf(h, 520)).toString('utf8').replace('"PG_OK"', '"PG_AUTHZ_ROLE"'));
      await h.exec('UPDATE audit_entries SET leaf = ?, leaf_hash = ? WHERE idx = ?', [forged, leafHash(forged), 520]);
      await expectCaught(h, { kind: 'checkpoint', at: 600, message: expect.stringContaining('fork') });
      await h.exec('DELETE FROM audit_checkpoints WHERE size > ?', [500]);
      await resetState(h);
      await expectCaught(h, { kind: 'witness', at: 600 });
    });

    if (name === 'SQLite file') {
      // Type changes that keep the bytes: the reference path rejects them, so the block path must too.
      it('a ts column stored as a BLOB of the same digits names the entry', async () => {
        const h = await fresh();
        await h.exec('UPDATE audit_entries SET ts = CAST(CAST(ts AS TEXT) AS BLOB) WHERE idx = ?', [300]);
        expect((await h.exec('SELECT typeof(ts) AS t FROM audit_entries WHERE idx = 300'))[0]!.t).toBe('blob');
        await expectCaught(h, { kind: 'entry', at: 300, message: expect.stringContaining('timestamp') });
      });

      it('a leaf stored as TEXT with the same bytes names the entry', async () => {
        const h = await fresh();
        await h.exec('UPDATE audit_entries SET leaf = CAST(leaf AS TEXT) WHERE idx = ?', [300]);
        expect((await h.exec('SELECT typeof(leaf) AS t FROM audit_entries WHERE idx = 300'))[0]!.t).toBe('text');
        await expectCaught(h, { kind: 'entry', at: 300, message: expect.stringContaining('canonical') });
      });

      it('a leaf hash stored as TEXT with the same bytes names the entry', async () => {
        const h = await fresh();
        await h.exec('UPDATE audit_entries SET leaf_hash = CAST(leaf_hash AS TEXT) WHERE idx = ?', [300]);
        expect((await h.exec('SELECT typeof(leaf_hash) AS t FROM audit_entries WHERE idx = 300'))[0]!.t).toBe('text');
        await expectCaught(h, { kind: 'entry', at: 300, message: expect.stringContaining('malformed') });
      });

      it('a leaf stored as TEXT with a NUL inside names the entry', async () => {
        const h = await fresh();
        const leaf = await leafOf(h, 300);
        await h.exec('UPDATE audit_entries SET leaf = CAST(? AS TEXT) WHERE idx = ?', [Buffer.concat([leaf, Buffer.from([0])]), 300]);
        await expectCaught(h, { kind: 'entry', at: 300 });
      });

      it('an empty TEXT or an integer 0 as leaf is not a pruned entry', async () => {
        const h = await fresh();
        await h.exec("UPDATE audit_entries SET leaf = '' WHERE idx = ?", [300]);
        await expectCaught(h, { kind: 'entry', at: 300, message: expect.stringContaining('canonical') });
        await h.exec('UPDATE audit_entries SET leaf = 0 WHERE idx = ?', [300]);
        await expectCaught(h, { kind: 'entry', at: 300, message: expect.stringContaining('canonical') });
      });

      it('an untyped table with idx, ts and hashes as other types names the first odd entry', async () => {
        const h = await fresh();
        await h.exec('CREATE TABLE e2(idx, ts, leaf, leaf_hash)');
        await h.exec('INSERT INTO e2 SELECT * FROM audit_entries ORDER BY idx');
        await h.exec('DROP TABLE audit_entries');
        await h.exec('ALTER TABLE e2 RENAME TO audit_entries');
        await h.exec('CREATE INDEX audit_entries_idx ON audit_entries(idx)');
        await h.exec('UPDATE audit_entries SET ts = CAST(ts AS TEXT) WHERE idx = ?', [300]);
        await expectCaught(h, { kind: 'entry', at: 300, message: expect.stringContaining('timestamp') });
      });
    } else {
      it('a leaf column changed to text does not make verification throw: the entry is named', async () => {
        const h = await fresh();
        await h.exec("ALTER TABLE audit_entries ALTER COLUMN leaf TYPE text USING convert_from(leaf, 'UTF8')");
        await expectCaught(h, { kind: 'entry', at: 0, message: expect.stringContaining('canonical') });
      });

      it('a leaf_hash column changed to text names the entry', async () => {
        const h = await fresh();
        await h.exec("ALTER TABLE audit_entries ALTER COLUMN leaf_hash TYPE text USING encode(leaf_hash, 'escape')");
        await expectCaught(h, { kind: 'entry', at: 0, message: expect.stringContaining('malformed') });
      });

      it('NULL ts and leaf_hash (NOT NULL dropped) name the entry', async () => {
        const h = await fresh();
        await h.exec('ALTER TABLE audit_entries ALTER COLUMN ts DROP NOT NULL, ALTER COLUMN leaf_hash DROP NOT NULL');
        await h.exec('UPDATE audit_entries SET leaf_hash = NULL WHERE idx = ?', [301]);
        await expectCaught(h, { kind: 'entry', at: 301, message: expect.stringContaining('malformed') });
        await h.exec('UPDATE audit_entries SET ts = NULL WHERE idx = ?', [300]);
        await expectCaught(h, { kind: 'entry', at: 300, message: expect.stringContaining('timestamp') });
      });

      it('a ts column changed to numeric or text with the same values still verifies the same', async () => {
        const h = await fresh();
        await h.exec('ALTER TABLE audit_entries ALTER COLUMN ts TYPE numeric');
        const { block, rows } = await verifyBoth(h);
        expect(block.ok).toBe(rows.ok);
        await h.exec('UPDATE audit_entries SET ts = ts + 0.5 WHERE idx = ?', [300]);
        await expectCaught(h, { kind: 'entry', at: 300, message: expect.stringContaining('timestamp') });
      });
    }
  });
}

const distVerify = new URL('../../dist/audit/verify-parallel.js', import.meta.url);
const built = existsSync(fileURLToPath(distVerify)) && existsSync(fileURLToPath(new URL('../../dist/audit/verify-worker.js', import.meta.url)));

requireOrSkip('the compiled build (dist/)', built, 'run `npm run build`')('parallel verification under attack (compiled build)', () => {
  it('names the first bad entry when a later chunk fails first, and never accepts what the rows reject', async () => {
    const p = (await import(distVerify.href)) as typeof import('./verify-parallel.js');
    const a = (await import(new URL('../../dist/audit/index.js', import.meta.url).href)) as typeof import('./index.js');
    const h = sqliteHarness();
    await build(h, 3000);
    const run = async () => {
      const store = await a.openStore(h.url, { readOnly: true });
      try {
        return await p.verifyParallel(store, { ...opts, workers: 3, chunkHeight: 8 });
      } finally {
        await store.close();
      }
    };
    expect(await run()).toMatchObject({ ok: true, entries: 3000, workers: 3 });
    const [x, y] = [await hashOf(h, 2000), await hashOf(h, 2001)];
    await h.exec('UPDATE audit_entries SET leaf_hash = ? WHERE idx = ?', [x.subarray(0, 31), 2000]);
    await h.exec('UPDATE audit_entries SET leaf_hash = ? WHERE idx = ?', [Buffer.concat([x.subarray(31), y]), 2001]);
    expect((await run()).failure).toMatchObject({ kind: 'entry', at: 2000, message: expect.stringContaining('malformed') });
    await h.exec('DELETE FROM audit_entries WHERE idx = ?', [1700]);
    expect((await run()).failure).toMatchObject({ kind: 'entry', at: 1700, message: expect.stringContaining('missing') });
    await h.exec('UPDATE audit_entries SET ts = CAST(CAST(ts AS TEXT) AS BLOB) WHERE idx = ?', [400]);
    expect((await run()).failure).toMatchObject({ kind: 'entry', at: 400, message: expect.stringContaining('timestamp') });
  });
});
