/**
 * Prometheus metrics (prom-client), one registry per Phiguard instance, fed from the finished
 * context (`observe`, called by the alert stage wiring), a timing wrapper around the stage hooks,
 * the audit runtime (append latency and backlog, verification results) and the alert sinks.
 * Labels are codes, route ids, stage names, PHI types, sink and rule names: bounded by the policy,
 * never request values. docs/metrics.md lists every series.
 */
import { performance } from 'node:perf_hooks';
import { Counter, Gauge, Registry } from 'prom-client';
import type { GuardContext, RouteView } from '../core/context.js';
import type { Stage } from '../core/pipeline.js';
import type { StageName } from '../core/types.js';
import type { Alert } from '../alerts/index.js';
import { FastCounter, FastHistogram, type CounterChild, type HistogramChild } from './fast-metrics.js';

const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
type Hook = 'onRequest' | 'onResponse' | 'onFinal';
const PHASE: Record<Hook, string> = { onRequest: 'request', onResponse: 'response', onFinal: 'final' };

export interface Metrics {
  readonly registry: Registry;
  /** Counts a finished request: its outcome and decisions, its redactions, its upstream time. */
  observe(ctx: GuardContext<RouteView>): void;
  /** Wraps each stage's hooks to time them (and the audit stage's appends: latency and backlog). */
  timed<R extends RouteView>(stages: Partial<Record<StageName, Stage<R>>>): Partial<Record<StageName, Stage<R>>>;
  verifyResult(ok: boolean, at: number): void;
  /** The last verification result recorded with verifyResult (the dashboard's integrity panel). */
  lastVerify(): { readonly ok: boolean; readonly at: number } | undefined;
  alert(a: Alert): void;
  delivered(sink: string): void;
  failed(sink: string): void;
  dropped(sink: string, reason: string): void;
  suppressed(rule: string): void;
  policy(name: string, hash: string): void;
  /** The Prometheus text exposition. */
  text(): Promise<string>;
  readonly contentType: string;
}

