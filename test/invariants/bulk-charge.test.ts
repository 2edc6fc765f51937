/**
 * Bulk limits charge only what was released: requests denied after authorization (here by an
 * audit store outage) do not use up a principal's quota. The whole pipeline, the example policy.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PhiguardError } from '../../src/core/errors.js';
import { checkPolicyText } from '../../src/policy/index.js';
import { createPhiguard } from '../../src/runtime/index.js';
import { simulate } from '../../src/runtime/simulate.js';
import { bearer, EXAMPLE, patientRes, tok } from '../helpers/security.js';

describe('bulk quota and an audit outage', () => {
  it('requests refused by a failed audit append are not charged; released ones are', async () => {
    const text = readFileSync(EXAMPLE, 'utf8').replace('maxRecords: 10000', 'maxRecords: 3');
    const { policy, errors } = checkPolicyText(join(dirname(EXAMPLE), 'patient-api.yaml'), text, {});
    expect(errors).toEqual([]);
    let down = true;
    const guard = await createPhiguard({
      policy: policy!,
      auditStore: 'memory:',
      log: () => undefined,
      stages: { audit: { onFinal: () => { if (down) throw new PhiguardError('PG_AUDIT_UNAVAILABLE', 'store down'); } } },
    });
    try {
      const token = await tok.clinician();
      const get = () => simulate(guard, { target: '/Patient/p1', headers: bearer(token) }, () => ({ status: 200, headers: [['content-type', 'application/fhir+json']], body: JSON.stringify(patientRes('p1')) }));
      for (let i = 0; i < 5; i++) expect((await get()).code).toBe('PG_AUDIT_UNAVAILABLE');
      down = false;
      for (let i = 0; i < 3; i++) expect((await get()).status).toBe(200);
      const over = await get();
      expect(over.status).toBe(429);
      expect(over.code).toBe('PG_RATE_RECORDS');
    } finally {
      await guard.close();
    }
  });
});
