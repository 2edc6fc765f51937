/**
 * Runs recorded entries through THE pipeline the gateway runs (`createPhiguard` + `simulate`), with
 * the recorded response as the upstream. Offline: the audit log is `memory:`, the shared state is an
 * in-memory store (never the policy's Redis), alert webhooks are not called (alerts are counted
 * from the log sink). The guard is rebuilt every `rotateEvery` entries so the in-memory audit log
 * stays bounded; the state store (sessions, bulk counters, break-glass) is shared across rebuilds.
 */
import { createHash } from 'node:crypto';
import { MemoryStateStore } from '../../access/state/index.js';
import { PhiguardError } from '../../core/errors.js';
import type { CompiledPolicy } from '../../policy/types.js';
import { createPhiguard, type Phiguard } from '../../runtime/index.js';
import { simulate } from '../../runtime/simulate.js';
import { trustRecordedIdentity, type RecordedIdentity } from './identity.js';
import type { TrafficEntry } from './traffic.js';

export type ClockMode = 'recorded' | 'now';

export interface ReplayOptions {
  readonly clock?: ClockMode;
  readonly trustRecordedIdentity?: boolean;
  readonly rotateEvery?: number;
}

export interface ReplayOutcome {
  readonly index: number;
  /** Route id, or undefined when no route matched. */
  readonly route: string | undefined;
  readonly method: string;
  /** Route template, or the path with identifiers masked and query values removed. */
  readonly path: string;
  readonly status: number;
  readonly allowed: boolean;
  /** Denial code (`PG_*`), when denied. */
  readonly code: string | undefined;
  /** Decision codes recorded (informational and monitor would-deny), once each. */
  readonly decisions: readonly string[];
  readonly wouldDeny: readonly string[];
  readonly alerts: readonly string[];
  /** PHI findings per type (redacted, or counted only for exempt principals / monitor mode). */
  readonly phi: Readonly<Record<string, number>>;
  readonly redacted: boolean;
  /** sha-256 of the released body. */
  readonly bodyDigest: string;
}

const FRAMING = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);
const RESPONSE_DROP = new Set([...FRAMING, 'content-encoding']);

/** A path segment that looks like an identifier (has a digit, or is long) is shown as `*`. */
export function maskPath(target: string): string {
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  const masked = path.split('/').map((s) => (/\d/.test(s) || s.length > 24 || /%/.test(s) ? '*' : s)).join('/');
  if (q < 0) return masked;
  const keys = target.slice(q + 1).split('&').filter(Boolean).map((kv) => kv.split('=')[0]!).map((k) => (/^[A-Za-z_][A-Za-z0-9_.:-]{0,40}$/.test(k) ? k : '*'));
  return `${masked}?${keys.map((k) => `${k}=`).join('&')}`;
}

export function targetOf(url: string): { target: string; host?: string } {
  if (url.startsWith('/')) return { target: url };
  const u = new URL(url);
  return { target: `${u.pathname}${u.search}`, host: u.host };
}

export interface Replayer {
  readonly policy: CompiledPolicy;
  run(entry: TrafficEntry): Promise<ReplayOutcome>;
  close(): Promise<void>;
}

export async function createReplayer(policy: CompiledPolicy, opts: ReplayOptions = {}): Promise<Replayer> {
  const rotateEvery = opts.rotateEvery ?? 5000;
  const identity: RecordedIdentity | undefined = opts.trustRecordedIdentity ? await trustRecordedIdentity(policy) : undefined;
  // Offline: no alert deliveries from a sandbox (webhook, Slack, syslog, stdout): alerts are counted.
  const effective = { ...(identity?.policy ?? policy), alerts: { ...policy.alerts, webhook: undefined, slack: undefined, syslog: undefined, stdout: undefined } } as CompiledPolicy;
  const state = new MemoryStateStore();
  let now = Date.now();
  const clock = { now: () => now };
  const events = new Map<string, { alerts: Set<string>; wouldDeny: Set<string> }>();
  const log = (e: { event: string; [k: string]: unknown }) => {
    const id = typeof e.requestId === 'string' ? e.requestId : undefined;
    if (!id || (e.event !== 'alert' && e.event !== 'monitor_would_deny') || typeof e.code !== 'string') return;
    let ev = events.get(id);
    if (!ev) events.set(id, (ev = { alerts: new Set(), wouldDeny: new Set() }));
    (e.event === 'alert' ? ev.alerts : ev.wouldDeny).add(e.code);
  };
  const open = () => createPhiguard({ policy: effective, auditStore: 'memory:', clock, log: log as never, access: { state } });
  let guard: Phiguard = await open();
  let used = 0;
  return {
    policy,
    async run(entry) {
      if (used >= rotateEvery) {
        await guard.close();
        guard = await open();
        used = 0;
      }
      used++;
      if (opts.clock !== 'now' && entry.startedDateTime) now = Date.parse(entry.startedDateTime);
      else if (opts.clock === 'now') now = Date.now();
      const { target, host } = targetOf(entry.request.url);
      let headers = entry.request.headers.filter(([k]) => !FRAMING.has(k));
      if (host && !headers.some(([k]) => k === 'host')) headers.unshift(['host', host]);
      if (identity) headers = await identity.resign(headers);
      const rec = entry.response;
      const r = await simulate(guard, { method: entry.request.method, target, headers, ...(entry.request.body ? { body: entry.request.body } : {}) }, () => {
        if (!rec) throw new PhiguardError('PG_UPSTREAM_UNAVAILABLE', 'no response recorded');
        return { status: rec.status, headers: rec.headers.filter(([k]) => !RESPONSE_DROP.has(k)), body: rec.body ?? null };
      });
      const ev = events.get(r.ctx.id);
      events.delete(r.ctx.id);
      const route = r.ctx.route?.route;
      const wouldDeny = [...(ev?.wouldDeny ?? [])];
      return {
        index: entry.index,
        route: route?.id,
        method: entry.request.method,
        path: route ? route.template : maskPath(target),
        status: r.status,
        allowed: r.code === undefined,
        code: r.code,
        decisions: [...new Set(r.ctx.decisions.map((d) => d.code))].filter((c) => !wouldDeny.includes(c)),
        wouldDeny,
        alerts: [...(ev?.alerts ?? [])],
        phi: { ...(r.ctx.inspection?.phiFindings ?? {}) },
        redacted: r.ctx.inspection?.redacted === true,
        bodyDigest: createHash('sha256').update(r.text).digest('hex'),
      };
    },
    close: () => guard.close(),
  };
}
