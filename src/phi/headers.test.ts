import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { scanHeaders, scanQuery } from './headers.js';
import { compileRedactionPolicy } from './redact.js';
import { phiPolicySchema } from './schema.js';
import { policyFromConfig } from './config.js';
import { sniffKind } from './sniff.js';

describe('scanHeaders', () => {
  it('reports only headers holding PHI, with redacted values', () => {
    const res = scanHeaders([
      ['content-type', 'application/json'],
      ['location', '/Patient/123?ssn=123-45-6780&dob=1961-04-12'],
      ['cookie', 'sid=abc123; email=jane.doe%40example.org'],
      ['x-patient-name', 'Jane Doe'],
      ['x-request-id', 'f3a9c2'],
    ]);
    expect(res.map((r) => r.name)).toEqual(['location', 'cookie', 'x-patient-name']);
    expect(res[0]!.redacted).toBe('/Patient/123?ssn=[SSN]&dob=[DATE]');
    expect(res[2]!.redacted).toBe('[NAME]');
    const c = res[1]!;
    expect(c.findings.some((f) => f.type === 'EMAIL')).toBe(true);
    expect(c.redacted.startsWith('sid=abc123; email=')).toBe(true);
    expect(c.redacted).not.toContain('jane.doe');
  });
  it('leaves protocol headers and HTTP dates alone, but not a patient date in a Date header', () => {
    const res = scanHeaders([
      ['date', 'Mon, 23 Nov 2026 11:00:00 GMT'],
      ['last-modified', 'Tue, 03 Mar 2026 08:15:00 GMT'],
      ['content-type', 'application/fhir+json; charset=utf-8'],
      ['content-length', '3365'],
      ['expires', 'DOB 1961-04-12'],
    ]);
    expect(res.map((r) => r.name)).toEqual(['expires']);
  });
  it('accepts a record of headers, multi-valued', () => {
    const res = scanHeaders({ 'x-note': ['fine', 'call 410-555-1212'], accept: '*/*' }, compileRedactionPolicy({ default: 'mask' }));
    expect(res).toHaveLength(1);
    expect(res[0]).toMatchObject({ name: 'x-note', index: 1, redacted: 'call ********' });
  });
  it('scanQuery maps well-known parameter names', () => {
    const res = scanQuery('?name=Jane+Doe&page=2&mrn=A12345');
    expect(res.map((r) => [r.name, r.redacted])).toEqual([['name', '[NAME]'], ['mrn', '[MRN]']]);
  });
});

describe('phiPolicySchema', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(phiPolicySchema);
  it('accepts a full section', () => {
    const ok = {
      default: 'mask', minScore: 0.6, hashKey: 'env:PHI_KEY', fhir: true,
      actions: { SSN: { action: 'partial', keep: 4 }, DATE: 'generalize', NAME: 'hash' },
      fields: { names: { patient_ref: 'MRN' }, ignore: ['$.meta'], scanValues: true },
    };
    expect(validate(ok), JSON.stringify(validate.errors)).toBe(true);
  });
  it('rejects unknown keys everywhere, unknown types and actions', () => {
    expect(validate({ default: 'mask', extra: 1 })).toBe(false);
    expect(validate({ default: 'mask', actions: { SOCIAL: 'mask' } })).toBe(false);
    expect(validate({ default: 'mask', actions: { SSN: { action: 'partial', keepp: 4 } } })).toBe(false);
    expect(validate({ default: 'zap' })).toBe(false);
    expect(validate({ default: 'mask', fields: { names: { x: 'NOPE' } } })).toBe(false);
    expect(validate({ default: 'mask', hashKey: 'rawsecret' })).toBe(false);
    expect(validate({})).toBe(false);
  });
  it('policyFromConfig resolves the key reference and compiles', () => {
    const r = policyFromConfig({ default: 'hash', hashKey: 'env:X' }, (ref) => { expect(ref).toBe('env:X'); return Uint8Array.from({ length: 32 }, (_, i) => i + 1); });
    expect(r.actions.SSN.action).toBe('hash');
    expect(() => policyFromConfig({ default: 'hash', hashKey: 'env:X' })).toThrow(/resolver/);
    expect(policyFromConfig(undefined).actions.NAME.action).toBe('remove');
  });
});

describe('sniffKind', () => {
  it('tells text, JSON and NDJSON apart', () => {
    expect(sniffKind('hello {')).toBe('text');
    expect(sniffKind(' {"a":1}')).toBe('json');
    expect(sniffKind('[\n1,\n2\n]')).toBe('json');
    expect(sniffKind('{"a":1}\n{"a":2}\n')).toBe('ndjson');
  });
});
