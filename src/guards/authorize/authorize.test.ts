/** The authorize stage after identify and routing, with the in-memory state store and a frozen clock. */
import type { JWTPayload } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { codeOf, frozenClock, makeCtx, makeKey, mint, policyFrom, route, type ReqSpec, type TestKey } from '../../../test/helpers/access.js';
import { testPolicy } from '../../../test/helpers/policy-text.js';
import { MemoryStateStore } from '../../access/state/memory.js';
import type { ResponseAccess } from '../../access/types.js';
import type { CompiledPolicy } from '../../policy/types.js';
import { createIdentifyStage } from '../identify/index.js';
import { createAuthorizeStage } from './index.js';

let key: TestKey;
let policy: CompiledPolicy;
const JUST = 'unconscious patient in the ED, no consent possible';

beforeAll(async () => {
  key = await makeKey('ES256', 'k1');
  policy = policyFrom(testPolicy('{ file: ./jwks.json }'), { 'jwks.json': JSON.stringify({ keys: [key.publicJwk] }) });
});

function setup(p = policy) {
  const clock = frozenClock();
  const deps = { clock, state: new MemoryStateStore() };
  const identify = createIdentifyStage(p, deps);
  const authorize = createAuthorizeStage(p, deps);
  const token = (claims: JWTPayload) => mint(key, claims, {}, clock.now());
  /** One request; an allowed one is released (the final phase charges it) unless `release: false`. */
  const run = async (spec: ReqSpec & { claims?: JWTPayload; release?: boolean }) => {
    const ctx = makeCtx(p, { ...spec, ...(spec.claims ? { token: await token(spec.claims) } : {}) }, clock);
    const code = await codeOf(async () => {
      await identify.onRequest!(ctx);
      route(p, ctx);
      await authorize.onRequest!(ctx);
    });
    if (code === 'OK' && spec.release !== false) await authorize.onFinal(ctx);
    return { code, ctx, access: ctx.access as ResponseAccess | undefined };
  };
  return { clock, run, authorize, deps };
}

const clinician = { sub: 'dr-1', roles: ['clinician'], scope: 'user/*.cruds', amr: ['pwd', 'otp'] };
const nurse = { sub: 'rn-1', roles: ['nurse'], scope: 'user/*.cruds', amr: ['pwd', 'otp'] };
const billing = { sub: 'bill-1', roles: ['billing'], scope: 'user/*.rs', purpose_of_use: 'HPAYMT' };
const patientP1 = { sub: 'pt-1', roles: ['patient'], scope: 'patient/*.rs', patient: 'p1' };

describe('roles and SMART scopes', () => {
  it('enforces route roles', async () => {
    const { run } = setup();
    expect((await run({ path: '/Patient', claims: clinician })).code).toBe('OK');
    expect((await run({ path: '/Patient', claims: billing })).code).toBe('PG_AUTHZ_ROLE');
    expect((await run({ path: '/Patient', claims: { ...clinician, roles: [] } })).code).toBe('PG_AUTHZ_ROLE');
  });

  it('enforces scopes against resource + interaction (v1 and v2), rejects malformed scopes', async () => {
    const { run } = setup();
    expect((await run({ path: '/Patient', claims: { ...clinician, scope: 'user/Patient.r' } })).code).toBe('PG_AUTHZ_SCOPE');
    expect((await run({ path: '/Patient', claims: { ...clinician, scope: 'user/Patient.rs' } })).code).toBe('OK');
    expect((await run({ path: '/Patient', claims: { ...clinician, scope: 'openid user/Patient.read' } })).code).toBe('OK');
    expect((await run({ path: '/Patient', claims: { ...clinician, scope: 'openid fhirUser' } })).code).toBe('PG_AUTHZ_SCOPE');
    expect((await run({ path: '/Patient', claims: { ...clinician, scope: 'user/Patient.rs user/Observation.xyz' } })).code).toBe('PG_AUTHZ_SCOPE_MALFORMED');
    expect((await run({ method: 'POST', path: '/Observation', claims: { ...nurse, scope: 'user/*.rs' } })).code).toBe('PG_AUTHZ_SCOPE');
    expect((await run({ method: 'POST', path: '/Observation', claims: { ...nurse, scope: 'user/Observation.c' } })).code).toBe('OK');
    expect((await run({ method: 'POST', path: '/Observation', claims: { ...nurse, scope: 'user/*.write' } })).code).toBe('OK');
  });

  it('enforces scope query constraints on searches, or records them for the response', async () => {
    const { run } = setup();
    const lab = { ...patientP1, scope: 'patient/Observation.rs?category=laboratory' };
    expect((await run({ path: '/Observation?patient=p1&category=vital-signs', claims: lab })).code).toBe('PG_AUTHZ_SCOPE');
    expect((await run({ path: '/Observation?patient=p1&category=laboratory', claims: lab })).code).toBe('OK');
    const open = await run({ path: '/Observation?patient=p1', claims: lab });
    expect(open.code).toBe('OK');
    expect(open.access?.scopeGrant?.constraints).toEqual([{ resource: 'Observation', params: [['category', 'laboratory']] }]);
  });
});

