/**
 * The alert rules engine: evaluates the compiled `alerts.rules` against each finished request
 * (AlertInput: codes, stages, keyed references, never values) and against events the runtime
 * raises (policy reloaded or rejected, audit verification failed). Every rule has a severity, a
 * dedupe window (the first alert of a kind passes, the rest become one summary with a count) and
 * an optional rate limit (alerts past it are counted and reported on the next one that passes).
 * Counting rules (probing, auth failures, bulk) use a WindowCounter: the shared state store when
 * replicas share one, else in-process. Nothing here blocks: sinks queue.
 */
import { dedupe, type Deduper } from './dedupe.js';
import { memoryCounter } from './counter.js';
import type { AlertRule } from './policy.js';
import type { Alert, AlertInput, AlertSink, WindowCounter } from './types.js';

export type RaiseEvent =
  | { readonly kind: 'policy'; readonly action: 'reloaded' | 'rejected'; readonly code?: string; readonly detail?: string }
  | { readonly kind: 'audit-verify'; readonly detail?: string }
  | { readonly kind: 'audit-unavailable'; readonly detail?: string }
  /** A blocked outbound call of the process (src/egress): destination host and reason kind, never path, query or body. */
  | { readonly kind: 'egress'; readonly code: string; readonly host: string; readonly reason: string; readonly method: string };

export interface AlertEngineOptions {
  readonly rules: readonly AlertRule[];
  readonly sinks: readonly AlertSink[];
  readonly counter?: WindowCounter;
  readonly now?: () => number;
  /** A counting rule could not reach its counter (reason only). */
  readonly onError?: (reason: string) => void;
  /** Told of every alert that passed dedupe and rate limit (metrics). */
  readonly onAlert?: (a: Alert) => void;
  /** Told when a rate limit suppresses an alert. */
  readonly onSuppressed?: (rule: string) => void;
}

export interface AlertEngine {
  observe(input: AlertInput): Promise<void>;
  raise(ev: RaiseEvent): void;
  /** Emits pending dedupe summaries (shutdown). */
  flush(): void;
}

type Candidate = Alert & { readonly key?: string };
const AUTH_FAILURE = /^PG_AUTH_/;
const PROBE = new Set(['PG_ROUTE_NOT_FOUND', 'PG_ROUTE_METHOD_NOT_ALLOWED']);
const PHI_CODES = new Set(['PG_RESPONSE_UNDECLARED', 'PG_FIELDS_UNDECLARED']);

/** Whether `t` (ms) falls outside the rule's business hours. */
export function outsideHours(h: NonNullable<AlertRule['hours']>, t: number): boolean {
  const local = new Date(t + h.utcOffsetMin * 60_000);
  const min = local.getUTCHours() * 60 + local.getUTCMinutes();
  const inWindow = h.startMin <= h.endMin ? min >= h.startMin && min < h.endMin : min >= h.startMin || min < h.endMin;
  return !(h.days.includes(local.getUTCDay()) && inWindow);
}

