/**
 * Response shapes the inspector must not release unchecked (example policy, JSON/FHIR upstream):
 * compartment breaches in searches, encodings it cannot decode (stacked, unknown, bombs), bodies
 * that are not UTF-8, missing content types, hostile nesting, and PHI in data-bearing headers.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Phiguard } from '../../src/runtime/index.js';
import { simulate } from '../../src/runtime/simulate.js';
import { bearer, bundle, exampleGuard, obs, patientRes, tok } from '../helpers/security.js';

let g: Phiguard;
beforeAll(async () => {
  g = await exampleGuard();
});
afterAll(() => g.close());

type H = Array<[string, string]>;
const fhir: H = [['content-type', 'application/fhir+json']];

describe('compartment and labels on JSON responses', () => {
  it('an unfiltered search answered with another patient is refused, not trimmed silently', async () => {
    const r = await simulate(g, { target: '/Observation', headers: bearer(await tok.patient('p1')) }, () => ({ status: 200, headers: fhir, body: JSON.stringify(bundle([obs('o1', 'p1'), obs('o2', 'p2')])) }));
    expect(r.code).toBe('PG_RESPONSE_PATIENT_COMPARTMENT');
    expect(r.text).not.toContain('result for p2');
  });

  it('another patient hidden in a contained resource or a nested bundle is refused', async () => {
    const t = bearer(await tok.patient('p1'));
    const contained = obs('o1', 'p1', { contained: [obs('c1', 'p2')] });
    const nested = bundle([obs('o1', 'p1'), bundle([obs('o2', 'p2')])]);
    for (const body of [contained, nested, [obs('o1', 'p1'), obs('o2', 'p2')]]) {
      const r = await simulate(g, { target: '/Observation', headers: t }, () => ({ status: 200, headers: fhir, body: JSON.stringify(body) }));
      expect(r.text).not.toContain('result for p2');
      expect(r.status).toBeGreaterThanOrEqual(400);
    }
  });

  it('a restricted (R) resource is withheld from a clinician outside TREAT, and a V one from everyone', async () => {
    const labelled = (code: string) => obs('o9', 'p1', { meta: { security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code }] }, valueString: `secret-${code}` });
    const up = () => ({ status: 200, headers: fhir, body: JSON.stringify(bundle([obs('o1', 'p1'), labelled('R'), labelled('V')])) });
    const treat = await simulate(g, { target: '/Observation?patient=p1', headers: bearer(await tok.clinician('TREAT')) }, up);
    expect(treat.text).toContain('secret-R');
    expect(treat.text).not.toContain('secret-V');
    const ops = await simulate(g, { target: '/Observation?patient=p1', headers: bearer(await tok.clinician('HOPERAT')) }, up);
    expect(ops.text).not.toContain('secret-R');
  });

  it('billing gets the minimum-necessary projection of a Patient', async () => {
    const r = await simulate(g, { target: '/Patient/p1', headers: bearer(await tok.billing()) }, () => ({ status: 200, headers: fhir, body: JSON.stringify(patientRes('p1', { _telecom: { extension: [] }, contact: [{ name: { text: 'Mary Okafor' } }] })) }));
    expect(r.status).toBe(200);
    const body = r.json as Record<string, unknown>;
    expect(Object.keys(body)).not.toContain('telecom');
    expect(Object.keys(body)).not.toContain('_telecom');
    expect(Object.keys(body)).not.toContain('contact');
  });
});

describe('bodies the inspector cannot read are not released', () => {
  const read = async (headers: H, body: Uint8Array | string) =>
    simulate(g, { target: '/Patient/p1', headers: bearer(await tok.billing()) }, () => ({ status: 200, headers, body }));
  const pt = JSON.stringify(patientRes('p1', { identifier: [{ system: 'http://hl7.org/fhir/sid/us-ssn', value: '536-22-1234' }] }));

  it.each([
    ['stacked gzip, deflate', [['content-type', 'application/fhir+json'], ['content-encoding', 'gzip, deflate']] as H, new Uint8Array(gzipSync(pt))],
    ['unknown content-encoding', [['content-type', 'application/fhir+json'], ['content-encoding', 'compress']] as H, new Uint8Array(gzipSync(pt))],
    ['gzip that is not gzip', [['content-type', 'application/fhir+json'], ['content-encoding', 'gzip']] as H, pt],
    ['no content-type', [] as H, pt],
    ['octet-stream', [['content-type', 'application/octet-stream']] as H, pt],
    ['UTF-16 JSON with BOM', [['content-type', 'application/fhir+json; charset=utf-16']] as H, new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(pt, 'utf16le')]))],
    ['UTF-16 JSON without BOM', [['content-type', 'application/fhir+json; charset=utf-16le']] as H, new Uint8Array(Buffer.from(pt, 'utf16le'))],
    ['invalid UTF-8', [['content-type', 'application/fhir+json']] as H, new Uint8Array([...Buffer.from('{"resourceType":"Patient","id":"'), 0xc0, 0xaf, ...Buffer.from('"}')])],
    ['JSON nested 5000 deep', [['content-type', 'application/fhir+json']] as H, `{"resourceType":"Patient","id":"p1","x":${'['.repeat(5000)}"536-22-1234"${']'.repeat(5000)}}`],
    ['NDJSON line that is not JSON', [['content-type', 'application/fhir+ndjson']] as H, `${pt}\nSSN 536-22-1234 {`],
  ])('%s', async (_n, headers, body) => {
    const r = await read(headers, body);
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.code).toMatch(/^PG_RESPONSE_/);
    expect(Buffer.from(r.text).toString('latin1')).not.toMatch(/5.?3.?6.?-.?2.?2.?-.?1.?2.?3.?4/);
  });

  it('a gzip bomb over maxResponseBytes is refused without inflating it all', async () => {
    const bomb = new Uint8Array(gzipSync(Buffer.alloc(11 * 1024 * 1024, 0x20)));
    expect(bomb.length).toBeLessThan(64 * 1024); // ~1:1000: the limit must apply to inflated bytes
    const r = await read([['content-type', 'application/fhir+json'], ['content-encoding', 'gzip']], bomb);
    expect(r.code).toBe('PG_RESPONSE_ENCODING');
  });

  it('gzip the inspector can read is decoded, inspected and released uncompressed', async () => {
    const r = await read([['content-type', 'application/fhir+json'], ['content-encoding', 'gzip']], new Uint8Array(gzipSync(pt)));
    expect(r.status).toBe(200);
    expect(r.header('content-encoding')).toBeUndefined();
    expect(r.text).not.toContain('536-22-1234');
  });
});

describe('PHI in response headers', () => {
  it('is redacted in Location, Link, Content-Disposition, Set-Cookie and custom headers', async () => {
    const r = await simulate(g, { target: '/Patient/p1', headers: bearer(await tok.billing()) }, () => ({
      status: 200,
      headers: [
        ['content-type', 'application/fhir+json'],
        ['content-disposition', 'attachment; filename="okafor_536-22-1234.json"'],
        ['link', '<https://x.example/Patient?ssn=536-22-1234>; rel="next"'],
        ['set-cookie', 'last=536-22-1234; Path=/'],
        ['location', '/Patient/p1?phone=617-555-0142'],
        ['x-debug', 'patient SSN 536-22-1234'],
      ],
      body: JSON.stringify(patientRes('p1')),
    }));
    expect(r.status).toBe(200);
    const all = r.headers.map(([k, v]) => `${k}: ${v}`).join('\n');
    expect(all).not.toContain('536-22-1234');
    expect(all).not.toContain('617-555-0142');
  });

  it('upstream software headers are dropped and responses are not cacheable', async () => {
    const r = await simulate(g, { target: '/Patient/p1', headers: bearer(await tok.billing()) }, () => ({ status: 200, headers: [...fhir, ['server', 'hapi/7'], ['x-powered-by', 'HAPI FHIR'], ['cache-control', 'public, max-age=600']], body: JSON.stringify(patientRes('p1')) }));
    expect(r.header('server')).toBeUndefined();
    expect(r.header('x-powered-by')).toBeUndefined();
    expect(r.header('cache-control')).toBe('no-store');
  });
});
