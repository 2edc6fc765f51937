import { describe, expect, it } from 'vitest';
import { PATIENT_COMPARTMENT } from './compartment-def.js';
import { classifyRef, scanPatients, withinCompartment } from './patient-refs.js';

const scan = (doc: unknown) => {
  const s = scanPatients(doc);
  return { patients: [...s.patients].sort(), unprovable: [...s.unprovable].sort() };
};
const ref = (reference: string) => ({ reference });
const idOnly = { identifier: { system: 'urn:mrn', value: '1' } };

describe('classifyRef', () => {
  it.each([
    ['Patient/p1', 'patient', ['p1'], false],
    ['Patient/p1/_history/3', 'patient', ['p1'], false],
    ['https://x.example/fhir/Patient/p1', 'patient', ['p1'], false],
    ['https://x.example/fhir/Patient/p1/_history/2', 'patient', ['p1'], false],
    ['Practitioner/d1', 'other', [], false],
    ['https://x.example/fhir/Patient/p2/../../Observation/o1', 'other', ['p2'], true],
    ['#c1', 'local', [], false],
    ['urn:uuid:0f6b5a4e-1c1d-4c53-9a8e-2f1f3f8b7c01', 'url', [], false],
    ['Patient?identifier=urn:mrn|1', 'bad', [], true],
    ['Patient%2Fp2', 'bad', [], true],
    ['Patient/p1/../p2', 'bad', ['p1'], true],
    ['patient/p2', 'bad', ['p2'], false],
    ['Patient/.', 'bad', [], true],
    ['Patient/', 'bad', [], true],
    ['Observation/patient-7', 'other', [], false],
  ] as Array<[string, string, string[], boolean]>)('%s', (s, kind, ids, odd) => {
    const c = classifyRef(s);
    expect([c.kind, c.ids, c.odd]).toEqual([kind, ids, odd]);
  });
});

describe('scanPatients: the R4 compartment table', () => {
  /** A resource whose element at `path` holds `leaf` (arrays at every step, as FHIR allows). */
  const build = (type: string, path: string, leaf: unknown) => {
    const segs = path.split('.');
    let v: unknown = leaf;
    for (let i = segs.length - 1; i >= 0; i--) v = { [segs[i] as string]: i === segs.length - 1 ? v : [v] };
    return { resourceType: type, id: 'x1', ...(v as object) };
  };
  const rows = Object.entries(PATIENT_COMPARTMENT).flatMap(([type, paths]) => paths.map((path) => [type, path] as const));
  it.each(rows)('%s.%s: a literal patient is found, an identifier-only link is unprovable', (type, path) => {
    expect(scan(build(type, path, ref('Patient/p2'))).patients).toContain('p2');
    expect(scan(build(type, path, idOnly)).unprovable).toEqual(['no-literal-reference']);
    expect(scan(build(type, path, { type: 'Organization', ...idOnly })).unprovable).toEqual([]);
    expect(scan(build(type, path, ref('urn:uuid:nowhere'))).unprovable).toEqual(['unresolved-reference']);
  });
  it('has the resource types the review named', () => {
    for (const t of ['Observation', 'Encounter', 'Coverage', 'Group', 'RelatedPerson', 'AllergyIntolerance', 'Claim', 'ExplanationOfBenefit', 'CareTeam', 'Appointment', 'DocumentReference', 'Communication', 'Consent', 'Provenance']) {
      expect(PATIENT_COMPARTMENT[t]?.length).toBeGreaterThan(0);
    }
  });
});

