/**
 * The pipeline's `audit` stage. Runs for every request, allowed or denied, once the response is
 * final: builds the record, appends it, and only when the append committed (durable) adds the
 * `phiguard-audit-receipt` header. A failed append throws PG_AUDIT_UNAVAILABLE and the pipeline
 * fails closed, unless the route says `audit.onFailure: allow-and-alert` (see `auditFailureAllowed`).
 *
 * The stage does not open the log: the runtime does (`src/runtime/audit.ts`) and passes it in.
 */
import type { GuardContext, RouteView } from '../../core/context.js';
import { PhiguardError } from '../../core/errors.js';
import type { Stage } from '../../core/pipeline.js';
import type { AuditKeys } from '../../audit/keys.js';
import type { AuditLog } from '../../audit/log.js';
import { buildAuditRecord, proxyList } from '../../audit/record.js';

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
