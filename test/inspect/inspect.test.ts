import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Stage } from '../../src/core/pipeline.js';
import type { Principal } from '../../src/core/types.js';
import { checkPolicyText } from '../../src/policy/index.js';
import type { CompiledRoute } from '../../src/policy/types.js';
import { createPhiguard } from '../../src/runtime/index.js';
import { simulate } from '../../src/runtime/simulate.js';

const POLICY = (mode = 'enforce') => `
version: 1
name: inspect
mode: ${mode}
roles: [clinician, billing]
access: { scopes: { enforce: when-present } }
routes:
  - id: read
    method: GET
    path: /Patient/{id}
    resource: Patient
    interaction: read
    allow: { roles: [clinician, billing] }
    response:
      phi: { exempt: [{ roles: [clinician], purposes: [TREAT] }] }
  - id: export
    method: GET
    path: /export
    allow: { roles: [clinician, billing] }
  - id: note
    method: GET
    path: /note
    allow: { roles: [clinician, billing] }
  - id: shadow
    method: GET
    path: /shadow
    mode: monitor
    allow: { roles: [clinician] }
phi:
  default: mask
  actions: { SSN: remove, DATE: generalize }
`;

/** A stand-in identity stage: the principal comes from a test header (identity has its own tests). */
const fakeIdentify: Stage<CompiledRoute> = {
  onRequest(ctx) {
    const [role, purpose] = (ctx.canonical!.headers.get('x-test-principal') ?? 'billing').split(':');
    const p: Principal = { id: `t|${role}`, issuer: 't', subject: role!, kind: 'user', roles: [role!], scopes: [], method: 'jwt', ...(purpose ? { purposeOfUse: purpose } : {}) };
    ctx.principal = p;
  },
};

async function guard(mode = 'enforce') {
  const { policy, errors } = checkPolicyText('inspect.yaml', POLICY(mode), {});
  expect(errors).toEqual([]);
  return createPhiguard({ policy: policy!, log: () => undefined, stages: { identify: fakeIdentify } });
}

const patient = {
  resourceType: 'Patient',
  id: 'p1',
  meta: { versionId: '12345678901234567890' },
  identifier: [{ system: 'http://hl7.org/fhir/sid/us-ssn', value: '536-22-1234' }],
  name: [{ family: 'Okafor', given: ['James'] }],
  telecom: [{ system: 'phone', value: '617-555-0142' }],
  birthDate: '1958-04-12',
  gender: 'male',
  extension: [{ url: 'x', valueInteger: 12345678901234567890 }],
};
const fhir = (body: unknown, extra: Array<[string, string]> = []) => () => ({ status: 200, headers: [['content-type', 'application/fhir+json'] as [string, string], ...extra], body: JSON.stringify(body) });

