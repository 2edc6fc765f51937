import { describe, expect, it } from 'vitest';
import { ABSOLUTE_MS, COOKIE, cookieValue, createSessions, IDLE_MS, sameSecret, sessionCookie } from './session.js';

describe('dashboard sessions', () => {
  it('finds a session by its cookie, restarts the idle timer, and expires it when idle or too old', () => {
    let t = 1_000_000;
    const sessions = createSessions(() => t);
    const s = sessions.create();
    expect(s.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(s.csrf).not.toBe(s.id);
    const header = `other=1; ${COOKIE}=${s.id}`;
    expect(sessions.fromCookie(header)).toBe(s);
    t += IDLE_MS - 1;
    expect(sessions.fromCookie(header)).toBe(s); // activity restarts the idle timer
    t += IDLE_MS + 1;
    expect(sessions.fromCookie(header)).toBeUndefined();
    expect(sessions.size).toBe(0);

    const old = sessions.create();
    for (let i = 0; i < ABSOLUTE_MS / IDLE_MS + 1; i++) {
      t += IDLE_MS - 1;
      sessions.fromCookie(`${COOKIE}=${old.id}`);
    }
    expect(sessions.fromCookie(`${COOKIE}=${old.id}`)).toBeUndefined(); // absolute limit
  });

  it('refuses malformed and unknown ids, destroys on logout, and stays bounded', () => {
    const sessions = createSessions();
    expect(sessions.fromCookie(undefined)).toBeUndefined();
    expect(sessions.fromCookie(`${COOKIE}=short`)).toBeUndefined();
    expect(sessions.fromCookie(`${COOKIE}=${'A'.repeat(43)}`)).toBeUndefined();
    const s = sessions.create();
    sessions.destroy(s.id);
    expect(sessions.fromCookie(`${COOKIE}=${s.id}`)).toBeUndefined();
    for (let i = 0; i < 1000; i++) sessions.create();
    expect(sessions.size).toBe(256);
  });

  it('cookie attributes and constant-time comparison', () => {
    const s = createSessions().create();
    expect(sessionCookie(s, true)).toMatch(/; HttpOnly; SameSite=Strict; Max-Age=\d+; Secure$/);
    expect(sessionCookie(s, false)).not.toContain('Secure');
    expect(cookieValue('a=1; b=2', 'b')).toBe('2');
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abcd')).toBe(false);
  });
});