export function createAlertEngine(opts: AlertEngineOptions): AlertEngine {
  const now = opts.now ?? Date.now;
  const counter = opts.counter ?? memoryCounter();
  const limits = new Map<string, { start: number; sent: number; suppressed: number }>();
  const deliver = (rule: AlertRule, c: Candidate) => {
    const { key: _k, ...alert } = c;
    let a: Alert = alert;
    if (rule.rateLimit) {
      const t = now();
      let w = limits.get(rule.id);
      if (!w || t - w.start >= rule.rateLimit.perMs) limits.set(rule.id, (w = { start: t, sent: 0, suppressed: w?.suppressed ?? 0 }));
      if (w.sent >= rule.rateLimit.count) {
        w.suppressed++;
        opts.onSuppressed?.(rule.id);
        return;
      }
      w.sent++;
      if (w.suppressed > 0) {
        a = { ...a, detail: `${a.detail ? `${a.detail}; ` : ''}${w.suppressed} earlier alerts of this rule suppressed by its rate limit` };
        w.suppressed = 0;
      }
    }
    opts.onAlert?.(a);
    for (const s of opts.sinks) {
      try {
        s.send(a);
      } catch {
        /* a sink never throws by contract; a broken one must not stop the others */
      }
    }
  };
  const dedupers = new Map<string, Deduper<Candidate>>();
  for (const r of opts.rules) {
    if (r.dedupeMs <= 0) continue;
    dedupers.set(r.id, dedupe<Candidate>({
      windowMs: r.dedupeMs,
      now,
      key: (c) => c.key,
      emit: (c) => deliver(r, c),
      summarize: (last, repeated) => {
        const { requestId: _id, ...rest } = last;
        return { ...rest, count: repeated, detail: `repeated ${repeated} times in ${Math.round(r.dedupeMs / 1000)} s` };
      },
    }));
  }
  const emit = (r: AlertRule, c: Omit<Candidate, 'severity' | 'rule' | 'kind'>) => {
    const cand: Candidate = { kind: r.kind, severity: r.severity, rule: r.id, ...c };
    const d = dedupers.get(r.id);
    if (d) d(cand);
    else deliver(r, cand);
  };
  const count = async (r: AlertRule, key: string, members: readonly string[], t: number): Promise<number | undefined> => {
    try {
      const res = await counter.bulkAdd(`alerts:${r.id}:${key}`, members, 0, t, { windowMs: r.windowMs ?? 60_000, enforce: false });
      return res.ok ? res.patients : undefined;
    } catch {
      opts.onError?.(`alert rule ${r.id}: counter unavailable`);
      return undefined;
    }
  };

  // The common part of an alert, built only when a rule emits (most requests raise nothing).
  const baseOf = (i: AlertInput) => ({ requestId: i.requestId, time: new Date(i.time).toISOString(), ...(i.route ? { route: i.route } : {}), ...(i.principal ? { principal: i.principal } : {}), ...(i.peer ? { peer: i.peer } : {}) });

  async function evaluate(r: AlertRule, i: AlertInput): Promise<void> {
    const subject = i.principal ?? i.peer ?? '';
    const out = i.outcome;
    switch (r.kind) {
      case 'denial':
        for (const c of i.codes) {
          const codeOk = r.codes ? r.codes.includes(c.code) : c.denial;
          const stageOk = r.stages ? r.stages.includes(c.stage) : true;
          if (codeOk && stageOk && (!r.routes || (i.route !== undefined && r.routes.includes(i.route)))) emit(r, { ...baseOf(i), code: c.code, stage: c.stage, key: `${c.code}|${i.route ?? ''}|${subject}` });
        }
        return;
      case 'break-glass':
        if (i.breakGlass || i.codes.some((c) => c.code === 'PG_BREAK_GLASS_GRANTED')) emit(r, { ...baseOf(i), code: 'PG_BREAK_GLASS_GRANTED' });
        return;
      case 'audit-unavailable':
        if (i.codes.some((c) => c.code === 'PG_AUDIT_UNAVAILABLE')) emit(r, { ...baseOf(i), code: 'PG_AUDIT_UNAVAILABLE', stage: 'audit', key: 'PG_AUDIT_UNAVAILABLE' });
        return;
      case 'phi': {
        const declared = r.routes !== undefined && i.route !== undefined && r.routes.includes(i.route) && i.phiFindings > 0;
        const code = i.codes.find((c) => PHI_CODES.has(c.code))?.code;
        if (declared || code) emit(r, { ...baseOf(i), code: code ?? 'PG_PHI_REDACTED', ...(declared ? { count: i.phiFindings } : {}), key: `${i.route ?? ''}|${code ?? 'findings'}` });
        return;
      }
      case 'probing':
      case 'auth-failures': {
        const hit = out && (r.kind === 'probing' ? PROBE.has(out.code) : AUTH_FAILURE.test(out.code) && out.status === 401);
        const who = r.by === 'principal' ? i.principal : i.peer;
        if (!hit || !who || !out) return;
        const n = await count(r, who, [i.requestId], i.time);
        if (n !== undefined && n >= (r.threshold ?? 1)) emit(r, { ...baseOf(i), code: out.code, count: n, key: who });
        return;
      }
      case 'bulk': {
        if (!i.principal || i.patients.length === 0) return;
        const n = await count(r, i.principal, i.patients, i.time);
        if (n !== undefined && n > (r.threshold ?? Infinity)) emit(r, { ...baseOf(i), code: out?.code ?? 'PG_OK', count: n, key: i.principal });
        return;
      }
      case 'after-hours':
        if (r.hours && i.principal && i.route && (!r.routes || r.routes.includes(i.route)) && outsideHours(r.hours, i.time)) emit(r, { ...baseOf(i), code: out?.code ?? 'PG_OK', key: i.principal });
        return;
      default:
        return; // audit-verify and policy come from raise()
    }
  }

  return {
    async observe(input) {
      await Promise.all(opts.rules.map((r) => evaluate(r, input)));
    },
    raise(ev) {
      const time = new Date(now()).toISOString();
      for (const r of opts.rules) {
        if (r.kind !== ev.kind) continue;
        if (ev.kind === 'policy') emit(r, { code: ev.code ?? (ev.action === 'rejected' ? 'PG_POLICY_SCHEMA' : 'PG_OK'), time, detail: `policy ${ev.action}${ev.detail ? `: ${ev.detail}` : ''}`, key: `${ev.action}|${ev.code ?? ''}` });
        else if (ev.kind === 'egress') emit(r, { code: ev.code, time, detail: `${ev.method} to ${ev.host} blocked (${ev.reason})`, key: `${ev.code}|${ev.host}|${ev.reason}` });
        else if (ev.kind === 'audit-verify') emit(r, { code: 'PG_AUDIT_TAMPERED', stage: 'audit', time, ...(ev.detail ? { detail: ev.detail } : {}) , key: 'tamper' });
        else emit(r, { code: 'PG_AUDIT_UNAVAILABLE', stage: 'audit', time, ...(ev.detail ? { detail: ev.detail } : {}), key: 'PG_AUDIT_UNAVAILABLE' });
      }
    },
    flush() {
      for (const d of dedupers.values()) d.flush();
    },
  };
}
