import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { POLICY_AJV_OPTIONS, schemaDigest } from './ajv-options.js';
import { checkPolicyText } from './index.js';
import { SCHEMA_DIGEST, validate as precompiled } from './policy-validator.generated.js';
import { renderPolicyValidator } from './precompile.js';
import { policySchema } from './schema.js';
import { validateSchema } from './validate.js';
import { parsePolicyText } from './load.js';

const GENERATED = new URL('./policy-validator.generated.ts', import.meta.url);
const repo = (p: string) => new URL(`../../${p}`, import.meta.url);
type Fn = ((v: unknown) => boolean) & { errors?: unknown };

const docs = (): Array<[string, unknown]> => {
  const example = parse(readFileSync(repo('examples/patient-api.yaml'), 'utf8')) as Record<string, unknown>;
  const bench = parse(readFileSync(repo('bench/policy.yaml'), 'utf8')) as Record<string, unknown>;
  const k8s = parse(readFileSync(repo('deploy/k8s/base/policy/policy.yaml'), 'utf8')) as Record<string, unknown>;
  const routes = example.routes as Array<Record<string, unknown>>;
  return [
    ['example', example],
    ['bench', bench],
    ['k8s', k8s],
    ['not an object', 'policy'],
    ['empty', {}],
    ['unknown top-level key', { ...bench, colour: 'blue' }],
    ['wrong version', { ...bench, version: 2 }],
    ['bad mode', { ...bench, mode: 'enforcing' }],
    ['route errors', { ...example, routes: [{ ...routes[0], method: 'FETCH', extra: 1 }, { id: '', path: 3 }, 'x', ...routes.slice(1)] }],
    ['duplicate roles', { ...example, roles: ['a', 'a', 7] }],
    ['limits', { ...bench, limits: { maxRequestBytes: '1 parsec', maxHeaderCount: 1, requestTimeout: -1, maxJsonDepth: 1.5 } }],
    ['phi', { ...bench, phi: { default: 'shred', minScore: 'high', actions: { SSN: { action: 'partial', keep: 'x' }, NOPE: 'mask' } } }],
    ['audit', { ...bench, audit: { store: 5, checkpointEvery: 'often', detail: 'all', unknown: true } }],
    ['upstream', { ...bench, upstream: { url: 'ftp://x', connections: 0, forwarded: 'yes', tls: { insecureSkipVerify: 'no' } } }],
    ['identity and access', { ...example, identity: { issuers: [{ issuer: 'x' }], header: 'Bad Header' }, access: { breakGlass: 'yes', state: { store: 1 } } }],
    ['tls, egress, alerts', { ...bench, tls: { minVersion: 'TLSv1.0', ciphers: [] }, egress: { allow: [{ host: '*.', ports: [0, 0] }] }, alerts: { rules: [{}], sinks: 'all' } }],
  ];
};

describe('precompiled policy schema validator', () => {
  it('is in step with the policy schema (regenerate: npm run build && node src/policy/generate-validator.mjs)', () => {
    expect(SCHEMA_DIGEST).toBe(schemaDigest(policySchema as object));
    expect(readFileSync(GENERATED, 'utf8') === renderPolicyValidator()).toBe(true);
  });

  it('is ASCII only (a non-ASCII character doubles the memory V8 holds for the module source)', () => {
    expect(/[^\x00-\x7e]/.test(readFileSync(GENERATED, 'utf8'))).toBe(false);
  });

  it('gives the same verdict and the same errors as the schema compiled at run time', () => {
    const compiled = new Ajv({ ...POLICY_AJV_OPTIONS }).compile(policySchema as object);
    const run = precompiled as unknown as Fn;
    let invalid = 0;
    for (const [name, doc] of docs()) {
      const a = run(doc);
      const b = compiled(doc);
      expect(a, name).toBe(b);
      expect(run.errors ?? null, name).toEqual(compiled.errors ?? null);
      if (!a) invalid++;
    }
    expect(invalid).toBeGreaterThanOrEqual(12);
  });

  it('is the validator validateSchema uses for the policy schema', () => {
    const run = precompiled as unknown as Fn;
    run.errors = 'untouched';
    const { parsed } = parsePolicyText('p.yaml', 'version: 1\nname: t\nroutes: []\nbogus: 1\n');
    const out = validateSchema(parsed!);
    expect(out.map((d) => d.code)).toContain('PG_POLICY_UNKNOWN_KEY');
    expect(Array.isArray(run.errors)).toBe(true);
  });

  it('still reports schema errors with positions through checkPolicyText', () => {
    const { errors } = checkPolicyText('p.yaml', 'version: 1\nname: t\nmode: enforcing\nroutes:\n  - id: r\n    method: GET\n    path: /x\n    colour: red\n', {});
    expect(errors.map((e) => `${e.line}:${e.col}:${e.code}`)).toEqual(['3:7:PG_POLICY_SCHEMA', '8:5:PG_POLICY_UNKNOWN_KEY']);
  });
});
