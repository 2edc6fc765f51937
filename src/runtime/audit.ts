/**
 * Wiring for the audit log: opens the log named by the compiled `audit:` section (or the store URL
 * the operator gave), records the startup events, starts periodic re-verification, and hands the
 * open log to the audit stage (`src/guards/audit`), which only builds and appends records.
 */
import { resolve } from 'node:path';
import type { Stage } from '../core/pipeline.js';
import type { Clock } from '../core/types.js';
import type { AuditLog } from '../audit/log.js';
import { openAuditLog } from '../audit/open.js';
import { startPeriodicVerify, type PeriodicVerifier } from '../audit/periodic.js';
import { auditSettings, type AuditConfig } from '../audit/policy.js';
import type { VerifyResult } from '../audit/verify.js';
import { createAuditStage } from '../guards/audit/index.js';

export interface AuditRuntime {
  readonly log: AuditLog;
  readonly stage: Stage;
  readonly periodic?: PeriodicVerifier;
  close(): Promise<void>;
}

export interface AuditRuntimeOptions {
  /** Overrides `config.store` (CLI `--audit-store`, PHIGUARD_AUDIT_STORE). */
  readonly storeUrl?: string;
  readonly policy?: { readonly name: string; readonly hash: string };
  readonly trustedProxies?: readonly string[];
  readonly clock?: Clock;
  /** Told (path only) when the embedded default generated its key file. */
  readonly onKeyFileCreated?: (path: string) => void;
  /** Periodic re-verification failures (wire to the alert stage). */
  readonly onTamper?: (r: VerifyResult) => void;
  /** Every periodic verification result, passed or failed (metrics). */
  readonly onVerifyResult?: (r: VerifyResult) => void;
  /** Operational events of the store (a reopen after a storage fault): for the operator log. */
  readonly onStoreEvent?: (e: { readonly event: string; readonly detail: string }) => void;
}

/**
 * A shared (PostgreSQL) store has no file to sit next to: without `audit.witness`, each gateway keeps
 * its witness in the working directory, named after the schema, so its periodic re-verification
 * still catches a rolled-back or replaced database. (SQLite: `<db>.witness`, set by openAuditLog.)
 */
export function defaultWitness(url: string): string | undefined {
  if (!url.startsWith('postgres://') && !url.startsWith('postgresql://')) return undefined;
  const schema = new URL(url).searchParams.get('schema') ?? 'public';
  return resolve(`phiguard-audit.${schema.replace(/[^A-Za-z0-9_]/g, '_')}.witness`);
}

/** Opens the log from the compiled `audit:` section, records startup changes, starts periodic verification. */
export async function openAuditRuntime(config: AuditConfig, opts: AuditRuntimeOptions = {}): Promise<AuditRuntime> {
  const url = opts.storeUrl ?? config.store;
  const witness = config.witness ?? defaultWitness(url);
  const log = await openAuditLog(url, {
    ...(config.keys ? { keys: config.keys } : {}),
    origin: config.origin,
    checkpointEvery: config.checkpointEvery,
    checkpointIntervalMs: config.checkpointIntervalMs,
    batchWindowMs: config.batchWindowMs,
    durability: config.durability,
    detail: config.detail,
    retentionDays: config.retentionDays,
    ...(witness ? { witnessPath: witness } : {}),
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.onKeyFileCreated ? { onKeyFileCreated: opts.onKeyFileCreated } : {}),
    ...(opts.onStoreEvent ? { onStoreEvent: opts.onStoreEvent } : {}),
  });
  await log.noteStartup({ ...(opts.policy ? { policy: opts.policy } : {}), settings: auditSettings(config) });
  const periodic = config.verifyIntervalMs > 0
    ? startPeriodicVerify(log, { intervalMs: config.verifyIntervalMs, ...(opts.onVerifyResult ? { onResult: opts.onVerifyResult } : {}), verifiers: [log.keys.verifier], origin: log.keys.origin, ...(log.witnessPath ? { witnessPath: log.witnessPath } : {}) }, (r) => opts.onTamper?.(r))
    : undefined;
  return {
    log,
    stage: createAuditStage({ log, ...(opts.trustedProxies ? { trustedProxies: opts.trustedProxies } : {}) }),
    ...(periodic ? { periodic } : {}),
    async close() {
      periodic?.stop();
      await log.close();
    },
  };
}
