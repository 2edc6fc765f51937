/**
 * The runtime: one process-wide guard over a *generation* of compiled policy (src/runtime/generation.ts).
 * The stage ORDER is fixed in src/core/pipeline.ts. `reload()` swaps in a new generation without a
 * restart: a policy that fails validation is rejected and the running one stays in force; requests in
 * flight finish under the generation they started with; the audit log, alert sinks, PHI workers and
 * state store are kept unless their configuration changed (src/runtime/reload.ts).
 */
import type { GuardContext } from '../core/context.js';
import type { Forward, Pipeline, Stage } from '../core/pipeline.js';
import { systemClock, type Clock, type GuardRequest, type GuardResponse, type StageName } from '../core/types.js';
import { canonicalRequest } from '../guards/canonicalize/index.js';
import { PhiguardError, toPhiguardError } from '../core/errors.js';
import type { AccessDeps } from '../access/deps.js';
import type { AuditRuntime } from './audit.js';
import { loadPolicy, type CompiledPolicy, type CompiledRoute } from '../policy/index.js';
import type { AlertSink, RaiseEvent } from '../alerts/index.js';
import { createMetrics, type Metrics } from './metrics.js';
import { dedupe } from '../alerts/dedupe.js';
import { createLogger } from './log.js';
import { readiness, type Readiness } from './readiness.js';
import { withVersionCheck } from './version.js';
import { buildGeneration, createEnv, type Generation } from './generation.js';
import { createReloader, type ReloadResult } from './reload.js';
import type { StateStore } from '../access/state/types.js';
import { createFeed, type Feed } from './feed.js';

export type { ReloadResult } from './reload.js';

/** Codes that, during an outage, every request fails with: logged and alerted once per window, then counted. */
const OUTAGE = new Set(['PG_AUDIT_UNAVAILABLE', 'PG_STATE_UNAVAILABLE', 'PG_UPSTREAM_UNAVAILABLE', 'PG_UPSTREAM_TIMEOUT', 'PG_GUARD_TIMEOUT', 'PG_JWKS_UNAVAILABLE']);
export const OUTAGE_LOG_WINDOW_MS = 10_000;

type LogEvent = { readonly level: 'info' | 'warn' | 'error'; readonly event: string; readonly detail?: string };
type LogFn = (e: LogEvent) => void;

/** The operator log with outage lines deduplicated (one per kind per window, then `repeated: N`). */
function outageDeduped(inner: LogFn): LogFn & { flush?: () => void } {
  const d = dedupe<LogEvent & Record<string, unknown>>({
    windowMs: OUTAGE_LOG_WINDOW_MS,
    key: (e) => (typeof e.code === 'string' && OUTAGE.has(e.code) ? `${e.event}|${e.code}|${String(e.stage ?? '')}` : undefined),
    emit: (e) => inner(e),
    summarize: (last, repeated) => {
      const { requestId: _id, ...rest } = last;
      return { ...rest, repeated, detail: `${repeated} more in ${OUTAGE_LOG_WINDOW_MS / 1000} s` };
    },
  });
  return Object.assign((e: LogEvent) => d(e as LogEvent & Record<string, unknown>), { flush: () => d.flush() });
}

/** Says at start-up what a shared state store loses on restart (docs/operations.md, "Persistence"). */
async function checkStatePersistence(store: StateStore, log: Phiguard['log']): Promise<void> {
  try {
    const p = await store.persistence();
    if (p.durable === false) log({ level: 'warn', event: 'state_not_persistent', detail: `${p.detail}; after a restart of the state store bulk caps are halved for one window, idle sessions and break-glass grants restart (absolute session limits hold)` });
    else log({ level: 'info', event: 'state_persistence', detail: p.detail });
  } catch {
    log({ level: 'warn', event: 'state_unavailable_at_start', detail: 'the shared state store did not answer; requests that need it are denied (PG_STATE_UNAVAILABLE) until it does' });
  }
}
export interface PhiguardOptions {
  /** A compiled policy, or the path of a policy file. */
  readonly policy: CompiledPolicy | string;
  readonly clock?: Clock;
  readonly log?: (e: { level: 'info' | 'warn' | 'error'; event: string }) => void;
  /** Replace or add stage implementations (tests, later capabilities). The order cannot change. */
  readonly stages?: Partial<Record<StageName, Stage<CompiledRoute>>>;
  /**
   * Audit store URL; overrides the policy's `audit.store` (default `sqlite:./phiguard-audit.db`).
   * `memory:` keeps the log in memory with ephemeral keys (tests, simulations).
   */
  readonly auditStore?: string;
  /** Shared ioredis client for session/limit state (else the policy's access.state.store URL). */
  readonly redis?: AccessDeps['redis'];
  /** Overrides for the identity/access stages (tests: JWKS fetch, state store). */
  readonly access?: Partial<Pick<AccessDeps, 'fetch' | 'state'>>;
  /**
   * OpenTelemetry spans per request and stage (src/runtime/tracing.ts): true, a Tracer, or (default)
   * on when OTEL_TRACES_EXPORTER names an exporter. Spans go to the application's SDK.
   */
  readonly tracing?: boolean | import('@opentelemetry/api').Tracer;
  /** Alert sinks beside the policy's: a signed webhook (the demo's `--alert-webhook`), extra sinks (tests), retry base delay. */
  readonly alerts?: { readonly webhook?: { readonly url: string; readonly secret?: string }; readonly sinks?: readonly AlertSink[]; readonly baseDelayMs?: number; readonly dropRecordMs?: number };
}

