/** Alerts carry keyed references only: never the raw issuer|subject of the principal. */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/runtime/simulate.js';
import { bearer, exampleGuard, patientRes, tok, type Logged } from '../helpers/security.js';

describe('alerts and the principal', () => {
  it('a bulk-limit alert names the principal by its keyed reference', async () => {
    const logged: Logged = { lines: [] };
    const guard = await exampleGuard((y) => y.replace('maxPatients: 200', 'maxPatients: 1'), logged);
    try {
      const token = await tok.clinician();
      const get = (id: string) => simulate(guard, { target: `/Patient/${id}`, headers: bearer(token) }, () => ({ status: 200, headers: [['content-type', 'application/fhir+json']], body: JSON.stringify(patientRes(id)) }));
      expect((await get('p1')).status).toBe(200);
      expect((await get('p2')).code).toBe('PG_RATE_PATIENTS');
      const alerts = logged.lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e.event === 'alert');
      expect(alerts).toHaveLength(1);
      expect(alerts[0]!.principal).toMatch(/^[0-9a-f]{32}$/);
      const all = logged.lines.join('\n');
      expect(all).not.toContain('dr-house');
      expect(all).not.toContain('demo.phiguard.invalid');
    } finally {
      await guard.close();
    }
  });
});
