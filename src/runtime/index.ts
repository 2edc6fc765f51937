/**
 * Assembles the pipeline for a compiled policy. The stage ORDER is fixed in src/core/pipeline.ts;
 * this file only says which implementation serves each stage.
 */
import type { GuardContext } from '../core/context.js';
import { Pipeline, type Forward, type Stage } from '../core/pipeline.js';
import { systemClock, type Clock, type GuardRequest, type GuardResponse, type StageName } from '../core/types.js';
import { canonicalRequest, createCanonicalizeStage } from '../guards/canonicalize/index.js';
import { PhiguardError, toPhiguardError } from '../core/errors.js';
import { applyResponseAccess } from '../access/response.js';
import type { AccessDeps } from '../access/deps.js';
import { randomBytes } from 'node:crypto';
import { createSigner, generateSeed, makeKeys } from '../audit/index.js';
import { openAuditRuntime, type AuditRuntime } from './audit.js';
import { createAuthorizeStage } from '../guards/authorize/index.js';
import { createIdentifyStage } from '../guards/identify/index.js';
import { createInspectResponseStage } from '../guards/inspect-response/index.js';
import { availableParallelism } from 'node:os';
import { createPhiPool } from './phi-pool.js';
import { phiEngine } from './phi.js';
import { createRouteStage } from '../guards/route/index.js';
import { createValidateRequestStage } from '../guards/validate-request/index.js';
import { loadPolicy, type CompiledPolicy, type CompiledRoute } from '../policy/index.js';
import type { AlertSink, RaiseEvent } from '../alerts/index.js';
import { createAlerting } from './alerting.js';
import { createMetrics, type Metrics } from './metrics.js';
import { dedupe } from '../alerts/dedupe.js';
import { keyedRef } from '../audit/keys.js';
import { createAlertStage } from '../guards/alert/index.js';
import { createLogger } from './log.js';
import { AuditHealth, readiness, type Readiness } from './readiness.js';
import { withVersionCheck } from './version.js';

const PROBE_PAD = '0'.repeat(16 * 1024);

/** Codes that, during an outage, every request fails with: logged and alerted once per window, then counted. */
const OUTAGE = new Set(['PG_AUDIT_UNAVAILABLE', 'PG_STATE_UNAVAILABLE', 'PG_UPSTREAM_UNAVAILABLE', 'PG_UPSTREAM_TIMEOUT', 'PG_GUARD_TIMEOUT', 'PG_JWKS_UNAVAILABLE']);
export const OUTAGE_LOG_WINDOW_MS = 10_000;

type LogEvent = { readonly level: 'info' | 'warn' | 'error'; readonly event: string };
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

import type { StateStore } from '../access/state/types.js';

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
  /** Alert sinks beside the policy's: a signed webhook (the demo's `--alert-webhook`), extra sinks (tests), retry base delay. */
  readonly alerts?: { readonly webhook?: { readonly url: string; readonly secret?: string }; readonly sinks?: readonly AlertSink[]; readonly baseDelayMs?: number; readonly dropRecordMs?: number };
}

export interface Phiguard {
  readonly policy: CompiledPolicy;
  readonly pipeline: Pipeline<CompiledRoute>;
  /** The open audit log (Merkle log, checkpoints, periodic verification). */
  readonly audit: AuditRuntime;
  /** Prometheus registry (src/runtime/metrics.ts), served by the admin listener at /metrics. */
  readonly metrics: Metrics;
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
  close(): Promise<void>;
}