describe('scanPatients: documents', () => {
  it('finds patients in bundles, contained resources, Parameters and wrappers', () => {
    const doc = {
      data: [
        { resourceType: 'Bundle', entry: [{ fullUrl: 'urn:uuid:a', resource: { resourceType: 'Patient', id: 'p3' } }, { resource: { resourceType: 'Observation', subject: ref('urn:uuid:a') } }] },
        { resourceType: 'Parameters', parameter: [{ part: [{ resource: { resourceType: 'Patient', id: 'p4' } }] }] },
        { resourceType: 'Observation', contained: [{ resourceType: 'Observation', subject: ref('Patient/p5') }] },
        { anything: { deeper: [ref('https://h/fhir/Patient/p6/_history/1')] } },
      ],
    };
    expect(scan(doc)).toEqual({ patients: ['p3', 'p4', 'p5', 'p6'], unprovable: [] });
  });

  it.each([
    ['contained Patient', { resourceType: 'Observation', contained: [{ resourceType: 'Patient', id: 'p1' }] }, 'contained-patient'],
    ['Patient without id', { resourceType: 'Patient' }, 'patient-without-id'],
    ['urn to a Patient without id', { resourceType: 'Bundle', entry: [{ fullUrl: 'urn:uuid:a', resource: { resourceType: 'Patient' } }] }, 'patient-without-id'],
    ['typed identifier-only in an extension', { extension: [{ valueReference: { type: 'Patient', ...idOnly } }] }, 'no-literal-reference'],
    ['non-string reference in a link', { resourceType: 'Observation', subject: { reference: 7 } }, 'malformed-reference'],
    ['Group subject without reference', { resourceType: 'Observation', subject: { type: 'Group', ...idOnly } }, 'no-literal-reference'],
    ['non-FHIR patient name', { patient: 'Jane Doe' }, 'malformed-reference'],
  ])('%s is unprovable', (_n, doc, reason) => {
    expect(scan(doc).unprovable).toContain(reason);
  });

  it('reads Bundle entry request.url and response.location (a bare type URL is a create)', () => {
    const history = { resourceType: 'Bundle', type: 'history', entry: [{ resource: { resourceType: 'Patient', id: 'p1' }, request: { method: 'POST', url: 'Patient' } }] };
    expect(scan(history)).toEqual({ patients: ['p1'], unprovable: [] });
    expect(scan({ entry: [{ request: { method: 'PUT', url: 'Patient?identifier=urn:mrn|1' } }] }).unprovable).toEqual(['malformed-reference']);
    expect(scan({ entry: [{ response: { status: '201', location: 'https://h/fhir/Patient/p2/_history/1' } }] }).patients).toEqual(['p2']);
  });

  it('does not mistake resources with a Patient type for references, and handles huge arrays', () => {
    expect(scan({ resourceType: 'StructureDefinition', type: 'Patient', identifier: [{ value: 'x' }] })).toEqual({ patients: [], unprovable: [] });
    const members = Array.from({ length: 300_000 }, () => ({ entity: ref("Patient/p1") }));
    expect(scan({ resourceType: 'Group', member: members })).toEqual({ patients: ['p1'], unprovable: [] });
  });

  it('reads non-FHIR patient ids and subject strings', () => {
    expect(scan({ rows: [{ patientId: 'p2' }, { patient_id: 'p3' }, { patient: 'p4' }, { subject: 'Patient/p5' }] }).patients).toEqual(['p2', 'p3', 'p4', 'p5']);
    expect(scan({ resourceType: 'Parameters', parameter: [{ name: 'patient', valueId: 'p6' }, { name: 'patientId', valueString: 'Patient/p7' }, { name: 'subject', valueString: 'hello' }] })).toEqual({ patients: ['p6', 'p7'], unprovable: [] });
  });

  it('treats __proto__ keys as plain data and never mutates its input', () => {
    const doc = JSON.parse('{"resourceType":"Observation","__proto__":{"reference":"Patient/p2"},"subject":{"reference":"Patient/p1"}}');
    const freeze = (v: unknown): void => {
      if (v && typeof v === 'object') {
        Object.freeze(v);
        Object.values(v).forEach(freeze);
      }
    };
    const snapshot = JSON.stringify(doc);
    freeze(doc);
    expect(scan(doc).patients).toEqual(['p1', 'p2']);
    expect(JSON.stringify(doc)).toBe(snapshot);
    expect(({} as { reference?: unknown }).reference).toBeUndefined();
  });

  it('is iterative (100 000 levels deep) and bounded (fails closed past maxNodes)', () => {
    let deep: unknown = ref('Patient/p2');
    for (let i = 0; i < 100_000; i++) deep = { a: [deep] };
    expect(scan(deep).patients).toEqual(['p2']);
    const big = { entry: Array.from({ length: 100 }, () => ({ resource: { resourceType: 'Observation' } })) };
    expect([...scanPatients(big, 50).unprovable]).toEqual(['too-large']);
  });

  it('withinCompartment', () => {
    expect(withinCompartment(scanPatients({ resourceType: 'Patient', id: 'p1' }), new Set(['p1']))).toBe(true);
    expect(withinCompartment(scanPatients({ resourceType: 'Patient', id: 'p2' }), new Set(['p1']))).toBe(false);
    expect(withinCompartment(scanPatients({ resourceType: 'Patient' }), new Set(['p1']))).toBe(false);
  });
});
