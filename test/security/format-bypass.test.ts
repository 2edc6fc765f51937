/**
 * FIXED (was a vulnerability): the response-side patient compartment, security labels and minimum-necessary
 * projection run only when the response is classified 'json'. A client picks the representation
 * (`_format`, `Accept`), so a FHIR server that honours them returns XML / NDJSON / HTML that
 * inspect-response only PHI-scans (and patients / TREAT clinicians are PHI-exempt).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Phiguard } from '../../src/runtime/index.js';
import { simulate } from '../../src/runtime/simulate.js';
import { bearer, bundle, exampleGuard, obs, patientRes, tok } from '../helpers/security.js';

/** A FHIR server that honours _format / Accept like HAPI does: returns everyone's observations on an unfiltered search. */
function hapiLike(ctx: Parameters<Parameters<typeof simulate>[2]>[0]) {
  const c = ctx.canonical!;
  const fmt = c.params.get('_format')?.[0] ?? c.headers.get('accept') ?? 'json';
  const all = [obs('o1', 'p1'), obs('o2', 'p2', { valueString: 'HIV positive p2' })];
  const isPatient = c.segments[0] === 'Patient';
  const res = isPatient ? patientRes(c.segments[1] ?? 'p1') : bundle(all);
  if (/xml/.test(fmt)) {
    const xml = isPatient
      ? `<Patient xmlns="http://hl7.org/fhir"><id value="p1"/><telecom><system value="phone"/><value value="617-555-0142"/></telecom><birthDate value="1958-04-12"/></Patient>`
      : `<Bundle xmlns="http://hl7.org/fhir">${all.map((o) => `<entry><resource><Observation><id value="${o.id}"/><subject><reference value="${o.subject.reference}"/></subject><valueString value="${o.valueString}"/></Observation></resource></entry>`).join('')}</Bundle>`;
    return { status: 200, headers: [['content-type', 'application/fhir+xml;charset=UTF-8']] as Array<[string, string]>, body: xml };
  }
  if (/ndjson/.test(fmt)) {
    return { status: 200, headers: [['content-type', 'application/fhir+ndjson']] as Array<[string, string]>, body: all.map((o) => JSON.stringify(o)).join('\n') };
  }
  return { status: 200, headers: [['content-type', 'application/fhir+json']] as Array<[string, string]>, body: JSON.stringify(res) };
}

let g: Phiguard;
beforeAll(async () => {
  g = await exampleGuard();
});
afterAll(() => g.close());

describe('response representation steering', () => {
  it('control: JSON search by patient p1 returning p2 data is refused', async () => {
    const r = await simulate(g, { target: '/Observation', headers: bearer(await tok.patient('p1')) }, hapiLike);
    expect(r.code).toBe('PG_RESPONSE_PATIENT_COMPARTMENT');
    expect(r.text).not.toContain('p2');
  });

  it('?_format=xml: patient p1 must not receive patient p2 observations', async () => {
    const r = await simulate(g, { target: '/Observation?_format=xml', headers: bearer(await tok.patient('p1')) }, hapiLike);
    expect(r.text).not.toContain('HIV positive p2');
  });

  it('Accept: application/fhir+xml: patient p1 must not receive patient p2 observations', async () => {
    const r = await simulate(g, { target: '/Observation', headers: { ...bearer(await tok.patient('p1')), accept: 'application/fhir+xml' } }, hapiLike);
    expect(r.text).not.toContain('HIV positive p2');
  });

  it('?_format=application/fhir+ndjson: patient p1 must not receive patient p2 observations', async () => {
    const r = await simulate(g, { target: '/Observation?_format=application/fhir%2Bndjson', headers: bearer(await tok.patient('p1')) }, hapiLike);
    expect(r.text).not.toContain('HIV positive p2');
  });

  it('billing (minimum necessary: Patient allow-list without telecom) must not get telecom via XML', async () => {
    const json = await simulate(g, { target: '/Patient/p1', headers: bearer(await tok.billing()) }, hapiLike);
    expect(json.status).toBe(200);
    expect(json.text).not.toContain('telecom');
    const r = await simulate(g, { target: '/Patient/p1?_format=xml', headers: bearer(await tok.billing()) }, hapiLike);
    expect(r.text).not.toContain('telecom');
  });
});