describe('patient compartment', () => {
  it('confines a patient principal to its own patient', async () => {
    const { run } = setup();
    const own = await run({ path: '/Patient/p1', claims: patientP1 });
    expect(own.code).toBe('OK');
    expect(own.access?.patients).toEqual(['p1']);
    expect(own.access?.projection).toBeUndefined(); // the individual is exempt from minimum necessary
    expect((await run({ path: '/Patient/p2', claims: patientP1 })).code).toBe('PG_AUTHZ_PATIENT_COMPARTMENT');
    expect((await run({ path: '/Observation?subject=Patient/p2', claims: patientP1 })).code).toBe('PG_AUTHZ_PATIENT_COMPARTMENT');
    expect((await run({ path: '/Observation?subject=Group/g1', claims: patientP1 })).code).toBe('PG_AUTHZ_PATIENT_COMPARTMENT');
    expect((await run({ path: '/Observation?patient=p1&patient=p2', claims: patientP1 })).code).toBe('PG_AUTHZ_PATIENT_COMPARTMENT');
    const search = await run({ path: '/Observation', claims: patientP1 });
    expect(search.code).toBe('OK');
    expect(search.access?.patients).toEqual(['p1']); // enforced again on the response
    const { patient: _p, ...noContext } = patientP1;
    expect((await run({ path: '/Observation', claims: noContext })).code).toBe('PG_AUTHZ_PATIENT_COMPARTMENT');
  });

  it('confines a user launched with patient/ scopes only; user/ scopes are not confined', async () => {
    const { run } = setup();
    const launched = { ...clinician, scope: 'launch/patient patient/*.rs', patient: 'p1' };
    expect((await run({ path: '/Patient/p1', claims: launched })).code).toBe('OK');
    expect((await run({ path: '/Patient/p2', claims: launched })).code).toBe('PG_AUTHZ_PATIENT_COMPARTMENT');
    const free = await run({ path: '/Patient/p2', claims: clinician });
    expect(free.code).toBe('OK');
    expect(free.access?.patients).toBeUndefined();
    expect(free.access?.patient).toBe('p2');
  });
});

describe('patient compartment on writes', () => {
  it('a confined principal may only write resources about its patient', async () => {
    const { run } = setup();
    const launched = { ...nurse, scope: 'patient/Observation.c', patient: 'p1' };
    const obs = (subject: string) => JSON.stringify({ resourceType: 'Observation', status: 'final', subject: { reference: subject } });
    expect((await run({ method: 'POST', path: '/Observation', claims: launched, body: obs('Patient/p1') })).code).toBe('OK');
    expect((await run({ method: 'POST', path: '/Observation', claims: launched, body: obs('Patient/p2') })).code).toBe('PG_AUTHZ_PATIENT_COMPARTMENT');
    const tx = JSON.stringify({ resourceType: 'Bundle', type: 'transaction', entry: [{ resource: JSON.parse(obs('Patient/p1')) }, { resource: JSON.parse(obs('Patient/p3')) }] });
    expect((await run({ method: 'POST', path: '/Observation', claims: launched, body: tx })).code).toBe('PG_AUTHZ_PATIENT_COMPARTMENT');
    expect((await run({ method: 'POST', path: '/Observation', claims: { ...nurse, scope: 'user/Observation.c' }, body: obs('Patient/p2') })).code).toBe('OK');
  });
});

