import { describe, expect, it } from 'vitest';
import type { Principal } from '../core/types.js';
import { enforceSession } from './sessions.js';
import { MemoryStateStore } from './state/memory.js';

const cfg = { idleTimeoutMs: 15 * 60_000, absoluteTimeoutMs: 8 * 3_600_000 };
const now = 1_700_000_000_000;
const principal = (extra: Partial<Principal>): Principal => ({ id: 'iss|dr-1', subject: 'dr-1', issuer: 'iss', roles: ['clinician'], scopes: [], method: 'jwt', ...extra }) as Principal;

describe('absolute session limit anchor', () => {
  it('a session first seen now but authenticated 8 h ago is over its absolute limit (auth_time)', async () => {
    const p = principal({ sessionId: 's1', authTime: Math.floor((now - cfg.absoluteTimeoutMs - 1000) / 1000) });
    await expect(enforceSession(new MemoryStateStore(), cfg, p, 'd', now)).rejects.toMatchObject({ code: 'PG_SESSION_ABSOLUTE_TIMEOUT' });
  });
  it('without auth_time the token issue time anchors it: an empty (reset) store cannot restart it', async () => {
    const p = principal({ sessionId: 's2', issuedAt: Math.floor((now - cfg.absoluteTimeoutMs - 1000) / 1000) });
    await expect(enforceSession(new MemoryStateStore(), cfg, p, 'd', now)).rejects.toMatchObject({ code: 'PG_SESSION_ABSOLUTE_TIMEOUT' });
    const young = principal({ sessionId: 's3', issuedAt: Math.floor((now - 60_000) / 1000) });
    await expect(enforceSession(new MemoryStateStore(), cfg, young, 'd', now)).resolves.toBeUndefined();
  });
});
