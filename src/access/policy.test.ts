import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkPolicyFile, checkPolicyText } from '../policy/index.js';
import { policyFrom } from '../../test/helpers/access.js';
import { testPolicy } from '../../test/helpers/policy-text.js';

const jwksFile = JSON.stringify({ keys: [{ kty: 'EC', crv: 'P-256', x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU', y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0', kid: 'k1' }] });

describe('identity/access policy sections', () => {
  it('compiles the full test policy', () => {
    const p = policyFrom(testPolicy('{ file: ./jwks.json }'), { 'jwks.json': jwksFile });
    expect(p.identity?.issuers[0]?.jwks.keys).toHaveLength(1);
    expect(p.identity?.sessions).toEqual({ idleTimeoutMs: 900_000, absoluteTimeoutMs: 28_800_000 });
    expect(p.access.breakGlass?.durationMs).toBe(3_600_000);
    const psych = p.routes.find((r) => r.id === 'psych-notes')!;
    expect(psych.access).toMatchObject({ roles: ['clinician'], purposes: ['TREAT'], mfa: true, labels: ['PSY'] });
  });

  it('examples/patient-api.yaml: identity, access and allow blocks are valid', () => {
    const lines = readFileSync('examples/patient-api.yaml', 'utf8').split('\n');
    const start = lines.findIndex((l) => l.startsWith('identity:')) + 1;
    const end = lines.findIndex((l) => l.startsWith('roles:')) + 1;
    expect(start).toBeGreaterThan(0);
    const mine = (line: number) => (line >= start && line < end) || /^\s+allow:/.test(lines[line - 1] ?? '');
    const { errors } = checkPolicyFile('examples/patient-api.yaml', {});
    // Other sections (phi, audit...) are owned elsewhere; ours must be clean.
    expect(errors.filter((e) => mine(e.line))).toEqual([]);
  });

  it('rejects unknown keys, HS algorithms and alg none in the schema', () => {
    const bad = testPolicy('{ file: ./jwks.json }')
      .replace('algorithms: [ES256, RS256]', 'algorithms: [HS256, none]')
      .replace('sessions: {', 'sesions: {');
    const { errors } = checkPolicyText('/tmp/p.yaml', bad, {});
    const codes = errors.map((e) => e.code);
    expect(codes).toContain('PG_POLICY_UNKNOWN_KEY');
    expect(errors.some((e) => e.message.includes('algorithms'))).toBe(true);
  });

  it('rejects a JWKS file with private key material and a plain-http remote JWKS', () => {
    const priv = JSON.stringify({ keys: [{ kty: 'EC', crv: 'P-256', x: 'a', y: 'b', d: 'secret' }] });
    expect(() => policyFrom(testPolicy('{ file: ./jwks.json }'), { 'jwks.json': priv })).toThrow(/public keys only/);
    expect(() => policyFrom(testPolicy('{ url: "http://idp.example.org/jwks" }'))).toThrow(/https/);
    expect(() => policyFrom(testPolicy('{ url: "https://idp.example.org/jwks", file: ./x.json }'))).toThrow(/exactly one/);
  });

  it('reports undeclared roles referenced by identity and access, with positions', () => {
    const t = testPolicy('{ file: ./jwks.json }').replace('roles: [clinician, nurse]\n    reasons', 'roles: [clinician, nurce]\n    reasons').replace('    billing: [HPAYMT, HOPERAT]', '    biling: [HPAYMT, HOPERAT]');
    const { errors } = checkPolicyText('/tmp/p.yaml', t, {});
    const refs = errors.filter((e) => e.code === 'PG_POLICY_REFERENCE');
    expect(refs.map((e) => e.message).sort()).toEqual(['role "biling" is not declared in roles:', 'role "nurce" is not declared in roles:']);
    const lines = t.split('\n');
    expect(refs.every((e) => /nurce|biling/.test(lines[e.line - 1] ?? ''))).toBe(true);
  });

  it('rejects undeclared roles in allow: and idle > absolute', () => {
    const t = testPolicy('{ file: ./jwks.json }');
    expect(() => policyFrom(t.replace('roles: [billing, clinician] }', 'roles: [auditor] }'), { 'jwks.json': jwksFile })).toThrow(/not declared/);
    expect(() => policyFrom(t.replace('idleTimeout: 15m', 'idleTimeout: 9h'), { 'jwks.json': jwksFile })).toThrow(/idleTimeout/);
  });

  it('keeps the example yaml free of inline secrets', () => {
    expect(readFileSync('examples/patient-api.yaml', 'utf8')).not.toMatch(/"d"\s*:/);
  });
});
