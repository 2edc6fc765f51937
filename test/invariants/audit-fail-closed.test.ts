/** Invariant: nothing is released without its audit record (real SQLite store, closed under the guard). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPolicyText } from '../../src/policy/index.js';
import { createPhiguard } from '../../src/runtime/index.js';
import { simulate } from '../../src/runtime/simulate.js';

const policy = (onFailure: string) =>
  checkPolicyText('p.yaml', `version: 1\nname: a\nroutes:\n  - { id: m, method: GET, path: /metadata, public: true, audit: { onFailure: ${onFailure} } }\n`, {}).policy!;
const upstream = () => ({ status: 200, headers: [['content-type', 'application/json']] as Array<[string, string]>, body: '{"resourceType":"CapabilityStatement"}' });

describe('audit store failure', () => {
  it('denies with 503 PG_AUDIT_UNAVAILABLE and releases nothing of the upstream response', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'phiguard-auditfail-'));
    const guard = await createPhiguard({ policy: policy('deny'), auditStore: `sqlite:${join(dir, 'a.db')}`, log: () => undefined });
    expect((await simulate(guard, { target: '/metadata' }, upstream)).status).toBe(200);
    await guard.audit.log.close(); // the store goes away under a running guard
    const r = await simulate(guard, { target: '/metadata' }, upstream);
    expect(r.status).toBe(503);
    expect(r.code).toBe('PG_AUDIT_UNAVAILABLE');
    expect(r.text).not.toContain('CapabilityStatement');
    expect(r.header('phiguard-audit-receipt')).toBeUndefined();
  });

  it('a route that opts into allow-and-alert keeps the response and raises a critical alert', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'phiguard-auditfail-'));
    const events: Array<Record<string, unknown>> = [];
    const guard = await createPhiguard({ policy: policy('allow-and-alert'), auditStore: `sqlite:${join(dir, 'a.db')}`, log: (e) => events.push(e as never) });
    await guard.audit.log.close();
    const r = await simulate(guard, { target: '/metadata' }, upstream);
    expect(r.status).toBe(200);
    expect(r.ctx.decisions.map((d) => d.code)).toContain('PG_AUDIT_UNAVAILABLE');
    expect(events.some((e) => e.event === 'alert' && e.code === 'PG_AUDIT_UNAVAILABLE' && e.severity === 'critical')).toBe(true);
  });
});
