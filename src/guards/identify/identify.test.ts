/** The identify stage on whole requests: credential sources, public routes, mTLS, sessions, cache. */
import { beforeAll, describe, expect, it } from 'vitest';
import { codeOf, frozenClock, makeCtx, makeKey, mint, policyFrom, T0, type TestKey } from '../../../test/helpers/access.js';
import { testPolicy } from '../../../test/helpers/policy-text.js';
import { MemoryStateStore } from '../../access/state/memory.js';
import type { CompiledPolicy } from '../../policy/types.js';
import { createIdentifyStage } from './index.js';

let key: TestKey;
let policy: CompiledPolicy;
const FP = `${'AB:'.repeat(31)}AB`;

beforeAll(async () => {
  key = await makeKey('ES256', 'k1');
  policy = policyFrom(testPolicy('{ file: ./jwks.json }'), { 'jwks.json': JSON.stringify({ keys: [key.publicJwk] }) });
});

function setup() {
  const clock = frozenClock();
  const stage = createIdentifyStage(policy, { clock, state: new MemoryStateStore() });
  const run = async (spec: Parameters<typeof makeCtx>[1]) => {
    const ctx = makeCtx(policy, spec, clock);
    const code = await codeOf(() => stage.onRequest!(ctx));
    return { code, ctx };
  };
  return { clock, stage, run };
}

