/**
 * One policy generation: the stages and pipeline compiled for one policy, with leases on the
 * resources it shares with other generations (audit log, alert sinks, PHI pool, state store). The
 * stage ORDER is fixed in src/core/pipeline.ts; this file only says which implementation serves
 * each stage. A reload (src/runtime/index.ts) builds a new generation beside the running one;
 * requests keep the generation they started with, and a retired generation gives its leases back
 * once its last request has finished.
 */
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { GuardContext } from '../core/context.js';
import { Pipeline, type Stage } from '../core/pipeline.js';
import type { Clock, StageName } from '../core/types.js';
import { createCanonicalizeStage } from '../guards/canonicalize/index.js';
import { applyResponseAccess } from '../access/response.js';
import { closeStateStore, type AccessDeps } from '../access/deps.js';
import type { StateStore } from '../access/state/types.js';
import { createSigner, generateSeed, makeKeys } from '../audit/index.js';
import { keyedRef } from '../audit/keys.js';
import { createAuditStage } from '../guards/audit/index.js';
import { createAuthorizeStage, type AuthorizeStage } from '../guards/authorize/index.js';
import { createIdentifyStage, type IdentifyStage } from '../guards/identify/index.js';
import { createInspectResponseStage } from '../guards/inspect-response/index.js';
import { createRouteStage } from '../guards/route/index.js';
import { createValidateRequestStage } from '../guards/validate-request/index.js';
import { createAlertStage } from '../guards/alert/index.js';
import type { CompiledPolicy, CompiledRoute } from '../policy/index.js';
import type { AlertSink } from '../alerts/index.js';
import { openAuditRuntime, type AuditRuntime } from './audit.js';
import { createAlerting, type Alerting } from './alerting.js';
import { decisionEvent, type Feed } from './feed.js';
import type { Metrics } from './metrics.js';
import { createPhiPool, type PhiPool } from './phi-pool.js';
import { phiEngine } from './phi.js';
import { AuditHealth, type ReadinessCheck } from './readiness.js';
import { configKey, SharedResources, type Lease } from './shared.js';
import { traced, tracerFor, type TracingOption } from './tracing.js';

const PROBE_PAD = '0'.repeat(16 * 1024);

export type LogFn = (e: { level: 'info' | 'warn' | 'error'; event: string; detail?: string }) => void;

/** An open audit runtime with the health tracker that judges its store. */
export interface AuditResource {
  readonly runtime: AuditRuntime;
  readonly health: AuditHealth;
}

/** What lives as long as the process: the shared resources and who to ask for the running generation. */
export interface RuntimeEnv {
  readonly clock: Clock;
  readonly log: LogFn;
  readonly metrics: Metrics;
  readonly opts: {
    readonly stages?: Partial<Record<StageName, Stage<CompiledRoute>>>;
    readonly auditStore?: string;
    readonly redis?: AccessDeps['redis'];
    readonly access?: Partial<Pick<AccessDeps, 'fetch' | 'state'>>;
    readonly tracing?: TracingOption;
    readonly alerts?: { readonly webhook?: { readonly url: string; readonly secret?: string }; readonly sinks?: readonly AlertSink[]; readonly baseDelayMs?: number; readonly dropRecordMs?: number };
  };
  readonly audits: SharedResources<AuditResource>;
  readonly alertings: SharedResources<Alerting>;
  readonly pools: SharedResources<PhiPool | undefined>;
  readonly deps: SharedResources<AccessDeps>;
  /** The live feed of decisions and alerts (the dashboard's /api/feed), when there is one. */
  readonly feed?: Feed;
  /** The generation now serving requests (late-bound callbacks: alerts raised by the audit log, drop records). */
  current(): Generation | undefined;
}

export interface Generation {
  readonly policy: CompiledPolicy;
  readonly pipeline: Pipeline<CompiledRoute>;
  readonly audit: AuditRuntime;
  readonly auditHealth: AuditHealth;
  readonly alerting: Alerting;
  readonly identify: IdentifyStage;
  readonly authorize: AuthorizeStage;
  /** True when sessions, break-glass and counters live in a shared store (Redis). */
  readonly sharedState: boolean;
  /** Lease keys: which shared resources this generation uses (a reload reports what it reopened). */
  readonly keys: { readonly audit: string; readonly alerts: string; readonly phi: string; readonly state: string };
  readonly checks: Readonly<Record<string, () => Promise<ReadinessCheck>>>;
  inFlight: number;
  /** Gives every lease back (closes what no other generation uses). Idempotent. */
  release(): Promise<void>;
}

export function createEnv(base: Pick<RuntimeEnv, 'clock' | 'log' | 'metrics' | 'opts' | 'feed'>, current: () => Generation | undefined): RuntimeEnv {
  return {
    ...base,
    current,
    audits: new SharedResources((a) => a.runtime.close()),
    alertings: new SharedResources((a) => a.close()),
    pools: new SharedResources((p) => p?.close()),
    deps: new SharedResources((d) => closeStateStore(d)),
  };
}

