import { describe, expect, it } from 'vitest';
import { compileAlerts, type AlertsConfig } from './policy.js';
import { createAlertEngine, outsideHours } from './rules.js';
import type { Alert, AlertInput } from './types.js';

const ctx = (env: Record<string, string> = {}) => {
  const errors: string[] = [];
  return { errors, c: { baseDir: '.', env, error: (p: ReadonlyArray<string | number>, code: string, m: string) => errors.push(`${p.join('.')}: ${code} ${m}`), readFile: () => undefined } };
};
const compile = (raw: unknown) => {
  const { errors, c } = ctx();
  return { cfg: compileAlerts(raw, c), errors };
};
const input = (over: Partial<AlertInput> = {}): AlertInput => ({ requestId: 'r1', time: Date.UTC(2026, 11, 7, 12), codes: [], patients: [], phiFindings: 0, breakGlass: false, ...over });
const engine = (cfg: AlertsConfig, now = () => 0) => {
  const out: Alert[] = [];
  const e = createAlertEngine({ rules: cfg.rules!, sinks: [{ send: (a) => out.push(a), close: async () => undefined }], now });
  return { e, out };
};

describe('alerts policy', () => {
  it('defaults: break-glass, audit verify/unavailable, high-risk denials, policy', () => {
    expect(compile(undefined).cfg.rules!.map((r) => r.kind)).toEqual(['break-glass', 'audit-verify', 'audit-unavailable', 'denial', 'policy', 'egress']);
  });
  it('break-glass, audit verification and egress blocks are always on, and break-glass is never deduplicated', () => {
    const { cfg } = compile({ rules: [{ kind: 'probing' }] });
    expect(cfg.rules!.map((r) => r.kind)).toEqual(['probing', 'break-glass', 'audit-verify', 'egress']);
    expect(compile({ rules: [{ kind: 'break-glass', severity: 'low', dedupe: '1m' }] }).errors).toHaveLength(2);
  });
  it('reports unknown codes, stages, duplicate ids and a missing secret', () => {
    const { errors, c } = ctx();
    compileAlerts({ webhook: { url: 'http://x', secret: { env: 'NOPE' } }, rules: [{ id: 'a', kind: 'denial', codes: ['PG_NOPE'], stages: ['nowhere'] }, { id: 'a', kind: 'policy' }] }, c);
    expect(errors).toEqual([
      'alerts.webhook.secret: PG_POLICY_REFERENCE environment variable NOPE is not set',
      'alerts.rules.0.codes.0: PG_POLICY_REFERENCE unknown reason code',
      'alerts.rules.0.stages.0: PG_POLICY_REFERENCE unknown stage',
      'alerts.rules.1.id: PG_POLICY_SCHEMA duplicate alert rule id',
    ]);
  });
});

describe('alert rules engine', () => {
  it('bulk: more than N distinct patients per principal in the window', async () => {
    const { e, out } = engine(compile({ rules: [{ kind: 'bulk', threshold: 2, window: '1h' }] }).cfg);
    await e.observe(input({ principal: 'u1', patients: ['p1', 'p2'] }));
    await e.observe(input({ principal: 'u1', patients: ['p2'] }));
    expect(out).toEqual([]);
    await e.observe(input({ principal: 'u1', patients: ['p3'] }));
    await e.observe(input({ principal: 'u2', patients: ['p1'] }));
    expect(out).toMatchObject([{ kind: 'bulk', severity: 'high', count: 3, principal: 'u1' }]);
  });
  it('after-hours: outside the configured days and hours (with a UTC offset)', async () => {
    const hours = { start: '08:00', end: '18:00', utcOffset: '-05:00' };
    const { cfg } = compile({ rules: [{ kind: 'after-hours', hours }] });
    const h = cfg.rules![0]!.hours!;
    expect(outsideHours(h, Date.UTC(2026, 11, 7, 15))).toBe(false); // Monday 10:00 at -05:00
    expect(outsideHours(h, Date.UTC(2026, 11, 7, 2))).toBe(true); // Sunday 21:00 at -05:00
    expect(outsideHours(h, Date.UTC(2026, 11, 12, 15))).toBe(true); // Saturday
    const { e, out } = engine(cfg);
    await e.observe(input({ principal: 'u1', route: 'r', time: Date.UTC(2026, 11, 7, 2) }));
    await e.observe(input({ principal: 'u1', route: 'r', time: Date.UTC(2026, 11, 7, 15) }));
    expect(out).toHaveLength(1);
  });
  it('break-glass alerts every use; denials by code are deduplicated per window', async () => {
    let t = 0;
    const { e, out } = engine(compile(undefined).cfg, () => t);
    for (let i = 0; i < 3; i++) await e.observe(input({ breakGlass: true, codes: [{ code: 'PG_RATE_PATIENTS', stage: 'authorize', denial: true }] }));
    expect(out.map((a) => a.code)).toEqual(['PG_BREAK_GLASS_GRANTED', 'PG_RATE_PATIENTS', 'PG_BREAK_GLASS_GRANTED', 'PG_BREAK_GLASS_GRANTED']);
    t = 120_000;
    e.flush();
    expect(out.at(-1)).toMatchObject({ code: 'PG_RATE_PATIENTS', count: 2 });
  });
  it('rate limit: alerts past it are counted and reported with the next one', async () => {
    let t = 0;
    const { e, out } = engine(compile({ rules: [{ kind: 'denial', stages: ['route'], dedupe: 0, rateLimit: { count: 2, per: '1m' } }] }).cfg, () => t);
    for (let i = 0; i < 5; i++) await e.observe(input({ codes: [{ code: 'PG_ROUTE_NOT_FOUND', stage: 'route', denial: true }] }));
    expect(out).toHaveLength(2);
    t = 61_000;
    await e.observe(input({ codes: [{ code: 'PG_ROUTE_NOT_FOUND', stage: 'route', denial: true }] }));
    expect(out[2]!.detail).toBe('3 earlier alerts of this rule suppressed by its rate limit');
  });
  it('phi: findings on a route declared PHI-free, and undeclared fields', async () => {
    const { e, out } = engine(compile({ rules: [{ kind: 'phi', routes: ['billing'] }] }).cfg);
    await e.observe(input({ route: 'billing', phiFindings: 2 }));
    await e.observe(input({ route: 'chart', phiFindings: 2 }));
    await e.observe(input({ route: 'chart', codes: [{ code: 'PG_FIELDS_UNDECLARED', stage: 'inspectResponse', denial: false }] }));
    expect(out.map((a) => [a.route, a.code])).toEqual([['billing', 'PG_PHI_REDACTED'], ['chart', 'PG_FIELDS_UNDECLARED']]);
  });
  it('a counter that fails skips the rule and reports it, never throws', async () => {
    const errors: string[] = [];
    const e = createAlertEngine({ rules: compile({ rules: [{ kind: 'bulk', threshold: 0 }] }).cfg.rules!, sinks: [], counter: { bulkAdd: () => Promise.reject(new Error('down')) }, onError: (r) => errors.push(r) });
    await e.observe(input({ principal: 'u', patients: ['p'] }));
    expect(errors).toEqual(['alert rule bulk.0: counter unavailable']);
  });
});
