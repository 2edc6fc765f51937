/**
 * `replay` on the recorded demo traffic through the example policy and variants of it: counts per
 * route and code, monitor would-deny, alerts, the recorded clock, --trust-recorded-identity, --against.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/policy/index.js';
import type { CompiledPolicy } from '../../src/policy/types.js';
import { replayFile } from '../../src/rollout/replay/run.js';
import type { ReplayReport } from '../../src/rollout/replay/report.js';

const root = new URL('../../', import.meta.url).pathname;
const HAR = join(root, 'test/fixtures/traffic/demo.har');
const base = readFileSync(join(root, 'examples/patient-api.yaml'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'phiguard-replay-'));
cpSync(join(root, 'examples/keys'), join(dir, 'keys'), { recursive: true });
cpSync(join(root, 'examples/schemas'), join(dir, 'schemas'), { recursive: true });

/** The example policy with text replacements, written next to copies of its keys and schemas. */
function variant(name: string, edits: Array<[string | RegExp, string]>): CompiledPolicy {
  let text = base;
  for (const [from, to] of edits) {
    const next = text.replace(from, to);
    if (next === text) throw new Error(`edit did not apply: ${String(from)}`);
    text = next;
  }
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, text);
  return loadPolicy(file);
}

const example = loadPolicy(join(root, 'examples/patient-api.yaml'));
const code = (r: ReplayReport, c: string, kind = 'denied') => r.codes.find((x) => x.code === c && x.kind === kind)?.count ?? 0;
const route = (r: ReplayReport, id: string) => r.routes.find((x) => x.route === id)!;

let enforce: ReplayReport;
beforeAll(async () => {
  enforce = await replayFile(HAR, { policy: example });
}, 60_000);

describe('replay of the recorded demo HAR (enforce, recorded clock)', () => {
  it('counts per route: allowed, denied, redacted with PHI per type, alerted', () => {
    expect(enforce.input).toMatchObject({ format: 'har', entries: 15, malformed: 0 });
    expect(enforce.totals).toMatchObject({ requests: 15, allowed: 10, denied: 5, alerted: 1, wouldDeny: 0 });
    const read = route(enforce, 'patient-read');
    expect(read).toMatchObject({ method: 'GET', path: '/Patient/{id}', requests: 6, allowed: 5, denied: 1, alerted: 1 });
    expect(read.redacted).toBeGreaterThanOrEqual(2); // billing (HPAYMT) and the nurse for operations
    expect(read.phi.SSN).toBeGreaterThan(0);
    expect(read.phi.NAME).toBeGreaterThan(0);
    expect(route(enforce, 'capability')).toMatchObject({ requests: 1, allowed: 1 });
  });

  it('counts per reason code, with examples that name the entry and mask the path', () => {
    expect(code(enforce, 'PG_AUTHZ_PATIENT_COMPARTMENT')).toBe(1);
    expect(code(enforce, 'PG_AUTHZ_ROLE')).toBe(1);
    expect(code(enforce, 'PG_AUTH_MISSING')).toBe(1);
    expect(code(enforce, 'PG_ROUTE_NOT_FOUND')).toBe(1);
    expect(code(enforce, 'PG_ROUTE_METHOD_NOT_ALLOWED')).toBe(1);
    expect(code(enforce, 'PG_BREAK_GLASS_GRANTED', 'alert')).toBe(1);
    expect(code(enforce, 'PG_PHI_REDACTED', 'decision')).toBeGreaterThanOrEqual(2);
    const anon = enforce.codes.find((c) => c.code === 'PG_AUTH_MISSING')!;
    expect(anon.examples[0]).toEqual({ index: 12, request: 'GET /Patient/*', status: 401, code: 'PG_AUTH_MISSING' });
    const redacted = enforce.codes.find((c) => c.code === 'PG_PHI_REDACTED')!.examples[0]!;
    expect(redacted.phi!.some((p) => p.type === 'SSN' && p.at.startsWith('$.identifier['))).toBe(true);
  });
});