describe('response inspection through the pipeline', () => {
  it('redacts FHIR JSON per the phi section and leaves untouched bytes identical', async () => {
    const g = await guard();
    const r = await simulate(g, { target: '/Patient/p1' }, () => ({
      status: 200,
      headers: [['content-type', 'application/fhir+json; charset=utf-8']],
      body: JSON.stringify(patient).replace('"valueInteger":12345678901234567890', '"valueInteger":12345678901234567890'),
    }));
    expect(r.status).toBe(200);
    expect(r.text).not.toContain('Okafor');
    expect(r.text).not.toContain('536-22-1234');
    expect(r.text).not.toContain('617-555-0142');
    expect(r.text).not.toContain('1958-04-12');
    expect(r.text).toContain('"resourceType":"Patient"');
    expect(r.text).toContain('"gender":"male"');
    expect(r.text).toContain('12345678901234567890'); // the big number was not round-tripped through a double
    expect(r.ctx.inspection?.redacted).toBe(true);
    expect(r.ctx.inspection?.phiFindings.NAME).toBeGreaterThan(0);
    expect(r.ctx.decisions.map((d) => d.code)).toContain('PG_PHI_REDACTED');
    expect(r.header('cache-control')).toBe('no-store');
  });

  it('exempts the configured role + purpose (treatment) and only that', async () => {
    const g = await guard();
    const treat = await simulate(g, { target: '/Patient/p1', headers: { 'x-test-principal': 'clinician:TREAT' } }, fhir(patient));
    expect(treat.text).toContain('Okafor');
    const ops = await simulate(g, { target: '/Patient/p1', headers: { 'x-test-principal': 'clinician:HOPERAT' } }, fhir(patient));
    expect(ops.text).not.toContain('Okafor');
  });

  it('redacts NDJSON line by line', async () => {
    const g = await guard();
    const nd = `${JSON.stringify(patient)}\n${JSON.stringify({ ...patient, id: 'p2', name: [{ family: 'Lopez', given: ['Maria'] }] })}\n`;
    const r = await simulate(g, { target: '/export' }, () => ({ status: 200, headers: [['content-type', 'application/fhir+ndjson']], body: nd }));
    expect(r.status).toBe(200);
    expect(r.text.split('\n').filter(Boolean)).toHaveLength(2);
    expect(r.text).not.toMatch(/Okafor|Lopez|Maria|536-22-1234/);
  });

  it('redacts PHI in upstream error bodies and headers (Location, custom)', async () => {
    const g = await guard();
    const r = await simulate(g, { target: '/note' }, () => ({
      status: 500,
      headers: [['content-type', 'text/plain'], ['location', '/Patient?ssn=536-22-1234'], ['x-debug', 'patient John Smith DOB 04/12/1958']],
      body: 'Internal error while loading patient John Smith, SSN 536-22-1234, phone 617-555-0142',
    }));
    expect(r.status).toBe(500);
    expect(r.text).not.toMatch(/536-22-1234|617-555-0142/);
    expect(r.header('location')).not.toContain('536-22-1234');
    expect(r.header('x-debug')).not.toContain('04/12/1958');
  });

  it('decodes gzip responses before inspecting and releases them uncompressed', async () => {
    const g = await guard();
    const r = await simulate(g, { target: '/Patient/p1' }, () => ({ status: 200, headers: [['content-type', 'application/json'], ['content-encoding', 'gzip']], body: gzipSync(JSON.stringify(patient)) }));
    expect(r.status).toBe(200);
    expect(r.header('content-encoding')).toBeUndefined();
    expect(r.text).not.toContain('Okafor');
  });

  it('fails closed on JSON it cannot parse, unknown encodings and opaque types', async () => {
    const g = await guard();
    const bad = await simulate(g, { target: '/Patient/p1' }, () => ({ status: 200, headers: [['content-type', 'application/json']], body: '{"name": "John Smith", ' }));
    expect(bad.status).toBe(502);
    expect(bad.text).not.toContain('John');
    const enc = await simulate(g, { target: '/Patient/p1' }, () => ({ status: 200, headers: [['content-type', 'application/json'], ['content-encoding', 'zstd']], body: 'x' }));
    expect(enc.code).toBe('PG_RESPONSE_ENCODING');
    const pdf = await simulate(g, { target: '/Patient/p1' }, () => ({ status: 200, headers: [['content-type', 'application/pdf']], body: '%PDF John Smith' }));
    expect(pdf.code).toBe('PG_RESPONSE_CONTENT_TYPE');
    const none = await simulate(g, { target: '/Patient/p1' }, () => ({ status: 200, body: 'John Smith 536-22-1234' }));
    expect(none.code).toBe('PG_RESPONSE_CONTENT_TYPE');
    expect(none.text).not.toContain('536-22-1234');
  });

  it('monitor mode counts what it would redact but releases the body unchanged', async () => {
    const g = await guard('monitor');
    const r = await simulate(g, { target: '/Patient/p1' }, fhir(patient));
    expect(r.text).toContain('Okafor');
    expect(r.ctx.inspection?.redacted).toBe(false);
    expect(r.ctx.inspection?.phiFindings.NAME).toBeGreaterThan(0);
    expect(r.ctx.decisions.find((d) => d.code === 'PG_PHI_REDACTED')?.detail).toContain('monitor');
  });

  it('a route in monitor mode lets a would-be denial through, records it, and still redacts nothing', async () => {
    const g = await guard();
    const r = await simulate(g, { target: '/shadow', headers: { 'x-test-principal': 'billing' } }, () => ({ status: 200, headers: [['content-type', 'application/json']], body: '{"note":"Call Maria Lopez at 617-555-0142"}' }));
    expect(r.status).toBe(200);
    expect(r.ctx.mode).toBe('monitor');
    expect(r.ctx.decisions.map((d) => d.code)).toEqual(expect.arrayContaining(['PG_AUTHZ_ROLE', 'PG_PHI_REDACTED']));
    expect(r.text).toContain('617-555-0142');
    // The same request on an enforced route is denied.
    const enforced = await simulate(g, { target: '/Patient/p1', headers: { 'x-test-principal': 'nurse' } }, fhir(patient));
    expect(enforced.status).toBe(403);
    expect(enforced.forwarded).toBe(false);
  });
});

