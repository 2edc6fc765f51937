import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { openAuditLog } from '../../src/audit/open.js';
import { buildAuditRecord } from '../../src/audit/record.js';
import { encodeVerifierKey, generateSeed, publicKeyFromSeed } from '../../src/audit/note.js';
import { sampleContext, tempDir, frozenClock } from '../helpers/audit/fixtures.js';
import { runAudit as run } from '../helpers/audit-cli.js';

describe('phiguard audit CLI', () => {
  const dir = tempDir();
  const db = join(dir, 'cli.db');
  const store = `sqlite:${db}`;

  beforeAll(async () => {
    const clock = frozenClock(Date.now() - 86_400_000);
    const log = await openAuditLog(store, { clock, checkpointIntervalMs: 0, checkpointEvery: 20 });
    for (let i = 0; i < 60; i++) {
      const over = i % 10 === 0 ? { outcome: { stage: 'authorize' as const, code: 'PG_AUTHZ_ROLE' as const, status: 403 } } : {};
      const ctx = sampleContext(i, clock, over);
      if (i === 7) ctx.access = { patient: 'Patient/pat-7', purposeOfUse: 'ETREAT', breakGlass: { reason: 'unconscious patient', justificationDigest: 'ab'.repeat(16) } };
      await log.append(buildAuditRecord(ctx, log.keys));
      clock.advance(1000);
    }
    await log.close();
  });

  it('verify: exit 0 on an intact store (public key and witness next to the db)', async () => {
    const r = await run('verify', '--store', store);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^OK .*60 entries, \d+ signed checkpoints .*witness consistent/);
  });

  it('query --patient: accounting of disclosures for one patient, in json, csv and fhir', async () => {
    const json = JSON.parse((await run('query', '--store', store, '--patient', 'pat-3')).out) as Array<{ index: number; date: string; purpose: string; description: string; recipient: { roles: string[] } }>;
    expect(json.map((r) => r.index)).toEqual([3]);
    expect(json[0]).toMatchObject({ purpose: 'TREAT', recipient: { roles: ['clinician'] }, description: expect.stringContaining('read Patient via route patient-read (GET /Patient/{id})') });
    const same = JSON.parse((await run('query', '--store', store, '--patient', 'Patient/pat-3')).out);
    expect(same).toHaveLength(1);

    const csv = (await run('query', '--store', store, '--user', 'https://idp.example|dr-3', '--format', 'csv')).out.trim().split('\n');
    expect(csv[0]).toMatch(/^index,date,type,user,/);
    expect(csv.slice(1).map((l) => Number(l.split(',')[0]))).toEqual([3, 16, 29, 42, 55]);

    const bundle = JSON.parse((await run('query', '--store', store, '--patient', 'pat-7', '--format', 'fhir')).out);
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 1 });
    const ev = bundle.entry[0].resource;
    expect(ev).toMatchObject({ resourceType: 'AuditEvent', action: 'R', outcome: '0', type: { code: 'rest' }, subtype: [{ code: 'read' }] });
    expect(ev.meta.profile[0]).toMatch(/IHE\.BasicAudit\.PatientRead$/);
    expect(ev.entity[0]).toMatchObject({ role: { code: '1' }, what: { identifier: { value: expect.stringMatching(/^[0-9a-f]{32}$/) } } });
    expect(JSON.stringify(bundle)).not.toContain('pat-7');
  });

  it('query --outcome denied and --break-glass', async () => {
    const denied = JSON.parse((await run('query', '--store', store, '--outcome', 'denied')).out) as Array<{ index: number; outcome: string }>;
    expect(denied.map((r) => r.index)).toEqual([0, 10, 20, 30, 40, 50]);
    expect(new Set(denied.map((r) => r.outcome))).toEqual(new Set(['PG_AUTHZ_ROLE']));
    const bg = JSON.parse((await run('query', '--store', store, '--break-glass')).out) as Array<{ index: number; breakGlass: { reason: string } }>;
    expect(bg.map((r) => r.index)).toEqual([7]);
    expect(bg[0]!.breakGlass.reason).toBe('unconscious patient');
    const none = JSON.parse((await run('query', '--store', store, '--until', '2020-01-01')).out);
    expect(none).toEqual([]);
  });

  it('detail: decrypts one entry for a review, and logs the review first', async () => {
    const r = await run('detail', '--store', store, '--index', '7', '--reason', 'complaint #12');
    expect(JSON.parse(r.out)).toMatchObject({ patients: ['Patient/pat-7'], user: 'https://idp.example|dr-7' });
    const reviews = JSON.parse((await run('query', '--store', store, '--type', 'review')).out) as Array<{ leaf: { what: Record<string, unknown> } }>;
    expect(reviews).toHaveLength(1);
    expect(reviews[0]!.leaf.what).toMatchObject({ entry: 7, outcome: 'disclosed', reviewer: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(JSON.stringify(reviews)).not.toContain('complaint');
    expect((await run('verify', '--store', store)).code).toBe(0);
  });

  it('export carries what verifies it: verify --store ndjson:FILE needs nothing else, and says whose key it used', async () => {
    const out = join(dir, 'export-self.ndjson');
    const ex = await run('export', '--store', store, '--out', out);
    expect(ex.err).toContain(`phiguard audit verify --store ndjson:${out}`);
    const pub = readFileSync(`${db}.pub`, 'utf8').trim();
    expect(readFileSync(`${out}.pub`, 'utf8').trim()).toBe(pub);
    expect(JSON.parse(readFileSync(out, 'utf8').split('\n')[0]!)).toMatchObject({ format: 'phiguard-audit-export/1', verifierKeys: [pub] });
    const ok = await run('verify', '--store', `ndjson:${out}`, '--no-witness');
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(new RegExp(`^OK ndjson:${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\d+ entries`));
    expect(ok.err).toContain(`from ${out}.pub`);
    expect(ok.err).toContain('pin the key you trust with --public-key');
    // Without FILE.pub, the key in the header verifies it.
    unlinkSync(`${out}.pub`);
    const header = await run('verify', '--store', `ndjson:${out}`, '--no-witness');
    expect(header.code).toBe(0);
    expect(header.err).toContain('from the export header');
    // A pinned key that did not sign the log: a clear failure naming the signer, not a damaged log.
    const other = join(dir, 'other.pub');
    writeFileSync(other, `${encodeVerifierKey('other.example/audit', publicKeyFromSeed(generateSeed()))}\n`);
    const wrong = await run('verify', '--store', `ndjson:${out}`, '--public-key', other, '--no-witness');
    expect(wrong.code).toBe(1);
    expect(wrong.out).toMatch(/^FAIL ndjson:.*: the checkpoints are signed by \S+ \(key id [0-9a-f]{8}\), not by the verifier key used, other\.example\/audit/);
    // An export with no key and no .pub says what to pass.
    const lines = readFileSync(out, 'utf8').split('\n');
    const h = JSON.parse(lines[0]!) as Record<string, unknown>;
    delete h.verifierKeys;
    lines[0] = JSON.stringify(h);
    writeFileSync(out, lines.join('\n'));
    await expect(run('verify', '--store', `ndjson:${out}`, '--no-witness')).rejects.toThrow(/no public key: .* pass --public-key FILE/);
  });

  it('export verifies offline with only the public key; an edited export fails', async () => {
    const out = join(dir, 'export.ndjson');
    await run('export', '--store', store, '--out', out);
    const ok = await run('verify', '--store', `ndjson:${out}`, '--public-key', `${db}.pub`, '--no-witness');
    expect(ok.code).toBe(0);
    expect(ok.err).not.toContain('came with the export');
    const lines = readFileSync(out, 'utf8').split('\n');
    const e = JSON.parse(lines[6]!) as { e: [number, number, string, string] };
    const leaf = Buffer.from(e.e[2], 'base64').toString('utf8').replace('clinician', 'clinicia_');
    e.e[2] = Buffer.from(leaf).toString('base64');
    lines[6] = JSON.stringify(e);
    writeFileSync(out, lines.join('\n'));
    const bad = await run('verify', '--store', `ndjson:${out}`, '--public-key', `${db}.pub`, '--no-witness');
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/^FAIL .*entry 5: .*edited/);
    // The same edit is caught with the key the export carries.
    expect((await run('verify', '--store', `ndjson:${out}`, '--no-witness')).code).toBe(1);
  });

  it('verify: exit 1 naming the entry when one byte of the SQLite file changed', async () => {
    const raw = new Database(db);
    raw.exec('DROP TRIGGER audit_entries_prune_only');
    const row = raw.prepare('SELECT leaf FROM audit_entries WHERE idx = 42').get() as { leaf: Buffer };
    row.leaf[row.leaf.length - 5] = (row.leaf[row.leaf.length - 5] as number) ^ 0x20;
    raw.prepare('UPDATE audit_entries SET leaf = ? WHERE idx = 42').run(row.leaf);
    raw.close();
    const r = await run('verify', '--store', store);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^FAIL sqlite:.*: entry 42: record bytes do not match the leaf hash/);
  });
});
