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
