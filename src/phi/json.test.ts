import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PhiInputError } from './errors.js';
import { detectJson, redactJson, redactNdjson } from './json/redact-json.js';
import { compileRedactionPolicy } from './redact.js';

const R = compileRedactionPolicy({ default: 'remove' });
const dataDir = process.env.PHIGUARD_DATA ?? path.resolve(import.meta.dirname, '../../../shared/data');
// The shared Synthea bundles when present, else the sample shipped in examples/data/fhir.
const fhirDir = existsSync(path.join(dataDir, 'fhir')) ? path.join(dataDir, 'fhir') : path.resolve(import.meta.dirname, '../../examples/data/fhir');

function synthPatient(): string {
  const f = readdirSync(fhirDir).find((x) => !x.startsWith('practitioner') && x.endsWith('.json'))!;
  const bundle = JSON.parse(readFileSync(path.join(fhirDir, f), 'utf8')) as { entry: Array<{ resource: { resourceType: string } }> };
  return JSON.stringify(bundle.entry.find((e) => e.resource.resourceType === 'Patient')!.resource, null, 2);
}

/** Opening and closing quote offsets of the JSON string token that contains offset `at`. */
function enclosingString(src: string, at: number): [number, number] {
  let s = at - 1;
  while (!(src[s] === '"' && src[s - 1] !== '\\')) s--;
  let e = at;
  while (!(src[e] === '"' && src[e - 1] !== '\\')) e++;
  return [s, e + 1];
}

/** The output must be the source with only the string tokens holding findings replaced by other JSON strings. */
function expectOnlyValuesChanged(src: string, out: string, findings: ReadonlyArray<{ start: number; end: number }>): void {
  const tokenOf = (f: { start: number; end: number }): [number, number] =>
    /[-\d]/.test(src[f.start]!) && src[f.start - 1] !== '"' ? [f.start, f.end] : enclosingString(src, f.start);
  const tokens = [...new Map(findings.map(tokenOf).map((t) => [t[0], t])).values()].sort((a, b) => a[0] - b[0]);
  let sp = 0, op = 0;
  for (const [s, e] of tokens) {
    const seg = src.slice(sp, s);
    expect(out.slice(op, op + seg.length)).toBe(seg);
    op += seg.length;
    const [, oe] = enclosingString(out, op + 1);
    expect(() => JSON.parse(out.slice(op, oe))).not.toThrow();
    op = oe;
    sp = e;
  }
  expect(out.slice(op)).toBe(src.slice(sp));
}

describe('redactJson: FHIR Patient', () => {
  const src = synthPatient();
  const res = redactJson(src, R);
  const out = JSON.parse(res.text) as Record<string, any>;
  const orig = JSON.parse(src) as Record<string, any>;
  it('redacts every name, telecom, address, birthDate and identifier value', () => {
    expect(res.changed).toBe(true);
    for (const n of out.name) { expect(n.family).toBe('[NAME]'); for (const g of n.given) expect(g).toBe('[NAME]'); }
    for (const t of out.telecom) expect(t.value).toMatch(/^\[(PHONE|EMAIL|FAX|URL)\]$/);
    for (const a of out.address) {
      for (const l of a.line) expect(l).toBe('[LOCATION]');
      expect(a.city).toBe('[LOCATION]');
      expect(a.postalCode).toBe('[LOCATION]');
    }
    expect(out.birthDate).toBeUndefined(); // "[DATE]" is not a FHIR date: the element is removed
    for (const id of out.identifier) expect(id.value).toMatch(/^\[(MRN|SSN|LICENSE|OTHER_ID)\]$/);
    const ssn = out.identifier.find((i: any) => i.system === 'http://hl7.org/fhir/sid/us-ssn');
    expect(ssn.value).toBe('[SSN]');
    const maiden = out.extension.find((e: any) => String(e.url).endsWith('mothersMaidenName'));
    expect(maiden.valueString).toBe('[NAME]');
  });
  it('leaves structure untouched: state, country, use, system, gender, birthsex', () => {
    expect(out.gender).toBe(orig.gender);
    expect(out.address[0].state).toBe(orig.address[0].state);
    expect(out.telecom[0].system).toBe(orig.telecom[0].system);
    const sex = out.extension.find((e: any) => String(e.url).endsWith('us-core-birthsex'));
    if (sex) expect(sex.valueCode).toBe(orig.extension.find((e: any) => String(e.url).endsWith('us-core-birthsex')).valueCode);
    expect(out.id).toBe(orig.id);
  });
  it('every byte outside the redacted values is identical', () => {
    // Outside FHIR mode every value is replaced in place; FHIR mode removes the values whose
    // redaction would not be valid for their R4 type (json/fhir-fix.test.ts checks those bytes).
    const plain = redactJson(src, R, { fhir: false });
    expectOnlyValuesChanged(src, plain.text, plain.findings);
  });
  it('findings carry JSON paths and raw offsets', () => {
    const f = res.findings.find((x) => x.path === '$.birthDate')!;
    expect(f.type).toBe('DATE');
    expect(src.slice(f.start, f.end)).toBe(orig.birthDate);
  });
});

