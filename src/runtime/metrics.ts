/**
 * Prometheus metrics (prom-client), one registry per Phiguard instance, fed from the finished
 * context (`observe`, called by the alert stage wiring), a timing wrapper around the stage hooks,
 * the audit runtime (append latency and backlog, verification results) and the alert sinks.
 * Labels are codes, route ids, stage names, PHI types, sink and rule names: bounded by the policy,
 * never request values. docs/metrics.md lists every series.
 */
import { performance } from 'node:perf_hooks';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { GuardContext, RouteView } from '../core/context.js';
import type { Stage } from '../core/pipeline.js';
import type { StageName } from '../core/types.js';
import type { Alert } from '../alerts/index.js';

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
  const decisions = new Counter({ name: 'phiguard_decisions_total', help: 'Finished requests by outcome code and route, and their recorded decisions (stage, code).', labelNames: ['code', 'route', 'stage', 'kind'], registers: r });
  const requests = new Counter({ name: 'phiguard_requests_total', help: 'Finished requests by result.', labelNames: ['result'], registers: r });
  const redactions = new Counter({ name: 'phiguard_redactions_total', help: 'PHI findings in released responses by Safe Harbor type (redacted, or seen in monitor mode).', labelNames: ['type'], registers: r });
  const stageSeconds = new Histogram({ name: 'phiguard_stage_duration_seconds', help: 'Time spent in each pipeline stage hook (upstream: the forward).', labelNames: ['stage', 'phase'], buckets: BUCKETS, registers: r });
  const appendSeconds = new Histogram({ name: 'phiguard_audit_append_duration_seconds', help: 'Time from a request reaching the audit stage to its record being durably appended.', buckets: BUCKETS, registers: r });
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

  const time = (stage: string, phase: string, fn: () => void | Promise<void>, audit: boolean): void | Promise<void> => {
    const t0 = performance.now();
    const done = () => {
      const s = (performance.now() - t0) / 1000;
      stageSeconds.observe({ stage, phase }, s);
      if (audit) {
        inFlight--;
        appendSeconds.observe(s);
      }
    };
    if (audit) inFlight++;
    let out: void | Promise<void>;
    try {
      out = fn();
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
      requests.inc({ result: ctx.outcome ? 'denied' : 'allowed' });
      decisions.inc({ code, route, stage: ctx.outcome?.stage ?? '-', kind: 'outcome' });
      for (const d of ctx.decisions) decisions.inc({ code: d.code, route, stage: d.stage, kind: 'decision' });
      for (const [type, n] of Object.entries(ctx.inspection?.phiFindings ?? {})) if (n > 0) redactions.inc({ type }, n);
      if (ctx.upstreamMs !== undefined) stageSeconds.observe({ stage: 'upstream', phase: 'forward' }, ctx.upstreamMs / 1000);
    },
    timed(stages) {
      const out: Partial<Record<StageName, Stage<never>>> = {};
      for (const [name, stage] of Object.entries(stages) as Array<[StageName, Stage<never>]>) {
        if (!stage) continue;
        const w: Stage<never> = {};
        for (const hook of ['onRequest', 'onResponse', 'onFinal'] as const) {
          const fn = stage[hook];
          if (fn) w[hook] = (ctx) => time(name, PHASE[hook], () => fn.call(stage, ctx), name === 'audit' && hook === 'onFinal');
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