describe('purpose of use, MFA, labels and minimum necessary', () => {
  it('enforces purpose allow-lists per role and per route', async () => {
    const { run } = setup();
    expect((await run({ path: '/Patient/p1', claims: billing })).code).toBe('OK');
    expect((await run({ path: '/Patient/p1', claims: { ...billing, purpose_of_use: 'TREAT' } })).code).toBe('PG_AUTHZ_PURPOSE');
    const { purpose_of_use: _x, ...noPurpose } = billing;
    expect((await run({ path: '/Patient/p1', claims: noPurpose })).code).toBe('PG_AUTHZ_PURPOSE');
    expect((await run({ path: '/DocumentReference/d1', claims: clinician, headers: { 'x-purpose-of-use': 'HOPERAT' } })).code).toBe('PG_AUTHZ_PURPOSE');
    expect((await run({ path: '/DocumentReference/d1', claims: clinician, headers: { 'x-purpose-of-use': 'TREAT' } })).code).toBe('OK');
  });

  it('requires MFA where the route says so', async () => {
    const { run } = setup();
    const h = { 'x-purpose-of-use': 'TREAT' };
    expect((await run({ path: '/DocumentReference/d1', claims: { ...clinician, amr: ['pwd'] }, headers: h })).code).toBe('PG_AUTH_MFA_REQUIRED');
    expect((await run({ path: '/DocumentReference/d1', claims: { ...clinician, amr: undefined }, headers: h })).code).toBe('PG_AUTH_MFA_REQUIRED');
    expect((await run({ path: '/DocumentReference/d1', claims: { ...clinician, amr: ['pwd', 'hwk'] }, headers: h })).code).toBe('OK');
  });

  it('grants labels by policy and route, and projects per role and purpose', async () => {
    const { run } = setup();
    const treat = await run({ path: '/DocumentReference/d1', claims: clinician, headers: { 'x-purpose-of-use': 'TREAT' } });
    expect(treat.access?.allowedLabels).toEqual(['PSY', 'R']);
    expect(treat.access?.projection).toBeUndefined();
    const bill = await run({ path: '/Patient/p1', claims: billing });
    expect(bill.access?.allowedLabels).toEqual([]);
    expect(bill.access?.projection?.resources.Patient).toEqual({ mode: 'allow', paths: ['name', 'birthDate', 'address', 'identifier'] });
    expect(bill.access?.sensitiveLabels).toContain('42CFRPart2');
  });

  it('adds consented labels (token claim) only for the token patient', async () => {
    const { run } = setup();
    const consented = { ...clinician, patient: 'p1', consent_labels: ['SUD', '42CFRPart2'] };
    expect((await run({ path: '/Patient/p1', claims: consented })).access?.allowedLabels).toEqual(['42CFRPart2', 'SUD']);
    expect((await run({ path: '/Patient/p2', claims: consented })).access?.allowedLabels).toEqual([]);
    expect((await run({ path: '/Patient', claims: consented })).access?.allowedLabels).toEqual([]);
  });
});

