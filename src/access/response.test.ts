import { describe, expect, it } from 'vitest';
import { PhiguardError } from '../core/errors.js';
import type { AccessRouteView } from '../core/context.js';
import { applyResponseAccess, MAX_DEPTH } from './response.js';
import type { Projection, ResponseAccess } from './types.js';

const route = { id: 'r', method: 'GET', template: '/x' } as unknown as AccessRouteView;
const billing: Projection = {
  resources: {
    Patient: { mode: 'allow', paths: ['name.family', 'birthDate', 'address'] },
    Observation: { mode: 'deny', paths: ['value[x]', 'note'] },
  },
};
const patient = (id: string, extra: Record<string, unknown> = {}) => ({
  resourceType: 'Patient',
  id,
  meta: { versionId: '1' },
  text: { status: 'generated', div: '<div>Jane Doe 555-0100</div>' },
  name: [{ family: 'Doe', given: ['Jane'] }],
  telecom: [{ system: 'phone', value: '555-0100' }],
  birthDate: '1970-01-01',
  _birthDate: { extension: [] },
  address: [{ city: 'Springfield' }],
  ...extra,
});
const obs = (id: string, subject: string, extra: Record<string, unknown> = {}) => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }],
  subject: { reference: subject },
  valueQuantity: { value: 5.4, unit: 'mmol/L' },
  note: [{ text: 'fasting' }],
  ...extra,
});
const bundle = (...resources: unknown[]) => ({ resourceType: 'Bundle', type: 'searchset', total: resources.length, entry: resources.map((resource) => ({ resource, search: { mode: 'match' } })) });
const run = (body: unknown, access: ResponseAccess) => applyResponseAccess(body, access, route);
const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'OK';
  } catch (e) {
    if (e instanceof PhiguardError) return e.code;
    throw e;
  }
};

describe('applyResponseAccess: minimum necessary projection', () => {
  it('applies an allow-list (nested paths, primitive extensions) and tags the resource SUBSETTED', () => {
    const r = run(patient('p1'), { projection: billing });
    const b = r.body as Record<string, unknown>;
    expect(Object.keys(b).sort()).toEqual(['_birthDate', 'address', 'birthDate', 'id', 'meta', 'name', 'resourceType']);
    expect(b.name).toEqual([{ family: 'Doe' }]);
    expect(r.projectedFields).toBe(3); // text, telecom, name.given
    expect((b.meta as { tag: { code: string }[] }).tag.map((t) => t.code)).toEqual(['SUBSETTED']);
    expect(JSON.stringify(b)).not.toContain('555-0100');
  });

  it('applies a deny-list with choice types and drops the narrative', () => {
    const r = run(bundle(obs('o1', 'Patient/p1', { text: { div: '5.4 mmol/L' } })), { projection: billing });
    const o = (r.body as { entry: { resource: Record<string, unknown> }[] }).entry[0]!.resource;
    expect(o.valueQuantity).toBeUndefined();
    expect(o.note).toBeUndefined();
    expect(o.text).toBeUndefined();
    expect(o.status).toBe('final');
    expect(r.projectedFields).toBe(3);
  });

  it('leaves the body alone without a projection and reports patients and resources', () => {
    const input = bundle(patient('p1'), obs('o1', 'https://fhir.example.org/Patient/p1'));
    const r = run(input, {});
    expect(r.body).toEqual(input);
    expect(r.projectedFields).toBe(0);
    expect(r.patients).toEqual(['Patient/p1']);
    expect(r.resources).toEqual(['Patient/p1', 'Observation/o1']);
  });
});

