/**
 * The policy hash (recorded with every audit record) must not change when its canonical JSON
 * implementation moves: it is checked here against the serialization it was first defined with.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkPolicyText } from './index.js';
import { parsePolicyText } from './load.js';

/** The policy hash's original serialization (src/policy/compile.ts before issue 16), for parsed YAML/JSON values. */
function originalCanonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(originalCanonicalJson).join(',')}]`;
  const keys = Object.keys(value as object).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${originalCanonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

const file = (rel: string) => fileURLToPath(new URL(`../../${rel}`, import.meta.url));
const env = { PHIGUARD_BENCH_HASH_KEY: '00112233445566778899aabbccddeeff' };
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function hashes(name: string, text: string): { compiled: string; original: string } {
  const { policy, errors } = checkPolicyText(name, text, env);
  expect(errors).toEqual([]);
  return { compiled: policy!.hash, original: sha256(originalCanonicalJson(parsePolicyText(name, text).parsed!.value)) };
}

describe('policy hash', () => {
  it('equals the original serialization hash for the example policy and the test fixtures', () => {
    const example = hashes('examples/patient-api.yaml', readFileSync(file('examples/patient-api.yaml'), 'utf8'));
    expect(example.compiled).toBe(example.original);
    for (const rel of ['test/fixtures/adapter-policy.yaml', 'bench/policy.yaml']) {
      const h = hashes(rel, readFileSync(file(rel), 'utf8'));
      expect(h.compiled, rel).toBe(h.original);
    }
  });

  it('hashes floats, non-finite and unsafe integers in a policy as before (inline schemas may hold any number)', () => {
    const text = `version: 1
name: t
routes:
  - id: a
    method: GET
    path: /a
    public: true
    response:
      schema: { type: object, properties: { x: { type: number, multipleOf: 0.01, maximum: 1.5e300, minimum: -0.0, default: .nan, examples: [.inf, -.inf, 12345678901234567890, 1e-7] } } }
`;
    const h = hashes('floats.yaml', text);
    expect(h.compiled).toBe(h.original);
    expect(h.compiled).toBe('96e0fbba9883cdb7209b62262c9354da93e17b22f6d9ed5c6984354e265d6861');
  });
});