describe('break-glass', () => {
  const bg = (patient = 'p1', reason = 'ETREAT', just = JUST) => ({ 'x-break-glass': `${reason}; patient=${patient}; reason=${just}`, 'x-purpose-of-use': 'TREAT' });

  it('overrides role/purpose/label checks for an allowed role, records a digest and a review event', async () => {
    const { run, authorize } = setup();
    expect((await run({ path: '/DocumentReference/d1', claims: nurse, headers: { 'x-purpose-of-use': 'TREAT' } })).code).toBe('PG_AUTHZ_ROLE');
    const r = await run({ path: '/DocumentReference/d1', claims: nurse, headers: bg() });
    expect(r.code).toBe('OK');
    expect(r.access?.breakGlass).toMatchObject({ reason: 'ETREAT', patient: 'p1' });
    expect(r.access?.breakGlass?.justificationDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(r.access?.patients).toEqual(['p1']);
    expect(r.access?.allowedLabels).toContain('PSY');
    expect(r.ctx.decisions.map((d) => d.code)).toEqual(['PG_BREAK_GLASS_GRANTED']);
    expect(JSON.stringify([r.access, r.ctx.decisions, r.ctx.principal])).not.toContain('unconscious');
    const events = await authorize.listBreakGlassEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ principal: 'https://idp.test.invalid|rn-1', patient: 'Patient/p1', reason: 'ETREAT', route: 'psych-notes' });
    expect(JSON.stringify(events)).not.toContain('unconscious');
  });

  it('denies disallowed roles, reasons, short justifications and other patients', async () => {
    const { run } = setup();
    expect((await run({ path: '/Patient/p1', claims: billing, headers: { 'x-break-glass': bg()['x-break-glass'] } })).code).toBe('PG_BREAK_GLASS_DENIED');
    expect((await run({ path: '/Patient/p1', claims: nurse, headers: bg('p1', 'MARKETING') })).code).toBe('PG_BREAK_GLASS_DENIED');
    expect((await run({ path: '/Patient/p1', claims: nurse, headers: bg('p1', 'ETREAT', 'because') })).code).toBe('PG_BREAK_GLASS_DENIED');
    expect((await run({ path: '/Patient/p2', claims: nurse, headers: bg('p1') })).code).toBe('PG_BREAK_GLASS_DENIED');
    expect((await run({ path: '/Patient/p1', claims: nurse, headers: { 'x-break-glass': 'ETREAT; reason=no patient named here at all' } })).code).toBe('PG_BREAK_GLASS_DENIED');
  });

  it('is time-boxed per principal + patient (1h from first use)', async () => {
    const { run, clock } = setup();
    expect((await run({ path: '/DocumentReference/d1', claims: nurse, headers: bg() })).code).toBe('OK');
    clock.advance(59 * 60_000);
    expect((await run({ path: '/DocumentReference/d1', claims: nurse, headers: bg() })).code).toBe('OK');
    clock.advance(2 * 60_000);
    expect((await run({ path: '/DocumentReference/d1', claims: nurse, headers: bg() })).code).toBe('PG_BREAK_GLASS_DENIED');
    expect((await run({ path: '/DocumentReference/d1', claims: nurse, headers: bg('p7') })).code).toBe('OK'); // another patient: its own box
  });

  it('accepts the token claim form', async () => {
    const { run } = setup();
    const claims = { ...nurse, break_glass: { reason: 'BTG', patient: 'Patient/p1', justification: JUST } };
    const r = await run({ path: '/DocumentReference/d1', claims });
    expect(r.code).toBe('OK');
    expect(r.access?.purposeOfUse).toBe('BTG');
  });
});