export async function createPhiguard(opts: PhiguardOptions): Promise<Phiguard> {
  const policy = typeof opts.policy === 'string' ? loadPolicy(opts.policy) : opts.policy;
  const clock = opts.clock ?? systemClock;
  const log = outageDeduped(opts.log ?? createLogger());
  const closers: Array<() => Promise<void> | void> = [];
  let closing: Promise<void> | undefined;
  const metrics = createMetrics(() => clock.now());
  metrics.policy(policy.name, policy.hash);
  let auditLog: AuditRuntime['log'] | undefined;
  let authorizeStore: (() => StateStore) | undefined;
  const alerting = createAlerting({
    config: policy.alerts,
    metrics,
    log,
    counter: () => authorizeStore?.() as StateStore,
    recordDrops: (what) => (auditLog ? auditLog.appendEvent('health', what) : Promise.reject(new Error('audit log not open'))),
    ...(opts.alerts?.webhook ? { extraWebhook: opts.alerts.webhook } : {}),
    ...(opts.alerts?.sinks ? { extraSinks: opts.alerts.sinks } : {}),
    ...(opts.alerts?.baseDelayMs !== undefined ? { baseDelayMs: opts.alerts.baseDelayMs } : {}),
    ...(opts.alerts?.dropRecordMs !== undefined ? { dropRecordMs: opts.alerts.dropRecordMs } : {}),
  });
  closers.push(() => alerting.close());
  closers.push(() => log.flush?.());
  const accessDeps: AccessDeps = {
    clock,
    log: (e) => log(e),
    ...(opts.redis ? { redis: opts.redis } : {}),
    ...opts.access,
  };
  const identify = createIdentifyStage(policy, accessDeps);
  const authorize = createAuthorizeStage(policy, accessDeps);
  closers.push(() => identify.close(), () => authorize.close());
  const pool = policy.phi
    ? createPhiPool({ section: policy.raw.phi, ...(policy.phi.hashKey ? { hashKey: policy.phi.hashKey } : {}), size: Math.min(2, availableParallelism()), timeoutMs: policy.limits.stageTimeoutMs })
    : undefined;
  if (pool) closers.push(() => pool.close());
  const inspect = createInspectResponseStage(policy, {
    ...(policy.phi ? { phi: phiEngine(policy.phi, pool) } : {}),
    applyAccess: (body, ctx) => {
      if (!ctx.access || !ctx.route) return { body, projectedFields: 0, suppressedResources: 0, patients: [], resources: [] };
      return applyResponseAccess(body, ctx.access, ctx.route.route);
    },
  });
  const stages: Partial<Record<StageName, Stage<CompiledRoute>>> = {
    canonicalize: createCanonicalizeStage(policy),
    identify,
    route: createRouteStage(policy),
    authorize,
    validateRequest: createValidateRequestStage(policy),
    inspectResponse: inspect,
    // Alerts name the principal by the audit log's keyed user reference (correlates with audit query --user).
    alert: observed(metrics, createAlertStage(alerting.engine, {
      principal: (id) => keyedRef(audit.log.keys, 'user', id),
      peer: (ip) => keyedRef(audit.log.keys, 'ip', ip),
      patient: (ref) => keyedRef(audit.log.keys, 'patient', ref),
    }, (reason) => log({ level: 'warn', event: 'alert_rule_failed', detail: reason } as never))),
    ...opts.stages,
  };
  const storeUrl = opts.auditStore ?? process.env.PHIGUARD_AUDIT_STORE ?? policy.audit.store;
  const auditConfig = storeUrl.startsWith('memory:') && !policy.audit.keys
    ? { ...policy.audit, keys: makeKeys(createSigner(policy.audit.origin, generateSeed()), randomBytes(32)) }
    : policy.audit;
  const openAudit = () => openAuditRuntime(auditConfig, {
    storeUrl,
    policy: { name: policy.name, hash: policy.hash },
    trustedProxies: policy.trustedProxies,
    clock,
    onKeyFileCreated: (path) => log({ level: 'warn', event: 'audit_key_file_created', detail: `generated audit signing/HMAC keys at ${path} (mode 0600); keep it outside the database's reach in production` } as never),
    onStoreEvent: (e) => log({ level: 'warn', event: e.event, detail: e.detail } as never),
    onTamper: (r) => {
      log({ level: 'error', event: 'audit_verify_failed', detail: r.failure ? `${r.failure.kind} ${r.failure.at}` : 'verification failed' } as never);
      metrics.verifyResult(false, clock.now());
      alerting.raise({ kind: 'audit-verify', ...(r.failure ? { detail: `${r.failure.kind} at ${r.failure.at}` } : {}) });
    },
    onVerifyResult: (r) => metrics.verifyResult(r.ok, clock.now()),
  });
  let audit: AuditRuntime;
  try {
    audit = await openAudit();
    auditLog = audit.log;
  } catch (err) {
    // A failed start must not leave threads, sockets or timers behind (they keep the process alive).
    for (const c of [...closers].reverse()) await Promise.resolve().then(c).catch(() => undefined);
    throw err;
  }
  const auditHealth = new AuditHealth(
    () => audit.log.store.setMeta('readiness_probe', new Date(clock.now()).toISOString()),
    // As large as a big request record, so a nearly full disk that still takes a tiny write does not pass.
    (after) => audit.log.appendEvent('health', { check: 'readiness', after, pad: PROBE_PAD }).then(() => undefined),
  );
  stages.audit = auditHealth.track(opts.stages?.audit ?? (audit.stage as Stage<CompiledRoute>));
  closers.unshift(() => audit.close());
  const shared = policy.access.state.store !== 'memory' && !opts.access?.state;
  // Counting alert rules (bulk, probing) share the state store across replicas when there is one.
  if (shared) authorizeStore = () => authorize.store();
  if (shared) await checkStatePersistence(authorize.store(), log);
  const checks = {
    policy: async () => ({ ok: true, detail: `${policy.name} ${policy.hash.slice(0, 12)}` }),
    audit: () => auditHealth.check(),
    ...(shared ? { state: () => authorize.store().ping().then(() => ({ ok: true })) } : {}),
  };
  const pipeline = new Pipeline<CompiledRoute>({
    policy: { name: policy.name, hash: policy.hash, mode: policy.mode },
    stages: metrics.timed(stages),
    clock,
    stageTimeoutMs: policy.limits.stageTimeoutMs,
    auditFailureAllowed: (ctx) => ctx.route?.route.audit.onFailure === 'allow-and-alert',
    log,
  });
  return {
    policy,
    pipeline,
    audit,
    metrics,
    alerts: { raise: (ev) => alerting.raise(ev) },
    log,
    handle: (req, forward, probe) => pipeline.handle(req, withVersionCheck(forward, probe)),
    precheck(req) {
      try {
        canonicalRequest(policy, req);
        return undefined;
      } catch (err) {
        return err instanceof PhiguardError ? err : toPhiguardError(err);
      }
    },
    readiness: () => readiness(checks),
    ready: () => readiness(checks).then((r) => r.ready),
    /** Closes everything, the audit log last; idempotent. Every closer runs; the first failure is rethrown. */
    close() {
      closing ??= (async () => {
        let failure: unknown;
        for (const c of [...closers].reverse()) {
          try {
            await c();
          } catch (err) {
            failure ??= err;
          }
        }
        if (failure !== undefined) throw failure;
      })();
      return closing;
    },
  };
}

/** The alert stage, also feeding the metrics from every finished context. */
function observed(metrics: Metrics, inner: Stage<CompiledRoute>): Stage<CompiledRoute> {
  return {
    onFinal(ctx) {
      try {
        metrics.observe(ctx);
      } catch {
        /* metrics never change a decision */
      }
      return inner.onFinal?.(ctx);
    },
  };
}
