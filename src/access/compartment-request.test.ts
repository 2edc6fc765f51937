import { describe, expect, it } from 'vitest';
import { PhiguardError } from '../core/errors.js';
import type { AccessRouteView } from '../core/context.js';
import { parseParamName, requestPatients } from './compartment.js';
import { checkRequestCompartment } from './compartment-request.js';

const routes = {
  obs: { id: 'obs', resource: 'Observation', interaction: 'search' },
  pat: { id: 'pat', resource: 'Patient', interaction: 'search' },
  read: { id: 'read', resource: 'Patient', interaction: 'read', patient: { from: 'param', name: 'id' } },
  claim: { id: 'claim', resource: 'Claim', interaction: 'search', patient: { from: 'query', name: 'beneficiary' } },
  cov: { id: 'cov', resource: 'Coverage', interaction: 'search' },
} as unknown as Record<string, AccessRouteView>;

const query = (q: string) => {
  const m = new Map<string, string[]>();
  for (const [k, v] of new URLSearchParams(q)) m.set(k, [...(m.get(k) ?? []), v]);
  return m;
};
const check = (r: keyof typeof routes, q: string, params: Record<string, string> = {}, hasBody = false, segments: string[] = []) => {
  try {
    checkRequestCompartment({ route: routes[r]!, routeParams: params, query: query(q), segments, hasBody, patient: 'p1' });
    return 'OK';
  } catch (e) {
    if (e instanceof PhiguardError) return e.code === 'PG_AUTHZ_PATIENT_COMPARTMENT' ? 'DENY' : e.code;
    throw e;
  }
};

describe('parseParamName', () => {
  it.each([
    ['patient', { base: 'patient', chain: [], unusual: false }],
    ['patient[]', { base: 'patient', chain: [], unusual: true }],
    ['patient[0]', { base: 'patient', chain: [], unusual: true }],
    [' Patient ', { base: 'patient', chain: [], unusual: true }],
    ['subject:Patient.name', { base: 'subject', modifier: 'patient', chain: ['name'], unusual: true }],
    ['encounter.subject:Patient.name', { base: 'encounter', chain: ['subject:patient', 'name'], unusual: true }],
    ['_has:Observation:patient:code', { base: '_has', modifier: 'observation:patient:code', chain: [], unusual: true }],
  ])('%s', (raw, parsed) => expect(parseParamName(raw)).toEqual(parsed));
});

