/** Adversarial JWT cases against a real JWKS HTTP server on 127.0.0.1, real keys, a frozen clock. */
import { createHmac, createPublicKey, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, SignJWT } from 'jose';
import { PhiguardError } from '../../core/errors.js';
import { AUD, b64, frozenClock, ISS, makeKey, mint, policyFrom, startJwksServer, T0, type JwksServer, type TestKey } from '../../../test/helpers/access.js';
import { testPolicy } from '../../../test/helpers/policy-text.js';
import { createIdentifyStage, type IdentifyStage } from './index.js';

let es: TestKey;
let rs: TestKey;
let rogue: TestKey;
let server: JwksServer;
let clock: ReturnType<typeof frozenClock>;
let stage: IdentifyStage;

const jwksYaml = (url: string) => `{ url: "${url}", timeout: 1s, cooldown: 30s, maxAge: 10m, maxStale: 1d, maxRefetchPerMinute: 3 }`;
const newStage = () => {
  clock = frozenClock();
  return createIdentifyStage(policyFrom(testPolicy(jwksYaml(server.url))), { clock });
};

/** The error code, checking the token never appears in the error. */
async function reject(token: string, s = stage): Promise<string> {
  try {
    await s.authenticate(token);
    return 'OK';
  } catch (err) {
    if (!(err instanceof PhiguardError)) throw err;
    const sig = token.split('.')[2] ?? token;
    expect(`${err.message} ${err.detail ?? ''}`).not.toContain(sig.slice(0, 16) || 'never');
    return err.code;
  }
}

beforeAll(async () => {
  [es, rs, rogue] = await Promise.all([makeKey('ES256', 'es-1'), makeKey('RS256', 'rs-1'), makeKey('ES256', 'rogue-1')]);
  server = await startJwksServer([es.publicJwk, rs.publicJwk]);
  stage = newStage();
});
afterAll(() => server.close());

