/** The `alert` stage: turns high-severity decisions of a finished request into alerts. Never blocks. */
import type { Stage } from '../../core/pipeline.js';
import type { Alert, AlertSink, Severity } from '../../alerts/index.js';
import type { CompiledRoute } from '../../policy/types.js';

const SEVERITY: Record<string, Severity> = {
  PG_BREAK_GLASS_GRANTED: 'high',
  PG_BREAK_GLASS_DENIED: 'high',
  PG_AUDIT_UNAVAILABLE: 'critical',
  PG_AUDIT_TAMPERED: 'critical',
  PG_RESPONSE_PATIENT_COMPARTMENT: 'high',
  PG_RATE_PATIENTS: 'high',
  PG_RATE_RECORDS: 'high',
  PG_RESPONSE_PHI_BLOCKED: 'high',
};

/**
 * `principalRef` turns a principal id into the keyed reference the audit log uses for it (alerts
 * never carry the raw issuer|subject); without it, alerts name no principal at all.
 */
export function createAlertStage(sinks: readonly AlertSink[], principalRef?: (id: string) => string): Stage<CompiledRoute> {
  return {
    onFinal(ctx) {
      const codes = [...ctx.decisions.map((d) => d.code), ...(ctx.outcome ? [ctx.outcome.code] : [])];
      for (const code of new Set(codes)) {
        const severity = SEVERITY[code];
        if (!severity) continue;
        const alert: Alert = {
          kind: code === 'PG_BREAK_GLASS_GRANTED' ? 'break-glass' : code.startsWith('PG_AUDIT') ? 'audit' : 'access',
          severity,
          code,
          requestId: ctx.id,
          ...(ctx.principal && principalRef ? { principal: principalRef(ctx.principal.id) } : {}),
          ...(ctx.route ? { route: ctx.route.route.id } : {}),
          time: new Date(ctx.receivedAt).toISOString(),
        };
        for (const s of sinks) s.send(alert);
      }
    },
  };
}
