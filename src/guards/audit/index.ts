/**
 * The pipeline's `audit` stage. Runs for every request, allowed or denied, once the response is
 * final: builds the record, appends it, and only when the append committed (durable) adds the
 * `phiguard-audit-receipt` header. A failed append throws PG_AUDIT_UNAVAILABLE and the pipeline
 * fails closed, unless the route says `audit.onFailure: allow-and-alert` (see `auditFailureAllowed`).
 */
import { resolve } from 'node:path';
import type { GuardContext, RouteView } from '../../core/context.js';
import { PhiguardError } from '../../core/errors.js';
import type { Stage } from '../../core/pipeline.js';
import type { Clock } from '../../core/types.js';
import type { AuditKeys } from '../../audit/keys.js';
import type { AuditLog } from '../../audit/log.js';
import { openAuditLog } from '../../audit/open.js';
import { startPeriodicVerify, type PeriodicVerifier } from '../../audit/periodic.js';
import { auditSettings, type AuditConfig } from '../../audit/policy.js';
import { buildAuditRecord, proxyList } from '../../audit/record.js';
import type { VerifyResult } from '../../audit/verify.js';

export const RECEIPT_HEADER = 'phiguard-audit-receipt';

export interface AuditStageConfig {
  readonly log: AuditLog;
  /** Defaults to the log's keys. */
  readonly keys?: AuditKeys;
  /** Peers (IPs / CIDRs) whose x-forwarded-for is believed. */
  readonly trustedProxies?: readonly string[];
  /** Keep raw identifiers in the encrypted detail blob (default true; the log may still disable blobs). */
  readonly detail?: boolean;
}

export function createAuditStage<R extends RouteView = RouteView>(config: AuditStageConfig): Stage<R> {
  const keys = config.keys ?? config.log.keys;
  const trusted = proxyList(config.trustedProxies);
  return {
    async onFinal(ctx: GuardContext<R>): Promise<void> {
      let receipt;
      try {
        const rec = buildAuditRecord(ctx as GuardContext, keys, { trustedProxies: trusted, ...(config.detail === false ? { detail: false } : {}) });
        receipt = await config.log.append(rec);
      } catch (err) {
        if (err instanceof PhiguardError) throw err;
        throw new PhiguardError('PG_AUDIT_UNAVAILABLE', 'audit record could not be built or appended', { cause: err });
      }
      ctx.auditReceipt = receipt.header;
      ctx.responseHeaders.push([RECEIPT_HEADER, receipt.header]);
    },
  };
}

/** The pipeline's `auditFailureAllowed` hook: true only when the matched route opts into allow-and-alert. */
export function auditFailureAllowed(ctx: GuardContext<RouteView>): boolean {
  const route = ctx.route?.route as (RouteView & { audit?: { onFailure?: string } }) | undefined;
  return route?.audit?.onFailure === 'allow-and-alert';
}

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
    detail: config.detail,
    retentionDays: config.retentionDays,
    ...(witness ? { witnessPath: witness } : {}),
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.onKeyFileCreated ? { onKeyFileCreated: opts.onKeyFileCreated } : {}),
  });
  await log.noteStartup({ ...(opts.policy ? { policy: opts.policy } : {}), settings: auditSettings(config) });
  const periodic = config.verifyIntervalMs > 0
    ? startPeriodicVerify(log, { intervalMs: config.verifyIntervalMs, verifiers: [log.keys.verifier], origin: log.keys.origin, ...(log.witnessPath ? { witnessPath: log.witnessPath } : {}) }, (r) => opts.onTamper?.(r))
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
