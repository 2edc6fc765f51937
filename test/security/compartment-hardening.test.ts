/**
 * Patient compartment hardening (example policy): a patient-restricted principal (patient p1 token,
 * or a clinician launched with only patient/ scopes for p1) reaches only p1's data. Data-driven:
 * request target -> expected code; response body -> expected code. Rules: docs/access.md.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Phiguard } from '../../src/runtime/index.js';
import { simulate } from '../../src/runtime/simulate.js';
import { bearer, bundle, exampleGuard, obs, patientRes, tok } from '../helpers/security.js';

let g: Phiguard;
let p1: Record<string, string>;
let launched: Record<string, string>;
let clinician: Record<string, string>;
beforeAll(async () => {
  g = await exampleGuard();
  p1 = bearer(await tok.patient('p1'));
  launched = bearer(await tok.clinician('TREAT', { scope: ['launch/patient', 'patient/*.rs'], patient: 'p1' }));
  clinician = bearer(await tok.clinician('TREAT'));
});
afterAll(() => g.close());

type Up = Parameters<typeof simulate>[2];
const fhir = (body: unknown) => ({ status: 200, headers: [['content-type', 'application/fhir+json']] as Array<[string, string]>, body: JSON.stringify(body) });
/** A well-behaved upstream: only p1's data. */
const ownData: Up = (ctx) => fhir(ctx.canonical!.segments[0] === 'Patient' ? bundle([patientRes('p1')]) : bundle([obs('o1', 'p1')]));