/** Builds a generation for `policy`, reusing from `prev` what did not change. Leaves nothing open on failure. */
export async function buildGeneration(env: RuntimeEnv, policy: CompiledPolicy, prev?: Generation): Promise<Generation> {
  const { clock, log, metrics, opts } = env;
  const dir = policy.file ? dirname(policy.file) : '';
  const storeUrl = opts.auditStore ?? process.env.PHIGUARD_AUDIT_STORE ?? policy.audit.store;
  const keys = {
    // A memory store is one log per process: never reopened (that would start an empty log).
    audit: storeUrl.startsWith('memory:') ? configKey('memory', storeUrl) : configKey(storeUrl, dir, policy.raw.audit ?? null),
    alerts: configKey(policy.alerts),
    phi: configKey(dir, policy.raw.phi ?? null, policy.limits.stageTimeoutMs),
    state: configKey(policy.access.state),
  };
  const leases: Lease<unknown>[] = [];
  const releaseAll = async () => {
    let failure: unknown;
    // Alerting before the audit log: its close appends the drop summary.
    for (const l of [...leases].reverse()) await l.release().catch((err: unknown) => void (failure ??= err));
    leases.length = 0;
    if (failure !== undefined) throw failure;
  };
  try {
    const deps = (await lease(leases, env.deps.acquire(keys.state, () => ({ clock, log: (e) => log(e), ...(opts.redis ? { redis: opts.redis } : {}), ...opts.access }))));
    const auditRes = await lease(leases, env.audits.acquire(keys.audit, () => openAudit(env, policy, storeUrl)));
    const alerting = await lease(leases, env.alertings.acquire(keys.alerts, () => createAlerting({
      config: policy.alerts,
      metrics,
      log,
      counter: () => {
        const g = env.current();
        return (g?.sharedState ? g.authorize.store() : undefined) as StateStore;
      },
      recordDrops: (what) => (env.current()?.audit ?? auditRes.runtime).log.appendEvent('health', what),
      ...(opts.alerts?.webhook ? { extraWebhook: opts.alerts.webhook } : {}),
      ...(opts.alerts?.sinks ? { extraSinks: opts.alerts.sinks } : {}),
      ...(opts.alerts?.baseDelayMs !== undefined ? { baseDelayMs: opts.alerts.baseDelayMs } : {}),
      ...(opts.alerts?.dropRecordMs !== undefined ? { dropRecordMs: opts.alerts.dropRecordMs } : {}),
      ...(env.feed ? { feed: env.feed } : {}),
    })));
    const pool = await lease(leases, env.pools.acquire(keys.phi, () => policy.phi
      ? createPhiPool({ section: policy.raw.phi, ...(policy.phi.hashKey ? { hashKey: policy.phi.hashKey } : {}), size: Math.min(2, availableParallelism()), timeoutMs: policy.limits.stageTimeoutMs })
      : undefined));
    // Verified tokens and fetched JWKS survive a reload that leaves `identity:` as it was.
    const sameIdentity = prev !== undefined && configKey(dir, policy.raw.identity ?? null) === configKey(prev.policy.file ? dirname(prev.policy.file) : '', prev.policy.raw.identity ?? null);
    const identify = createIdentifyStage(policy, deps, prev ? { keySources: prev.identify.keySources, ...(sameIdentity ? { cache: prev.identify.cache } : {}) } : undefined);
    const authorize = createAuthorizeStage(policy, deps);
    const inspect = createInspectResponseStage(policy, {
      ...(policy.phi ? { phi: phiEngine(policy.phi, pool) } : {}),
      applyAccess: (body, ctx) => {
        if (!ctx.access || !ctx.route) return { body, projectedFields: 0, suppressedResources: 0, patients: [], resources: [] };
        return applyResponseAccess(body, ctx.access, ctx.route.route);
      },
    });
    const auditKeys = auditRes.runtime.log.keys;
    const stages: Partial<Record<StageName, Stage<CompiledRoute>>> = {
      canonicalize: createCanonicalizeStage(policy),
      identify,
      route: createRouteStage(policy),
      authorize,
      validateRequest: createValidateRequestStage(policy),
      inspectResponse: inspect,
      // Alerts name the principal by the audit log's keyed user reference (correlates with audit query --user).
      alert: observed(metrics, log, createAlertStage(alerting.engine, {
        principal: (id) => keyedRef(auditKeys, 'user', id),
        peer: (ip) => keyedRef(auditKeys, 'ip', ip),
        patient: (ref) => keyedRef(auditKeys, 'patient', ref),
      }, (reason) => log({ level: 'warn', event: 'alert_rule_failed', detail: reason })), env.feed && ((ctx) => env.feed!.publish(decisionEvent(ctx, (id) => keyedRef(auditKeys, 'user', id))))),
      ...opts.stages,
    };
    const auditStage = createAuditStage({ log: auditRes.runtime.log, trustedProxies: policy.trustedProxies });
    stages.audit = auditRes.health.track(opts.stages?.audit ?? (auditStage as Stage<CompiledRoute>));
    const sharedState = policy.access.state.store !== 'memory' && !opts.access?.state;
    const tracer = tracerFor(opts.tracing);
    const pipeline = new Pipeline<CompiledRoute>({
      policy: { name: policy.name, hash: policy.hash, mode: policy.mode },
      stages: metrics.timed(tracer ? traced(tracer, stages, policy.hash, 'alert') : stages),
      clock,
      stageTimeoutMs: policy.limits.stageTimeoutMs,
      auditFailureAllowed: (ctx) => ctx.route?.route.audit.onFailure === 'allow-and-alert',
      log,
    });
    return {
      policy,
      pipeline,
      audit: auditRes.runtime,
      auditHealth: auditRes.health,
      alerting,
      identify,
      authorize,
      sharedState,
      keys,
      checks: {
        policy: async () => ({ ok: true, detail: `${policy.name} ${policy.hash.slice(0, 12)}` }),
        audit: () => auditRes.health.check(),
        ...(sharedState ? { state: () => authorize.store().ping().then(() => ({ ok: true })) } : {}),
      },
      inFlight: 0,
      release: releaseAll,
    };
  } catch (err) {
    // A failed build must not leave threads, sockets or timers behind (they keep the process alive).
    await releaseAll().catch(() => undefined);
    throw err;
  }
}

