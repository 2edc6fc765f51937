/**
 * Token attacks beyond src/guards/identify's own tests, through the full pipeline (simulate):
 * JWS header games (crit, b64:false, cty nested JWT, typ case), JSON serialization, claim types
 * (exp/iat as strings, floats, huge), aud arrays, and issuer/kid confusion between two configured
 * issuers. Each must be refused before the request is forwarded.
 */
import { KeyObject, sign as rawSign } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompactSign, FlattenedSign, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPolicyText } from '../../src/policy/index.js';
import { createPhiguard, type Phiguard } from '../../src/runtime/index.js';
import { simulate } from '../../src/runtime/simulate.js';

const A = 'https://idp-a.test.invalid';
const B = 'https://idp-b.test.invalid';
interface Key { kid: string; priv: CryptoKey; pub: JWK }
let ka: Key;
let kb: Key;
let g: Phiguard;

async function key(kid: string): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return { kid, priv: privateKey as CryptoKey, pub: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
}

const policy = `
version: 1
name: token-attacks
identity:
  issuers:
    - { issuer: "${A}", audience: api, jwks: { file: ./a.json }, algorithms: [ES256], types: [at+jwt], patientRoles: [patient] }
    - { issuer: "${B}", audience: api, jwks: { file: ./b.json }, algorithms: [ES256], types: [at+jwt], patientRoles: [patient] }
roles: [clinician, patient]
routes:
  - { id: read, method: GET, path: "/Patient/{id}", resource: Patient, interaction: read, patient: "{id}", allow: { roles: [clinician, patient] } }
`;

beforeAll(async () => {
  ka = await key('shared-kid');
  kb = await key('shared-kid'); // same kid at both issuers, different keys
  const dir = mkdtempSync(join(tmpdir(), 'pg-sec-tok-'));
  writeFileSync(join(dir, 'a.json'), JSON.stringify({ keys: [ka.pub] }));
  writeFileSync(join(dir, 'b.json'), JSON.stringify({ keys: [kb.pub] }));
  const { policy: p, errors } = checkPolicyText(join(dir, 'policy.yaml'), policy, {});
  expect(errors).toEqual([]);
  g = await createPhiguard({ policy: p!, auditStore: 'memory:', log: () => undefined });
});
afterAll(() => g.close());

const now = () => Math.floor(Date.now() / 1000);
const claims = (over: Record<string, unknown> = {}) => ({ iss: A, aud: 'api', sub: 'dr-1', iat: now(), exp: now() + 600, roles: ['clinician'], scope: 'user/*.rs', ...over });
const enc = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));

async function sign(payload: unknown, header: Record<string, unknown> = {}, k: Key = ka): Promise<string> {
  return new CompactSign(typeof payload === 'string' ? new TextEncoder().encode(payload) : enc(payload))
    .setProtectedHeader({ alg: 'ES256', kid: k.kid, typ: 'at+jwt', ...header } as never)
    .sign(k.priv);
}

/** Signs any header/payload bytes by hand (jose refuses to produce some hostile shapes). */
function handSign(header: Record<string, unknown>, payload: string, k: Key = ka): string {
  const h = Buffer.from(JSON.stringify({ alg: 'ES256', kid: k.kid, typ: 'at+jwt', ...header })).toString('base64url');
  const input = `${h}.${payload}`;
  const sig = rawSign('sha256', Buffer.from(input), { key: KeyObject.from(k.priv), dsaEncoding: 'ieee-p1363' }).toString('base64url');
  return `${input}.${sig}`;
}
const b64u = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

async function call(token: string) {
  return simulate(g, { target: '/Patient/p1', headers: { authorization: `Bearer ${token}` } }, () => ({ status: 200, headers: [['content-type', 'application/fhir+json']], body: '{"resourceType":"Patient","id":"p1"}' }));
}

describe('control', () => {
  it('a well-formed token from either issuer is accepted (also hand-signed)', async () => {
    expect((await call(handSign({}, b64u(claims())))).status).toBe(200);
    expect((await call(await sign(claims()))).status).toBe(200);
    expect((await call(await sign(claims({ iss: B }), {}, kb))).status).toBe(200);
    expect((await call(await sign(claims({ aud: ['other', 'api'] })))).status).toBe(200);
  });
});