describe('redactJson: Bundle', () => {
  it('recurses into entry[].resource and redacts clinical dates, not codes', () => {
    const f = readdirSync(fhirDir).find((x) => !x.startsWith('practitioner') && x.endsWith('.json'))!;
    const src = readFileSync(path.join(fhirDir, f), 'utf8');
    const res = redactJson(src, compileRedactionPolicy({ default: 'generalize' }));
    const out = JSON.parse(res.text) as { entry: Array<{ resource: any }> };
    const obs = out.entry.find((e) => e.resource.resourceType === 'Observation' && e.resource.effectiveDateTime)!;
    expect(obs.resource.effectiveDateTime).toMatch(/^\d{4}$/);
    expect(obs.resource.code.coding[0].code).toBe((JSON.parse(src) as any).entry.find((e: any) => e.fullUrl === (obs as any).fullUrl)?.resource.code.coding[0].code ?? obs.resource.code.coding[0].code);
    const patient = out.entry.find((e) => e.resource.resourceType === 'Patient')!.resource;
    expect(patient.address[0].postalCode).toMatch(/^(\d{3}|\[LOCATION\])$/);
    expect(patient.birthDate).toMatch(/^\d{4}$/);
  });
});

describe('redactJson: byte fidelity and hazards', () => {
  it('keeps a 20-digit number in an untouched field byte-identical, and tokenizes one in an MRN field', () => {
    const src = '{"count": 12345678901234567890, "mrn": 98765432109876543210, "x": 1.50e+10 }';
    const res = redactJson(src, R);
    expect(res.text).toBe('{"count": 12345678901234567890, "mrn": "[MRN]", "x": 1.50e+10 }');
  });
  it('returns the very same string when nothing changes', () => {
    const src = '{ "a" : [1, 2.0, true, null, "ok"],\n  "b": {"c": "\\u00e9t\\u00e9"} }';
    const res = redactJson(src, R);
    expect(res.changed).toBe(false);
    expect(res.text).toBe(src);
  });
  it('handles escaped strings with offsets into the raw text', () => {
    const src = '{"note": "caf\\u00e9 \\"quote\\" SSN 123-45-6780"}';
    const f = detectJson(src, R);
    expect(f).toHaveLength(1);
    expect(src.slice(f[0]!.start, f[0]!.end)).toBe('123-45-6780');
    expect(f[0]!.path).toBe('$.note');
    expect(redactJson(src, R).text).toBe('{"note":"café \\"quote\\" SSN [SSN]"}'.replace('{"note":', '{"note": '));
  });
  it('__proto__ and constructor keys are plain data; duplicate keys are each redacted', () => {
    const src = '{"__proto__": {"ssn": "123-45-6780"}, "constructor": {"prototype": {"polluted": 1}}, "ssn": "111-22-3333", "ssn": "222-33-4444"}';
    const res = redactJson(src, R);
    expect(res.text).toBe('{"__proto__": {"ssn": "[SSN]"}, "constructor": {"prototype": {"polluted": 1}}, "ssn": "[SSN]", "ssn": "[SSN]"}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('ssn');
  });
  it('handles 100,000-deep nesting without recursion', () => {
    const depth = 100_000;
    const src = '['.repeat(depth) + '{"ssn":"123-45-6780"}' + ']'.repeat(depth);
    const res = redactJson(src, R);
    expect(res.text).toBe('['.repeat(depth) + '{"ssn":"[SSN]"}' + ']'.repeat(depth));
    expect(res.findings[0]!.path!.startsWith('$[0][0]')).toBe(true);
  });
  // 50,000 levels: an ignore matcher that re-walks the path per level (quadratic) would not finish
  // before the timeout; speed itself is measured by `npm run bench`.
  it('ignore paths stay linear on deep nesting', () => {
    const r = compileRedactionPolicy({ default: 'remove', fields: { ignore: ['$.meta', '$..code'] } });
    const depth = 50_000;
    const src = '['.repeat(depth) + '{"ssn":"123-45-6780"}' + ']'.repeat(depth);
    expect(redactJson(src, r).text).toContain('"[SSN]"');
  });
  it('handles a 20 MB body', () => {
    const rec = '{"id":12345678901234567890,"name":"Maria Lopez","status":"active","note":"routine visit, no issues","score":0.97}';
    const n = Math.ceil(20_000_000 / (rec.length + 1));
    const src = '[' + Array(n).fill(rec).join(',') + ']';
    expect(src.length).toBeGreaterThan(20_000_000);
    const res = redactJson(src, R);
    expect(res.findings.length).toBe(n);
    expect(res.text.length).toBe(src.length + n * ('"[NAME]"'.length - '"Maria Lopez"'.length));
    expect(res.text.slice(0, 40)).toBe('[{"id":12345678901234567890,"name":"[NAM');
  }, 60_000);
  it('throws a typed error on invalid JSON, without echoing content', () => {
    for (const bad of ['{"ssn": "123-45-6789"', '{"a":1,}', '[1 2]', '{"a" 1}', "{'a':1}", '"\u0001"', '{"a":01}', '', '{"a":1} x', '[tru]', '{"a":"\\x"}']) {
      let err: unknown;
      try { redactJson(bad, R); } catch (e) { err = e; }
      expect(err, bad).toBeInstanceOf(PhiInputError);
      expect((err as Error).message).not.toContain('123-45');
    }
  });
  it('field rules: extra names, ignored paths, generic (non-FHIR) names', () => {
    const r = compileRedactionPolicy({ default: 'remove', fields: { names: { patient_ref: 'MRN' }, ignore: ['$.meta', '$.items[*].label'] } });
    const src = '{"patientRef":"A-1","meta":{"email":"a@b.co"},"items":[{"label":"SSN 123-45-6780","dob":"1970-01-01"}],"name":"Jo Ann Smith"}';
    const out = JSON.parse(redactJson(src, r).text);
    expect(out).toEqual({ patientRef: '[MRN]', meta: { email: 'a@b.co' }, items: [{ label: 'SSN 123-45-6780', dob: '[DATE]' }], name: '[NAME]' });
  });
  it('FHIR attachments: photo and document payloads are PHOTO, contentType stays', () => {
    const src = JSON.stringify({ resourceType: 'Media', content: { contentType: 'image/png', data: 'iVBORw0KGgo=' } });
    const out = JSON.parse(redactJson(src, R).text);
    expect(out.content).toEqual({ contentType: 'image/png' }); // "[PHOTO]" is not base64Binary: removed
    const doc = JSON.stringify({ resourceType: 'DocumentReference', content: [{ attachment: { contentType: 'text/plain', data: 'SGVsbG8=' } }] });
    expect(JSON.parse(redactJson(doc, R).text).content[0].attachment).toEqual({ contentType: 'text/plain' });
  });
  it('FHIR mode: Organization.name is not a person name, narrative div is scanned as text', () => {
    const src = JSON.stringify({ resourceType: 'Organization', name: 'Acme Labs', text: { div: '<div><b>Contact</b> SSN 123-45-6780</div>' } });
    const out = JSON.parse(redactJson(src, R).text);
    expect(out.name).toBe('Acme Labs');
    expect(out.text.div).toBe('<div><b>Contact</b> SSN [SSN]</div>');
  });
});

describe('redactJson: generalize and scalars', () => {
  it('Safe Harbor generalization of structured values', () => {
    const g = compileRedactionPolicy({ default: 'generalize' });
    const src = '{"birthDate":"1961-04-12","zip":"03601","postalCode":"02139","age":95,"child":{"age":41},"state":"MA","city":"Boston"}';
    expect(JSON.parse(redactJson(src, g, { fhir: false }).text)).toEqual({
      birthDate: '1961', zip: '000', postalCode: '021', age: '90+', child: { age: 41 }, state: 'MA', city: '[LOCATION]',
    });
  });
  it('a top-level string is scanned as text', () => {
    expect(redactJson('"SSN 123-45-6780"', R).text).toBe('"SSN [SSN]"');
    expect(redactJson(' 42 ', R)).toEqual({ text: ' 42 ', findings: [], changed: false });
  });
});

describe('redactNdjson', () => {
  it('redacts each line, keeps blank lines and offsets into the whole text', () => {
    const src = '{"ssn":"123-45-6780"}\n\n{"note":"call 410-555-1212"}\n';
    const res = redactNdjson(src, R);
    expect(res.text).toBe('{"ssn":"[SSN]"}\n\n{"note":"call [PHONE]"}\n');
    const f = res.findings[1]!;
    expect(src.slice(f.start, f.end)).toBe('410-555-1212');
  });
  it('names the failing line', () => {
    expect(() => redactNdjson('{"a":1}\n{"a":\n', R)).toThrow(/line 2/);
  });
});