export function createMetrics(now: () => number = Date.now): Metrics {
  const registry = new Registry();
  const r = [registry];
  // The per-request series are FastCounter / FastHistogram (same exposition as prom-client's, see
  // fast-metrics.ts): each label set resolves to a cached child, so an observation allocates nothing.
  const decisions = new FastCounter('phiguard_decisions_total', 'Finished requests by outcome code and route, and their recorded decisions (stage, code).', ['code', 'route', 'stage', 'kind'], registry);
  const requests = new FastCounter('phiguard_requests_total', 'Finished requests by result.', ['result'], registry);
  const allowed = requests.child('allowed');
  const denied = requests.child('denied');
  const redactions = new FastCounter('phiguard_redactions_total', 'PHI findings in released responses by Safe Harbor type (redacted, or seen in monitor mode).', ['type'], registry);
  const stageSeconds = new FastHistogram('phiguard_stage_duration_seconds', 'Time spent in each pipeline stage hook (upstream: the forward).', ['stage', 'phase'], BUCKETS, registry);
  const upstreamSeconds = stageSeconds.child('upstream', 'forward');
  const appendSeconds = new FastHistogram('phiguard_audit_append_duration_seconds', 'Time from a request reaching the audit stage to its record being durably appended.', [], BUCKETS, registry).child();
  /** Decision counters by route, then by code / stage / kind (bounded by the policy). */
  const decisionChildren = new Map<string, Map<string, CounterChild>>();
  const decision = (code: string, route: string, stage: string, kind: string): CounterChild => {
    let byRoute = decisionChildren.get(route);
    if (!byRoute) decisionChildren.set(route, (byRoute = new Map()));
    const k = `${code}\u0000${stage}\u0000${kind}`;
    let c = byRoute.get(k);
    if (!c) byRoute.set(k, (c = decisions.child(code, route, stage, kind)));
    return c;
  };
  let inFlight = 0;
  new Gauge({ name: 'phiguard_audit_backlog', help: 'Audit appends waiting for their commit.', registers: r, collect() { this.set(inFlight); } });
  let last: { ok: boolean; at: number } | undefined;
  new Gauge({ name: 'phiguard_audit_verify_ok', help: 'Result of the last audit log verification (1 intact, 0 failed); absent before the first.', registers: r, collect() { this.reset(); if (last) this.set(last.ok ? 1 : 0); } });
  new Gauge({ name: 'phiguard_audit_verify_timestamp_seconds', help: 'Unix time of the last audit log verification.', registers: r, collect() { this.reset(); if (last) this.set(last.at / 1000); } });
  new Gauge({ name: 'phiguard_audit_verify_age_seconds', help: 'Seconds since the last audit log verification.', registers: r, collect() { this.reset(); if (last) this.set(Math.max(0, (now() - last.at) / 1000)); } });
  const alerts = new Counter({ name: 'phiguard_alerts_total', help: 'Alerts raised (after dedupe and rate limit) by kind and severity.', labelNames: ['kind', 'severity'], registers: r });
  const deliveries = new Counter({ name: 'phiguard_alert_deliveries_total', help: 'Alerts delivered by sink.', labelNames: ['sink'], registers: r });
  const failures = new Counter({ name: 'phiguard_alert_delivery_failures_total', help: 'Failed delivery attempts by sink (each retry counts).', labelNames: ['sink'], registers: r });
  const drops = new Counter({ name: 'phiguard_alerts_dropped_total', help: 'Alerts dropped by sink and reason (queue_full, retries_exhausted).', labelNames: ['sink', 'reason'], registers: r });
  const suppressed = new Counter({ name: 'phiguard_alerts_suppressed_total', help: 'Alerts held back by a rule rate limit.', labelNames: ['rule'], registers: r });
  const policy = new Gauge({ name: 'phiguard_policy_info', help: 'The policy in force (1), labelled by name and content hash.', labelNames: ['name', 'hash'], registers: r });

  const time = <C>(series: HistogramChild, fn: (this: unknown, ctx: C) => void | Promise<void>, self: unknown, ctx: C, audit: boolean): void | Promise<void> => {
    const t0 = performance.now();
    const done = () => {
      const s = (performance.now() - t0) / 1000;
      series.observe(s);
      if (audit) {
        inFlight--;
        appendSeconds.observe(s);
      }
    };
    if (audit) inFlight++;
    let out: void | Promise<void>;
    try {
      out = fn.call(self, ctx);
    } catch (err) {
      done();
      throw err;
    }
    if (out && typeof (out as Promise<void>).then === 'function') return (out as Promise<void>).finally(done);
    done();
    return out;
  };

  return {
    registry,
    contentType: registry.contentType,
    observe(ctx) {
      const route = ctx.route?.route.id ?? '-';
      const code = ctx.outcome?.code ?? 'PG_OK';
      (ctx.outcome ? denied : allowed).inc();
      decision(code, route, ctx.outcome?.stage ?? '-', 'outcome').inc();
      for (const d of ctx.decisions) decision(d.code, route, d.stage, 'decision').inc();
      const findings = ctx.inspection?.phiFindings;
      if (findings) for (const type in findings) {
        const n = findings[type] as number;
        if (n > 0) redactions.child(type).inc(n);
      }
      if (ctx.upstreamMs !== undefined) upstreamSeconds.observe(ctx.upstreamMs / 1000);
    },
    timed(stages) {
      const out: Partial<Record<StageName, Stage<never>>> = {};
      for (const [name, stage] of Object.entries(stages) as Array<[StageName, Stage<never>]>) {
        if (!stage) continue;
        const w: Stage<never> = {};
        for (const hook of ['onRequest', 'onResponse', 'onFinal'] as const) {
          const fn = stage[hook];
          if (!fn) continue;
          const series = stageSeconds.child(name, PHASE[hook]);
          const audit = name === 'audit' && hook === 'onFinal';
          w[hook] = (ctx) => time(series, fn as (ctx: GuardContext<never>) => void | Promise<void>, stage, ctx, audit);
        }
        out[name] = w;
      }
      return out as typeof stages;
    },
    verifyResult(ok, at) {
      last = { ok, at };
    },
    lastVerify: () => last,
    alert: (a) => alerts.inc({ kind: a.kind, severity: a.severity }),
    delivered: (sink) => deliveries.inc({ sink }),
    failed: (sink) => failures.inc({ sink }),
    dropped: (sink, reason) => drops.inc({ sink, reason }),
    suppressed: (rule) => suppressed.inc({ rule }),
    policy(name, hash) {
      policy.reset();
      policy.set({ name, hash }, 1);
    },
    text: () => registry.metrics(),
  };
}
