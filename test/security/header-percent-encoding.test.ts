/**
 * FIXED (was a vulnerability): response headers are PHI-scanned as raw text; percent-encoded values
 * (RFC 6266 `filename*=UTF-8''...`, Location / Link / Content-Location URLs) are never decoded,
 * so "%20" before an identifier hides it from the detectors (the "0" defeats the SSN/phone
 * look-behind) and encoded names are never seen as words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Phiguard } from '../../src/runtime/index.js';
import { simulate } from '../../src/runtime/simulate.js';
import { bearer, exampleGuard, patientRes, tok } from '../helpers/security.js';

let g: Phiguard;
beforeAll(async () => {
  g = await exampleGuard();
});
afterAll(() => g.close());

describe('percent-encoded PHI in response headers (billing: not exempt)', () => {
  it.each([
    ['content-disposition', "attachment; filename*=UTF-8''James%20Okafor%20536-22-1234.json"],
    ['location', '/Patient/p1/_history/2?note=Okafor%2C%20SSN%20536-22-1234'],
    ['link', '<https://fhir.example/Patient?name=James%20Okafor&phone=%20617-555-0142>; rel="self"'],
    ['content-location', '/exports/okafor%20536-22-1234.json'],
  ])('%s', async (name, value) => {
    const r = await simulate(g, { target: '/Patient/p1', headers: bearer(await tok.billing()) }, () => ({
      status: 200,
      headers: [['content-type', 'application/fhir+json'], [name, value]],
      body: JSON.stringify(patientRes('p1')),
    }));
    const v = decodeURIComponent(r.header(name) ?? '');
    expect(v).not.toContain('536-22-1234');
    expect(v).not.toContain('617-555-0142');
  });
});

describe('URL-valued headers: the server origin is an address, not data (billing: not exempt)', () => {
  const send = async (name: string, value: string) =>
    simulate(g, { target: '/Patient/p1', headers: bearer(await tok.billing()) }, () => ({
      status: 200,
      headers: [['content-type', 'application/fhir+json'], [name, value]],
      body: JSON.stringify(patientRes('p1')),
    }));

  it('an IP-literal origin in Location is kept; PHI in its path and query is still redacted', async () => {
    const r = await send('location', 'https://10.20.30.40:8443/Patient/p1?ssn=536-22-1234');
    expect(r.header('location')).toMatch(/^https:\/\/10\.20\.30\.40:8443\/Patient\/p1\?/);
    expect(r.header('location')).not.toContain('536-22-1234');
  });

  it('userinfo is not an origin: PHI before "@" is found', async () => {
    const r = await send('content-location', 'https://536-22-1234@fhir.example/Patient/p1');
    expect(decodeURIComponent(r.header('content-location') ?? '')).not.toContain('536-22-1234');
  });

  it('every origin in a Link header is kept, the parameters between them scanned', async () => {
    const r = await send('link', '<https://192.0.2.7/Patient?page=2>; rel="next", <https://192.0.2.7/Patient?phone=617-555-0142>; rel="prev"');
    const v = r.header('link') ?? '';
    expect(v.match(/https:\/\/192\.0\.2\.7\//g)).toHaveLength(2);
    expect(decodeURIComponent(v)).not.toContain('617-555-0142');
  });
});