async function lease<T>(leases: Lease<unknown>[], p: Promise<Lease<T>>): Promise<T> {
  const l = await p;
  leases.push(l as Lease<unknown>);
  return l.value;
}

async function openAudit(env: RuntimeEnv, policy: CompiledPolicy, storeUrl: string): Promise<AuditResource> {
  const { clock, log, metrics } = env;
  const config = storeUrl.startsWith('memory:') && !policy.audit.keys
    ? { ...policy.audit, keys: makeKeys(createSigner(policy.audit.origin, generateSeed()), randomBytes(32)) }
    : policy.audit;
  const raise = (ev: Parameters<Alerting['raise']>[0]) => env.current()?.alerting.raise(ev);
  const runtime = await openAuditRuntime(config, {
    storeUrl,
    policy: { name: policy.name, hash: policy.hash },
    trustedProxies: policy.trustedProxies,
    clock,
    onKeyFileCreated: (path) => log({ level: 'warn', event: 'audit_key_file_created', detail: `generated audit signing/HMAC keys at ${path} (mode 0600); keep it outside the database's reach in production` }),
    onStoreEvent: (e) => log({ level: 'warn', event: e.event, detail: e.detail }),
    onTamper: (r) => {
      log({ level: 'error', event: 'audit_verify_failed', detail: r.failure ? `${r.failure.kind} ${r.failure.at}` : 'verification failed' });
      metrics.verifyResult(false, clock.now());
      raise({ kind: 'audit-verify', ...(r.failure ? { detail: `${r.failure.kind} at ${r.failure.at}` } : {}) });
    },
    onVerifyResult: (r) => metrics.verifyResult(r.ok, clock.now()),
  });
  const health = new AuditHealth(
    () => runtime.log.store.setMeta('readiness_probe', new Date(clock.now()).toISOString()),
    // As large as a big request record, so a nearly full disk that still takes a tiny write does not pass.
    (after) => runtime.log.appendEvent('health', { check: 'readiness', after, pad: PROBE_PAD }).then(() => undefined),
  );
  return { runtime, health };
}

/** The alert stage, also feeding the metrics from every finished context. */
function observed(metrics: Metrics, log: LogFn, inner: Stage<CompiledRoute>, publish?: (ctx: GuardContext<CompiledRoute>) => void): Stage<CompiledRoute> {
  return {
    onFinal(ctx: GuardContext<CompiledRoute>) {
      try {
        metrics.observe(ctx);
      } catch {
        /* metrics never change a decision */
      }
      try {
        publish?.(ctx);
      } catch {
        /* nor does the live feed */
      }
      // Per-rule monitor decisions as operator events (the pipeline logs policy- and route-level ones itself).
      for (const d of ctx.decisions) {
        if (d.monitor && d.monitor !== 'policy' && d.monitor !== 'route') log({ level: 'warn', event: 'monitor_would_deny', requestId: ctx.id, code: d.code, stage: d.stage, rule: d.monitor } as never);
      }
      return inner.onFinal?.(ctx);
    },
  };
}
