/**
 * Test identities. The runner generates a signing key for the run (never a file), replaces the
 * keys of every issuer in the policy's `identity:` with its public half (issuer, audience, claim
 * paths, algorithms and every other check stay as the policy says), and mints a real JWT for each
 * principal at the case's time. mTLS clients present the fingerprint the policy lists for them.
 */
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { TransportInfo } from '../../core/types.js';
import type { IssuerConfig } from '../../access/types.js';
import type { CompiledPolicy } from '../../policy/types.js';
import type { PrincipalSpec } from './types.js';

/** Preferred order when an issuer allows several algorithms. */
const PREFERRED = ['ES256', 'EdDSA', 'ES384', 'PS256', 'RS256', 'ES512', 'PS384', 'RS384', 'PS512', 'RS512'];

interface SigningKey { readonly alg: string; readonly kid: string; readonly privateKey: CryptoKey; readonly jwk: JWK }

export interface Credentials {
  readonly headers: Array<[string, string]>;
  readonly tls?: TransportInfo;
}

export interface TestIdentity {
  /** The policy with the test keys in place of its issuers' JWKS. */
  readonly policy: CompiledPolicy;
  credentials(p: PrincipalSpec, nowMs: number): Promise<Credentials>;
}

function pickAlg(issuer: IssuerConfig): string {
  return PREFERRED.find((a) => issuer.algorithms.includes(a)) ?? issuer.algorithms[0] ?? 'ES256';
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let o = target;
  path.slice(0, -1).forEach((k) => {
    if (!o[k] || typeof o[k] !== 'object') o[k] = {};
    o = o[k] as Record<string, unknown>;
  });
  const last = path[path.length - 1];
  if (last) o[last] = value;
}

export async function testIdentity(policy: CompiledPolicy): Promise<TestIdentity> {
  const identity = policy.identity;
  const keys = new Map<string, SigningKey>();
  for (const iss of identity?.issuers ?? []) {
    const alg = pickAlg(iss);
    if (keys.has(alg)) continue;
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    const kid = `phiguard-test-${alg.toLowerCase()}`;
    keys.set(alg, { alg, kid, privateKey: privateKey as CryptoKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } });
  }
  const jwks = Object.freeze([...keys.values()].map((k) => Object.freeze({ ...k.jwk }) as Record<string, unknown>));
  const tested: CompiledPolicy = identity
    ? {
        ...policy,
        identity: {
          ...identity,
          issuers: identity.issuers.map((iss) => {
            const { url: _url, keys: _keys, ...rest } = iss.jwks;
            return { ...iss, jwks: { ...rest, keys: jwks } };
          }),
        },
      }
    : policy;

  const header = identity?.header ?? 'authorization';
  return {
    policy: tested,
    async credentials(p, nowMs) {
      if (p.mtls !== undefined) {
        const client = identity?.mtlsClients.find((c) => c.id === p.mtls);
        if (!client) throw new Error('unknown mTLS client');
        return {
          headers: [],
          tls: { encrypted: true, protocol: 'TLSv1.3', authorized: true, peerCertificate: { subject: `CN=${client.id}`, fingerprint256: client.fingerprint256 } },
        };
      }
      const iss = (identity?.issuers ?? []).find((i) => p.issuer === undefined || i.issuer === p.issuer);
      if (!iss) throw new Error('the policy declares no such issuer');
      const key = keys.get(pickAlg(iss))!;
      const patientRole = p.roles.some((r) => iss.patientRoles.includes(r));
      const scopes = p.scopes ?? (patientRole ? ['openid', 'patient/*.rs'] : ['openid', 'user/*.cruds']);
      const iat = Math.floor(nowMs / 1000);
      const lifetime = Math.max(1, Math.min(600, Math.floor(iss.maxLifetimeMs / 1000)));
      const claims: Record<string, unknown> = { auth_time: iat, amr: p.mfa ? ['pwd', 'otp'] : ['pwd'], sid: `test-session-${p.name}` };
      setPath(claims, iss.claims.roles, [...p.roles]);
      setPath(claims, iss.claims.scope, scopes.join(' '));
      setPath(claims, iss.claims.clientId, 'phiguard-test');
      if (p.patient !== undefined) setPath(claims, iss.claims.patient, p.patient);
      if (p.purpose !== undefined) setPath(claims, identity?.purposeOfUse.claim ?? iss.claims.purposeOfUse, p.purpose);
      Object.assign(claims, p.claims ?? {});
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: iss.types[0] ?? 'at+jwt' })
        .setIssuer(iss.issuer)
        .setAudience(iss.audience[0] ?? 'phiguard-test')
        .setSubject(p.sub ?? p.name)
        .setIssuedAt(iat)
        .setExpirationTime(iat + lifetime)
        .setJti(randomUUID())
        .sign(key.privateKey);
      const value = header === 'authorization' ? `Bearer ${token}` : token;
      return { headers: [[header, value]] };
    },
  };
}
