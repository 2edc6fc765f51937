/** Shared helpers for the security regression tests: the example policy, demo tokens, a fake FHIR upstream. */
import { mintDemoToken } from '../../src/cli/token.js';
import { createPhiguard, type Phiguard } from '../../src/runtime/index.js';
import { checkPolicyText } from '../../src/policy/index.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';

export const EXAMPLE = fileURLToPath(new URL('../../examples/patient-api.yaml', import.meta.url));

export interface Logged {
  readonly lines: string[];
}

/** The example policy (patient-api.yaml), optionally with text replacements, audit in memory. */
export async function exampleGuard(edit?: (yaml: string) => string, logged?: Logged): Promise<Phiguard> {
  const text = readFileSync(EXAMPLE, 'utf8');
  const yaml = edit ? edit(text) : text;
  // compile relative to examples/ so ./keys and ./schemas resolve
  const { policy, errors } = checkPolicyText(join(dirname(EXAMPLE), 'patient-api.yaml'), yaml, {});
  expect(errors).toEqual([]);
  return createPhiguard({
    policy: policy!,
    auditStore: 'memory:',
    log: (e) => logged?.lines.push(JSON.stringify(e)),
  });
}

export const tok = {
  patient: (id: string, extra: Partial<Parameters<typeof mintDemoToken>[0]> = {}) =>
    mintDemoToken({ sub: `pt-${id}`, role: ['patient'], patient: id, ttl: '15m', amr: 'pwd', aud: 'patient-api', iss: 'https://demo.phiguard.invalid', key: KEY, ...extra }),
  clinician: (purpose = 'TREAT', extra: Partial<Parameters<typeof mintDemoToken>[0]> = {}) =>
    mintDemoToken({ sub: 'dr-house', role: ['clinician'], purpose, ttl: '15m', amr: 'pwd,otp', aud: 'patient-api', iss: 'https://demo.phiguard.invalid', key: KEY, ...extra }),
  billing: (extra: Partial<Parameters<typeof mintDemoToken>[0]> = {}) =>
    mintDemoToken({ sub: 'bill-1', role: ['billing'], purpose: 'HPAYMT', ttl: '15m', amr: 'pwd', aud: 'patient-api', iss: 'https://demo.phiguard.invalid', key: KEY, ...extra }),
};
const KEY = fileURLToPath(new URL('../../examples/keys/demo-private.jwk.json', import.meta.url));

export const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

export const obs = (id: string, patient: string, extra: Record<string, unknown> = {}) => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: { text: 'HbA1c' },
  subject: { reference: `Patient/${patient}` },
  valueString: `result for ${patient}`,
  ...extra,
});

export const patientRes = (id: string, extra: Record<string, unknown> = {}) => ({
  resourceType: 'Patient',
  id,
  name: [{ family: 'Okafor', given: ['James'] }],
  telecom: [{ system: 'phone', value: '617-555-0142' }],
  birthDate: '1958-04-12',
  gender: 'male',
  address: [{ line: ['12 Elm Street'], city: 'Boston', postalCode: '02118' }],
  ...extra,
});

export const bundle = (resources: unknown[]) => ({ resourceType: 'Bundle', type: 'searchset', total: resources.length, entry: resources.map((resource) => ({ resource })) });