export interface Phiguard {
  /** The policy in force (changes on `reload()`). */
  readonly policy: CompiledPolicy;
  /** The pipeline of the policy in force. */
  readonly pipeline: Pipeline<CompiledRoute>;
  /** The open audit log (Merkle log, checkpoints, periodic verification) of the policy in force. */
  readonly audit: AuditRuntime;
  /** Prometheus registry (src/runtime/metrics.ts), served by the admin listener at /metrics. */
  readonly metrics: Metrics;
  /** The live feed of finished decisions and raised alerts (no PHI; src/runtime/feed.ts), for the dashboard. */
  readonly feed: Feed;
  /** Raise an alert from outside the pipeline: `raise({ kind: 'policy', action: 'reloaded' })`. */
  readonly alerts: { raise(ev: RaiseEvent): void };
  /**
   * Runs one request. `probe` forwards a GET of the same resource (the gateway's upstream): with it,
   * If-Match on updates is checked against the current version (`integrity.checkVersion`).
   */
  handle(req: GuardRequest, forward: Forward<CompiledRoute>, probe?: Forward<CompiledRoute>): Promise<{ ctx: GuardContext<CompiledRoute>; response: GuardResponse }>;
  /** The operator log (JSON lines; codes and ids only, never request data). */
  readonly log: (e: { level: 'info' | 'warn' | 'error'; event: string; detail?: string }) => void;
  /**
   * The canonicalize checks alone, on a request's head (no body): the error the pipeline would deny
   * it with, or undefined. Hardened servers run it before a framework parses the request.
   */
  precheck(req: GuardRequest): PhiguardError | undefined;
  /**
   * Readiness (the gateway's /readyz): the policy is loaded, the audit store accepts writes (recent
   * appends, else a probe write), and the shared state store answers when one is configured.
   */
  readiness(): Promise<Readiness>;
  /** `readiness()` as a boolean. */
  ready(): Promise<boolean>;
  /**
   * Loads, validates and swaps in a policy (default: the file the running policy came from). An
   * invalid policy is rejected with its diagnostics and the running one stays in force; either
   * outcome is logged, audited (a `policy` event) and alerted (rule kind `policy`). Requests in
   * flight finish under the policy they started with. Reloads are serialized.
   */
  reload(source?: CompiledPolicy | string): Promise<ReloadResult>;
  /** Called after every accepted reload, with the new and the previous policy. Returns an unsubscribe function. */
  onReload(listener: (policy: CompiledPolicy, previous: CompiledPolicy) => void): () => void;
  close(): Promise<void>;
}

export async function createPhiguard(opts: PhiguardOptions): Promise<Phiguard> {
  const policy = typeof opts.policy === 'string' ? loadPolicy(opts.policy) : opts.policy;
  const clock = opts.clock ?? systemClock;
  const log = outageDeduped(opts.log ?? createLogger());
  const metrics = createMetrics(() => clock.now());
  metrics.policy(policy.name, policy.hash);
  let current: Generation | undefined;
  const feed = createFeed();
  const env = createEnv({ clock, log, metrics, opts, feed }, () => current);
  let gen: Generation;
  try {
    gen = await buildGeneration(env, policy);
  } catch (err) {
    log.flush?.();
    throw err;
  }
  current = gen;
  if (gen.sharedState) await checkStatePersistence(gen.authorize.store(), log);
  let closing: Promise<void> | undefined;
  const retired = new Set<Generation>();
  const retire = (g: Generation) => {
    retired.add(g);
    if (g.inFlight === 0) void releaseRetired(g);
  };
  const releaseRetired = async (g: Generation) => {
    if (!retired.delete(g)) return;
    await g.release().catch(() => log({ level: 'error', event: 'policy_generation_close_failed', detail: 'a resource of the previous policy did not close cleanly' }));
  };
  const reloader = createReloader({
    env,
    current: () => gen,
    defaultSource: () => (typeof opts.policy === 'string' ? opts.policy : gen.policy.file || undefined),
    swap: (next) => {
      const prev = gen;
      gen = next;
      current = next;
      metrics.policy(next.policy.name, next.policy.hash);
      retire(prev);
      return prev;
    },
    closed: () => closing !== undefined,
  });

  return {
    get policy() {
      return gen.policy;
    },
    get pipeline() {
      return gen.pipeline;
    },
    get audit() {
      return gen.audit;
    },
    metrics,
    feed,
    alerts: { raise: (ev) => gen.alerting.raise(ev) },
    log,
    async handle(req, forward, probe) {
      // The generation is chosen once, at arrival: the request finishes under the policy it started with.
      const g = gen;
      g.inFlight++;
      try {
        return await g.pipeline.handle(req, withVersionCheck(forward, probe));
      } finally {
        if (--g.inFlight === 0 && retired.has(g)) void releaseRetired(g);
      }
    },
    precheck(req) {
      try {
        canonicalRequest(gen.policy, req);
        return undefined;
      } catch (err) {
        return err instanceof PhiguardError ? err : toPhiguardError(err);
      }
    },
    readiness: () => readiness(gen.checks),
    ready: () => readiness(gen.checks).then((r) => r.ready),
    reload: (source) => reloader.reload(source),
    onReload: (listener) => reloader.onReload(listener),
    /** Closes everything, the audit log last; idempotent. Every resource closes; the first failure is rethrown. */
    close() {
      closing ??= (async () => {
        await reloader.idle();
        // Held outage counts first: the alert summaries emitted on close are lines of their own.
        log.flush?.();
        let failure: unknown;
        for (const g of [...retired, gen]) {
          retired.delete(g);
          await g.release().catch((err: unknown) => void (failure ??= err));
        }
        log.flush?.();
        if (failure !== undefined) throw failure;
      })();
      return closing;
    },
  };
}
