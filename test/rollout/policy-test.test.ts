/** `phiguard test` in process: loading (every error with FILE:LINE:COL), running, reports. Real files in a tmp dir. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/policy/load.js';
import { formatJson, formatJunit, formatTree, loadTestFile, runTestFile, runTestFiles, xmlEscape } from '../../src/rollout/tests/index.js';
import { testPolicy } from '../helpers/policy-text.js';
import { checkWellFormedXml } from '../helpers/xml.js';

const EXAMPLE_POLICY = fileURLToPath(new URL('../../examples/patient-api.yaml', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pg-policy-test-'));
let n = 0;
const write = (text: string, name = `t${++n}.test.yaml`, sub = ''): string => {
  const d = join(dir, sub);
  mkdirSync(d, { recursive: true });
  const f = join(d, name);
  writeFileSync(f, text);
  return f;
};
const SSN = '536-22-1234';
const header = `policy: ${JSON.stringify(EXAMPLE_POLICY)}\nclock: 2026-11-23T12:00:00Z\n`;
const patient = `{ resourceType: Patient, id: p-1, identifier: [{ system: "http://hl7.org/fhir/sid/us-ssn", value: "${SSN}" }], gender: male, telecom: [{ system: phone, value: "617-555-0142" }] }`;

describe('loading a test file', () => {
  it('reports bad YAML with its line and column (exit-2 kind of error)', () => {
    const f = write(`${header}cases:\n  - name: x\n    request: { path: /a\n`);
    const r = loadTestFile(f);
    expect(r.suite).toBeUndefined();
    expect(formatDiagnostic(r.errors[0]!)).toMatch(new RegExp(`^${f.replace(/[.]/g, '\\.')}:6:1: PG_TEST_PARSE `));
  });

  it('reports every schema and reference error at once, each at its position', () => {
    const f = write(`${header}principals:\n  dr: { roles: [clinician], colour: blue }\nfixtures:\n  f: { file: ./missing.json }\ncases:\n  - name: a\n    principal: ghost\n    request: { path: /Patient/1 }\n    upstream: nope\n    expect: { decision: allow }\n  - name: b\n    principal: dr\n    request: { path: /Patient/1 }\n    upstream: f\n    expect: { body: [{ path: "a.b", present: true }] }\n`);
    const lines = loadTestFile(f).errors.map((d) => `${d.line}:${d.col} ${d.code} ${d.message}`);
    expect(lines).toEqual([
      '4:29 PG_TEST_SCHEMA unknown key "colour" in principals.dr',
      '6:14 PG_TEST_IO fixture file not found',
      '9:16 PG_TEST_REFERENCE unknown principal "ghost" (declare it under principals:)',
      '11:15 PG_TEST_REFERENCE unknown fixture "nope" (declare it under fixtures:)',
      '17:30 PG_TEST_SCHEMA a body path is a JSONPath starting with $ or a JSON pointer starting with /',
    ]);
  });

  it('names a missing policy at the policy: key, and a policy that does not validate with its own errors', () => {
    const missing = loadTestFile(write(`policy: ./nope.yaml\ncases:\n  - { name: x, request: { path: /a }, expect: {} }\n`));
    expect(missing.errors.map((d) => `${d.line}:${d.col} ${d.code}`)).toEqual(['1:9 PG_TEST_IO']);
    writeFileSync(join(dir, 'broken.yaml'), 'version: 1\nname: broken\nmode: loud\n');
    const broken = loadTestFile(write(`policy: ./broken.yaml\ncases:\n  - { name: x, request: { path: /a }, expect: {} }\n`));
    expect(broken.errors.map((d) => d.code)).toContain('PG_TEST_REFERENCE');
    expect(broken.errors.some((d) => d.file.endsWith('broken.yaml') && d.code.startsWith('PG_POLICY_'))).toBe(true);
  });

  it('a directory argument finds the *.test.yaml files in it and below', async () => {
    const sub = `found-${++n}`;
    write(`${header}cases:\n  - { name: public, request: { path: /metadata }, expect: { decision: allow } }\n`, 'one.test.yaml', sub);
    write(`${header}cases: []\n`, 'not-a-test.yaml', sub);
    write(`${header}cases:\n  - { name: public, request: { path: /metadata }, expect: { status: 200 } }\n`, 'two.test.yaml', join(sub, 'deeper'));
    const results = await runTestFiles([join(dir, sub)]);
    expect(results.map((r) => r.file.slice(dir.length))).toEqual([`/${sub}/deeper/two.test.yaml`, `/${sub}/one.test.yaml`]);
    expect(results.every((r) => r.cases.every((c) => c.passed))).toBe(true);
  });
});

describe('running cases on the pipeline', () => {
  it('a failing expectation fails its case with a readable message; the other cases still pass', async () => {
    const f = write(`${header}principals:\n  biller: { roles: [billing], purpose: HPAYMT }\ncases:\n  - name: right\n    principal: biller\n    request: { path: /Patient/p-1 }\n    upstream: { body: ${patient} }\n    expect: { decision: allow, noPhi: [SSN], body: [{ path: $.telecom, absent: true }] }\n  - name: wrong\n    principal: biller\n    request: { path: /Patient/p-1 }\n    upstream: { body: ${patient} }\n    expect: { status: 403, code: PG_AUTHZ_ROLE, body: [{ path: /gender, equals: female }] }\n`);
    const r = await runTestFile(f);
    expect(r.cases.map((c) => c.passed)).toEqual([true, false]);
    expect(r.cases[1]!.mismatches).toEqual([
      { check: 'status', expected: '403', actual: '200' },
      { check: 'code', expected: 'PG_AUTHZ_ROLE', actual: 'PG_OK' },
      { check: 'body /gender', expected: 'equal to the given value (a string of 6 chars)', actual: 'a different value at /gender (a string of 4 chars)' },
    ]);
    expect(formatTree([r])).toContain('✗ wrong  (line 11)\n      status: expected 403, got 200\n      (2 more mismatches: code, body /gender)');
  });

  it('noPhi names the type and the JSON pointer of what remains, never the value, in every format', async () => {
    // A clinician treating the patient is exempt from redaction: the SSN is released.
    const f = write(`${header}principals:\n  dr: { roles: [clinician], purpose: TREAT }\ncases:\n  - name: exempt <clinician> & "SSN"\n    principal: dr\n    request: { path: /Patient/p-1 }\n    upstream: { body: ${patient} }\n    expect: { noPhi: [SSN], body: [{ path: "$.identifier[0].value", absent: true }] }\n`);
    const r = await runTestFile(f);
    expect(r.cases[0]!.mismatches).toEqual([
      { check: 'body $.identifier[0].value', expected: 'absent', actual: 'present at /identifier/0/value (a string of 11 chars)' },
      { check: 'noPhi', expected: 'no SSN', actual: 'SSN at /identifier/0/value' },
    ]);
    for (const out of [formatTree([r]), formatJson([r]), formatJunit([r])]) {
      expect(out).not.toContain(SSN);
      expect(out).not.toContain('617-555');
    }
  });

  it('checks the audit record the case appended (outcome, reason, patients as keyed references)', async () => {
    const f = write(`${header}principals:\n  pt: { roles: [patient], patient: p-1 }\ncases:\n  - name: own record\n    principal: pt\n    request: { path: /Patient/p-1 }\n    upstream: { body: { resourceType: Patient, id: p-1 } }\n    expect: { audit: { outcome: allowed, reason: PG_OK, patients: [p-1] } }\n  - name: wrong expectations\n    principal: pt\n    request: { path: /Patient/p-2 }\n    expect: { audit: { outcome: allowed, reason: PG_OK, patients: [p-1] } }\n`);
    const r = await runTestFile(f);
    expect(r.cases[0]!.passed).toBe(true);
    expect(r.cases[1]!.mismatches.map((m) => `${m.check}: ${m.expected} / ${m.actual}`)).toEqual([
      'audit outcome: allowed / denied',
      'audit reason: PG_OK / PG_AUTHZ_PATIENT_COMPARTMENT',
      'audit patients: 1 patient(s): p-1 / 2 recorded, 1 not expected',
    ]);
  });

  it('replaces the issuer keys (a JWKS URL is never fetched), mints tokens per principal, and identifies mTLS clients', async () => {
    const policyFile = join(dir, `access-${++n}.yaml`);
    const text = testPolicy('{ url: "https://idp.test.invalid/jwks.json", timeout: 1s }');
    writeFileSync(policyFile, text);
    const f = write(`policy: ${JSON.stringify(policyFile)}\nprincipals:\n  lab: { mtls: lab-interface }\n  nurse: { roles: [nurse], purpose: TREAT }\n  biller: { roles: [billing], purpose: HPAYMT }\ncases:\n  - name: lab posts a result\n    principal: lab\n    request: { method: POST, path: /Observation, body: { resourceType: Observation, status: final } }\n    upstream: { status: 201, body: { resourceType: Observation, id: o-1 } }\n    expect: { decision: allow, status: 201, audit: { outcome: allowed } }\n  - name: nurse reads a patient\n    principal: nurse\n    request: { path: /Patient/p-1 }\n    upstream: { body: { resourceType: Patient, id: p-1 } }\n    expect: { decision: allow, status: 200, code: PG_OK }\n  - name: billing may not search\n    principal: biller\n    request: { path: /Patient }\n    expect: { decision: deny, code: PG_AUTHZ_ROLE }\n`);
    const r = await runTestFile(f);
    expect(r.cases.map((c) => [c.name, c.passed, c.mismatches])).toEqual([
      ['lab posts a result', true, []],
      ['nurse reads a patient', true, []],
      ['billing may not search', true, []],
    ]);
    // The same file against the policy in monitor mode: the denial is recorded, the request passes.
    writeFileSync(policyFile, text.replace('name: access-test', 'name: access-test\nmode: monitor'));
    const monitored = await runTestFile(f);
    expect(monitored.cases[2]!.mismatches).toEqual([{ check: 'decision', expected: 'deny', actual: 'allow (PG_OK)' }, { check: 'code', expected: 'PG_AUTHZ_ROLE', actual: 'PG_OK' }]);
    const g = write(`policy: ${JSON.stringify(policyFile)}\nprincipals:\n  biller: { roles: [billing], purpose: HPAYMT }\ncases:\n  - { name: would deny, principal: biller, request: { path: /Patient }, expect: { decision: allow, decisions: [PG_AUTHZ_ROLE] } }\n`);
    expect((await runTestFile(g)).cases[0]!.passed).toBe(true);
  });

  it('advance: moves the frozen clock (a session idle past the policy timeout is logged off)', async () => {
    const f = write(`${header}principals:\n  nurse: { roles: [nurse], purpose: TREAT }\ncases:\n  - { name: first, principal: nurse, request: { path: /Patient/p-1 }, expect: { status: 200 } }\n  - { name: 14 minutes later, advance: 14m, principal: nurse, request: { path: /Patient/p-1 }, expect: { status: 200 } }\n  - { name: 16 minutes idle, advance: 16m, principal: nurse, request: { path: /Patient/p-1 }, expect: { code: PG_SESSION_IDLE_TIMEOUT } }\n`);
    expect((await runTestFile(f)).cases.map((c) => c.passed)).toEqual([true, true, true]);
  });

  it('the coverage summary lists the routes, roles and PHI rules no case touched', async () => {
    const f = write(`${header}principals:\n  biller: { roles: [billing], purpose: HPAYMT }\ncases:\n  - { name: read, principal: biller, request: { path: /Patient/p-1 }, upstream: { body: ${patient} }, expect: { status: 200 } }\n`);
    const out = JSON.parse(formatJson([await runTestFile(f)])) as { coverage: Array<{ untestedRoutes: string[]; untestedRoles: string[]; untestedPhiRules: string[] }> };
    expect(out.coverage[0]!.untestedRoutes).toEqual(['patient-search', 'observation-search', 'observation-read', 'observation-create', 'capability']);
    expect(out.coverage[0]!.untestedRoles).toEqual(['clinician', 'nurse', 'patient', 'admin']);
    expect(out.coverage[0]!.untestedPhiRules).not.toContain('SSN');
    expect(out.coverage[0]!.untestedPhiRules).toContain('AGE');
  });
});

describe('JUnit XML', () => {
  it('escapes names and messages and is well-formed', async () => {
    expect(xmlEscape(`a<b>&"c"'\u0001`)).toBe('a&lt;b&gt;&amp;&quot;c&quot;&apos;');
    const ok = write(`${header}cases:\n  - { name: "<metadata> & \\"friends\\" ]]>", request: { path: /metadata }, expect: { status: 500 } }\n`);
    const bad = write(`${header}cases:\n  - name: x\n    request: { path: /a\n`);
    const xml = formatJunit(await runTestFiles([ok, bad]));
    checkWellFormedXml(xml);
    expect(xml).toContain('name="&lt;metadata&gt; &amp; &quot;friends&quot; ]]&gt;"');
    expect(xml).toMatch(/<testsuites name="phiguard test" tests="2" failures="1" errors="1">/);
    expect(xml).toContain('<failure message="status: expected 500, got 200" type="status">');
    expect(xml).toMatch(/<error message="the test file does not load" type="PG_TEST_PARSE">[^<]*:6:1: PG_TEST_PARSE /);
  });
});
