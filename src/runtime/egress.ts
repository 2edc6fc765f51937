/**
 * The egress guard wired to the runtime: every blocked outbound call is an audit event (`egress`)
 * and an alert (rule kind `egress`, always on), as well as the reason-coded error src/egress throws.
 * Records name the destination host, the method and the reason kind; never a path, query or body.
 *
 *   const guard = await createPhiguard({ policy });
 *   const egress = installRuntimeEgress(guard);      // policy.egress.enabled must be true
 *   ...
 *   await egress.uninstall();
 */
import { installEgressGuard, type EgressBlockedEvent, type EgressGuard, type EgressGuardOptions } from '../egress/index.js';
import type { Phiguard } from './index.js';

export function installRuntimeEgress(guard: Phiguard, options: EgressGuardOptions = {}): EgressGuard {
  const egress = guard.policy.egress;
  if (!egress) return { installed: false, uninstall: async () => undefined };
  return installEgressGuard(egress, {
    ...options,
    onBlocked: (e: EgressBlockedEvent) => {
      const what = { code: e.code, host: e.host, reason: e.reason, method: e.method };
      guard.log({ level: 'warn', event: 'egress_blocked', detail: `${e.method} to ${e.host} blocked: ${e.code} (${e.reason})` });
      guard.alerts.raise({ kind: 'egress', ...what });
      guard.audit.log.appendEvent('egress', what).catch(() => guard.log({ level: 'error', event: 'egress_audit_failed', detail: 'a blocked outbound call could not be written to the audit log' }));
      options.onBlocked?.(e);
    },
  });
}