describe('bulk limits', () => {
  it('caps distinct patients per principal per window (429), shared by nothing else', async () => {
    const { run, clock } = setup();
    for (const p of ['a', 'b', 'c', 'a']) expect((await run({ path: `/Patient/${p}`, claims: clinician })).code).toBe('OK');
    const r = await run({ path: '/Patient/d', claims: clinician });
    expect(r.code).toBe('PG_RATE_PATIENTS');
    expect((await run({ path: '/Patient/d', claims: { ...clinician, sub: 'dr-2' } })).code).toBe('OK');
    clock.advance(61 * 60_000);
    expect((await run({ path: '/Patient/d', claims: clinician })).code).toBe('OK');
  });

  it('caps records per window, counting released records reported by inspection', async () => {
    const { run, authorize } = setup();
    for (let i = 0; i < 10; i++) expect((await run({ path: '/Patient', claims: clinician })).code).toBe('OK');
    const last = await run({ path: '/Patient', claims: clinician, release: false });
    last.ctx.inspection = { phiFindings: {}, redacted: false, projectedFields: 0, suppressedResources: 0, resources: Array.from({ length: 40 }, (_, i) => `Patient/x${i}`), patients: [] };
    await authorize.onFinal(last.ctx);
    expect((await run({ path: '/Patient', claims: clinician })).code).toBe('PG_RATE_RECORDS');
  });

  it('a response that was not released (denied after inspection, e.g. by a failed audit append) is not charged', async () => {
    const { run, authorize } = setup();
    for (let i = 0; i < 10; i++) expect((await run({ path: '/Patient', claims: clinician })).code).toBe('OK');
    const last = await run({ path: '/Patient', claims: clinician, release: false });
    last.ctx.inspection = { phiFindings: {}, redacted: false, projectedFields: 0, suppressedResources: 0, resources: Array.from({ length: 40 }, (_, i) => `Patient/x${i}`), patients: [] };
    last.ctx.outcome = { stage: 'audit', code: 'PG_AUDIT_UNAVAILABLE', status: 503 };
    await authorize.onFinal(last.ctx);
    expect((await run({ path: '/Patient', claims: clinician })).code).toBe('OK');
  });
});

describe('policy switches', () => {
  it('scopes.enforce when-present lets tokens without SMART scopes through on roles alone', async () => {
    const p = policyFrom(testPolicy('{ file: ./jwks.json }', '  scopes: { enforce: when-present }\n'), { 'jwks.json': JSON.stringify({ keys: [key.publicJwk] }) });
    const { run } = setup(p);
    expect((await run({ path: '/Patient', claims: { ...clinician, scope: 'openid profile' } })).code).toBe('OK');
    expect((await run({ path: '/Patient', claims: { ...clinician, scope: 'openid user/Observation.rs' } })).code).toBe('PG_AUTHZ_SCOPE');
  });

  it('a route can opt out of break-glass', async () => {
    const text = testPolicy('{ file: ./jwks.json }').replace('allow: { roles: [clinician], purposes: [TREAT], mfa: true, labels: [PSY] }', 'allow: { roles: [clinician], purposes: [TREAT], mfa: true, labels: [PSY], breakGlass: false }');
    const p = policyFrom(text, { 'jwks.json': JSON.stringify({ keys: [key.publicJwk] }) });
    const { run } = setup(p);
    const headers = { 'x-break-glass': `ETREAT; patient=p1; reason=${JUST}` };
    expect((await run({ path: '/DocumentReference/d1', claims: nurse, headers })).code).toBe('PG_BREAK_GLASS_DENIED');
    expect((await run({ path: '/Patient/p1', claims: nurse, headers })).code).toBe('OK');
  });
});

describe('graceful skips', () => {
  it('skips when there is no route (monitor mode) or on public routes', async () => {
    const { run, deps } = setup();
    const pub = await run({ path: '/metadata' });
    expect(pub.code).toBe('OK');
    expect(pub.access).toBeUndefined();
    const authorize = createAuthorizeStage(policy, deps);
    const ctx = makeCtx(policy, { path: '/nowhere' }, deps.clock);
    ctx.mode = 'monitor';
    expect(await codeOf(() => authorize.onRequest!(ctx))).toBe('OK');
    route(policy, (ctx.canonical = makeCtx(policy, { path: '/Patient/1' }, deps.clock).canonical, ctx));
    expect(await codeOf(() => authorize.onRequest!(ctx))).toBe('OK');
    ctx.mode = 'enforce';
    expect(await codeOf(() => authorize.onRequest!(ctx))).toBe('PG_AUTH_MISSING');
  });
});