describe('identify stage', () => {
  it('sets a principal from a valid bearer token', async () => {
    const { run } = setup();
    const { code, ctx } = await run({ path: '/Patient/1', token: await mint(key, { sub: 'dr-1' }) });
    expect(code).toBe('OK');
    expect(ctx.principal?.id).toBe('https://idp.test.invalid|dr-1');
  });

  it('requires credentials on protected routes and refuses other schemes and query-string tokens', async () => {
    const { run } = setup();
    const token = await mint(key);
    expect((await run({ path: '/Patient/1' })).code).toBe('PG_AUTH_MISSING');
    expect((await run({ path: '/Patient/1', headers: { authorization: 'Basic dXNlcjpwYXNz' } })).code).toBe('PG_AUTH_INVALID');
    expect((await run({ path: '/Patient/1', headers: { authorization: `Bearer ${token}, Bearer ${token}` } })).code).toBe('PG_AUTH_INVALID');
    expect((await run({ path: `/Patient/1?access_token=${token}` })).code).toBe('PG_AUTH_INVALID');
    expect((await run({ path: `/metadata?access_token=${token}` })).code).toBe('PG_AUTH_INVALID');
  });

  it('public routes need no identity, but a present invalid token still denies', async () => {
    const { run } = setup();
    const ok = await run({ path: '/metadata' });
    expect(ok.code).toBe('OK');
    expect(ok.ctx.principal).toBeUndefined();
    expect((await run({ path: '/metadata', token: 'eyJhbGciOiJub25lIn0.e30.x' })).code).toBe('PG_AUTH_ALG');
    const expired = await mint(key, { iat: T0 / 1000 - 700, exp: T0 / 1000 - 100 });
    expect((await run({ path: '/metadata', token: expired })).code).toBe('PG_AUTH_EXPIRED');
    expect((await run({ path: '/metadata', token: await mint(key) })).ctx.principal).toBeDefined();
  });

  it('mTLS: a verified, listed client certificate is a system principal', async () => {
    const { run } = setup();
    const tls = (fingerprint256: string, authorized = true) => ({ encrypted: true, authorized, peerCertificate: { subject: 'CN=lab', fingerprint256 } });
    const ok = await run({ method: 'POST', path: '/Observation', tls: tls(FP.toLowerCase()) });
    expect(ok.code).toBe('OK');
    expect(ok.ctx.principal).toMatchObject({ id: `mtls|${FP}`, kind: 'system', roles: ['system'], method: 'mtls' });
    expect((await run({ path: '/Observation', tls: tls(`${'CD:'.repeat(31)}CD`) })).code).toBe('PG_AUTH_MTLS');
    expect((await run({ path: '/Observation', tls: tls(FP, false) })).code).toBe('PG_AUTH_MTLS');
  });

  it('purpose of use: header within the vocabulary and within what the token grants', async () => {
    const { run } = setup();
    const t = await mint(key);
    expect((await run({ path: '/Patient/1', token: t, headers: { 'x-purpose-of-use': 'TREAT' } })).ctx.principal?.purposeOfUse).toBe('TREAT');
    expect((await run({ path: '/Patient/1', token: t, headers: { 'x-purpose-of-use': 'MARKETING' } })).code).toBe('PG_AUTHZ_PURPOSE');
    const bound = await mint(key, { purpose_of_use: 'HPAYMT' });
    expect((await run({ path: '/Patient/1', token: bound })).ctx.principal?.purposeOfUse).toBe('HPAYMT');
    expect((await run({ path: '/Patient/1', token: bound, headers: { 'x-purpose-of-use': 'TREAT' } })).code).toBe('PG_AUTHZ_PURPOSE');
  });

  it('automatic logoff: idle timeout (15m) by sid, across fresh tokens', async () => {
    const { run, clock } = setup();
    const at = async () => mint(key, { sid: 'sess-1' }, {}, clock.now());
    expect((await run({ path: '/Patient/1', token: await at() })).code).toBe('OK');
    clock.advance(14 * 60_000);
    expect((await run({ path: '/Patient/1', token: await at() })).code).toBe('OK');
    clock.advance(15 * 60_000);
    expect((await run({ path: '/Patient/1', token: await at() })).code).toBe('PG_SESSION_IDLE_TIMEOUT');
    // Once logged off, the session stays ended.
    expect((await run({ path: '/Patient/1', token: await at() })).code).toBe('PG_SESSION_IDLE_TIMEOUT');
    // Another session is unaffected.
    expect((await run({ path: '/Patient/1', token: await mint(key, { sid: 'sess-2' }, {}, clock.now()) })).code).toBe('OK');
  });

  it('automatic logoff: absolute timeout (8h) from auth_time', async () => {
    const { run, clock } = setup();
    const authTime = T0 / 1000 - 8 * 3600 + 120;
    const at = async () => mint(key, { auth_time: authTime }, {}, clock.now());
    expect((await run({ path: '/Patient/1', token: await at() })).code).toBe('OK');
    clock.advance(60_000);
    expect((await run({ path: '/Patient/1', token: await at() })).code).toBe('OK');
    clock.advance(61_000);
    expect((await run({ path: '/Patient/1', token: await at() })).code).toBe('PG_SESSION_ABSOLUTE_TIMEOUT');
  });

  it('caches verified tokens: no re-verification, and never past exp', async () => {
    const { stage, clock } = setup();
    const t = await mint(key, { exp: T0 / 1000 + 120 });
    const p1 = await stage.authenticate(t);
    expect(await stage.authenticate(t)).toBe(p1); // same object: served from the cache
    expect(stage.cacheSize()).toBe(1);
    clock.advance(119_000);
    expect(await stage.authenticate(t)).toBe(p1);
    clock.advance(2_000); // past exp: the entry is gone (re-verified, within the 30s clock tolerance)
    expect(await stage.authenticate(t)).not.toBe(p1);
    clock.advance(31_000);
    expect(await codeOf(() => stage.authenticate(t))).toBe('PG_AUTH_EXPIRED');
  });
});

describe('no token material in logs', () => {
  it('logs codes only, never tokens, signatures or claims', async () => {
    const events: string[] = [];
    const clock = frozenClock();
    const stage = createIdentifyStage(policy, { clock, state: new MemoryStateStore(), log: (e) => events.push(JSON.stringify(e)) });
    const good = await mint(key, { sub: 'secret-subject-42', patient: 'p-777' });
    const bad = [good.slice(0, -4) + 'AAAA', await mint(key, { aud: 'nope', sub: 'secret-subject-42' }), await mint(key, {}, { jku: 'http://x' })];
    for (const t of [good, ...bad]) await codeOf(() => stage.onRequest!(makeCtx(policy, { path: '/Patient/1', token: t }, clock)));
    expect(events.length).toBe(3);
    const all = events.join('\n');
    for (const t of [good, ...bad]) for (const part of t.split('.')) expect(all).not.toContain(part.slice(0, 20));
    expect(all).not.toContain('secret-subject-42');
    expect(all).not.toContain('p-777');
    expect(all).toContain('PG_AUTH_INVALID');
    expect(all).toContain('PG_AUTH_CLAIMS');
  });
});
