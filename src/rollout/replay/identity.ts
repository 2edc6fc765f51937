/**
 * `--trust-recorded-identity` (offline sandbox only): recorded bearer tokens were signed by a
 * production key the sandbox does not hold. Instead of a second, "unverified" identity path, the
 * replay mints an ephemeral key per issuer, puts only that key in the (cloned) policy's JWKS, and
 * re-signs each recorded token's header+claims with it. The identify stage then runs unchanged:
 * issuer, audience, algorithms, typ, exp/nbf/iat (against the replay clock), lifetime, roles,
 * scopes, patient. Only the signature is taken on trust. Tokens that do not decode, or name no
 * issuer of the policy, are left as recorded (and are denied as the gateway would deny them).
 */
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import type { CompiledPolicy } from '../../policy/types.js';

const SIGNABLE = ['ES256', 'ES384', 'ES512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'EdDSA'];
const CACHE_MAX = 1000;

interface IssuerKey {
  alg: string;
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export interface RecordedIdentity {
  /** The policy with each issuer's JWKS replaced by the ephemeral key (everything else as compiled). */
  readonly policy: CompiledPolicy;
  /** Rewrites the identity header of a recorded request (returns the headers unchanged when not applicable). */
  resign(headers: Array<[string, string]>): Promise<Array<[string, string]>>;
}

function decode(seg: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(Buffer.from(seg, 'base64url').toString('utf8')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export async function trustRecordedIdentity(policy: CompiledPolicy): Promise<RecordedIdentity> {
  const identity = policy.identity;
  if (!identity || identity.issuers.length === 0) return { policy, resign: async (h) => h };
  const keys = new Map<string, IssuerKey>();
  for (const [n, issuer] of identity.issuers.entries()) {
    const alg = issuer.algorithms.find((a) => SIGNABLE.includes(a));
    if (!alg) continue;
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    const kid = `phiguard-replay-${n}`;
    keys.set(issuer.issuer, { alg, kid, privateKey: privateKey as CryptoKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } });
  }
  const cloned = {
    ...policy,
    identity: {
      ...identity,
      issuers: identity.issuers.map((i) => {
        const k = keys.get(i.issuer);
        const { url: _url, ...jwks } = i.jwks;
        return { ...i, jwks: { ...jwks, keys: k ? [k.publicJwk as Record<string, unknown>] : [] } };
      }),
    },
  } as CompiledPolicy;
  const header = identity.header.toLowerCase();
  const cache = new Map<string, string>();
  const resignToken = async (token: string): Promise<string> => {
    const hit = cache.get(token);
    if (hit) return hit;
    const parts = token.split('.');
    if (parts.length !== 3) return token;
    const h = decode(parts[0]!);
    const p = decode(parts[1]!);
    const key = p && typeof p.iss === 'string' ? keys.get(p.iss) : undefined;
    if (!h || !p || !key) return token;
    const out = await new SignJWT(p as JWTPayload)
      .setProtectedHeader({ alg: key.alg, kid: key.kid, ...(typeof h.typ === 'string' ? { typ: h.typ } : {}) })
      .sign(key.privateKey);
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
    cache.set(token, out);
    return out;
  };
  return {
    policy: cloned,
    async resign(headers) {
      const out: Array<[string, string]> = [];
      for (const [k, v] of headers) {
        const m = k === header ? /^(bearer)\s+(\S+)$/i.exec(v) : null;
        out.push(m ? [k, `${m[1]} ${await resignToken(m[2]!)}`] : [k, v]);
      }
      return out;
    },
  };
}
