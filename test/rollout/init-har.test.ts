/**
 * `phiguard init --har`, through the CLI (needs `npm run build`): from the demo recording, a policy
 * that validates and whose generated tests pass; malformed entries are reported with their position,
 * skipped and counted; PHI seen in traffic appears only as field paths and types, never values.
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
const har = join(root, 'test/fixtures/traffic/demo.har');
const run = (args: string[], cwd = root) => spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, PHIGUARD_LOG: 'silent' } });
const dir = mkdtempSync(join(tmpdir(), 'phiguard-init-har-'));
const suite = requireOrSkip('the build in dist/', existsSync(join(root, 'dist/cli/index.js')), 'npm run build');

type Obj = Record<string, any>;

suite('phiguard init --har', () => {
  it('the demo recording: templates, methods, PHI fields; validates; generated tests pass', { timeout: 90_000 }, () => {
    const out = join(dir, 'demo.yaml');
    const r = run(['init', '--har', har, '--out', out]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/from \d+ entries \(0 malformed, skipped\)/);
    expect(run(['validate', out]).status).toBe(0);
    const t = run(['test', join(dir, 'demo.test.yaml')]);
    expect(t.stdout).toMatch(/\b0 failed\b/);
    expect(t.status).toBe(0);
    const policy = parse(readFileSync(out, 'utf8')) as Obj;
    const routes = policy.routes as Obj[];
    const read = routes.find((x) => x.method === 'GET' && x.path === '/Patient/{id}')!;
    expect(read).toMatchObject({ resource: 'Patient', interaction: 'read', patient: '{id}', params: { id: '^[A-Za-z0-9.-]{1,64}$' } });
    expect(routes.find((x) => x.method === 'GET' && x.path === '/Observation')!.request.query).toContain('patient');
    // No recorded id (UUID) survives as a literal path segment.
    for (const x of routes) expect(x.path).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(policy.access.minimumNecessary.rules[0].resources.Patient.deny).toEqual(expect.arrayContaining(['name', 'telecom', 'address', 'birthDate', 'identifier']));
  });

  it('malformed entries are reported as FILE:LINE:COL, skipped and counted; the rest still makes a policy', () => {
    const bad = join(root, 'test/fixtures/traffic/demo-malformed.har');
    const r = run(['init', '--har', bad]);
    expect(r.status).toBe(0);
    const skipped = r.stderr.split('\n').filter((l) => l.includes('skipped:'));
    expect(skipped.length).toBeGreaterThan(0);
    for (const l of skipped) expect(l).toMatch(/demo-malformed\.har:\d+:\d+: entry \d+ skipped: /);
    expect(r.stderr).toContain(`(${skipped.length} malformed, skipped)`);
    expect((parse(r.stdout) as Obj).routes.length).toBeGreaterThan(0);
  });

  it('a file that is not traffic is exit 2 with its position', () => {
    const f = join(dir, 'not.har');
    writeFileSync(f, 'this is not json\n');
    const r = run(['init', '--har', f]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/not\.har:\d+:\d+: PG_POLICY_PARSE /);
  });

  it('PHI values in traffic never reach the policy, the tests or the output (paths and types only)', { timeout: 90_000 }, () => {
    const ssn = '219-09-9999';
    const family = 'Quaxleworth';
    const patient = {
      resourceType: 'Patient', id: 'pat-77',
      identifier: [{ system: 'http://hl7.org/fhir/sid/us-ssn', value: ssn }],
      name: [{ family, given: ['Zebulon'] }],
      birthDate: '1961-04-12',
      note: `SSN ${ssn} on file`,
    };
    const lines = [
      { request: { method: 'GET', url: `http://api.test/Patient/pat-77?name=${family}`, headers: [] }, response: { status: 200, headers: [['content-type', 'application/fhir+json']], body: JSON.stringify(patient) } },
      { request: { method: 'GET', url: `http://api.test/lookup/${ssn}`, headers: [] }, response: { status: 200, headers: [['content-type', 'application/json']], body: JSON.stringify({ ssn }) } },
    ];
    const f = join(dir, 'planted.ndjson');
    writeFileSync(f, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const out = join(dir, 'planted.yaml');
    const r = run(['init', '--har', f, '--out', out]);
    expect(r.status).toBe(0);
    const policy = readFileSync(out, 'utf8');
    const tests = readFileSync(join(dir, 'planted.test.yaml'), 'utf8');
    for (const text of [policy, tests, r.stdout, r.stderr]) {
      for (const v of [ssn, '219-09', family, 'Zebulon', '1961-04-12', 'pat-77']) expect(text).not.toContain(v);
    }
    expect(policy).toMatch(/identifier\.value \((SSN|OTHER_ID)\)/); // the field and its type are reported
    expect(policy).toContain('query parameter "name" carried NAME');
    expect(policy).toContain('path: /lookup/{lookupId}'); // an SSN in a path segment becomes a parameter
    expect(run(['validate', out]).status).toBe(0);
    expect(run(['test', join(dir, 'planted.test.yaml')]).status).toBe(0);
  });
});
