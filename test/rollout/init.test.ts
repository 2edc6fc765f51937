/**
 * `phiguard init --openapi`, run as a user would (`node bin/phiguard.js`, needs `npm run build`):
 * the written policy validates, its generated tests pass under `phiguard test`, for OpenAPI 3.0
 * and 3.1; a broken description is FILE:LINE:COL with exit 2; --out never overwrites silently.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { parse } from 'yaml';
import { requireOrSkip } from '../helpers/requires.js';

const root = new URL('../../', import.meta.url).pathname;
const bin = join(root, 'bin/phiguard.js');
const fhir = join(root, 'test/fixtures/openapi/fhir-r4.yaml');
const run = (args: string[], cwd = root) => spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, PHIGUARD_LOG: 'silent' } });
const dir = mkdtempSync(join(tmpdir(), 'phiguard-init-'));
const suite = requireOrSkip('the build in dist/', existsSync(join(root, 'dist/cli/index.js')), 'npm run build');

type Obj = Record<string, any>;

/** init -> validate -> test, all through the CLI; returns the parsed policy. */
function initValidateTest(spec: string, out: string): Obj {
  const init = run(['init', '--openapi', spec, '--out', out]);
  expect(init.stderr).toContain('wrote');
  expect(init.status).toBe(0);
  const v = run(['validate', out]);
  expect(v.stdout).toBe('');
  expect(v.status).toBe(0);
  const t = run(['test', out.replace(/\.yaml$/, '.test.yaml')]);
  expect(t.stdout).toMatch(/\b0 failed\b/);
  expect(t.status).toBe(0);
  return parse(readFileSync(out, 'utf8')) as Obj;
}

suite('phiguard init --openapi', () => {
  it('FHIR R4 (OpenAPI 3.0): every operation a route, PHI fields marked, validates, generated tests pass', { timeout: 90_000 }, () => {
    const out = join(dir, 'fhir.yaml');
    const policy = initValidateTest(fhir, out);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/^# phiguard starting policy/);
    expect(text).toContain('# GET /Patient/{id} [Patient]');
    const routes = policy.routes as Obj[];
    expect(routes).toHaveLength(21); // metadata + 5 resources x (search, create, read, update)
    const read = routes.find((r) => r.id === 'readPatient')!;
    expect(read).toMatchObject({ method: 'GET', path: '/Patient/{id}', resource: 'Patient', interaction: 'read', patient: '{id}', params: { id: '^[A-Za-z0-9\\-\\.]{1,64}$' } });
    expect(read.openapi.operationId).toBe('readPatient');
    expect(readFileSync(join(dir, read.openapi.file), 'utf8')).toBe(readFileSync(fhir, 'utf8')); // relative to the policy
    expect(routes.find((r) => r.id === 'searchObservation')!.request.query).toEqual(['patient', 'category', 'code', 'date', '_count']);
    expect(routes.find((r) => r.id === 'updateCondition')!.allow.roles).toEqual(['clinician']);
    expect(routes.find((r) => r.path === '/metadata')!.public).toBe(true);
    const deny = policy.access.minimumNecessary.rules[0].resources.Patient.deny as string[];
    expect(deny).toEqual(expect.arrayContaining(['name', 'telecom', 'address', 'birthDate', 'identifier', 'contact']));
    expect(policy.access.minimumNecessary.rules[0].resources.Observation.deny).toEqual(['identifier']);
    expect(policy.phi.fields.names).toMatchObject({ effectiveDateTime: 'DATE', authoredOn: 'DATE' });
    const tests = parse(readFileSync(join(dir, 'fhir.test.yaml'), 'utf8')) as Obj;
    expect(tests.policy).toBe('./fhir.yaml');
    expect(tests.cases.length).toBeGreaterThanOrEqual(60);
  });

  it('the same description as OpenAPI 3.1 and the 3.0/3.1 patient fixtures', { timeout: 120_000 }, () => {
    const v31 = join(dir, 'fhir-31.yaml');
    writeFileSync(v31, readFileSync(fhir, 'utf8').replace(/^openapi: 3\.0\.3$/m, 'openapi: 3.1.0'));
    expect(initValidateTest(v31, join(dir, 'fhir31-policy.yaml')).routes).toHaveLength(21);
    for (const v of ['3.0', '3.1']) {
      const p = initValidateTest(join(root, `test/fixtures/openapi/patients-${v}.yaml`), join(dir, `patients-${v}.yaml`));
      expect((p.routes as Obj[]).every((r) => r.openapi?.operationId)).toBe(true);
    }
  });

  it('without --out writes the policy to stdout and no file', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'phiguard-init-stdout-'));
    const r = run(['init', '--openapi', fhir], cwd);
    expect(r.status).toBe(0);
    expect((parse(r.stdout) as Obj).routes).toHaveLength(21);
    expect(r.stderr).toContain('pass --out FILE');
    expect(existsSync(join(cwd, 'policy.yaml'))).toBe(false);
  });

  it('a broken description is FILE:LINE:COL: PG_... and exit 2, nothing written', () => {
    const bad = join(dir, 'broken.yaml');
    writeFileSync(bad, 'openapi: 3.0.3\ninfo: { title: x, version: "1" }\npaths:\n  /a: [unclosed\n');
    const r = run(['init', '--openapi', bad, '--out', join(dir, 'never.yaml')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^${bad.replace(/[.]/g, '\\.')}:5:1: PG_POLICY_PARSE `, 'm'));
    expect(existsSync(join(dir, 'never.yaml'))).toBe(false);
    const swagger = join(dir, 'swagger.yaml');
    writeFileSync(swagger, 'swagger: "2.0"\ninfo: { title: x, version: "1" }\npaths: {}\n');
    const s = run(['init', '--openapi', swagger]);
    expect(s.status).toBe(2);
    expect(s.stderr).toMatch(/swagger\.yaml:1:1: PG_POLICY_SCHEMA .*not an OpenAPI 3\.0 or 3\.1/);
    const missing = run(['init', '--openapi', join(dir, 'nope.yaml')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/nope\.yaml:1:1: PG_POLICY_IO file not found/);
  });

  it('--out refuses to overwrite the policy or its tests; --force replaces them', () => {
    const out = join(dir, 'keep.yaml');
    writeFileSync(out, '# mine\n');
    const r = run(['init', '--openapi', fhir, '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/keep\.yaml:1:1: PG_POLICY_IO exists; not overwritten \(pass --force/);
    expect(readFileSync(out, 'utf8')).toBe('# mine\n');
    expect(existsSync(join(dir, 'keep.test.yaml'))).toBe(false);
    const out2 = join(dir, 'tests-exist.yaml');
    writeFileSync(join(dir, 'tests-exist.test.yaml'), '# my tests\n');
    expect(run(['init', '--openapi', fhir, '--out', out2]).status).toBe(2);
    expect(existsSync(out2)).toBe(false);
    const f = run(['init', '--openapi', fhir, '--out', out, '--force']);
    expect(f.status).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^# phiguard starting policy/);
  });
});
