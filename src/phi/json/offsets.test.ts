import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { compileRedactionPolicy } from '../redact.js';
import { redactJson, redactNdjson } from './redact-json.js';

const patient = JSON.stringify({
  resourceType: 'Patient', id: 'p1', name: [{ family: 'Okafor', given: ['Adaeze'] }], birthDate: '1961-03-04',
  telecom: [{ system: 'phone', value: '617-555-0142' }], text: { status: 'generated', div: '<div>Seen with her son Chidi Okafor on 3/4/2024</div>' },
});

describe('redactJson { offsets: false }', () => {
  const r = compileRedactionPolicy({ default: 'remove' });
  it('redacts exactly as with offsets and reports the same finding types', () => {
    const full = redactJson(patient, r);
    const lean = redactJson(patient, r, { offsets: false });
    expect(lean.text).toBe(full.text);
    expect(lean.changed).toBe(true);
    expect(lean.findings.map((f) => f.type).sort()).toEqual(full.findings.map((f) => f.type).sort());
    expect(full.findings.every((f) => typeof f.path === 'string')).toBe(true);
    expect(lean.findings.some((f) => f.path !== undefined)).toBe(false);
  });
  it('holds for NDJSON', () => {
    const nd = `${patient}\n${patient}\n`;
    expect(redactNdjson(nd, r, { offsets: false }).text).toBe(redactNdjson(nd, r).text);
  });
  it('gives the same text on the example bundles', () => {
    const dir = new URL('../../../examples/data/fhir/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const text = readFileSync(new URL(f, dir), 'utf8');
      expect(redactJson(text, r, { offsets: false }).text).toBe(redactJson(text, r).text);
    }
  });
});
