/**
 * Large bodies are redacted in worker threads (compiled dist/ only: the worker is a .js file), with
 * the same result as in-process, bounded by the stage timeout, and without holding up small requests.
 */
import { describe, expect, it } from 'vitest';

const dist = (p: string) => import(new URL(`../../dist/${p}`, import.meta.url).href);

const POLICY = (timeout: string) => `
version: 1
name: pool
limits: { stageTimeout: ${timeout} }
routes:
  - { id: notes, method: GET, path: /notes, public: true }
phi: { default: mask }
`;

const note = (i: number) => `Patient Maria Lopez (MRN 4821-${i}) seen 03/04/2024, call 617-555-0142. `;
const big = JSON.stringify({ resourceType: 'Bundle', entry: Array.from({ length: 3000 }, (_, i) => ({ resource: { resourceType: 'Observation', id: `o${i}`, valueString: note(i) } })) });

async function guardWith(timeout: string) {
  const { checkPolicyText } = await dist('policy/index.js');
  const { createPhiguard } = await dist('runtime/index.js');
  const { policy, errors } = checkPolicyText('pool.yaml', POLICY(timeout), {});
  expect(errors).toEqual([]);
  return createPhiguard({ policy, auditStore: 'memory:', log: () => undefined });
}

describe('PHI worker pool', () => {
  it('redacts a large body off the event loop with exactly the in-process result', async () => {
    expect(big.length).toBeGreaterThan(64 * 1024);
    const { simulate } = await dist('runtime/simulate.js');
    const { redactJson } = await dist('phi/index.js');
    const g = await guardWith('10s');
    try {
      const r = await simulate(g, { target: '/notes' }, () => ({ status: 200, headers: [['content-type', 'application/json']], body: big }));
      expect(r.status).toBe(200);
      expect(r.text).toBe(redactJson(big, g.policy.phi).text);
      expect(r.text).not.toContain('617-555-0142');
      expect(r.ctx.inspection.phiFindings.PHONE).toBe(3000);
      // A small request started after the large one is not queued behind its scan.
      const order: string[] = [];
      const large = simulate(g, { target: '/notes' }, () => ({ status: 200, headers: [['content-type', 'application/json']], body: big + ' '.repeat(10) })).then(() => order.push('large'));
      await new Promise((res) => setImmediate(res));
      const small = simulate(g, { target: '/notes' }, () => ({ status: 200, headers: [['content-type', 'application/json']], body: '{"a":"call 617-555-0142"}' })).then(() => order.push('small'));
      await Promise.all([large, small]);
      expect(order).toEqual(['small', 'large']);
    } finally {
      await g.close();
    }
  });

  it('fails closed with PG_GUARD_TIMEOUT when a scan exceeds the stage timeout', async () => {
    const { simulate } = await dist('runtime/simulate.js');
    // The timeout covers every stage: it must leave the (in-memory) audit append room to finish even on a
    // loaded machine, while the scan of ~1 MB cannot (a timed-out audit would rightly answer PG_AUDIT_UNAVAILABLE).
    const huge = JSON.stringify({ resourceType: 'Bundle', entry: Array.from({ length: 12000 }, (_, i) => ({ resource: { resourceType: 'Observation', id: `o${i}`, valueString: note(i) } })) });
    const g = await guardWith('40ms');
    try {
      const r = await simulate(g, { target: '/notes' }, () => ({ status: 200, headers: [['content-type', 'application/json']], body: huge }));
      expect(r.status).toBe(503);
      expect(r.code).toBe('PG_GUARD_TIMEOUT');
      expect(r.text).not.toContain('617-555-0142');
    } finally {
      await g.close();
    }
  });
});