const DENY = 'PG_AUTHZ_PATIENT_COMPARTMENT';
type Who = 'p1' | 'launched';
/** [target, principal, expected code ('OK' = released 200)]. */
const REQUEST_CASES: Array<[string, Who, string]> = [
  // chained parameters through a patient reference
  ['/Observation?patient.identifier=http://hospital.example/mrn|123', 'p1', DENY],
  ['/Observation?subject:Patient.name=Smith', 'p1', DENY],
  ['/Observation?subject.name=Smith', 'p1', DENY],
  ['/Observation?patient:Patient.identifier=x', 'p1', DENY],
  ['/Observation?patient=p1&encounter.patient.name=Smith', 'p1', DENY],
  ['/Observation?patient=p1&encounter.subject:Patient.birthdate=1970', 'p1', DENY],
  ['/Observation?patient=p1&encounter.status=finished', 'p1', 'OK'],
  // modifiers and non-Patient targets
  ['/Observation?subject:Group=g1', 'p1', DENY],
  ['/Observation?subject:Device=d1', 'p1', DENY],
  ['/Observation?subject=Device/d1', 'p1', DENY],
  ['/Observation?patient:missing=true', 'p1', DENY],
  ['/Observation?patient:missing=false', 'p1', DENY],
  ['/Observation?subject:missing=true', 'p1', DENY],
  ['/Observation?patient:identifier=http://hospital.example/mrn|123', 'p1', DENY],
  ['/Observation?patient:not=p1', 'p1', DENY],
  ['/Observation?patient:above=p1', 'p1', DENY],
  ['/Observation?patient=Patient%3Fidentifier%3D123', 'p1', DENY],
  ['/Observation?patient=', 'p1', DENY],
  ['/Observation?subject=p1', 'p1', DENY], // a bare id on subject may be Group/p1
  ['/Observation?subject:Patient=p1', 'p1', 'OK'],
  ['/Observation?patient:Patient=p1', 'p1', 'OK'],
  ['/Observation?patient=https://x.example/fhir/Patient/p1', 'p1', 'OK'],
  // reverse chaining and opaque criteria
  ['/Observation?_has:Observation:patient:code=1234-5', 'p1', DENY],
  ['/Observation?patient=p1&_has:Observation:has-member:code=1', 'p1', DENY],
  ['/Observation?_filter=patient%20eq%20p2', 'p1', DENY],
  ['/Observation?_query=everything', 'p1', DENY],
  // bracket, case and spacing forms a lenient back end (Express qs) reads as `patient`
  ['/Observation?patient[]=p2', 'p1', DENY],
  ['/Observation?patient[0]=p2', 'p1', DENY],
  ['/Observation?patient[]=p1&patient[]=p2', 'p1', DENY],
  ['/Observation?patient%5B%5D=p2', 'p1', DENY],
  ['/Observation?patient[x]=p2', 'p1', DENY],
  ['/Observation?Patient=p2', 'p1', DENY],
  ['/Observation?PATIENT=p2', 'p1', DENY],
  ['/Observation?patient%20=p2', 'p1', DENY],
  ['/Observation?patient[]=p1', 'p1', 'OK'],
  // other patient-linking parameters and patient references in any parameter
  ['/Observation?performer=Patient/p2', 'p1', DENY],
  ['/Observation?performer=p2', 'p1', DENY],
  ['/Observation?performer:Patient=p2', 'p1', DENY],
  ['/Observation?performer:missing=true', 'p1', DENY],
  ['/Observation?performer=Group/g1', 'p1', DENY],
  ['/Observation?focus=Patient/p2', 'p1', DENY],
  ['/Observation?patient=p1&focus=https://x.example/fhir/Patient/p2/_history/3', 'p1', DENY],
  ['/Observation?patient=p1&focus=Patient/p1,Patient/p2', 'p1', DENY],
  ['/Observation?patient=p1&performer=Practitioner/d1', 'p1', 'OK'],
  ['/Observation?performer=p1', 'p1', 'OK'],
  // _include / _revinclude
  ['/Observation?_include=Observation:subject', 'p1', DENY],
  ['/Observation?patient=p1&_include=*', 'p1', DENY],
  ['/Observation?patient=p1&_include=Observation:*', 'p1', DENY],
  ['/Observation?patient=p1&_include=Observation:performer', 'p1', DENY],
  ['/Observation?patient=p1&_include=Observation:performer:Patient', 'p1', DENY],
  ['/Observation?patient=p1&_include:iterate=Observation:subject', 'p1', DENY],
  ['/Observation?patient=p1&_include:recurse=Observation:subject', 'p1', DENY],
  ['/Observation?patient=p1&_revinclude=Group:member', 'p1', DENY],
  ['/Observation?patient=p1&_include[]=Observation:performer', 'p1', DENY],
  ['/Observation?patient=p1&_include=Observation:subject', 'p1', 'OK'],
  ['/Observation?patient=Patient/p1&_include=Observation:patient', 'p1', 'OK'],
  ['/Observation?patient=p1&_include=Observation:subject:Patient', 'p1', 'OK'],
  ['/Observation?patient=p1&_revinclude=Provenance:target', 'p1', 'OK'],
  ['/Observation?patient=p1&_include=Observation:encounter', 'p1', 'OK'],
  // searches with no patient parameter: allowed, the response check catches other patients
  ['/Observation', 'p1', 'OK'],
  ['/Observation?code=http://loinc.org|4548-4', 'p1', 'OK'],
  // Patient searches must be confined by _id
  ['/Patient?identifier=http://hospital.example/mrn|123', 'launched', DENY],
  ['/Patient?name=Smith', 'launched', DENY],
  ['/Patient?_id=p2', 'launched', DENY],
  ['/Patient?_id=p1,p2', 'launched', DENY],
  ['/Patient?_id=p1&_id=p2', 'launched', DENY],
  ['/Patient?_id:not=p1', 'launched', DENY],
  ['/Patient?_id[]=p2', 'launched', DENY],
  ['/Patient?link=Patient/p2', 'launched', DENY],
  ['/Patient?general-practitioner.name=House', 'launched', DENY],
  ['/Patient?_has:Observation:patient:code=1234-5', 'launched', DENY],
  ['/Patient?_id=p1&_revinclude=Observation:performer', 'launched', DENY],
  ['/Patient?_id=p1&_revinclude=Group:member', 'launched', DENY],
  ['/Patient?_revinclude=Observation:subject', 'launched', DENY],
  ['/Patient?_id=p1', 'launched', 'OK'],
  ['/Patient?_id=p1&identifier=http://hospital.example/mrn|123', 'launched', 'OK'],
  ['/Patient?_id=p1&_revinclude=Observation:subject', 'launched', 'OK'],
  ['/Patient', 'launched', 'OK'],
  ['/Patient?_count=10', 'launched', 'OK'],
  ['/Patient/p1?_id=p1', 'launched', 'OK'],
  ['/Patient/p2', 'launched', DENY],
];

