/**
 * FIXED: minimum necessary (field projection) re-serialized the document with
 * JSON.stringify, so a released response said 9007199254740992 where the upstream said
 * 9007199254740993, 1.1 for 1.10 and null for 1e400. Projection now writes every number's original
 * text back (src/guards/inspect-response/lossless.ts). Example policy, real JWTs, full pipeline.
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

const NUMBERS = '{"url":"http://example.org/ext","valueInteger64":9007199254740993},{"url":"http://example.org/d","valueDecimal":1.10},{"url":"http://example.org/h","valueDecimal":1e400}';

/** A Patient with the numbers at the top level; telecom (denied for clinicians outside treatment) forces a projection. */
const withNumbers = () => JSON.stringify(patientRes('p1')).replace(/}$/, `,"extension":[${NUMBERS}]}`);

describe('numbers stay exact through minimum necessary', () => {
  it('a clinician for operations (projected: telecom removed) gets the numbers byte for byte', async () => {
    const body = withNumbers();
    const r = await simulate(g, { target: '/Patient/p1', headers: bearer(await tok.clinician('HOPERAT')) }, () => ({ status: 200, headers: [['content-type', 'application/fhir+json']], body }));
    expect(r.status).toBe(200);
    expect(r.ctx.inspection?.projectedFields).toBeGreaterThan(0);
    expect(r.text).not.toContain('617-555-0142');
    expect(r.text).toContain(NUMBERS);
  });

  it('the same through NDJSON lines', async () => {
    const line = withNumbers();
    const r = await simulate(g, { target: '/Patient/p1', headers: bearer(await tok.clinician('HOPERAT')) }, () => ({ status: 200, headers: [['content-type', 'application/fhir+ndjson']], body: `${line}\n${line}\n` }));
    expect(r.status).toBe(200);
    expect(r.text.split(NUMBERS)).toHaveLength(3);
  });
});
