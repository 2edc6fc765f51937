/**
 * Break-glass (emergency access, 164.312(a)(2)(ii)): a header such as
 * `x-break-glass: ETREAT; patient=123; reason=unconscious patient in ED, no consent possible`
 * or a token claim `{ reason, patient, justification }`. Allowed roles only, one patient, time-boxed
 * from first use (state in the store), justification required and kept only as a digest.
 */
import { createHash } from 'node:crypto';
import { PhiguardError } from '../core/errors.js';
import type { Principal } from '../core/types.js';
import { keyHash } from './sessions.js';
import type { StateStore } from './state/types.js';
import type { AccessConfig } from './types.js';

export interface BreakGlassRequest {
  readonly reason: string;
  readonly patient: string;
  readonly justification: string;
}
export interface BreakGlassGrant {
  readonly reason: string;
  readonly patient: string;
  readonly justificationDigest: string;
  readonly firstUse: number;
  readonly fresh: boolean;
}

const PATIENT = /^[A-Za-z0-9.-]{1,64}$/;
const denied = (detail: string): PhiguardError => new PhiguardError('PG_BREAK_GLASS_DENIED', detail);

export function parseBreakGlassHeader(value: string): BreakGlassRequest {
  if (value.length > 2048) throw denied('break-glass header too long');
  const parts = value.split(';');
  const reason = (parts.shift() ?? '').trim();
  let patient = '';
  let justification = '';
  while (parts.length > 0) {
    const part = parts.shift() as string;
    const eq = part.indexOf('=');
    const k = part.slice(0, eq).trim().toLowerCase();
    if (eq < 0) throw denied('break-glass header malformed');
    if (k === 'reason' || k === 'justification') {
      // The justification is free text and runs to the end (it may contain ';').
      justification = [part.slice(eq + 1), ...parts].join(';').trim();
      break;
    }
    if (k === 'patient') patient = part.slice(eq + 1).trim().replace(/^Patient\//, '');
    else throw denied('break-glass header has an unknown key');
  }
  return { reason, patient, justification };
}

export function parseBreakGlassClaim(v: unknown): BreakGlassRequest | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return parseBreakGlassHeader(v);
  if (typeof v !== 'object' || Array.isArray(v)) throw denied('break-glass claim malformed');
  const o = v as Record<string, unknown>;
  const str = (x: unknown) => (typeof x === 'string' ? x.trim() : '');
  return { reason: str(o.reason), patient: str(o.patient).replace(/^Patient\//, ''), justification: str(o.justification) };
}

export interface BreakGlassInput {
  readonly cfg: NonNullable<AccessConfig['breakGlass']>;
  readonly routeAllows: boolean;
  readonly principal: Principal;
  readonly request: BreakGlassRequest;
  /** Patient the request names (path/query), if any: must be the break-glass patient. */
  readonly requestPatients: readonly string[];
  readonly store: StateStore;
  readonly now: number;
}

/** Validates a break-glass request and starts or continues its time box. Throws PG_BREAK_GLASS_DENIED. */
export async function evaluateBreakGlass(i: BreakGlassInput): Promise<BreakGlassGrant> {
  const { cfg, request: r, principal: p } = i;
  if (!i.routeAllows) throw denied('route does not allow break-glass');
  if (!p.roles.some((role) => cfg.roles.includes(role))) throw denied('role may not break glass');
  if (!cfg.reasons.includes(r.reason)) throw denied('reason code not allowed');
  if (!PATIENT.test(r.patient)) throw denied('break-glass must name one patient');
  if (r.justification.replace(/\s+/g, ' ').length < cfg.minJustification) throw denied('justification too short');
  if (i.requestPatients.some((x) => x !== r.patient)) throw denied('request is about another patient');
  const key = keyHash(`bg|${p.id}|${r.patient}`);
  const firstUse = await i.store.breakGlassFirstUse(key, i.now, Math.max(cfg.durationMs, cfg.cooldownMs));
  if (i.now - firstUse >= cfg.durationMs) throw denied('break-glass grant expired');
  return {
    reason: r.reason,
    patient: r.patient,
    justificationDigest: createHash('sha256').update(r.justification).digest('hex'),
    firstUse,
    fresh: firstUse === i.now,
  };
}
