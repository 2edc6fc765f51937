/** Patient compartment in the authorize stage: request targets and request bodies of confined principals. */
import type { JWTPayload } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { codeOf, frozenClock, makeCtx, makeKey, mint, policyFrom, route, type TestKey } from '../../../test/helpers/access.js';
import { testPolicy } from '../../../test/helpers/policy-text.js';
import { MemoryStateStore } from '../../access/state/memory.js';
import type { CompiledPolicy } from '../../policy/types.js';
import { createIdentifyStage } from '../identify/index.js';
import { createAuthorizeStage } from './index.js';

let key: TestKey;
let policy: CompiledPolicy;
beforeAll(async () => {
  key = await makeKey('ES256', 'k1');
  policy = policyFrom(testPolicy('{ file: ./jwks.json }'), { 'jwks.json': JSON.stringify({ keys: [key.publicJwk] }) });
});

async function run(spec: { method?: string; path: string; body?: string; claims: JWTPayload; headers?: Record<string, string> }) {
  const clock = frozenClock();
  const deps = { clock, state: new MemoryStateStore() };
  const ctx = makeCtx(policy, { ...spec, token: await mint(key, spec.claims, {}, clock.now()) }, clock);
  const code = await codeOf(async () => {
    await createIdentifyStage(policy, deps).onRequest!(ctx);
    route(policy, ctx);
    await createAuthorizeStage(policy, deps).onRequest!(ctx);
  });
  return { code, ctx };
}

const DENY = 'PG_AUTHZ_PATIENT_COMPARTMENT';
const patientP1 = { sub: 'pt-1', roles: ['patient'], scope: 'patient/*.rs', patient: 'p1' };
const writer = { sub: 'rn-1', roles: ['nurse'], scope: 'patient/Observation.c', patient: 'p1', amr: ['pwd', 'otp'] };
const free = { sub: 'rn-2', roles: ['nurse'], scope: 'user/Observation.c', amr: ['pwd', 'otp'] };
const o = (extra: Record<string, unknown> = {}) => ({ resourceType: 'Observation', status: 'final', subject: { reference: 'Patient/p1' }, ...extra });

describe('request targets of a confined principal', () => {
  it.each([
    ['/Observation?patient[]=p2', DENY],
    ['/Observation?patient.identifier=urn:mrn|1', DENY],
    ['/Observation?_has:Observation:patient:code=1', DENY],
    ['/Observation?patient=p1&_include=Observation:performer', DENY],
    ['/Observation?patient=p1&_include=Observation:subject', 'OK'],
    ['/Observation', 'OK'],
  ])('%s -> %s', async (path, expected) => {
    expect((await run({ path, claims: patientP1 })).code).toBe(expected);
  });

  it('marks break-glass (not restricted principals) as literal-only for the response check', async () => {
    const headers = { 'x-break-glass': 'ETREAT; patient=p1; reason=unconscious patient in the ED, no consent possible', 'x-purpose-of-use': 'TREAT' };
    const bg = await run({ path: '/Patient/p1', headers, claims: { sub: 'rn-1', roles: ['nurse'], scope: 'user/*.rs' } });
    expect(bg.code).toBe('OK');
    expect(bg.ctx.access).toMatchObject({ patients: ['p1'], compartmentLiteralOnly: true });
    const own = await run({ path: '/Patient/p1', claims: patientP1 });
    expect(own.ctx.access).toMatchObject({ patients: ['p1'] });
    expect(own.ctx.access).not.toHaveProperty('compartmentLiteralOnly');
  });

  it('records bracket-form patients for audit even for unconfined principals', async () => {
    const r = await run({ path: '/Observation?patient[]=p7', claims: { sub: 'dr-1', roles: ['clinician'], scope: 'user/*.cruds' } });
    expect(r.code).toBe('OK');
    expect(r.ctx.access?.patient).toBe('p7');
  });
});

describe('request bodies of a confined principal', () => {
  const tx = (...entry: unknown[]) => ({ resourceType: 'Bundle', type: 'transaction', entry });
  it.each([
    ['own Observation', o(), 'OK'],
    ['another performer', o({ performer: [{ reference: 'Patient/p2' }] }), DENY],
    ['identifier-only subject', o({ subject: { identifier: { value: 'MRN1' } } }), DENY],
    ['conditional subject', o({ subject: { reference: 'Patient?identifier=MRN1' } }), DENY],
    ['contained Patient', o({ contained: [{ resourceType: 'Patient', id: 'p1' }] }), DENY],
    ['transaction: urn to a new Patient', tx({ fullUrl: 'urn:uuid:a', resource: { resourceType: 'Patient' }, request: { method: 'POST', url: 'Patient' } }, { resource: o({ subject: { reference: 'urn:uuid:a' } }) }), DENY],
    ['transaction: PUT another Patient', tx({ resource: o(), request: { method: 'PUT', url: 'Patient/p2' } }), DENY],
    ['transaction: unresolved urn subject', tx({ resource: o({ subject: { reference: 'urn:uuid:zz' } }) }), DENY],
    ['transaction: own', tx({ fullUrl: 'urn:uuid:b', resource: o(), request: { method: 'POST', url: 'Observation' } }), 'OK'],
    ['Parameters part', { resourceType: 'Parameters', parameter: [{ name: 'x', part: [{ name: 'y', resource: o({ subject: { reference: 'Patient/p2' } }) }] }] }, DENY],
    ['JSON Patch value', [{ op: 'replace', path: '/subject', value: { reference: 'Patient/p2' } }], DENY],
  ])('%s -> %s', async (_n, body, expected) => {
    expect((await run({ method: 'POST', path: '/Observation', body: JSON.stringify(body), claims: writer })).code).toBe(expected);
  });

  it('an unconfined writer is not limited', async () => {
    expect((await run({ method: 'POST', path: '/Observation', body: JSON.stringify(o({ subject: { reference: 'Patient/p2' } })), claims: free })).code).toBe('OK');
  });
});
