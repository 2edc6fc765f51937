import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openCheckpoint } from './checkpoint.js';
import { decryptDetail } from './detail.js';
import { patientRef } from './keys.js';
import { verifyConsistency, verifyInclusion } from './merkle.js';
import { openAuditLog, openStore } from './open.js';
import { buildAuditRecord, parseLeaf } from './record.js';
import { verifyStore, type VerifyResult } from './verify.js';
import type { AuditLog } from './log.js';
import { frozenClock, sampleContext, tempDir, testKeys } from '../../test/helpers/audit/fixtures.js';

const open: AuditLog[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((l) => l.close().catch(() => undefined)));
});

describe('audit log on SQLite', () => {
  it('appends concurrently, returns receipts, proves inclusion and consistency against signed checkpoints', async () => {
    const dir = tempDir();
    const keys = testKeys();
    const clock = frozenClock();
    const log = await openAuditLog(`sqlite:${join(dir, 'a.db')}`, { keys, clock, checkpointEvery: 100, checkpointIntervalMs: 0, maxBatch: 50 });
    open.push(log);
    const receipts = await Promise.all(Array.from({ length: 1000 }, (_, i) => log.append(buildAuditRecord(sampleContext(i, clock), keys))));
    expect(receipts.map((r) => r.index).sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(receipts[5]!.header).toMatch(/^5\.\d+\.[A-Za-z0-9_-]{43}$/);

    const cp = await log.checkpoint();
    expect(cp?.size).toBe(1000);
    const opened = openCheckpoint(cp!.note, [keys.verifier], keys.origin)!;
    expect(opened.root.equals(await log.root())).toBe(true);

    const rows = await log.store.entries(0, 1000);
    for (const i of [0, 1, 255, 256, 511, 999]) {
      const proof = await log.inclusionProof(i, 1000);
      expect(verifyInclusion(i, 1000, rows[i]!.leafHash, proof, opened.root)).toBe(true);
      expect(verifyInclusion(i, 1000, rows[(i + 1) % 1000]!.leafHash, proof, opened.root)).toBe(false);
    }
    const cps = await log.store.checkpoints(0, 100);
    expect(cps.length).toBeGreaterThanOrEqual(10);
    for (const c of cps) {
      const old = openCheckpoint(c.note, [keys.verifier], keys.origin)!;
      const proof = await log.consistencyProof(old.size, 1000);
      expect(verifyConsistency(old.size, 1000, proof, old.root, opened.root)).toBe(true);
    }
    const res = await verifyStore(log.store, { verifiers: [keys.verifier], origin: keys.origin });
    expect(res).toMatchObject({ ok: true, entries: 1000, latestCheckpoint: 1000, unsignedTail: 0 });
    expect(await log.verify()).toMatchObject({ ok: true, entries: 1000, root: res.root });
  });

  it('writes no raw identifier or PHI value into any leaf, and keeps them in a decryptable detail blob', async () => {
    const dir = tempDir();
    const keys = testKeys();
    const clock = frozenClock();
    const log = await openAuditLog(`sqlite:${join(dir, 'a.db')}`, { keys, clock, checkpointIntervalMs: 0 });
    open.push(log);
    await log.append(buildAuditRecord(sampleContext(3, clock), keys));
    await log.flush();
    const [e] = await log.store.entries(0, 1);
    const text = e!.leaf!.toString('utf8');
    for (const raw of ['pat-3', 'Jane', 'Doe', 'dr-3', 'idp.example', '203.0.113.9', '10.1.2.3', 'name=']) expect(text).not.toContain(raw);
    const leaf = parseLeaf(e!.leaf!);
    expect(leaf.what.patients).toEqual([patientRef(keys, 'pat-3')]);
    expect(leaf.what.query).toEqual({ params: ['name'], hmac: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(leaf.what.categories).toEqual({ DATE: 1, NAME: 2 });
    const row = (await log.store.detail(0))!;
    const detail = decryptDetail((await log.detailKey(row))!, row.blob) as { patients: string[]; user: string };
    expect(detail.patients).toEqual(['Patient/pat-3']);
    expect(detail.user).toBe('https://idp.example|dr-3');
    expect((leaf.what.detail as { digest: string }).digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('generates a 0600 key file and a public key next to the db on first use', async () => {
    const dir = tempDir();
    const created: string[] = [];
    const log = await openAuditLog(`sqlite:${join(dir, 'd.db')}`, { onKeyFileCreated: (p) => created.push(p), checkpointIntervalMs: 0 });
    open.push(log);
    expect(created).toEqual([join(dir, 'd.db.keys.json')]);
    const { statSync, readFileSync } = await import('node:fs');
    expect(statSync(created[0]!).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'd.db.pub'), 'utf8')).toMatch(/^phiguard\.local\/audit\+[0-9a-f]{8}\+/);
  });

  it('prunes leaf bodies and detail keys beyond retention, keeps proofs valid, and logs the prune', async () => {
    const dir = tempDir();
    const keys = testKeys();
    const clock = frozenClock(Date.UTC(2018, 0, 10));
    const log = await openAuditLog(`sqlite:${join(dir, 'p.db')}`, { keys, clock, checkpointIntervalMs: 0, checkpointEvery: 10 });
    open.push(log);
    for (let i = 0; i < 20; i++) await log.append(buildAuditRecord(sampleContext(i, clock), keys));
    clock.t = Date.UTC(2019, 5, 1);
    for (let i = 20; i < 30; i++) await log.append(buildAuditRecord(sampleContext(i, clock), keys));
    clock.t = Date.UTC(2026, 0, 1);
    await expect(log.prune(Date.UTC(2021, 0, 1))).rejects.toThrow(/retention/);
    const res = await log.prune(Date.UTC(2019, 0, 1));
    expect(res).toMatchObject({ leaves: 20, details: 20, keys: 1 });
    await log.checkpoint();
    const rowReads = vi.spyOn(log.store, 'entries');
    const v = await verifyStore(log.store, { verifiers: [keys.verifier], origin: keys.origin });
    expect(v).toMatchObject({ ok: true, entries: 31, pruned: 20 });
    expect(rowReads).not.toHaveBeenCalled(); // pruned rows are read in the block too
    const last = (await log.store.entries(30, 1))[0]!;
    expect(parseLeaf(last.leaf!).type).toBe('prune');
    expect(await log.store.detail(25)).toBeDefined();
    // A leaf blanked by hand after the pruned window keeps its hash (the tree still verifies) but the
    // record is gone: no logged prune covers it, so verification names it.
    await log.close();
    let t = await tamperThenVerify(join(dir, 'p.db'), keys, (db) => db.prepare('UPDATE audit_entries SET leaf = NULL WHERE idx = 24').run());
    expect(t).toMatchObject({ ok: false, failure: { kind: 'entry', at: 24 } });
    expect(t.failure?.message).toMatch(/no logged prune/);
    // ... also when its timestamp column is back-dated into the pruned window: one body too many
    t = await tamperThenVerify(join(dir, 'p.db'), keys, (db) => db.prepare('UPDATE audit_entries SET ts = ? WHERE idx = 24').run(Date.UTC(2018, 0, 10)));
    expect(t).toMatchObject({ ok: false, failure: { kind: 'entry' } });
    expect(t.failure?.message).toMatch(/21 bodies missing, prune events account for 20/);
  });

  it('a leaf blanked by hand with no prune event at all is tampering', async () => {
    const dir = tempDir();
    const keys = testKeys();
    const log = await openAuditLog(`sqlite:${join(dir, 'n.db')}`, { keys, checkpointIntervalMs: 0, checkpointEvery: 5 });
    for (let i = 0; i < 12; i++) await log.append(buildAuditRecord(sampleContext(i), keys));
    await log.close();
    const t = await tamperThenVerify(join(dir, 'n.db'), keys, (db) => db.prepare('UPDATE audit_entries SET leaf = NULL WHERE idx = 3').run());
    expect(t).toMatchObject({ ok: false, failure: { kind: 'entry', at: 3 } });
  });

  it('fails closed with PG_AUDIT_UNAVAILABLE when the store cannot commit', async () => {
    const dir = tempDir();
    const keys = testKeys();
    const path = join(dir, 'f.db');
    const log = await openAuditLog(`sqlite:${path}`, { keys, checkpointIntervalMs: 0 });
    open.push(log);
    await log.append(buildAuditRecord(sampleContext(0), keys));
    const db = new Database(path);
    db.exec('CREATE TRIGGER boom BEFORE INSERT ON audit_entries BEGIN SELECT RAISE(ABORT, \'disk full\'); END;');
    db.close();
    await expect(log.append(buildAuditRecord(sampleContext(1), keys))).rejects.toMatchObject({ code: 'PG_AUDIT_UNAVAILABLE' });
  });

  it('records policy, key and settings changes at startup, once per change', async () => {
    const dir = tempDir();
    const keys = testKeys();
    const url = `sqlite:${join(dir, 's.db')}`;
    const a = await openAuditLog(url, { keys, checkpointIntervalMs: 0 });
    expect(await a.noteStartup({ policy: { name: 'p', hash: 'h1' }, settings: { every: 1 } })).toBe(3);
    expect(await a.noteStartup({ policy: { name: 'p', hash: 'h1' }, settings: { every: 1 } })).toBe(0);
    await a.close();
    const b = await openAuditLog(url, { keys, checkpointIntervalMs: 0 });
    open.push(b);
    expect(await b.noteStartup({ policy: { name: 'p', hash: 'h2' }, settings: { every: 1 } })).toBe(1);
    const rows = await b.store.entries(0, 10);
    const last = parseLeaf(rows[rows.length - 1]!.leaf!);
    expect(last).toMatchObject({ type: 'policy', what: { hash: 'h2', previous: 'p h1' } });
  });
});

/** Edits a closed SQLite log with its append-only triggers dropped (as an attacker could), then verifies it. */
async function tamperThenVerify(path: string, keys: ReturnType<typeof testKeys>, edit: (db: Database.Database) => unknown): Promise<VerifyResult> {
  const db = new Database(path);
  db.exec('DROP TRIGGER IF EXISTS audit_entries_no_delete; DROP TRIGGER IF EXISTS audit_entries_prune_only;');
  edit(db);
  db.close();
  const store = await openStore(`sqlite:${path}`, { readOnly: true });
  try {
    return await verifyStore(store, { verifiers: [keys.verifier], origin: keys.origin });
  } finally {
    await store.close();
  }
}
