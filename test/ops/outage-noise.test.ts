/** An audit outage of many requests costs a few log lines and one alert, not several per request. */
import { describe, expect, it } from 'vitest';
import { PhiguardError } from '../../src/core/errors.js';
import { checkPolicyText } from '../../src/policy/index.js';
import { createPhiguard } from '../../src/runtime/index.js';
import { simulate } from '../../src/runtime/simulate.js';

describe('outage noise', () => {
  it('500 requests failing on the audit store: logged and alerted once per kind and window, counted, then summarized', async () => {
    const { policy } = checkPolicyText('p.yaml', 'version: 1\nname: a\nroutes:\n  - { id: m, method: GET, path: /metadata, public: true }\n', {});
    const lines: Array<Record<string, unknown>> = [];
    const guard = await createPhiguard({
      policy: policy!,
      auditStore: 'memory:',
      log: (e) => lines.push(e as never),
      stages: { audit: { onFinal: () => { throw new PhiguardError('PG_AUDIT_UNAVAILABLE', 'store down'); } } },
    });
    const ok = () => ({ status: 200, headers: [['content-type', 'application/json']] as Array<[string, string]>, body: '{}' });
    for (let i = 0; i < 500; i++) expect((await simulate(guard, { target: '/metadata' }, ok)).status).toBe(503);
    const alerts = lines.filter((l) => l.event === 'alert');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ code: 'PG_AUDIT_UNAVAILABLE', severity: 'critical' });
    expect(lines.filter((l) => l.event === 'audit_failed')).toHaveLength(1);
    expect(lines.filter((l) => l.event === 'deny')).toHaveLength(1);
    await guard.close(); // flushes the held counts
    expect(lines.find((l) => l.event === 'audit_failed' && l.repeated === 499)).toBeDefined();
    expect(lines.find((l) => l.event === 'alert' && typeof l.detail === 'string' && /repeated 499 times/.test(l.detail))).toBeDefined();
  });
});
