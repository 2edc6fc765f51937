/**
 * Verified claims -> Principal (issuer + subject, roles, SMART scopes, patient context, purpose of
 * use, client id, session, acr/amr). Anonymous and shared subjects are refused.
 */
import type { JWTPayload } from 'jose';
import { PhiguardError } from '../core/errors.js';
import type { Principal } from '../core/types.js';
import type { IdentityConfig, IssuerConfig, MtlsClient } from './types.js';

const MAX_LIST = 64;
const SUBJECT = /^[^\u0000-\u001f\u007f]{1,255}$/;

/** Token facts authorize needs but that do not belong on the principal (the audit record). */
export interface PrincipalExtras {
  /** Purposes of use the token grants (claim), when it carries any. */
  readonly purposes?: readonly string[];
  /** Labels the patient consented to release to this principal (for the token's patient only). */
  readonly consentLabels?: readonly string[];
  /** The verified claims (for policy-configured claims such as break-glass); never logged. */
  readonly payload?: JWTPayload;
}
const extras = new WeakMap<Principal, PrincipalExtras>();
export const principalExtras = (p: Principal): PrincipalExtras => extras.get(p) ?? {};

export function claimAt(obj: unknown, path: readonly string[]): unknown {
  let cur = obj;
  for (const key of path) {
    if (!cur || typeof cur !== 'object' || Array.isArray(cur) || !Object.prototype.hasOwnProperty.call(cur, key)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** A claim that is a string list or a space-separated string. */
export function stringList(v: unknown): string[] {
  const raw = typeof v === 'string' ? v.split(' ') : Array.isArray(v) ? v : [];
  const out = raw.filter((x): x is string => typeof x === 'string' && x.length > 0 && x.length <= 512);
  if (out.length > MAX_LIST * 4) throw new PhiguardError('PG_AUTH_CLAIMS', 'claim list too long');
  return [...new Set(out)];
}

export function checkSubject(sub: unknown, cfg: IdentityConfig): string {
  if (typeof sub !== 'string' || !SUBJECT.test(sub) || sub.trim() === '') throw new PhiguardError('PG_AUTH_ANONYMOUS', 'sub missing or empty');
  if (cfg.denySubjects.includes(sub.trim().toLowerCase())) throw new PhiguardError('PG_AUTH_ANONYMOUS', 'shared or anonymous subject');
  return sub;
}

export function principalFromJwt(payload: JWTPayload, issuer: IssuerConfig, cfg: IdentityConfig): Principal {
  const subject = checkSubject(payload.sub, cfg);
  const c = issuer.claims;
  const roles = stringList(claimAt(payload, c.roles)).slice(0, MAX_LIST);
  const scopes = stringList(claimAt(payload, c.scope));
  if (scopes.length > 256) throw new PhiguardError('PG_AUTH_CLAIMS', 'too many scopes');
  let patient = claimAt(payload, c.patient);
  const fhirUser = payload.fhirUser;
  const isPatient = roles.some((r) => issuer.patientRoles.includes(r));
  if (patient === undefined && isPatient && typeof fhirUser === 'string') {
    const m = /(?:^|\/)Patient\/([A-Za-z0-9.-]{1,64})$/.exec(fhirUser);
    if (m) patient = m[1];
  }
  const smart = scopes.filter((s) => /^(patient|user|system)\//.test(s));
  const kind: Principal['kind'] = isPatient ? 'patient' : smart.length > 0 && smart.every((s) => s.startsWith('system/')) ? 'system' : 'user';
  const purposes = stringList(claimAt(payload, cfg.purposeOfUse.claim ?? c.purposeOfUse));
  const clientId = claimAt(payload, c.clientId) ?? payload.azp;
  const amr = stringList(payload.amr);
  const principal: Principal = Object.freeze({
    id: `${issuer.issuer}|${subject}`,
    issuer: issuer.issuer,
    subject,
    kind,
    roles: Object.freeze(roles),
    scopes: Object.freeze(scopes),
    ...(typeof patient === 'string' && patient.length > 0 && patient.length <= 128 ? { patient } : {}),
    ...(purposes.length === 1 ? { purposeOfUse: purposes[0] } : {}),
    ...(typeof clientId === 'string' ? { clientId } : {}),
    ...(typeof payload.sid === 'string' ? { sessionId: payload.sid } : {}),
    ...(typeof payload.acr === 'string' ? { acr: payload.acr } : {}),
    ...(amr.length > 0 ? { amr: Object.freeze(amr) } : {}),
    ...(typeof payload.auth_time === 'number' ? { authTime: payload.auth_time } : {}),
    ...(typeof payload.iat === 'number' ? { issuedAt: payload.iat } : {}),
    ...(typeof payload.exp === 'number' ? { expiresAt: payload.exp } : {}),
    method: 'jwt',
  });
  const consent = c.consentLabels.length > 0 ? stringList(claimAt(payload, c.consentLabels)) : [];
  extras.set(
    principal,
    Object.freeze({ ...(purposes.length > 0 ? { purposes: Object.freeze(purposes) } : {}), ...(consent.length > 0 ? { consentLabels: Object.freeze(consent) } : {}), payload }),
  );
  return principal;
}

export function principalFromCert(client: MtlsClient, fingerprint: string): Principal {
  return Object.freeze({
    id: `mtls|${fingerprint}`,
    issuer: 'mtls',
    subject: client.id,
    kind: 'system',
    roles: client.roles,
    scopes: client.scopes,
    ...(client.purposeOfUse ? { purposeOfUse: client.purposeOfUse } : {}),
    clientId: client.id,
    method: 'mtls',
  });
}

/** Purpose of use: the token's claim wins; a header may only pick one of the purposes the token grants (or set it when the token has none). */
export function resolvePurpose(principal: Principal, header: string | undefined, allowed: readonly string[] | undefined): string | undefined {
  const granted = principalExtras(principal).purposes;
  let purpose = principal.purposeOfUse;
  if (header !== undefined) {
    const h = header.trim();
    if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(h)) throw new PhiguardError('PG_AUTHZ_PURPOSE', 'purpose header malformed');
    if (granted && granted.length > 0 && !granted.includes(h)) throw new PhiguardError('PG_AUTHZ_PURPOSE', 'purpose header not granted by token');
    purpose = h;
  }
  if (purpose !== undefined && allowed && !allowed.includes(purpose)) throw new PhiguardError('PG_AUTHZ_PURPOSE', 'purpose not in the policy vocabulary');
  return purpose;
}

/** A per-request copy of a (cached, frozen) principal with its purpose of use set. */
export function withPurpose(p: Principal, purpose: string | undefined): Principal {
  if (purpose === p.purposeOfUse) return p;
  const { purposeOfUse: _drop, ...rest } = p;
  const copy: Principal = Object.freeze({ ...rest, ...(purpose !== undefined ? { purposeOfUse: purpose } : {}) });
  const x = extras.get(p);
  if (x) extras.set(copy, x);
  return copy;
}
