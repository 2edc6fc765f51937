import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { FastCounter, FastHistogram, MAX_CHILDREN } from './fast-metrics.js';
import { createMetrics } from './metrics.js';

const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
// Values on and around bucket bounds, beyond the last one, zero and tiny ones.
const VALUES = [0, 1e-7, 0.0005, 0.00050001, 0.001, 0.003, 0.0049, 0.01, 0.3, 1, 2.5, 9.99, 10, 10.0001, 42, 0.07, 0.25];

describe('FastHistogram / FastCounter expose what prom-client exposes', () => {
  it('the same text and JSON for the same observations, label sets in order of first use', async () => {
    const a = new Registry();
    const b = new Registry();
    const ph = new Histogram({ name: 't_seconds', help: 'h "x"\\y', labelNames: ['stage', 'phase'], buckets: BUCKETS, registers: [a] });
    const pn = new Histogram({ name: 't_plain_seconds', help: 'plain', buckets: BUCKETS, registers: [a] });
    const pc = new Counter({ name: 't_total', help: 'c', labelNames: ['code', 'route'], registers: [a] });
    const fh = new FastHistogram('t_seconds', 'h "x"\\y', ['stage', 'phase'], BUCKETS, b);
    const fn = new FastHistogram('t_plain_seconds', 'plain', [], BUCKETS, b).child();
    const fc = new FastCounter('t_total', 'c', ['code', 'route'], b);
    // A child created and never observed is not listed (prom-client lists a label set once used).
    fh.child('never', 'used');
    const sets = [['audit', 'final'], ['route', 'request'], ['a"b\\c\nd', 'x']] as const;
    VALUES.forEach((v, i) => {
      const [stage, phase] = sets[i % sets.length]!;
      ph.observe({ stage, phase }, v);
      fh.child(stage, phase).observe(v);
      pn.observe(v);
      fn.observe(v);
      pc.inc({ code: `PG_${i % 4}`, route: 'r' }, i % 3);
      fc.child(`PG_${i % 4}`, 'r').inc(i % 3);
    });
    expect(await b.metrics()).toBe(await a.metrics());
    expect(await b.getMetricsAsJSON()).toEqual(await a.getMetricsAsJSON());
    a.resetMetrics();
    b.resetMetrics();
    expect(await b.metrics()).toBe(await a.metrics());
  });

  it('rejects what prom-client rejects', () => {
    const r = new Registry();
    const h = new FastHistogram('x_seconds', 'x', ['stage'], BUCKETS, r);
    expect(() => h.child('a').observe(Number.NaN)).toThrow(TypeError);
    expect(() => h.child('a', 'b')).toThrow();
    const c = new FastCounter('x_total', 'x', ['k'], r);
    expect(() => c.child('a').inc(-1)).toThrow();
    expect(() => new FastCounter('x_total', 'again', ['k'], r)).toThrow(/already been registered/);
  });

  it('keeps at most MAX_CHILDREN label sets, then folds new ones into _other', async () => {
    const r = new Registry();
    const c = new FastCounter('y_total', 'y', ['k'], r);
    for (let i = 0; i < MAX_CHILDREN + 5; i++) c.child(`v${i}`).inc();
    const values = (await r.getMetricsAsJSON())[0]!.values;
    expect(values.length).toBe(MAX_CHILDREN + 1);
    expect(values.find((v) => v.labels.k === '_other')?.value).toBe(5);
  });
});

describe('createMetrics', () => {
  it('times stage hooks into their (stage, phase) series and the audit append series', async () => {
    const m = createMetrics();
    const stages = m.timed({
      route: { onRequest: () => undefined },
      audit: { onFinal: async () => undefined },
    });
    for (let i = 0; i < 3; i++) {
      await stages.route!.onRequest!({} as never);
      await stages.audit!.onFinal!({} as never);
    }
    const text = await m.text();
    expect(text).toMatch(/^phiguard_stage_duration_seconds_count\{stage="route",phase="request"\} 3$/m);
    expect(text).toMatch(/^phiguard_stage_duration_seconds_count\{stage="audit",phase="final"\} 3$/m);
    expect(text).toMatch(/^phiguard_audit_append_duration_seconds_count 3$/m);
    expect(text).toMatch(/^phiguard_audit_backlog 0$/m);
  });

  it('counts requests, decisions and redactions by their labels', async () => {
    const m = createMetrics();
    const ctx = (denied: boolean) => ({
      route: { route: { id: 'read' } },
      outcome: denied ? { code: 'PG_DENY', stage: 'authorize' } : undefined,
      decisions: [{ code: 'PG_MON', stage: 'validateRequest' }],
      inspection: { phiFindings: { NAME: 2, DATE: 0 } },
      upstreamMs: 5,
    });
    m.observe(ctx(false) as never);
    m.observe(ctx(true) as never);
    m.observe(ctx(false) as never);
    const text = await m.text();
    expect(text).toMatch(/^phiguard_requests_total\{result="allowed"\} 2$/m);
    expect(text).toMatch(/^phiguard_requests_total\{result="denied"\} 1$/m);
    expect(text).toMatch(/^phiguard_decisions_total\{code="PG_OK",route="read",stage="-",kind="outcome"\} 2$/m);
    expect(text).toMatch(/^phiguard_decisions_total\{code="PG_DENY",route="read",stage="authorize",kind="outcome"\} 1$/m);
    expect(text).toMatch(/^phiguard_decisions_total\{code="PG_MON",route="read",stage="validateRequest",kind="decision"\} 3$/m);
    expect(text).toMatch(/^phiguard_redactions_total\{type="NAME"\} 6$/m);
    expect(text).not.toMatch(/type="DATE"/);
    expect(text).toMatch(/^phiguard_stage_duration_seconds_count\{stage="upstream",phase="forward"\} 3$/m);
  });
});