const R = 'PG_RESPONSE_PATIENT_COMPARTMENT';
const ref = (reference: string) => ({ reference });
const idOnly = { identifier: { system: 'http://hospital.example/mrn', value: 'SECRET-123' } };
const pt = (id: string, extra: Record<string, unknown> = {}) => patientRes(id, { name: [{ family: id === 'p1' ? 'Own' : 'SECRET' }], ...extra });
const o = (extra: Record<string, unknown>) => obs('o1', 'p1', extra);
const res = (resourceType: string, extra: Record<string, unknown>) => ({ resourceType, id: 'x1', ...extra });
const urnBundle = (patient: Record<string, unknown>, subject = 'urn:uuid:0f6b5a4e-1c1d-4c53-9a8e-2f1f3f8b7c01') =>
  ({ resourceType: 'Bundle', type: 'collection', entry: [{ fullUrl: 'urn:uuid:0f6b5a4e-1c1d-4c53-9a8e-2f1f3f8b7c01', resource: patient }, { fullUrl: 'urn:uuid:1', resource: o({ subject: ref(subject) }) }] });
let deep: unknown = ref('Patient/p2');
for (let i = 0; i < 110; i++) deep = { a: [deep] };
/** [name, response body, expected code ('OK' = released)]. Bodies that deny never reach the client. */
const RESPONSE_CASES: Array<[string, unknown, string]> = [
  ['Observation.performer', o({ performer: [ref('Patient/p2')] }), R],
  ['Encounter.subject', bundle([res('Encounter', { subject: ref('Patient/p2') })]), R],
  ['Coverage.subscriber', res('Coverage', { beneficiary: ref('Patient/p1'), subscriber: ref('Patient/p2') }), R],
  ['Coverage.payor', res('Coverage', { beneficiary: ref('Patient/p1'), payor: [ref('Patient/p2')] }), R],
  ['Coverage.policyHolder identifier-only', res('Coverage', { beneficiary: ref('Patient/p1'), policyHolder: idOnly }), R],
  ['Group.member.entity', res('Group', { member: [{ entity: ref('Patient/p1') }, { entity: ref('Patient/p2') }] }), R],
  ['Group.member.entity identifier-only', res('Group', { member: [{ entity: idOnly }] }), R],
  ['RelatedPerson.patient', res('RelatedPerson', { patient: ref('Patient/p2') }), R],
  ['AllergyIntolerance.recorder', res('AllergyIntolerance', { patient: ref('Patient/p1'), recorder: ref('Patient/p2') }), R],
  ['AllergyIntolerance.asserter', res('AllergyIntolerance', { patient: ref('Patient/p1'), asserter: ref('Patient/p2') }), R],
  ['Claim.payee.party', res('Claim', { patient: ref('Patient/p1'), payee: { party: ref('Patient/p2') } }), R],
  ['ExplanationOfBenefit.patient', res('ExplanationOfBenefit', { patient: ref('Patient/p2') }), R],
  ['CareTeam.participant.member', res('CareTeam', { subject: ref('Patient/p1'), participant: [{ member: ref('Patient/p2') }] }), R],
  ['Appointment.participant.actor', res('Appointment', { participant: [{ actor: ref('Patient/p1') }, { actor: ref('Patient/p2') }] }), R],
  ['DocumentReference.author', res('DocumentReference', { subject: ref('Patient/p1'), author: [ref('Patient/p2')] }), R],
  ['Communication.recipient', res('Communication', { subject: ref('Patient/p1'), recipient: [ref('Patient/p2')] }), R],
  ['Communication.sender identifier-only', res('Communication', { subject: ref('Patient/p1'), sender: idOnly }), R],
  ['Consent.patient', res('Consent', { patient: ref('Patient/p2') }), R],
  ['Provenance.target', res('Provenance', { target: [ref('Observation/o1'), ref('Patient/p2')] }), R],
  ['Provenance.agent.who', res('Provenance', { target: [ref('Observation/o1')], agent: [{ who: ref('Patient/p2') }] }), R],
  ['Patient.link.other', pt('p1', { link: [{ other: ref('Patient/p2'), type: 'seealso' }] }), R],
  ['contained Patient', o({ contained: [pt('p1')], subject: ref('#p1') }), R],
  ['contained resource about p2', o({ contained: [obs('c1', 'p2')] }), R],
  ['nested Bundle, 3 deep', bundle([obs('o1', 'p1'), bundle([bundle([obs('o2', 'p2')])])]), R],
  ['Parameters.parameter.resource', { resourceType: 'Parameters', parameter: [{ name: 'return', resource: obs('o2', 'p2') }] }, R],
  ['Parameters.parameter.part.resource', { resourceType: 'Parameters', parameter: [{ name: 'x', part: [{ name: 'y', resource: pt('p2') }] }] }, R],
  ['non-FHIR wrapper { data: [...] }', { data: [obs('o1', 'p1'), obs('o2', 'p2')] }, R],
  ['non-FHIR nested wrapper', { result: { items: [{ resource: pt('p2') }] } }, R],
  ['non-FHIR patientId', { data: [{ patientId: 'p2', value: 'SECRET' }] }, R],
  ['non-FHIR subject string', { rows: [{ subject: 'Patient/p2', value: 'SECRET' }] }, R],
  ['bare array', [obs('o1', 'p1'), obs('o2', 'p2')], R],
  ['absolute reference', o({ subject: ref('https://x.example/fhir/Patient/p2') }), R],
  ['versioned reference', o({ subject: ref('Patient/p2/_history/3') }), R],
  ['absolute versioned reference', o({ focus: [ref('https://x.example/fhir/Patient/p2/_history/3')] }), R],
  ['lower-case type', o({ focus: [ref('patient/p2')] }), R],
  ['dot segments', o({ focus: [ref('Patient/p1/../p2')] }), R],
  ['percent-encoded', o({ focus: [ref('Patient%2Fp2')] }), R],
  ['conditional reference', o({ subject: ref('Patient?identifier=http://hospital.example/mrn|SECRET') }), R],
  ['identifier-only subject', o({ subject: idOnly }), R],
  ['typed identifier-only subject', o({ subject: { type: 'Patient', ...idOnly } }), R],
  ['display-only subject', o({ subject: { display: 'SECRET Person' } }), R],
  ['identifier-only Patient reference in an extension', o({ extension: [{ url: 'http://x.example/e', valueReference: { type: 'Patient', ...idOnly } }] }), R],
  ['urn:uuid resolving to a Patient without id', urnBundle(pt('p1', { id: undefined })), R],
  ['urn:uuid resolving to another Patient', urnBundle(pt('p2')), R],
  ['unresolved urn:uuid subject', urnBundle(pt('p1'), 'urn:uuid:9d6c2f1e-0000-4000-8000-000000000000'), R],
  ['unknown resource type', { resourceType: 'CustomThing', id: 'c1', foo: { bar: [ref('Patient/p2')] } }, R],
  ['extension reference', o({ extension: [{ url: 'http://x.example/e', valueReference: ref('Patient/p2') }] }), R],
  ['Bundle entry fullUrl', { resourceType: 'Bundle', type: 'searchset', entry: [{ fullUrl: 'https://x.example/fhir/Patient/p2', resource: pt('p1') }] }, R],
  ['batch-response location', { resourceType: 'Bundle', type: 'batch-response', entry: [{ response: { status: '200', location: 'Patient/p2/_history/1' } }] }, R],
  ['__proto__ key', JSON.parse('{"resourceType":"Observation","id":"o1","subject":{"reference":"Patient/p1"},"__proto__":{"reference":"Patient/p2"}}'), R],
  ['220 levels deep', o({ extension: [{ url: 'http://x.example/e', deep }] }), R],
  ['Patient without id', pt('p1', { id: undefined }), R],
  // released
  ['own Observation, Practitioner performer', o({ performer: [ref('Practitioner/d1')] }), 'OK'],
  ['typed non-Patient identifier-only performer', o({ performer: [{ type: 'Practitioner', ...idOnly }] }), 'OK'],
  ['contained Practitioner performer', o({ contained: [{ resourceType: 'Practitioner', id: 'pr1' }], performer: [ref('#pr1')] }), 'OK'],
  ['own Coverage', res('Coverage', { beneficiary: ref('Patient/p1'), subscriber: ref('https://x.example/fhir/Patient/p1/_history/2'), payor: [ref('Organization/o1')] }), 'OK'],
  ['urn:uuid resolving to the own Patient', urnBundle(pt('p1')), 'OK'],
  ['Group subject (existing behaviour)', o({ subject: ref('Group/g1') }), 'OK'],
  ['Practitioner', { resourceType: 'Practitioner', id: 'd1', name: [{ family: 'House' }] }, 'OK'],
  ['own Parameters', { resourceType: 'Parameters', parameter: [{ name: 'return', resource: obs('o1', 'p1') }] }, 'OK'],
  ['own non-FHIR wrapper', { data: [obs('o1', 'p1')], next: null }, 'OK'],
  ['own Patient', pt('p1'), 'OK'],
];

