/**
 * Redacted FHIR stays valid FHIR R4: every resource of the bundled sample (examples/data/fhir),
 * through every view of examples/patient-api.yaml (each minimum-necessary projection, and none)
 * and the policy's phi section, is checked against the R4 type rules of test/helpers/fhir-r4-check.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectResource } from '../../access/projection.js';
import { loadPolicy } from '../../policy/index.js';
import { compileRedactionPolicy, type CompiledRedactor, type RedactAction } from '../redact.js';
import { redactJson } from './redact-json.js';
import { checkResource, kindChanges } from '../../../test/helpers/fhir-r4-check.js';

const root = path.resolve(import.meta.dirname, '../../..');
const dataDir = path.join(root, 'examples/data/fhir');
type Res = Record<string, unknown> & { resourceType: string };
const resources: Res[] = readdirSync(dataDir).filter((f) => f.endsWith('.json')).sort()
  .flatMap((f) => (JSON.parse(readFileSync(path.join(dataDir, f), 'utf8')) as { entry: Array<{ resource: Res }> }).entry.map((e) => e.resource));
const policy = loadPolicy(path.join(root, 'examples/patient-api.yaml'));
const views: Array<[string, Parameters<typeof projectResource>[1] | undefined]> = [
  ['unprojected', undefined],
  ...policy.access.minimumNecessary.rules.map((r, i) => [`rule ${i} (${(r.roles ?? []).join(',')})`, { resources: r.resources }] as [string, Parameters<typeof projectResource>[1]]),
];
const key = new Uint8Array(32).map((_, i) => i * 7 + 3);
const redactors: Array<[string, CompiledRedactor]> = [
  ['examples/patient-api.yaml phi', policy.phi!],
  ['examples/patient-api.yaml phi, data-absent-reason', compileRedactionPolicy({ default: 'mask', hashKey: key, fhirInvalid: 'data-absent-reason', actions: { SSN: 'remove', DATE: 'generalize', AGE: 'generalize', LOCATION: 'generalize', MRN: { action: 'partial', keep: 4 }, NAME: 'hash' } })],
  ...(['remove', 'mask', 'partial', 'hash', 'generalize'] as RedactAction[]).flatMap((a) => (['remove', 'data-absent-reason'] as const).map((m) =>
    [`default ${a}, ${m}`, compileRedactionPolicy({ default: a, hashKey: key, fhirInvalid: m })] as [string, CompiledRedactor])),
];

describe('bundled sample is valid R4 to begin with', () => {
  it('has the resources the checks need', () => {
    const types = new Set(resources.map((r) => r.resourceType));
    for (const t of ['Patient', 'Observation', 'Encounter', 'Condition', 'Immunization', 'DiagnosticReport', 'Procedure', 'MedicationRequest', 'CarePlan', 'Organization', 'Practitioner']) expect(types).toContain(t);
  });
  it('every resource passes the checker unredacted', () => {
    const bad = resources.flatMap((r) => checkResource(r).map((v) => `${r.resourceType}/${r.id as string} ${v.path}: ${v.problem}`));
    expect(bad).toEqual([]);
  });
});

describe.each(redactors)('redacted with %s', (_name, r) => {
  it.each(views)('view %s: every resource stays valid R4, no JSON value changes kind', (_v, projection) => {
    const bad: string[] = [];
    let changed = 0;
    for (const res of resources) {
      const copy = structuredClone(res);
      if (projection) projectResource(copy, projection);
      const out = redactJson(JSON.stringify(copy), r);
      if (out.changed) changed++;
      const redacted = JSON.parse(out.text) as unknown;
      for (const v of checkResource(redacted)) bad.push(`${res.resourceType}/${res.id as string} ${v.path}: ${v.problem}`);
      for (const k of kindChanges(copy, redacted)) bad.push(`${res.resourceType}/${res.id as string} ${k}`);
    }
    expect(bad).toEqual([]);
    expect(changed).toBeGreaterThan(resources.length / 2);
  });
});
