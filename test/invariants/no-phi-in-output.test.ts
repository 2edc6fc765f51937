/**
 * Invariant: no PHI in phiguard's own output. Requests and responses full of identifiers go through
 * the real pipeline (real identity, access, PHI engine, SQLite audit log); then the operator log,
 * every error body, and the raw bytes of the audit database and its sidecar files are searched for
 * each identifier.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/policy/index.js';
import { createPhiguard, type Phiguard } from '../../src/runtime/index.js';
import { simulate } from '../../src/runtime/simulate.js';
import { spawnSync } from 'node:child_process';

const root = new URL('../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'phiguard-nophi-'));
const logLines: string[] = [];
let guard: Phiguard;

const SECRETS = ['536-22-1234', 'Okafor', 'Jameson', '617-555-0142', 'jokafor@example.org', '1961-07-23', 'Wexford Lane', 'MRN-99817723'];
const token = (args: string[]) => spawnSync(process.execPath, [join(root, 'bin/phiguard.js'), 'token', ...args], { cwd: root, encoding: 'utf8' }).stdout.trim();

afterAll(async () => {
  await guard?.close();
});

describe('no PHI in our own output', () => {
  it('keeps identifiers out of logs, error bodies and the audit store', async () => {
    guard = await createPhiguard({
      policy: loadPolicy(join(root, 'examples/patient-api.yaml')),
      auditStore: `sqlite:${join(dir, 'audit.db')}`,
      log: (e) => logLines.push(JSON.stringify(e)),
    });
    const billing = token(['--sub', 'billing-7', '--role', 'billing', '--purpose', 'HPAYMT']);
    const patientBody = JSON.stringify({
      resourceType: 'Patient',
      id: 'p-1',
      identifier: [{ system: 'http://hl7.org/fhir/sid/us-ssn', value: '536-22-1234' }, { type: { coding: [{ code: 'MR' }] }, value: 'MRN-99817723' }],
      name: [{ family: 'Okafor', given: ['Jameson'] }],
      telecom: [{ system: 'phone', value: '617-555-0142' }, { system: 'email', value: 'jokafor@example.org' }],
      birthDate: '1961-07-23',
      address: [{ line: ['12 Wexford Lane'], city: 'Boston', postalCode: '02118' }],
    });
    const upstream = () => ({ status: 200, headers: [['content-type', 'application/fhir+json']] as Array<[string, string]>, body: patientBody });
    const errorUpstream = () => ({ status: 500, headers: [['content-type', 'text/plain']] as Array<[string, string]>, body: 'failed for Okafor Jameson SSN 536-22-1234 DOB 1961-07-23' });

    const results = [
      // PHI in the path, the query, headers, a bad token, a hostile body.
      await simulate(guard, { target: '/Patient/536-22-1234' }, upstream),
      await simulate(guard, { target: '/Patient?name=Okafor&birthdate=1961-07-23&email=jokafor%40example.org', headers: { authorization: `Bearer ${billing}` } }, upstream),
      await simulate(guard, { target: '/Patient/p-1', headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJPa2Fmb3IifQ.' } }, upstream),
      await simulate(guard, { target: '/Patient/p-1', headers: { authorization: `Bearer ${billing}`, 'x-purpose-of-use': 'HPAYMT' } }, upstream),
      await simulate(guard, { target: '/Patient/p-1', headers: { authorization: `Bearer ${billing}` } }, errorUpstream),
      await simulate(guard, { method: 'POST', target: '/Observation', headers: { authorization: `Bearer ${billing}`, 'content-type': 'application/json' }, body: '{"note":"Okafor 536-22-1234","note":"dup"}' }, upstream),
      await simulate(guard, { target: '/Patient/p-1/..%2fOkafor' }, upstream),
      await simulate(guard, { target: '/Observation?patient=p-1&code=536-22-1234', headers: { 'x-break-glass': 'ETREAT; patient=p-1; reason=Okafor Jameson unconscious in ER bay 4, SSN 536-22-1234' } }, upstream),
    ];
    await guard.audit.log.flush();
    await guard.audit.log.checkpoint();

    expect(results.map((r) => r.status)).toContain(200);
    expect(results.some((r) => r.status >= 400)).toBe(true);

    const haystacks: Array<[string, string]> = [['operator log', logLines.join('\n')]];
    for (const r of results) if (r.status >= 400 || !r.forwarded) haystacks.push([`error body ${r.status}`, r.text]);
    for (const f of readdirSync(dir)) haystacks.push([`audit file ${f}`, readFileSync(join(dir, f)).toString('latin1')]);
    // The search is not vacuous: the audit files hold the records and the log has events.
    expect(haystacks.filter(([n]) => n.startsWith('audit file')).map(([, t]) => t).join('')).toContain('patient-read');
    expect(logLines.length).toBeGreaterThan(0);
    for (const [name, text] of haystacks) {
      for (const s of SECRETS) expect(text.includes(s), `${name} contains "${s}"`).toBe(false);
    }
    // The billing read itself was released redacted.
    const released = results[3]!.text;
    for (const s of ['536-22-1234', 'Okafor', '617-555-0142']) expect(released.includes(s), `response contains ${s}`).toBe(false);
  });
});
