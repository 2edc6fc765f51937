import { describe, expect, it } from 'vitest';
import { checkPolicyText, formatDiagnostic } from './index.js';

const base = `version: 1
name: t
routes:
  - id: read
    method: GET
    path: /Patient/{id}
    patient: "{id}"
  - id: search
    method: GET
    path: /Patient
  - id: everything
    method: GET
    path: /Patient/$everything
`;

const check = (text: string) => checkPolicyText('p.yaml', text, {});
const lines = (text: string) => check(text).errors.map(formatDiagnostic);

describe('policy validation', () => {
  it('compiles a minimal policy to a deeply frozen object with a stable hash', () => {
    const { policy, errors } = check(base);
    expect(errors).toEqual([]);
    expect(Object.isFrozen(policy)).toBe(true);
    expect(Object.isFrozen(policy!.routes[0])).toBe(true);
    expect(Object.isFrozen(policy!.limits)).toBe(true);
    expect(() => ((policy as unknown as { mode: string }).mode = 'monitor')).toThrow();
    expect(policy!.hash).toMatch(/^[0-9a-f]{64}$/);
    // Formatting does not change the hash; content does.
    expect(check(base.replace('name: t', 'name:   t  # comment')).policy!.hash).toBe(policy!.hash);
    expect(check(base.replace('name: t', 'name: u')).policy!.hash).not.toBe(policy!.hash);
  });

  it('reports every error at once as FILE:LINE:COL: PG_CODE message', () => {
    const out = lines(`version: 2
name: t
mode: enforcing
routes:
  - id: a
    method: FETCH
    path: /x
    colour: red
upstream: { url: ftp://x }
`);
    expect(out).toEqual([
      'p.yaml:1:10: PG_POLICY_SCHEMA version must be 1',
      'p.yaml:3:7: PG_POLICY_SCHEMA mode must be one of: "enforce", "monitor"',
      'p.yaml:6:13: PG_POLICY_SCHEMA routes[0].method must be one of: "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"',
      'p.yaml:8:5: PG_POLICY_UNKNOWN_KEY unknown key "colour" in routes[0]',
      'p.yaml:9:18: PG_POLICY_SCHEMA upstream.url has an invalid format (expected ^https?://)',
    ]);
  });

  it('reports semantic errors with positions: duplicates, bad templates, undeclared references', () => {
    const out = lines(`version: 1
name: t
roles: [clinician]
routes:
  - id: a
    method: GET
    path: /Patient/{id}
    allow: { roles: [doctor] }
  - id: a
    method: GET
    path: /Patient/{pid}
  - id: c
    method: GET
    path: /x//y
  - id: d
    method: GET
    path: /x/{id}
    patient: "{pid}"
    params: { nope: "[0-9]+" }
`);
    expect(out).toEqual([
      'p.yaml:8:22: PG_POLICY_REFERENCE role "doctor" is not declared in roles:',
      'p.yaml:9:9: PG_POLICY_DUPLICATE_ROUTE route id "a" is already used by routes[0]',
      'p.yaml:11:11: PG_POLICY_DUPLICATE_ROUTE GET /Patient/{pid} is already declared by route "a"',
      'p.yaml:14:11: PG_POLICY_ROUTE empty segment ("//" or trailing "/") in path template',
      'p.yaml:18:14: PG_POLICY_REFERENCE patient parameter {pid} is not in the path template',
      'p.yaml:19:21: PG_POLICY_REFERENCE parameter "nope" is not in the path template',
    ]);
  });

  it('rejects YAML duplicate keys and syntax errors with positions', () => {
    expect(lines('version: 1\nversion: 1\nname: t\nroutes: []\n')[0]).toMatch(/^p\.yaml:2:1: PG_POLICY_PARSE /);
    expect(lines('version: 1\nname: [t\n')[0]).toMatch(/^p\.yaml:\d+:\d+: PG_POLICY_PARSE /);
  });

  it('accepts JSON policies', () => {
    const { policy } = check(JSON.stringify({ version: 1, name: 'j', routes: [{ id: 'a', method: 'GET', path: '/a' }] }));
    expect(policy?.routes).toHaveLength(1);
  });

  it('refuses a policy with no routes (everything would be denied)', () => {
    expect(lines('version: 1\nname: t\nroutes: []\n')).toEqual(['p.yaml:3:9: PG_POLICY_ROUTE no routes declared: every request would be denied']);
  });
});

describe('router', () => {
  const policy = check(base).policy!;
  const look = (m: string, ...segs: string[]) => policy.router.lookup(m, segs);
  it('matches exactly and case-sensitively', () => {
    expect(look('GET', 'Patient', '1')).toMatchObject({ kind: 'match', route: { id: 'read' }, params: { id: '1' } });
    expect(look('GET', 'patient', '1').kind).toBe('not-found');
    expect(look('GET', 'Patient', '1', 'x').kind).toBe('not-found');
  });
  it('prefers literals over parameters', () => {
    expect(look('GET', 'Patient', '$everything')).toMatchObject({ kind: 'match', route: { id: 'everything' } });
  });
  it('routes HEAD with GET policy; other methods get 405 with the allowed list', () => {
    expect(look('HEAD', 'Patient', '1')).toMatchObject({ kind: 'match', route: { id: 'read' } });
    expect(look('DELETE', 'Patient', '1')).toEqual({ kind: 'method-not-allowed', allowed: ['GET', 'HEAD'] });
  });
  it('rejects parameter values outside the allowed pattern', () => {
    expect(look('GET', 'Patient', 'a b').kind).toBe('not-found');
    expect(look('GET', 'Patient', 'x'.repeat(200)).kind).toBe('not-found');
    expect(look('GET', 'Patient', "1' OR 1=1").kind).toBe('not-found');
  });
});

describe('schema and semantic errors together', () => {
  it('reports a schema error and a duplicate route in the same run', () => {
    const out = lines(`version: 1
name: t
mode: loud
routes:
  - { id: a, method: GET, path: /a }
  - { id: a, method: GET, path: /b }
`);
    expect(out).toEqual([
      'p.yaml:3:7: PG_POLICY_SCHEMA mode must be one of: "enforce", "monitor"',
      'p.yaml:6:11: PG_POLICY_DUPLICATE_ROUTE route id "a" is already used by routes[0]',
    ]);
  });
});
