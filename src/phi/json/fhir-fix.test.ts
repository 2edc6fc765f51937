import { describe, expect, it } from 'vitest';
import { PhiPolicyError } from '../errors.js';
import { policyFromConfig } from '../config.js';
import { compileRedactionPolicy } from '../redact.js';
import { redactJson } from './redact-json.js';
import { checkResource } from '../../../test/helpers/fhir-r4-check.js';

const DAR = { url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'masked' };
const geo = (lat: number, lon: number) => ({ url: 'http://hl7.org/fhir/StructureDefinition/geolocation', extension: [{ url: 'latitude', valueDecimal: lat }, { url: 'longitude', valueDecimal: lon }] });
const patient = {
  resourceType: 'Patient', id: 'p1', gender: 'female', birthDate: '1958-04-12',
  address: [{ line: ['12 Harbor St'], city: 'Boston', state: 'MA', postalCode: '02118', extension: [geo(42.35, -71.06)] }],
};
const run = (doc: unknown, p: Parameters<typeof compileRedactionPolicy>[0]) => {
  const out = redactJson(JSON.stringify(doc), compileRedactionPolicy(p));
  const parsed = JSON.parse(out.text) as Record<string, any>;
  expect(checkResource(parsed)).toEqual([]);
  return parsed;
};

describe('FHIR mode: a redaction never changes an element to an invalid type', () => {
  it('geolocation decimals are removed with the extensions left empty (default)', () => {
    const r = run(patient, { default: 'generalize' });
    expect(r.address[0]).toEqual({ line: ['[LOCATION]'], city: '[LOCATION]', state: 'MA', postalCode: '021' });
    expect(r.birthDate).toBe('1958');
  });
  it('geolocation decimals get data-absent-reason on request', () => {
    const r = run(patient, { default: 'generalize', fhirInvalid: 'data-absent-reason' });
    expect(r.address[0].extension[0].extension).toEqual([{ url: 'latitude', _valueDecimal: { extension: [DAR] } }, { url: 'longitude', _valueDecimal: { extension: [DAR] } }]);
  });
  it('one of several extensions: the others and their order stay', () => {
    const doc = { ...patient, address: [{ city: 'Boston', extension: [{ url: 'http://example.org/x', valueBoolean: false }, geo(1.5, 2.5), { url: 'http://example.org/y', valueBoolean: true }] }] };
    const r = run(doc, { default: 'mask' });
    expect(r.address[0].extension).toEqual([{ url: 'http://example.org/x', valueBoolean: false }, { url: 'http://example.org/y', valueBoolean: true }]);
  });
  it('a masked date is removed or marked; a generalized year is kept; an instant cannot be a year', () => {
    expect(run(patient, { default: 'mask' }).birthDate).toBeUndefined();
    const dar = run(patient, { default: 'mask', fhirInvalid: 'data-absent-reason' });
    expect(dar.birthDate).toBeUndefined();
    expect(dar._birthDate).toEqual({ extension: [DAR] });
    const obs = { resourceType: 'Observation', id: 'o', status: 'final', code: { text: 'x' }, effectiveDateTime: '2019-01-01T10:00:00-05:00', issued: '2019-01-01T10:00:00.123-05:00', valueQuantity: { value: 3 } };
    const g = run(obs, { default: 'generalize' });
    expect(g.effectiveDateTime).toBe('2019');
    expect(g.issued).toBeUndefined();
    expect(run(obs, { default: 'generalize', fhirInvalid: 'data-absent-reason' })._issued).toEqual({ extension: [DAR] });
  });
  it('an existing _element sibling receives the extension; one holding only an id goes with its value', () => {
    const doc = { ...patient, _birthDate: { extension: [{ url: 'http://example.org/z', valueBoolean: true }] } };
    expect(run(doc, { default: 'mask', fhirInvalid: 'data-absent-reason' })._birthDate).toEqual({ extension: [DAR, { url: 'http://example.org/z', valueBoolean: true }] });
    expect(run(doc, { default: 'mask' })._birthDate).toEqual(doc._birthDate);
    const bare = run({ ...patient, _birthDate: { id: 'b' } }, { default: 'mask' });
    expect('birthDate' in bare || '_birthDate' in bare).toBe(false);
  });
  it('base64 photo data is never replaced by text', () => {
    const doc = { resourceType: 'Patient', id: 'p', photo: [{ contentType: 'image/png', data: 'iVBORw0KGgo=' }] };
    expect(run(doc, { default: 'mask' }).photo).toEqual([{ contentType: '********' }]); // contentType is masked under photo, as before
    expect(run({ resourceType: 'Patient', id: 'p', photo: [{ data: 'iVBORw0KGgo=' }] }, { default: 'remove' }).photo).toBeUndefined();
  });
  it('untouched bytes stay identical around a removal', () => {
    const text = '{ "resourceType" : "Patient", "id":"p",\n  "birthDate" : "1958-04-12" ,\n  "gender": "male"  }';
    const out = redactJson(text, compileRedactionPolicy({ default: 'mask' }));
    expect(out.text).toBe('{ "resourceType" : "Patient", "id":"p",\n  "gender": "male"  }');
    expect(out.findings.map((f) => f.type)).toEqual(['DATE']);
  });
  it('outside FHIR mode a PHI number still becomes a string token (no element types there)', () => {
    const out = redactJson('{"mrn": 1234567}', compileRedactionPolicy({ default: 'remove' }));
    expect(out.text).toBe('{"mrn": "[MRN]"}');
    expect(redactJson('{"mrn": 1234567}', compileRedactionPolicy({ default: 'remove', fhir: true })).text).toBe('{}');
  });
  it('phi.fhir and phi.fhirInvalid come from the policy section and are checked', () => {
    expect(policyFromConfig({ default: 'remove', fhirInvalid: 'data-absent-reason', fhir: false })).toMatchObject({ fhirInvalid: 'data-absent-reason', fhir: false });
    expect(policyFromConfig({ default: 'remove' }).fhirInvalid).toBe('remove');
    expect(() => compileRedactionPolicy({ default: 'remove', fhirInvalid: 'drop' as never })).toThrow(PhiPolicyError);
    expect(redactJson(JSON.stringify(patient), policyFromConfig({ default: 'mask', fhir: false })).text).toContain('"birthDate":"********"');
  });
});
