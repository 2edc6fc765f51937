/**
 * Assembles the pipeline for a compiled policy. The stage ORDER is fixed in src/core/pipeline.ts;
 * this file only says which implementation serves each stage.
 */
import type { GuardContext } from '../core/context.js';
import { Pipeline, type Forward, type Stage } from '../core/pipeline.js';
import { systemClock, type Clock, type GuardRequest, type GuardResponse, type StageName } from '../core/types.js';
import { createCanonicalizeStage } from '../guards/canonicalize/index.js';
import { createInspectResponseStage } from '../guards/inspect-response/index.js';
import { createRouteStage } from '../guards/route/index.js';
import { createValidateRequestStage } from '../guards/validate-request/index.js';
import { loadPolicy, type CompiledPolicy, type CompiledRoute } from '../policy/index.js';
import { logSink, webhookSink, type AlertSink } from '../alerts/index.js';
import { createAlertStage } from '../guards/alert/index.js';
import { createLogger } from './log.js';

export interface PhiguardOptions {
  /** A compiled policy, or the path of a policy file. */
  readonly policy: CompiledPolicy | string;
  readonly clock?: Clock;
  readonly log?: (e: { level: 'info' | 'warn' | 'error'; event: string }) => void;
  /** Replace or add stage implementations (tests, later capabilities). The order cannot change. */
  readonly stages?: Partial<Record<StageName, Stage<CompiledRoute>>>;
  /** Audit store URL; overrides the policy's `audit.store`. */
  readonly auditStore?: string;
}

export interface Phiguard {
  readonly policy: CompiledPolicy;
  readonly pipeline: Pipeline<CompiledRoute>;
  handle(req: GuardRequest, forward: Forward<CompiledRoute>): Promise<{ ctx: GuardContext<CompiledRoute>; response: GuardResponse }>;
  close(): Promise<void>;
}

export async function createPhiguard(opts: PhiguardOptions): Promise<Phiguard> {
  const policy = typeof opts.policy === 'string' ? loadPolicy(opts.policy) : opts.policy;
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? createLogger();
  const closers: Array<() => Promise<void> | void> = [];
  const sinks: AlertSink[] = [logSink(log)];
  if (policy.alerts.webhook) sinks.push(webhookSink(policy.alerts.webhook, (reason) => log({ level: 'error', event: 'alert_delivery_failed', detail: reason } as never)));
  for (const s of sinks) closers.push(() => s.close());
  const stages: Partial<Record<StageName, Stage<CompiledRoute>>> = {
    canonicalize: createCanonicalizeStage(policy),
    route: createRouteStage(policy),
    validateRequest: createValidateRequestStage(policy),
    inspectResponse: createInspectResponseStage(policy, {}),
    alert: createAlertStage(sinks),
    ...opts.stages,
  };
  const pipeline = new Pipeline<CompiledRoute>({
    policy: { name: policy.name, hash: policy.hash, mode: policy.mode },
    stages,
    clock,
    stageTimeoutMs: policy.limits.stageTimeoutMs,
    auditFailureAllowed: (ctx) => ctx.route?.route.audit.onFailure === 'allow-and-alert',
    log,
  });
  return {
    policy,
    pipeline,
    handle: (req, forward) => pipeline.handle(req, forward),
    async close() {
      for (const c of closers.reverse()) await c();
    },
  };
}