describe('JWT verification', () => {
  it('accepts valid ES256 and RS256 tokens and builds the principal', async () => {
    const p = await stage.authenticate(await mint(es, { sub: 'dr-1', roles: ['clinician'], scope: 'openid user/*.rs', patient: 'p1', client_id: 'app', amr: ['pwd', 'otp'], sid: 's1' }));
    expect(p).toMatchObject({ id: `${ISS}|dr-1`, issuer: ISS, subject: 'dr-1', kind: 'user', roles: ['clinician'], scopes: ['openid', 'user/*.rs'], patient: 'p1', clientId: 'app', amr: ['pwd', 'otp'], sessionId: 's1', method: 'jwt' });
    expect(await reject(await mint(rs))).toBe('OK');
  });

  it('rejects alg none', async () => {
    const body = b64({ iss: ISS, aud: AUD, sub: 'u', iat: T0 / 1000, exp: T0 / 1000 + 60 });
    expect(await reject(`${b64({ alg: 'none', typ: 'at+jwt' })}.${body}.`)).toMatch(/PG_AUTH_(ALG|INVALID)/);
    expect(await reject(`${b64({ alg: 'none', typ: 'at+jwt' })}.${body}.AAAA`)).toBe('PG_AUTH_ALG');
    expect(await reject(`${b64({ alg: 'NONE', typ: 'at+jwt', kid: 'rs-1' })}.${body}.AAAA`)).toBe('PG_AUTH_ALG');
  });

  it('rejects HS256 signed with the RSA public key (HS/RS confusion)', async () => {
    const pem = createPublicKey({ key: rs.publicJwk as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    const input = `${b64({ alg: 'HS256', typ: 'at+jwt', kid: 'rs-1' })}.${b64({ iss: ISS, aud: AUD, sub: 'u', iat: T0 / 1000, exp: T0 / 1000 + 60 })}`;
    const sig = createHmac('sha256', pem).update(input).digest('base64url');
    expect(await reject(`${input}.${sig}`)).toBe('PG_AUTH_ALG');
    // Same with the raw modulus bytes as the secret, and with jose signing it properly.
    const forged = await new SignJWT({ iss: ISS, aud: AUD, sub: 'u', iat: T0 / 1000, exp: T0 / 1000 + 60 })
      .setProtectedHeader({ alg: 'HS256', kid: 'rs-1', typ: 'at+jwt' })
      .sign(Buffer.from(String(rs.publicJwk.n), 'base64url'));
    expect(await reject(forged)).toBe('PG_AUTH_ALG');
  });

  it('rejects an alg outside the issuer allow-list even if the key would fit', async () => {
    const ps = await generateKeyPair('PS256');
    const token = await new SignJWT({ iss: ISS, aud: AUD, sub: 'u', iat: T0 / 1000, exp: T0 / 1000 + 60 }).setProtectedHeader({ alg: 'PS256', kid: 'rs-1', typ: 'at+jwt' }).sign(ps.privateKey);
    expect(await reject(token)).toBe('PG_AUTH_ALG');
  });

  it('rejects unknown, path-like and oversized kids', async () => {
    expect(await reject(await mint(rogue))).toBe('PG_AUTH_KEY_UNKNOWN');
    expect(await reject(await mint(es, {}, { kid: '../../etc/passwd' }))).toBe('PG_AUTH_INVALID');
    expect(await reject(await mint(es, {}, { kid: '..' }))).toBe('PG_AUTH_INVALID');
    expect(await reject(await mint(es, {}, { kid: 'a'.repeat(200) }))).toBe('PG_AUTH_INVALID');
    expect(await reject(await mint(es, {}, { kid: 42 }))).toBe('PG_AUTH_INVALID');
  });

  it('rejects jku, x5u, jwk and x5c header key sources', async () => {
    const attackerJwk = rogue.publicJwk;
    for (const h of [{ jku: 'http://127.0.0.1:1/jwks' }, { x5u: 'http://127.0.0.1:1/cert' }, { jwk: attackerJwk }, { x5c: ['MIIB'] }]) {
      // Validly signed by the trusted key: only the header key source makes it unacceptable.
      expect(await reject(await mint(es, {}, h))).toBe('PG_AUTH_INVALID');
      // Signed by the attacker key that the header points to.
      expect(await reject(await mint({ ...rogue, kid: 'es-1' }, {}, h))).toBe('PG_AUTH_INVALID');
    }
  });

  it('rejects missing exp, huge exp, future nbf, expired and too-old tokens', async () => {
    const now = T0 / 1000;
    const noExp = await new SignJWT({ iss: ISS, aud: AUD, sub: 'u', iat: now }).setProtectedHeader({ alg: 'ES256', kid: 'es-1', typ: 'at+jwt' }).sign(es.privateKey);
    expect(await reject(noExp)).toBe('PG_AUTH_CLAIMS');
    expect(await reject(await mint(es, { exp: now + 30 * 86_400 }))).toBe('PG_AUTH_CLAIMS');
    expect(await reject(await mint(es, { iat: now - 60, exp: now + 3_500 + 600 }))).toBe('PG_AUTH_CLAIMS');
    expect(await reject(await mint(es, { nbf: now + 600 }))).toBe('PG_AUTH_CLAIMS');
    expect(await reject(await mint(es, { iat: now - 700, exp: now - 100 }))).toBe('PG_AUTH_EXPIRED');
    expect(await reject(await mint(es, { iat: now + 3_600, exp: now + 3_700 }))).toMatch(/PG_AUTH_(CLAIMS|EXPIRED)/);
    const noIat = await new SignJWT({ iss: ISS, aud: AUD, sub: 'u', exp: now + 60 }).setProtectedHeader({ alg: 'ES256', kid: 'es-1', typ: 'at+jwt' }).sign(es.privateKey);
    expect(await reject(noIat)).toBe('PG_AUTH_CLAIMS');
  });

  it('rejects wrong aud, wrong iss and wrong or missing typ', async () => {
    expect(await reject(await mint(es, { aud: 'other-api' }))).toBe('PG_AUTH_CLAIMS');
    expect(await reject(await mint(es, { iss: 'https://evil.invalid' }))).toBe('PG_AUTH_CLAIMS');
    expect(await reject(await mint(es, {}, { typ: 'id_token+jwt' }))).toBe('PG_AUTH_CLAIMS');
    expect(await reject(await mint(es, {}, { typ: undefined }))).toBe('PG_AUTH_CLAIMS');
    expect(await reject(await mint(es, {}, { typ: 'application/at+jwt' }))).toBe('OK');
  });

  it('rejects tampered, oversized and malformed tokens', async () => {
    const t = await mint(es);
    const [h, p, s] = t.split('.') as [string, string, string];
    const other = b64({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), roles: ['admin'] });
    expect(await reject(`${h}.${other}.${s}`)).toBe('PG_AUTH_INVALID');
    expect(await reject(await mint(es, { roles: Array.from({ length: 2000 }, (_, i) => `role-${i}`) }))).toBe('PG_AUTH_INVALID');
    expect(await reject('not.a.jwt!')).toBe('PG_AUTH_INVALID');
    expect(await reject(`${h}.${p}.${s}.x.y`)).toBe('PG_AUTH_INVALID');
    expect(await reject(`${b64(['array'])}.${p}.${s}`)).toBe('PG_AUTH_INVALID');
  });

  it('rejects anonymous and shared subjects', async () => {
    for (const sub of ['admin', 'Shared', 'TEST', ' ', '']) expect(await reject(await mint(es, { sub }))).toBe('PG_AUTH_ANONYMOUS');
    const noSub = await new SignJWT({ iss: ISS, aud: AUD, iat: T0 / 1000, exp: T0 / 1000 + 60 }).setProtectedHeader({ alg: 'ES256', kid: 'es-1', typ: 'at+jwt' }).sign(es.privateKey);
    expect(await reject(noSub)).toBe('PG_AUTH_ANONYMOUS');
  });
});

describe('JWKS URL: outage, cached keys, kid flood', () => {
  it('fails closed with PG_AUTH_JWKS_UNAVAILABLE (503) when the URL is down, and cached keys keep working', async () => {
    server.setDown(true);
    const s = newStage();
    const token = await mint(es);
    const before = server.requests();
    let err: unknown;
    await s.authenticate(token).catch((e) => (err = e));
    expect(err).toBeInstanceOf(PhiguardError);
    expect((err as PhiguardError).code).toBe('PG_AUTH_JWKS_UNAVAILABLE');
    expect((err as PhiguardError).status).toBe(503);
    // Within the cooldown, no new fetch per request.
    for (let i = 0; i < 20; i++) expect(await reject(await mint(es, { sub: `u${i}` }), s)).toBe('PG_AUTH_JWKS_UNAVAILABLE');
    expect(server.requests() - before).toBe(1);
    // Back up: after the cooldown the keys load.
    server.setDown(false);
    clock.advance(31_000);
    expect(await reject(await mint(es, {}, {}, clock.now()), s)).toBe('OK');
    // Down again, keys past maxAge: the refresh fails but the cached keys still verify.
    server.setDown(true);
    clock.advance(11 * 60_000);
    expect(await reject(await mint(rs, { sub: 'after-outage' }, {}, clock.now()), s)).toBe('OK');
    // A key we never had cannot be checked while the IdP is down.
    expect(await reject(await mint(rogue, {}, {}, clock.now()), s)).toMatch(/PG_AUTH_(JWKS_UNAVAILABLE|KEY_UNKNOWN)/);
    server.setDown(false);
  });

  it('unreachable and hanging JWKS URLs fail closed within the timeout', async () => {
    // No wall clock: the hanging server records that the fetch gave up and closed its connection
    // (the timeout fired) before the test closes anything; a missing timeout hangs until the test timeout.
    const peerClosed: Promise<void>[] = [];
    const hang = createServer((req) => { peerClosed.push(new Promise<void>((r) => req.socket.once('close', () => r()))); }); // accepts, never answers
    await new Promise<void>((r) => hang.listen(0, '127.0.0.1', r));
    const port = (hang.address() as { port: number }).port;
    try {
      for (const url of ['http://127.0.0.1:1/jwks.json', `http://127.0.0.1:${port}/jwks.json`]) {
        const s = createIdentifyStage(policyFrom(testPolicy(`{ url: "${url}", timeout: 300ms }`)), { clock: frozenClock() });
        expect(await reject(await mint(es), s)).toBe('PG_AUTH_JWKS_UNAVAILABLE');
      }
      expect(peerClosed.length).toBeGreaterThan(0);
      await Promise.all(peerClosed);
    } finally {
      hang.closeAllConnections();
      await new Promise((r) => hang.close(r));
    }
  });

  it('a flood of 1000 random kids causes a bounded number of JWKS fetches', async () => {
    const s = newStage();
    expect(await reject(await mint(es), s)).toBe('OK'); // initial load
    const before = server.requests();
    const tokens = await Promise.all(Array.from({ length: 1000 }, () => mint({ ...rogue, kid: randomBytes(12).toString('hex') })));
    const codes = await Promise.all(tokens.map((t) => reject(t, s)));
    expect(new Set(codes)).toEqual(new Set(['PG_AUTH_KEY_UNKNOWN']));
    expect(server.requests() - before).toBeLessThanOrEqual(1);
    // Even as time passes, at most maxRefetchPerMinute fetches per minute.
    for (let i = 0; i < 1000; i++) {
      clock.advance(100);
      await reject(tokens[i] as string, s);
    }
    expect(server.requests() - before).toBeLessThanOrEqual(1 + 4);
    expect(s.keySources.get(ISS)!.fetches).toBeLessThanOrEqual(6);
  });

  it('a key rotated in at the IdP is picked up on an unknown kid (after cooldown)', async () => {
    const s = newStage();
    expect(await reject(await mint(es), s)).toBe('OK');
    const fresh = await makeKey('ES256', 'es-2');
    server.setKeys([es.publicJwk, rs.publicJwk, fresh.publicJwk]);
    clock.advance(31_000);
    expect(await reject(await mint(fresh, {}, {}, clock.now()), s)).toBe('OK');
    server.setKeys([es.publicJwk, rs.publicJwk]);
  });

  it('imports the JWKS key only for the algorithm family it belongs to', async () => {
    const forged = await mint({ ...rs, kid: 'es-1' });
    expect(await reject(forged)).toBe('PG_AUTH_KEY_UNKNOWN');
  });
});