describe('checkRequestCompartment (patient p1)', () => {
  it.each([
    ['obs', 'patient=p1', 'OK'],
    ['obs', 'patient=p1,p2', 'DENY'],
    ['obs', 'patient[]=p2', 'DENY'],
    ['obs', 'PATIENT=p2', 'DENY'],
    ['obs', 'subject=Patient/p1', 'OK'],
    ['obs', 'subject=p1', 'DENY'],
    ['obs', 'subject:Group=g1', 'DENY'],
    ['obs', 'patient:missing=true', 'DENY'],
    ['obs', 'patient:identifier=urn:mrn|1', 'DENY'],
    ['obs', 'patient.identifier=urn:mrn|1', 'DENY'],
    ['obs', 'patient=p1&encounter.participant.name=x', 'DENY'],
    ['obs', 'patient=p1&encounter.status=finished', 'OK'],
    ['obs', '_has:Observation:patient:code=1', 'DENY'],
    ['obs', '_filter=subject eq Patient/p1', 'DENY'],
    ['obs', 'performer=Patient/p2', 'DENY'],
    ['obs', 'performer=Practitioner/p2', 'OK'],
    ['obs', 'performer:Practitioner=p2', 'OK'],
    ['obs', 'performer:group=g1', 'DENY'],
    ['obs', 'focus=Patient/p2', 'DENY'],
    ['obs', 'focus=Patient%2Fp2', 'DENY'],
    ['obs', 'focus=Patient?identifier=1', 'DENY'],
    ['obs', 'code=a,Patient/p2', 'DENY'],
    ['obs', '_include=Observation:subject', 'DENY'],
    ['obs', 'patient=p1&_include=Observation:subject', 'OK'],
    ['obs', 'patient=p1&_include=Observation:performer', 'DENY'],
    ['obs', 'patient=p1&_include=Observation:has-member:Patient', 'DENY'],
    ['obs', 'patient=p1&_include:iterate=Observation:subject', 'DENY'],
    ['obs', 'patient=p1&_revinclude=Provenance:target', 'OK'],
    ['obs', 'patient=p1&_include=Observation', 'DENY'],
    ['obs', '', 'OK'],
    ['pat', '', 'OK'],
    ['pat', '_id=p1', 'OK'],
    ['pat', '_id=p2', 'DENY'],
    ['pat', '_id:missing=false', 'DENY'],
    ['pat', 'identifier=urn:mrn|1', 'DENY'],
    ['pat', '_id=p1&identifier=urn:mrn|1', 'OK'],
    ['pat', '_lastUpdated=gt2020', 'DENY'],
    ['pat', '_count=5&_elements=name', 'OK'],
    ['cov', 'beneficiary=Patient/p1&_include=Coverage:payor', 'DENY'],
    ['cov', 'beneficiary=p1', 'OK'],
    ['cov', 'patient=p1&_include=Coverage:insurer', 'OK'],
    ['cov', 'beneficiary=p1&_include=Coverage:insurer', 'DENY'],
    ['obs', 'performer=p1&_include=Observation:subject', 'DENY'],
    ['obs', 'performer:Patient=p1&_include=Observation:subject', 'DENY'],
    ['cov', 'beneficiary=p2', 'DENY'],
    ['cov', 'beneficiary:identifier=urn:mrn|1', 'DENY'],
    ['claim', 'beneficiary=p1', 'OK'],
    ['claim', 'Beneficiary[]=p2', 'DENY'],
  ])('%s ?%s -> %s', (r, q, expected) => expect(check(r as keyof typeof routes, q)).toBe(expected));

  it('checks the route patient, and refuses search criteria in a body', () => {
    expect(check('read', '', { id: 'p1' })).toBe('OK');
    expect(check('read', '', { id: 'p2' })).toBe('DENY');
    expect(check('read', '_id=p2', { id: 'p1' })).toBe('DENY');
    expect(check('obs', 'patient=p1', {}, true)).toBe('DENY');
    // a compartment path on a route that declares no patient source
    expect(check('obs', '', {}, false, ['Patient', 'p2', 'Observation'])).toBe('DENY');
    expect(check('obs', '_include=Observation:subject', {}, false, ['Patient', 'p1', 'Observation'])).toBe('OK');
    expect(check('obs', '', {}, false, ['Patient', '$everything'])).toBe('OK');
  });
});

describe('If-None-Exist (conditional create) of a restricted principal', () => {
  const create = { id: 'c', resource: 'Observation', interaction: 'create' } as unknown as AccessRouteView;
  const cond = (ifNoneExist: string) => {
    try {
      checkRequestCompartment({ route: create, routeParams: {}, query: new Map(), hasBody: true, patient: 'p1', ifNoneExist });
      return 'OK';
    } catch (e) {
      return (e as PhiguardError).code;
    }
  };
  it.each([
    ['patient=p1&identifier=urn:x|1', 'OK'],
    ['identifier=urn:x|1', 'PG_AUTHZ_PATIENT_COMPARTMENT'],
    ['patient=p2&identifier=urn:x|1', 'PG_AUTHZ_PATIENT_COMPARTMENT'],
    ['patient[]=p2', 'PG_AUTHZ_PATIENT_COMPARTMENT'],
    ['patient=%E0%A4%A', 'PG_AUTHZ_PATIENT_COMPARTMENT'],
  ])('%s -> %s', (h, expected) => expect(cond(h)).toBe(expected));
});

describe('requestPatients (audit, break-glass, consent)', () => {
  it('reads bracket, case and modifier forms', () => {
    expect(requestPatients(routes.obs!, {}, query('patient[]=p2&Subject:Patient=p3&subject=Group/g1&patient.name=x'))).toEqual(['p2', 'p3', null]);
    expect(requestPatients(routes.pat!, {}, query('_id=p4,p5'))).toEqual(['p4', 'p5']);
    expect(requestPatients(routes.claim!, {}, query('beneficiary=p6'))).toEqual(['p6']);
  });
});