describe('applyResponseAccess: security labels', () => {
  const psy = { meta: { security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'PSY' }] } };
  const restricted = { meta: { security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R' }] } };

  it('withholds labelled resources from a Bundle with an OperationOutcome note and SUBSETTED tag', () => {
    const r = run(bundle(obs('o1', 'Patient/p1'), obs('o2', 'Patient/p1', psy), obs('o3', 'Patient/p1', restricted)), { allowedLabels: ['R'] });
    const b = r.body as { total: number; entry: { resource: { resourceType: string; id?: string } }[]; meta: { tag: { code: string }[] } };
    expect(b.entry.map((e) => e.resource.id ?? e.resource.resourceType)).toEqual(['o1', 'o3', 'OperationOutcome']);
    expect(r.suppressedResources).toBe(1);
    expect(b.total).toBe(2);
    expect(b.meta.tag[0]!.code).toBe('SUBSETTED');
    expect(JSON.stringify(b)).not.toContain('o2');
  });

  it('denies a single labelled resource; unknown/normal labels pass', () => {
    expect(codeOf(() => run(obs('o2', 'Patient/p1', psy), {}))).toBe('PG_AUTHZ_SECURITY_LABEL');
    expect(codeOf(() => run(obs('o2', 'Patient/p1', psy), { allowedLabels: ['PSY'] }))).toBe('OK');
    expect(codeOf(() => run(obs('o4', 'Patient/p1', { meta: { security: [{ code: 'N' }] } }), {}))).toBe('OK');
    expect(codeOf(() => run(obs('o5', 'Patient/p1', { meta: { security: [{ code: 'CUSTOM' }] } }), { sensitiveLabels: ['CUSTOM'] }))).toBe('PG_AUTHZ_SECURITY_LABEL');
  });

  it('withholds labelled contained resources and nested bundles', () => {
    const r = run(bundle({ ...obs('o1', 'Patient/p1'), contained: [{ resourceType: 'Condition', id: 'c1', ...psy }] }, bundle(obs('o9', 'Patient/p1', restricted))), {});
    expect(r.suppressedResources).toBe(2);
    expect(JSON.stringify(r.body)).not.toContain('"o9"');
    expect(JSON.stringify(r.body)).not.toContain('"c1"');
  });
});

describe('applyResponseAccess: patient compartment and scope constraints', () => {
  it('throws when a restricted principal would receive another patient', () => {
    const access = { patients: ['p1'] };
    expect(codeOf(() => run(patient('p1'), access))).toBe('OK');
    expect(codeOf(() => run(patient('p2'), access))).toBe('PG_RESPONSE_PATIENT_COMPARTMENT');
    expect(codeOf(() => run(bundle(obs('o1', 'Patient/p1'), obs('o2', 'Patient/p2')), access))).toBe('PG_RESPONSE_PATIENT_COMPARTMENT');
    expect(codeOf(() => run(bundle(obs('o1', 'https://h/fhir/Patient/p2/_history/3')), access))).toBe('PG_RESPONSE_PATIENT_COMPARTMENT');
    expect(codeOf(() => run(bundle(bundle(patient('p2'))), access))).toBe('PG_RESPONSE_PATIENT_COMPARTMENT');
    expect(codeOf(() => run({ ...obs('o1', 'Patient/p1'), contained: [patient('p3')] }, access))).toBe('PG_RESPONSE_PATIENT_COMPARTMENT');
    expect(codeOf(() => run(bundle(obs('o1', 'Group/g1')), access))).toBe('OK');
  });

  it('withholds resources outside a SMART scope query constraint', () => {
    const access: ResponseAccess = { scopeGrant: { constraints: [{ resource: 'Observation', params: [['category', 'laboratory']] }] } };
    const vital = obs('o2', 'Patient/p1', { category: [{ coding: [{ code: 'vital-signs' }] }] });
    const r = run(bundle(obs('o1', 'Patient/p1'), vital, patient('p1')), access);
    expect(r.suppressedResources).toBe(1);
    expect(codeOf(() => run(vital, access))).toBe('PG_AUTHZ_SCOPE');
  });
});