describe('monitor mode', () => {
  it('reports what enforce mode would deny, and lets it through', async () => {
    const r = await replayFile(HAR, { policy: variant('monitor', [['mode: enforce ', 'mode: monitor ']]) });
    expect(code(r, 'PG_AUTHZ_PATIENT_COMPARTMENT', 'would-deny')).toBe(1);
    expect(code(r, 'PG_AUTHZ_ROLE', 'would-deny')).toBe(1);
    expect(code(r, 'PG_AUTHZ_PATIENT_COMPARTMENT')).toBe(0);
    expect(r.totals.wouldDeny).toBeGreaterThanOrEqual(2);
    expect(r.totals.allowed).toBeGreaterThan(enforce.totals.allowed);
  });
});

describe('identity in recorded traffic', () => {
  it('--clock now: the recorded tokens have expired', async () => {
    const r = await replayFile(HAR, { policy: example, clock: 'now' });
    expect(code(r, 'PG_AUTH_EXPIRED')).toBe(13);
    expect(route(r, 'capability').allowed).toBe(1);
  });

  it('tokens signed by a key the policy does not know are denied; --trust-recorded-identity takes the signature on trust only', async () => {
    const { publicKey } = await generateKeyPair('ES256', { extractable: true });
    writeFileSync(join(dir, 'keys/other-jwks.json'), JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'other', alg: 'ES256', use: 'sig' }] }));
    const other = variant('other-key', [['jwks: { file: ./keys/demo-jwks.json }', 'jwks: { file: ./keys/other-jwks.json }']]);
    const strict = await replayFile(HAR, { policy: other });
    expect(strict.totals.allowed).toBe(1); // only the public /metadata
    expect(code(strict, 'PG_AUTH_KEY_UNKNOWN')).toBe(13);
    const trusted = await replayFile(HAR, { policy: other, trustRecordedIdentity: true });
    expect(trusted.totals).toMatchObject({ allowed: enforce.totals.allowed, denied: enforce.totals.denied, alerted: 1 });
    expect(trusted.codes.filter((c) => c.kind === 'denied').map((c) => [c.code, c.count]).sort()).toEqual(enforce.codes.filter((c) => c.kind === 'denied').map((c) => [c.code, c.count]).sort());
    // Claims are still checked: at today's clock the trusted tokens are expired all the same.
    const late = await replayFile(HAR, { policy: other, trustRecordedIdentity: true, clock: 'now' });
    expect(code(late, 'PG_AUTH_EXPIRED')).toBe(13);
  }, 60_000);
});

describe('--against', () => {
  it('lists requests whose decision changes', async () => {
    const noBilling = variant('no-billing', [['allow: { roles: [clinician, nurse, patient, billing] }', 'allow: { roles: [clinician, nurse, patient] }']]);
    const r = await replayFile(HAR, { policy: example, against: noBilling });
    expect(r.against).toEqual({ name: 'patient-api', hash: noBilling.hash });
    expect(r.diff).toMatchObject({ compared: 15, changed: 1, decisionChanged: 1, bodyChanged: 0 });
    expect(r.diff!.examples[0]).toEqual({ index: 1, request: 'GET /Patient/{id}', before: { status: 200 }, after: { status: 403, code: 'PG_AUTHZ_ROLE' }, decisionChanged: true, bodyChanged: false });
  });

  it('lists requests whose released body changes with the same decision', async () => {
    const ssnMasked = variant('ssn-mask', [['    SSN: remove', '    SSN: mask']]);
    const r = await replayFile(HAR, { policy: example, against: ssnMasked });
    expect(r.diff!.decisionChanged).toBe(0);
    expect(r.diff!.bodyChanged).toBeGreaterThanOrEqual(2);
    expect(r.diff!.examples.every((e) => e.bodyChanged && e.before.status === e.after.status)).toBe(true);
  });

  it('the same policy twice changes nothing', async () => {
    const r = await replayFile(HAR, { policy: example, against: example });
    expect(r.diff).toMatchObject({ compared: 15, changed: 0 });
  });
});
