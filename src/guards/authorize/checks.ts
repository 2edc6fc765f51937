/** Small authorization predicates used by the authorize stage. */
import { PhiguardError } from '../../core/errors.js';
import type { Principal } from '../../core/types.js';
import type { AccessConfig } from '../../access/types.js';

/** RFC 8176 authentication methods that count as multi-factor. */
const MFA_AMR = new Set(['mfa', 'otp', 'hwk', 'sms', 'sc', 'fpt', 'face', 'iris', 'retina', 'vbm']);
const MFA_ACR = new Set(['phr', 'phrh', 'http://schemas.openid.net/pape/policies/2007/06/multi-factor']);

export function hasMfa(p: Principal): boolean {
  if (p.method === 'mtls') return true; // certificate-bound system client
  return (p.amr ?? []).some((m) => MFA_AMR.has(m)) || (p.acr !== undefined && MFA_ACR.has(p.acr));
}

export function checkRoles(allowed: readonly string[], p: Principal): void {
  if (allowed.length > 0 && !p.roles.some((r) => allowed.includes(r))) throw new PhiguardError('PG_AUTHZ_ROLE', 'no allowed role');
}

/**
 * Purpose of use: the route's list (if any) must contain it, and so must the list of at least one
 * of the principal's roles that has one (roles without a list do not restrict).
 */
export function checkPurpose(routePurposes: readonly string[] | undefined, byRole: AccessConfig['purposes'], p: Principal, purpose: string | undefined): void {
  if (routePurposes && (purpose === undefined || !routePurposes.includes(purpose))) throw new PhiguardError('PG_AUTHZ_PURPOSE', 'purpose not allowed on route');
  const lists = p.roles.flatMap((r) => (Object.prototype.hasOwnProperty.call(byRole, r) ? [byRole[r] as readonly string[]] : []));
  const unrestricted = p.roles.some((r) => !Object.prototype.hasOwnProperty.call(byRole, r));
  if (lists.length > 0 && !unrestricted && (purpose === undefined || !lists.some((l) => l.includes(purpose)))) {
    throw new PhiguardError('PG_AUTHZ_PURPOSE', 'purpose not allowed for role');
  }
}
