/**
 * `phiguard test` as a user runs it: `node bin/phiguard.js test ...` on the built CLI (`npm test`
 * builds dist/ first). Runs the shipped examples/patient-api.test.yaml, so the example policy's
 * tests run in `npm test`, and the exit codes 0 / 1 / 2 of the contract.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { requireOrSkip } from '../helpers/requires.js';
import { checkWellFormedXml } from '../helpers/xml.js';

const root = new URL('../../', import.meta.url).pathname;
const bin = join(root, 'bin/phiguard.js');
const built = existsSync(join(root, 'dist/cli/policy-test.js'));
const run = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, PHIGUARD_LOG: 'silent' } });
const dir = mkdtempSync(join(tmpdir(), 'pg-policy-test-cli-'));
const policy = JSON.stringify(join(root, 'examples/patient-api.yaml'));
const SSN = '536-22-1234';

requireOrSkip('the build in dist/ with `phiguard test`', built, 'npm run build')('phiguard test (built CLI)', () => {
  it('runs the shipped tests of the example policy: every case passes, nothing left uncovered, exit 0', () => {
    const r = run(['test', 'examples/']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^examples\/patient-api\.test\.yaml\n {2}✓ /);
    expect(r.stdout).not.toContain('✗');
    expect(r.stdout).toContain('  routes no test reached: none\n  roles no test used: none\n  PHI rules no response triggered: none\n');
    expect(r.stdout).toMatch(/\n(\d+) passed, 0 failed, \1 cases in 1 file\n$/);
  });

  it('--format junit writes well-formed JUnit XML; --format json a summary', () => {
    const x = run(['test', 'examples/patient-api.test.yaml', '--format', 'junit']);
    expect(x.status).toBe(0);
    checkWellFormedXml(x.stdout);
    expect(x.stdout).toMatch(/<testsuites name="phiguard test" tests="\d+" failures="0" errors="0">/);
    const j = run(['test', 'examples/patient-api.test.yaml', '--format', 'json']);
    const out = JSON.parse(j.stdout) as { summary: { cases: number; failed: number } };
    expect(out.summary.failed).toBe(0);
    expect(out.summary.cases).toBeGreaterThan(15);
  });

  it('exits 1 on a failing expectation, with a readable message that shows no PHI value', () => {
    const f = join(dir, 'failing.test.yaml');
    writeFileSync(f, `policy: ${policy}\nprincipals:\n  dr: { roles: [clinician], purpose: TREAT }\ncases:\n  - name: the SSN is gone\n    principal: dr\n    request: { path: /Patient/p-1 }\n    upstream: { body: { resourceType: Patient, id: p-1, identifier: [{ system: "http://hl7.org/fhir/sid/us-ssn", value: "${SSN}" }] } }\n    expect: { noPhi: [SSN] }\n`);
    for (const format of ['tree', 'json', 'junit']) {
      const r = run(['test', f, '--format', format]);
      expect(r.status, format).toBe(1);
      expect(r.stdout + r.stderr, format).not.toContain(SSN);
      if (format === 'junit') checkWellFormedXml(r.stdout);
      if (format === 'tree') expect(r.stdout).toContain('  ✗ the SSN is gone  (line 5)\n      noPhi: expected no SSN, got SSN at /identifier/0/value\n');
    }
  });

  it('exits 2 on a test file that does not load, with FILE:LINE:COL (bad YAML, unknown principal, missing fixture file)', () => {
    const yaml = join(dir, 'bad-yaml.test.yaml');
    writeFileSync(yaml, `policy: ${policy}\ncases:\n  - name: x\n    request: { path: /a\n`);
    const r1 = run(['test', yaml]);
    expect(r1.status).toBe(2);
    expect(r1.stdout).toContain(`${yaml}:5:1: PG_TEST_PARSE `);
    const refs = join(dir, 'bad-refs.test.yaml');
    writeFileSync(refs, `policy: ${policy}\nfixtures:\n  bundle: { file: ./no-such-bundle.json }\ncases:\n  - name: x\n    principal: nobody-declared\n    request: { path: /Patient/p-1 }\n    upstream: bundle\n    expect: {}\n`);
    const r2 = run(['test', refs]);
    expect(r2.status).toBe(2);
    expect(r2.stdout).toContain(`${refs}:3:19: PG_TEST_IO fixture file not found`);
    expect(r2.stdout).toContain(`${refs}:6:16: PG_TEST_REFERENCE unknown principal "nobody-declared"`);
    // A broken file among good ones: the good ones still run, the exit code says the worst.
    const both = run(['test', 'examples/patient-api.test.yaml', yaml]);
    expect(both.status).toBe(2);
    expect(both.stdout).toContain('✓ a patient reads their own record');
  });

  it('exits 2 when no test file is found or the format is unknown', () => {
    const empty = mkdtempSync(join(tmpdir(), 'pg-policy-test-empty-'));
    const r = run(['test', empty]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('phiguard test: no *.test.yaml files found\n');
    expect(run(['test', 'examples/', '--format', 'tap']).status).toBe(2);
  });
});
