/**
 * Dashboard sessions: a random 32-byte id in an HttpOnly, SameSite=Strict cookie (Secure on https),
 * looked up in a bounded server-side map with an idle and an absolute expiry, and a per-session CSRF
 * token that every cookie-authenticated POST must echo (header `x-csrf-token` or form field `csrf`).
 * All secret comparisons are constant time (sha-256 digests, so lengths never leak).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const COOKIE = 'pg_admin';
export const IDLE_MS = 15 * 60_000;
export const ABSOLUTE_MS = 8 * 3_600_000;
const MAX_SESSIONS = 256;

export interface Session {
  readonly id: string;
  readonly csrf: string;
  readonly created: number;
  lastSeen: number;
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
export const sameSecret = (a: string, b: string): boolean => timingSafeEqual(digest(a), digest(b));

export interface Sessions {
  create(): Session;
  /** The live session of a cookie header (its idle timer restarted), or undefined. */
  fromCookie(cookieHeader: string | undefined): Session | undefined;
  destroy(id: string): void;
  readonly size: number;
}

export function createSessions(now: () => number = Date.now, idleMs = IDLE_MS, absoluteMs = ABSOLUTE_MS): Sessions {
  const map = new Map<string, Session>();
  const expired = (s: Session, t: number) => t - s.lastSeen > idleMs || t - s.created > absoluteMs;
  const sweep = (t: number) => {
    for (const [k, s] of map) if (expired(s, t)) map.delete(k);
  };
  return {
    create() {
      const t = now();
      sweep(t);
      // Bounded: the oldest session makes way (a flood of logins cannot grow memory).
      while (map.size >= MAX_SESSIONS) map.delete(map.keys().next().value!);
      const s: Session = { id: randomBytes(32).toString('base64url'), csrf: randomBytes(32).toString('base64url'), created: t, lastSeen: t };
      map.set(digest(s.id).toString('hex'), s);
      return s;
    },
    fromCookie(header) {
      const id = cookieValue(header, COOKIE);
      if (!id || !/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
      // Keyed by the id's digest: the lookup does not compare the secret byte by byte.
      const key = digest(id).toString('hex');
      const s = map.get(key);
      if (!s) return undefined;
      const t = now();
      if (expired(s, t)) {
        map.delete(key);
        return undefined;
      }
      s.lastSeen = t;
      return s;
    },
    destroy(id) {
      map.delete(digest(id).toString('hex'));
    },
    get size() {
      return map.size;
    },
  };
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

export function sessionCookie(s: Session, secure: boolean): string {
  return `${COOKIE}=${s.id}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${Math.floor(ABSOLUTE_MS / 1000)}${secure ? '; Secure' : ''}`;
}

export function clearCookie(secure: boolean): string {
  return `${COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
}