describe('applyResponseAccess: patient compartment (R4 compartment definition)', () => {
  const access = { patients: ['p1'] };
  it('checks every patient link, in every shape, before anything is withheld', () => {
    expect(codeOf(() => run(obs('o1', 'Patient/p1', { performer: [{ reference: 'Patient/p2' }] }), access))).toBe('PG_RESPONSE_PATIENT_COMPARTMENT');
    expect(codeOf(() => run({ resourceType: 'Coverage', beneficiary: { reference: 'Patient/p1' }, payor: [{ identifier: { value: '1' } }] }, access))).toBe('PG_RESPONSE_PATIENT_COMPARTMENT');
    expect(codeOf(() => run({ resourceType: 'Parameters', parameter: [{ resource: patient('p2') }] }, access))).toBe('PG_RESPONSE_PATIENT_COMPARTMENT');
    expect(codeOf(() => run({ data: [obs('o2', 'Patient/p2')] }, access))).toBe('PG_RESPONSE_PATIENT_COMPARTMENT');
    // another patient's resource is refused even when its label would have withheld it
    expect(codeOf(() => run(bundle(obs('o1', 'Patient/p1'), obs('o2', 'Patient/p2', { meta: { security: [{ code: 'PSY' }] } })), access))).toBe('PG_RESPONSE_PATIENT_COMPARTMENT');
    expect(codeOf(() => run(bundle(obs('o1', 'Patient/p1', { performer: [{ reference: 'Practitioner/d1' }] })), access))).toBe('OK');
  });

  it('break-glass (literal-only): other patients deny, unresolvable links do not', () => {
    const bg = { patients: ['p1'], compartmentLiteralOnly: true };
    expect(codeOf(() => run(obs('o1', 'Patient/p1', { performer: [{ display: 'Dr X' }] }), bg))).toBe('OK');
    expect(codeOf(() => run(obs('o1', 'Patient/p1', { performer: [{ display: 'Dr X' }] }), access))).toBe('PG_RESPONSE_PATIENT_COMPARTMENT');
    expect(codeOf(() => run(obs('o1', 'Patient/p1', { performer: [{ reference: 'Patient/p2' }] }), bg))).toBe('PG_RESPONSE_PATIENT_COMPARTMENT');
  });

  it('reports the patients the released body names, for audit and bulk limits', () => {
    const r = run(bundle(obs('o1', 'Patient/p1', { performer: [{ reference: 'Patient/p2' }] }), { resourceType: 'Group', member: [{ entity: { reference: 'Patient/p3' } }] }, obs('o9', 'Patient/p4', { meta: { security: [{ code: 'HIV' }] } })), {});
    expect(r.patients.sort()).toEqual(['Patient/p1', 'Patient/p2', 'Patient/p3']); // p4 was withheld
    expect(run(patient('p1'), access).patients).toEqual(['Patient/p1']);
  });
});

describe('applyResponseAccess: hostile bodies', () => {
  it('never mutates its input', () => {
    const input = bundle(patient('p1'), obs('o1', 'Patient/p1', { meta: { security: [{ code: 'PSY' }] } }));
    const snapshot = structuredClone(input);
    const freeze = (v: unknown): void => {
      if (v && typeof v === 'object') {
        Object.freeze(v);
        Object.values(v).forEach(freeze);
      }
    };
    freeze(input);
    run(input, { projection: billing });
    expect(input).toEqual(snapshot);
  });

  it('copies __proto__ keys as data without polluting prototypes', () => {
    const body = JSON.parse('{"resourceType":"Patient","id":"p1","__proto__":{"polluted":true},"name":[{"__proto__":{"x":1},"family":"D"}]}');
    const r = run(body, { projection: { resources: { Patient: { mode: 'deny', paths: ['telecom'] } } } });
    const out = r.body as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(out, '__proto__')).toBe(true);
    expect((out as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(JSON.stringify(out)).toBe(JSON.stringify(body));
  });

  it('rejects bodies nested beyond the depth bound without overflowing the stack', () => {
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(codeOf(() => run({ resourceType: 'Patient', id: 'p1', extension: deep }, {}))).toBe('PG_RESPONSE_UNPARSEABLE');
    let ok: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < MAX_DEPTH - 5; i++) ok = { a: ok };
    expect(codeOf(() => run({ resourceType: 'Patient', id: 'p1', extension: ok }, {}))).toBe('OK');
  });

  it('treats a bare JSON array like a searchset', () => {
    expect(codeOf(() => run([obs('o1', 'Patient/p1'), obs('o2', 'Patient/p2')], { patients: ['p1'] }))).toBe('PG_RESPONSE_PATIENT_COMPARTMENT');
    const r = run([obs('o1', 'Patient/p1'), obs('o2', 'Patient/p1', { meta: { security: [{ code: 'HIV' }] } })], {});
    expect(Array.isArray(r.body)).toBe(true);
    expect((r.body as { id?: string }[]).map((x) => x.id ?? 'note')).toEqual(['o1', 'note']);
    expect(r.suppressedResources).toBe(1);
  });

  it('passes non-object bodies through', () => {
    expect(run('text', {}).body).toBe('text');
    expect(run(null, {}).body).toBeNull();
  });
});
