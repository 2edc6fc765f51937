/**
 * Monitor mode per rule (issue 11): a route's allow rule, the bulk limit, a minimum-necessary rule
 * and a PHI type can each be in monitor mode while everything else enforces. The request passes,
 * the audit record carries the would-deny decision with the rule's path, and
 * `audit query --would-deny` finds it. Protocol hazards and other (enforced) rules still deny.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryLog, type AccountingRow } from '../../src/audit/query.js';
import { formatWouldDenyReport, wouldDenyReport } from '../../src/audit/would-deny-report.js';
import { checkPolicyText } from '../../src/policy/index.js';
import { createPhiguard, type Phiguard } from '../../src/runtime/index.js';
import { simulate } from '../../src/runtime/simulate.js';
import { testIssuer, type TestIssuer } from '../helpers/test-issuer.js';

const ISS = 'https://idp.monitor.test.invalid';
let idp: TestIssuer;
let g: Phiguard;

const policy = `
version: 1
name: monitor-rules
identity:
  issuers:
    - { issuer: "${ISS}", audience: api, jwks: { file: ./jwks.json }, algorithms: [ES256], types: [at+jwt] }
roles: [clinician, billing, researcher]
access:
  scopes: { enforce: off }
  bulk: { window: 1h, maxPatients: 2, mode: monitor }
  minimumNecessary:
    rules:
      - { roles: [billing], resources: { Patient: { allow: [id, name, birthDate] } }, mode: monitor }
      - { roles: [researcher], resources: { Patient: { allow: [id, gender] } } }
routes:
  - { id: read, method: GET, path: "/Patient/{id}", resource: Patient, interaction: read, patient: "{id}", allow: { roles: [clinician, billing, researcher] } }
  - { id: notes, method: GET, path: "/Notes/{id}", allow: { roles: [clinician], mode: monitor } }
  - { id: strict, method: GET, path: "/Strict/{id}", allow: { roles: [clinician] } }
phi:
  default: mask
  actions:
    SSN: { action: remove, mode: monitor }
    PHONE: remove
`;

const token = (roles: string[], sub = 'u-1') => idp.token(roles, sub);
const patient = (id: string) => JSON.stringify({ resourceType: 'Patient', id, gender: 'female', name: [{ family: 'Example' }], birthDate: '1970-01-01', telecom: [{ system: 'phone', value: '555-867-5309' }] });
const get = async (path: string, roles: string[], body = patient('p1'), extra: Record<string, string> = {}, sub?: string) =>
  simulate(g, { target: path, headers: { authorization: `Bearer ${await token(roles, sub)}`, ...extra } }, () => ({ status: 200, headers: [['content-type', 'application/fhir+json']], body }));

async function rows(filter: Parameters<typeof queryLog>[2]): Promise<AccountingRow[]> {
  const out: AccountingRow[] = [];
  for await (const r of queryLog(g.audit.log.store, g.audit.log.keys, filter)) out.push(r);
  return out;
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pg-monitor-'));
  idp = await testIssuer(ISS, dir);
  const { policy: p, errors } = checkPolicyText(join(dir, 'policy.yaml'), policy, {});
  expect(errors).toEqual([]);
  g = await createPhiguard({ policy: p!, auditStore: 'memory:', log: () => undefined });
});
afterAll(() => g.close());

describe('a route allow rule in monitor mode', () => {
  it('passes a principal without the role and records the would-deny with the rule path', async () => {
    const r = await get('/Notes/n1', ['billing'], '{"note":"ok"}');
    expect(r.status).toBe(200);
    expect(r.ctx.decisions).toContainEqual(expect.objectContaining({ stage: 'authorize', code: 'PG_AUTHZ_ROLE', monitor: 'routes.notes.allow' }));
    const found = (await rows({ wouldDeny: true, rule: 'routes.notes.allow' })).find((x) => x.requestId === r.ctx.id);
    expect(found?.wouldDeny).toContainEqual(expect.objectContaining({ code: 'PG_AUTHZ_ROLE', rule: 'routes.notes.allow' }));
    expect(found?.denied).toBe(false);
  });

  it('the same check on an enforced route still denies', async () => {
    const r = await get('/Strict/s1', ['billing'], '{}');
    expect(r.status).toBe(403);
    expect(r.forwarded).toBe(false);
    expect(r.code).toBe('PG_AUTHZ_ROLE');
  });

  it('an invalid token still denies on the monitored route (identity is not the allow rule)', async () => {
    const r = await simulate(g, { target: '/Notes/n1', headers: { authorization: 'Bearer not.a.jwt' } }, () => ({ status: 200, body: '{}' }));
    expect(r.status).toBe(401);
    expect(r.forwarded).toBe(false);
  });

  it('a protocol hazard still denies on the monitored route', async () => {
    const r = await get('/Notes/%2e%2e/Strict/s1', ['billing'], '{}');
    expect(r.forwarded).toBe(false);
    expect(r.status).toBeGreaterThanOrEqual(400);
  });
});

describe('a PHI type in monitor mode', () => {
  it('keeps the monitored type, records would-redact, and still redacts the enforced types', async () => {
    const body = JSON.stringify({ resourceType: 'Patient', id: 'p9', text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">SSN 123-45-6789, phone 555-867-5309</div>' } });
    const r = await get('/Patient/p9', ['researcher'], body);
    expect(r.status).toBe(200);
    // researcher projection (enforced) removes text; ask as clinician (no projection) for the narrative.
    const c = await get('/Patient/p9', ['clinician'], body);
    expect(c.status).toBe(200);
    expect(c.text).toContain('123-45-6789');
    expect(c.text).not.toContain('555-867-5309');
    expect(c.ctx.decisions).toContainEqual(expect.objectContaining({ code: 'PG_PHI_REDACTED', monitor: 'phi.actions.SSN' }));
    expect((await rows({ rule: 'phi.actions.SSN' })).some((x) => x.requestId === c.ctx.id)).toBe(true);
  });
});

describe('a minimum-necessary rule in monitor mode', () => {
  it('releases every field and records how many would have been removed; the enforced rule still projects', async () => {
    const b = await get('/Patient/p2', ['billing'], patient('p2'), {}, 'billing-1');
    expect(b.status).toBe(200);
    expect((b.json as { gender?: string }).gender).toBe('female');
    expect(b.ctx.decisions).toContainEqual(expect.objectContaining({ code: 'PG_FIELDS_PROJECTED', monitor: 'access.minimumNecessary.rules[0]' }));
    const r = await get('/Patient/p3', ['researcher'], patient('p3'), {}, 'researcher-1');
    expect(r.status).toBe(200);
    expect((r.json as { name?: unknown }).name).toBeUndefined();
    expect(r.ctx.decisions.some((d) => d.monitor !== undefined && d.code === 'PG_FIELDS_PROJECTED')).toBe(false);
  });
});

describe('the bulk limit in monitor mode', () => {
  it('lets a principal over its patient limit through and records each would-deny', async () => {
    const results = [];
    for (const id of ['b1', 'b2', 'b3', 'b4']) results.push(await get(`/Patient/${id}`, ['clinician'], patient(id), {}, 'bulk-user'));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const over = results.filter((r) => r.ctx.decisions.some((d) => d.monitor === 'access.bulk'));
    expect(over.length).toBeGreaterThanOrEqual(1);
    expect(over[0]!.ctx.decisions).toContainEqual(expect.objectContaining({ code: 'PG_RATE_PATIENTS', monitor: 'access.bulk' }));
  });
});

describe('audit query --would-deny', () => {
  it('returns only records with would-deny decisions, and the summary counts them per rule, reason and route without values', async () => {
    const all = await rows({ wouldDeny: true });
    expect(all.length).toBeGreaterThanOrEqual(4);
    expect(all.every((r) => (r.wouldDeny?.length ?? 0) > 0)).toBe(true);
    const report = wouldDenyReport(all);
    const rules = new Set(report.lines.map((l) => l.rule));
    for (const rule of ['routes.notes.allow', 'phi.actions.SSN', 'access.minimumNecessary.rules[0]', 'access.bulk']) expect(rules).toContain(rule);
    const text = formatWouldDenyReport(report);
    expect(text).toMatch(/\| routes\.notes\.allow \| PG_AUTHZ_ROLE \| notes \| \d+ \|/);
    expect(text).not.toMatch(/123-45-6789|p1|bulk-user/);
  });
});
