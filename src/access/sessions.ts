/**
 * Automatic logoff (164.312(a)(2)(iii)): idle and absolute session limits, keyed by the token's
 * `sid`, else principal + auth_time, else the token itself. Time comes from the injected clock.
 */
import { createHash } from 'node:crypto';
import { PhiguardError } from '../core/errors.js';
import type { Principal } from '../core/types.js';
import type { StateStore } from './state/types.js';
import type { IdentityConfig } from './types.js';

export const keyHash = (s: string): string => createHash('sha256').update(s).digest('base64url').slice(0, 32);

export function sessionKey(p: Principal, tokenDigest: string | undefined): string | undefined {
  if (p.sessionId) return keyHash(`sid|${p.id}|${p.sessionId}`);
  if (p.authTime !== undefined) return keyHash(`at|${p.id}|${p.authTime}`);
  return tokenDigest ? keyHash(`tok|${tokenDigest}`) : undefined;
}

/** Throws PG_SESSION_IDLE_TIMEOUT / PG_SESSION_ABSOLUTE_TIMEOUT. No-op without session limits. */
export async function enforceSession(store: StateStore, cfg: IdentityConfig['sessions'], p: Principal, tokenDigest: string | undefined, now: number): Promise<void> {
  if (!cfg || (cfg.idleTimeoutMs === undefined && cfg.absoluteTimeoutMs === undefined)) return;
  const key = sessionKey(p, tokenDigest);
  if (!key) return;
  // The absolute limit is anchored on the authentication time, else the token's issue time: never on
  // "first seen" alone, so a state store that lost its data cannot restart it.
  const anchor = p.authTime ?? p.issuedAt;
  const started = anchor !== undefined ? anchor * 1000 : undefined;
  const status = await store.touchSession(key, now, cfg.idleTimeoutMs, cfg.absoluteTimeoutMs, started);
  if (status === 'idle') throw new PhiguardError('PG_SESSION_IDLE_TIMEOUT', 'idle limit reached');
  if (status === 'absolute') throw new PhiguardError('PG_SESSION_ABSOLUTE_TIMEOUT', 'absolute limit reached');
}