describe('request: a restricted principal can only select its own patient', () => {
  it.each(REQUEST_CASES)('%s (%s) -> %s', async (target, who, expected) => {
    const r = await simulate(g, { target, headers: who === 'p1' ? p1 : launched }, ownData);
    if (expected === 'OK') {
      expect(r.code).toBeUndefined();
      expect(r.status).toBe(200);
      expect(r.forwarded).toBe(true);
    } else {
      expect(r.code).toBe(expected);
      expect(r.forwarded).toBe(false);
    }
  });

  it('an unconfined clinician is not affected by the compartment rules', async () => {
    for (const target of ['/Observation?patient.identifier=x', '/Observation?_has:Observation:patient:code=1', '/Patient?identifier=x', '/Observation?patient[]=p2']) {
      expect((await simulate(g, { target, headers: clinician }, ownData)).code).toBeUndefined();
    }
  });
});

describe('response: every patient link in the released body is the principal patient', () => {
  it.each(RESPONSE_CASES.map(([n, b, e]) => [n, e, b] as const))('%s -> %s', async (_name, expected, body) => {
    for (const target of ['/Observation?patient=p1', '/Observation']) {
      const r = await simulate(g, { target, headers: p1 }, () => fhir(body));
      expect(r.forwarded).toBe(true);
      if (expected === 'OK') {
        expect(r.code).toBeUndefined();
        expect(r.status).toBe(200);
      } else {
        expect(r.code).toBe(expected);
        expect(r.text).not.toContain('p2');
        expect(r.text).not.toContain('SECRET');
      }
    }
  });

  it('a search with no patient parameter answered with another patient is refused', async () => {
    const r = await simulate(g, { target: '/Observation?code=http://loinc.org|4548-4', headers: p1 }, () => fhir(bundle([obs('o1', 'p1'), obs('o2', 'p2')])));
    expect(r.forwarded).toBe(true);
    expect(r.code).toBe('PG_RESPONSE_PATIENT_COMPARTMENT');
  });

  it('a clinician sees every patient, and the audit names them (performer, beneficiary, member...)', async () => {
    const body = bundle([obs('o1', 'p1', { performer: [{ reference: 'Patient/p2' }] }), { resourceType: 'Coverage', id: 'c1', status: 'active', beneficiary: { reference: 'Patient/p3' }, payor: [{ reference: 'Organization/o1' }] }]);
    const r = await simulate(g, { target: '/Observation?patient=p1', headers: clinician }, () => fhir(body));
    expect(r.status).toBe(200);
    expect([...(r.ctx.inspection?.patients ?? [])].sort()).toEqual(['Patient/p1', 'Patient/p2', 'Patient/p3']);
  });

  it('a large own-patient bundle (about 6 MB) is checked in full, up to its last entry', async () => {
    const many = bundle(Array.from({ length: 25_000 }, (_, i) => obs(`o${i}`, 'p1', { performer: [{ reference: `Practitioner/d${i}` }] })));
    const text = JSON.stringify(many);
    expect(text.length).toBeGreaterThan(5_000_000);
    const r = await simulate(g, { target: '/Observation?patient=p1', headers: p1 }, () => ({ status: 200, headers: [['content-type', 'application/fhir+json']], body: text }));
    expect(r.status).toBe(200);
    const bad = JSON.stringify(bundle([...many.entry.slice(0, 24_999).map((e) => e.resource), obs('last', 'p2')]));
    expect((await simulate(g, { target: '/Observation?patient=p1', headers: p1 }, () => ({ status: 200, headers: [['content-type', 'application/fhir+json']], body: bad }))).code).toBe('PG_RESPONSE_PATIENT_COMPARTMENT');
  }, 30_000);
});