describe('refused token shapes', () => {
  const cases: Array<[string, () => Promise<string>]> = [
    ['crit with an unknown extension', async () => handSign({ crit: ['x-unknown'], 'x-unknown': true }, b64u(claims()))],
    ['b64:false (unencoded payload, base64url-looking)', async () => handSign({ b64: false, crit: ['b64'] }, b64u(claims()))],
    ['crit naming a registered header', async () => handSign({ crit: ['alg'] }, b64u(claims()))],
    ['nested JWT (cty: JWT) wrapping a token', async () => sign(await sign(claims()), { cty: 'JWT' })],
    ['typ JWT when only at+jwt is accepted', () => sign(claims(), { typ: 'JWT' })],
    ['typ with trailing space', () => sign(claims(), { typ: 'at+jwt ' })],
    ['typ as an array', () => sign(claims(), { typ: ['at+jwt'] })],
    ['exp as a string', () => sign(claims({ exp: String(now() + 600) }))],
    ['iat as a string', () => sign(claims({ iat: String(now()) }))],
    ['exp huge (beyond max lifetime)', () => sign(claims({ exp: 1e12 }))],
    ['exp as Infinity-ish 1e400 (JSON number overflow)', () => sign(`{"iss":"${A}","aud":"api","sub":"dr-1","iat":${now()},"exp":1e400,"roles":["clinician"]}`)],
    ['iat in the future', () => sign(claims({ iat: now() + 3600, exp: now() + 3700 }))],
    ['aud array without our audience', () => sign(claims({ aud: ['other', 'API'] }))],
    ['iss B signed with issuer A key under the same kid', () => sign(claims({ iss: B }), {}, ka)],
    ['iss A signed with issuer B key under the same kid', () => sign(claims({ iss: A }), {}, kb)],
    ['iss with a trailing slash', () => sign(claims({ iss: `${A}/` }))],
    ['duplicate iss keys (B last) signed by A', () => sign(`{"iss":"${A}","aud":"api","sub":"dr-1","iat":${now()},"exp":${now() + 600},"roles":["clinician"],"iss":"${B}"}`)],
    ['sub with a control character', () => sign(claims({ sub: 'dr-1\u0000admin' }))],
    ['sub that trims to a denied subject', () => sign(claims({ sub: ' ' }))],
  ];
  it.each(cases)('%s', async (_name, make) => {
    const r = await call(await make());
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.forwarded).toBe(false);
    expect(r.code).toMatch(/^PG_AUTH_/);
  });

  it('JWS JSON serialization (flattened) is not a bearer token', async () => {
    const jws = await new FlattenedSign(enc(claims())).setProtectedHeader({ alg: 'ES256', kid: ka.kid, typ: 'at+jwt' }).sign(ka.priv);
    for (const t of [JSON.stringify(jws), Buffer.from(JSON.stringify(jws)).toString('base64url')]) {
      const r = await simulate(g, { target: '/Patient/p1', headers: { authorization: `Bearer ${t}` } }, () => ({ status: 200, body: '{}' }));
      expect(r.forwarded).toBe(false);
      expect(r.code).toMatch(/^PG_AUTH_/);
    }
  });

  it('two Authorization headers, or a token in the query string, are refused', async () => {
    const t = await sign(claims());
    const two = await simulate(g, { target: '/Patient/p1', headers: [['authorization', `Bearer ${t}`], ['Authorization', `Bearer ${t}`]] }, () => ({ status: 200, body: '{}' }));
    expect(two.forwarded).toBe(false);
    expect(two.code).toBe('PG_HEADER_DUPLICATE');
    const q = await simulate(g, { target: `/Patient/p1?access_token=${t}` }, () => ({ status: 200, body: '{}' }));
    expect(q.forwarded).toBe(false);
  });

  it('a patient token from issuer B cannot read another patient via issuer A key reuse or claim types', async () => {
    const pt = (over: Record<string, unknown>) => sign(claims({ iss: B, sub: 'pt-1', roles: ['patient'], scope: 'patient/*.rs', patient: 'p2', ...over }), {}, kb);
    expect((await call(await pt({}))).code).toBe('PG_AUTHZ_PATIENT_COMPARTMENT');
    // patient claim of the wrong type: no patient context, still confined (fail closed)
    expect((await call(await pt({ patient: ['p1'] }))).code).toBe('PG_AUTHZ_PATIENT_COMPARTMENT');
    expect((await call(await pt({ patient: { id: 'p1' } }))).code).toBe('PG_AUTHZ_PATIENT_COMPARTMENT');
    // roles as a space-separated string still makes the principal a patient
    expect((await call(await pt({ roles: 'clinician patient' }))).code).toBe('PG_AUTHZ_PATIENT_COMPARTMENT');
  });
});