describe('error pages (status >= 400, body not JSON) are withheld: status kept, generic body', () => {
  const bodyCode = (r: { json: unknown }) => (r.json as { error?: { code?: string } } | undefined)?.error?.code;
  const page = (status: number, type: string | undefined, body: string, extra: Array<[string, string]> = []) => () => ({
    status,
    headers: [...(type ? ([['content-type', type]] as Array<[string, string]>) : []), ...extra],
    body,
  });

  it.each([
    [404, 'text/html; charset=utf-8', '<pre>Cannot GET /Patient/536-22-1234</pre>', 'PG_ROUTE_NOT_FOUND'],
    [404, 'text/plain', '404 Not Found', 'PG_ROUTE_NOT_FOUND'],
    [500, 'text/html', '<pre>Error: lookup failed for James Okafor<br> &nbsp;at handler (/srv/app.js:1:1)</pre>', 'PG_RESPONSE_ERROR_WITHHELD'],
    [503, 'application/xml', '<error>upstream Okafor</error>', 'PG_RESPONSE_ERROR_WITHHELD'],
    [400, undefined, 'bad request for /Patient/536-22-1234', 'PG_RESPONSE_ERROR_WITHHELD'],
    [502, 'application/octet-stream', 'binary', 'PG_RESPONSE_ERROR_WITHHELD'],
  ])('%i %s', async (status, type, body, code) => {
    const g = await guard();
    for (const principal of ['billing', 'clinician:TREAT']) {
      const r = await simulate(g, { target: '/Patient/p1', headers: { 'x-test-principal': principal } }, page(status, type, body, [['retry-after', '5'], ['etag', '"abc"'], ['content-language', 'en']]));
      expect(r.status).toBe(status);
      expect(r.code, 'not a denial').toBeUndefined();
      expect(r.json).toEqual({ error: { code, message: expect.any(String), requestId: r.ctx.id } });
      expect(r.header('content-type')).toBe('application/json; charset=utf-8');
      expect(r.text).not.toMatch(/Okafor|536-22-1234|Cannot GET|at handler/);
      expect(r.header('retry-after'), 'other headers stay').toBe('5');
      expect(r.header('etag'), 'validators of the withheld body go').toBeUndefined();
      expect(r.header('content-language')).toBeUndefined();
      expect(r.ctx.decisions).toContainEqual(expect.objectContaining({ stage: 'inspectResponse', code: 'PG_RESPONSE_ERROR_WITHHELD' }));
    }
  });

  it('also in monitor mode, and whatever the content-encoding', async () => {
    const g = await guard('monitor');
    const r = await simulate(g, { target: '/Patient/p1' }, () => ({ status: 500, headers: [['content-type', 'text/html'], ['content-encoding', 'zstd']], body: 'Okafor' }));
    expect(r.status).toBe(500);
    expect(bodyCode(r)).toBe('PG_RESPONSE_ERROR_WITHHELD');
    expect(r.header('content-encoding')).toBeUndefined();
  });

  it('JSON error bodies are inspected and released; empty untyped error responses are left as they are', async () => {
    const g = await guard();
    const oo = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found', diagnostics: 'no patient James Okafor' }] };
    const json = await simulate(g, { target: '/Patient/p1' }, () => ({ status: 404, headers: [['content-type', 'application/fhir+json']], body: JSON.stringify(oo) }));
    expect(json.status).toBe(404);
    expect(json.json).toMatchObject({ resourceType: 'OperationOutcome' });
    expect(json.text).not.toContain('Okafor');
    expect(json.ctx.decisions.map((d) => d.code)).not.toContain('PG_RESPONSE_ERROR_WITHHELD');
    const problem = await simulate(g, { target: '/note' }, () => ({ status: 409, headers: [['content-type', 'application/problem+json']], body: '{"title":"conflict"}' }));
    expect(problem.json).toEqual({ title: 'conflict' });
    const empty = await simulate(g, { target: '/note' }, () => ({ status: 405, headers: [['allow', 'GET']] }));
    expect(empty.status).toBe(405);
    expect(empty.text).toBe('');
    expect(empty.header('allow')).toBe('GET');
  });

  it.each(['application/hl7-v2', 'x-application/hl7-v2+er7', 'text/csv'])('inspects %s records by field position and column header', async (type) => {
    const g = await guard();
    const body = type === 'text/csv'
      ? 'Patient ID,Last Name,Member #,Result\n4477120,Okafor,W22918800,negative\n'
      : 'MSH|^~\\&|A|B|C|D|202311041530||ORU^R01|1|P|2.5.1\rPID|1||4477120^^^H^MR||OKAFOR^JAMES||19580312\rOBX|1|ST|X^Y||negative';
    const r = await simulate(g, { target: '/note' }, () => ({ status: 200, headers: [['content-type', type]], body }));
    expect(r.status).toBe(200);
    expect(r.text).not.toMatch(/4477120|okafor|W22918800|19580312/i);
    expect(r.text).toContain('negative');
  });

  it('2xx text stays subject to the usual rules (only error bodies are withheld)', async () => {
    const g = await guard();
    const ok = await simulate(g, { target: '/note' }, () => ({ status: 200, headers: [['content-type', 'text/plain']], body: 'call James Okafor' }));
    expect(ok.status).toBe(200);
    expect(ok.text).not.toContain('Okafor');
    expect(ok.ctx.decisions.map((d) => d.code)).not.toContain('PG_RESPONSE_ERROR_WITHHELD');
  });
});