describe('request bodies of a restricted principal', () => {
  const post = async (body: unknown) => simulate(g, { method: 'POST', target: '/Observation', headers: { ...launchedWrite, 'content-type': 'application/fhir+json' }, body: JSON.stringify(body) }, () => fhir(obs('o1', 'p1')));
  let launchedWrite: Record<string, string>;
  beforeAll(async () => {
    launchedWrite = bearer(await tok.clinician('TREAT', { scope: ['launch/patient', 'patient/Observation.crs'], patient: 'p1' }));
  });
  const coded = { coding: [{ system: 'http://loinc.org', code: '4548-4' }] };
  it.each([
    ['own subject', { resourceType: 'Observation', status: 'final', code: coded, subject: { reference: 'Patient/p1' } }, 'OK'],
    ['another subject', { resourceType: 'Observation', status: 'final', code: coded, subject: { reference: 'Patient/p2' } }, DENY],
    ['another performer', { resourceType: 'Observation', status: 'final', code: coded, subject: { reference: 'Patient/p1' }, performer: [{ reference: 'Patient/p2' }] }, DENY],
    ['identifier-only performer', { resourceType: 'Observation', status: 'final', code: coded, subject: { reference: 'Patient/p1' }, performer: [{ identifier: { value: '123' } }] }, DENY],
    ['conditional focus', { resourceType: 'Observation', status: 'final', code: coded, subject: { reference: 'Patient/p1' }, focus: [{ reference: 'Patient?identifier=123' }] }, DENY],
  ] as Array<[string, unknown, string]>)('%s -> %s', async (_n, body, expected) => {
    const r = await post(body);
    expect(r.code ?? 'OK').toBe(expected);
  });
  it.each([['patient=p1&identifier=urn:x|1', 'OK'], ['identifier=urn:x|1', DENY], ['patient=p2', DENY]])('If-None-Exist: %s -> %s', async (cond, expected) => {
    const body = JSON.stringify({ resourceType: 'Observation', status: 'final', code: coded, subject: { reference: 'Patient/p1' } });
    const r = await simulate(g, { method: 'POST', target: '/Observation', headers: { ...launchedWrite, 'content-type': 'application/fhir+json', 'if-none-exist': cond }, body }, () => fhir(obs('o1', 'p1')));
    expect(r.code ?? 'OK').toBe(expected);
  });
});
