/**
 * JWT access-token verification. Structural checks run before any key lookup or crypto: size,
 * compact form, header key sources (jku/x5u/jwk/x5c are refused), kid shape, alg allow-list per
 * issuer (never `none`, never HS*), typ. Then jose verifies the signature and iss/aud/exp/nbf/iat
 * with the injected clock, and we bound the lifetime.
 */
import { errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { PhiguardError, type ReasonCode } from '../core/errors.js';
import type { Clock } from '../core/types.js';
import type { JwksKeySource } from './jwks.js';
import { normaliseTyp } from './policy/index.js';
import type { IdentityConfig, IssuerConfig } from './types.js';

const COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const KID = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;
const FORBIDDEN_HEADERS = ['jku', 'x5u', 'jwk', 'x5c'] as const;
const MAX_HEADER_CHARS = 2048;

export interface VerifiedToken {
  readonly issuer: IssuerConfig;
  readonly payload: JWTPayload;
  readonly header: { readonly alg: string; readonly kid?: string; readonly typ?: string };
}

function decodeSegment(seg: string, max: number): Record<string, unknown> {
  if (seg.length > max) throw new PhiguardError('PG_AUTH_INVALID', 'token segment too large');
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(seg, 'base64url').toString('utf8'));
  } catch {
    throw new PhiguardError('PG_AUTH_INVALID', 'token segment is not JSON');
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new PhiguardError('PG_AUTH_INVALID', 'token segment is not an object');
  return v as Record<string, unknown>;
}

/** Checks that need no key: returns the issuer config and the header. Throws PhiguardError. */
export function precheck(token: string, cfg: IdentityConfig): { issuer: IssuerConfig; header: VerifiedToken['header'] } {
  if (token.length > cfg.maxTokenBytes) throw new PhiguardError('PG_AUTH_INVALID', 'token too large');
  if (!COMPACT.test(token)) throw new PhiguardError('PG_AUTH_INVALID', 'not a compact JWS');
  const [h, p] = token.split('.') as [string, string, string];
  const header = decodeSegment(h, MAX_HEADER_CHARS);
  for (const name of FORBIDDEN_HEADERS) {
    if (Object.prototype.hasOwnProperty.call(header, name)) throw new PhiguardError('PG_AUTH_INVALID', `header key source "${name}" refused`);
  }
  const alg = header.alg;
  if (typeof alg !== 'string' || alg.toLowerCase() === 'none' || /^HS/i.test(alg)) throw new PhiguardError('PG_AUTH_ALG', 'alg refused');
  const kid = header.kid;
  if (kid !== undefined && (typeof kid !== 'string' || !KID.test(kid) || kid.includes('..'))) {
    throw new PhiguardError('PG_AUTH_INVALID', 'kid malformed');
  }
  const payload = decodeSegment(p, cfg.maxTokenBytes);
  const iss = payload.iss;
  const issuer = typeof iss === 'string' ? cfg.issuers.find((i) => i.issuer === iss) : undefined;
  if (!issuer) throw new PhiguardError('PG_AUTH_CLAIMS', 'iss not accepted');
  if (!issuer.algorithms.includes(alg)) throw new PhiguardError('PG_AUTH_ALG', 'alg not allowed for issuer');
  const typ = header.typ;
  if (typ === undefined) {
    if (issuer.requireType) throw new PhiguardError('PG_AUTH_CLAIMS', 'typ missing');
  } else if (typeof typ !== 'string' || !issuer.types.includes(normaliseTyp(typ))) {
    throw new PhiguardError('PG_AUTH_CLAIMS', 'typ not accepted');
  }
  return { issuer, header: { alg, ...(typeof kid === 'string' ? { kid } : {}), ...(typeof typ === 'string' ? { typ } : {}) } };
}

const JOSE_CODES: Readonly<Record<string, ReasonCode>> = {
  ERR_JWT_EXPIRED: 'PG_AUTH_EXPIRED',
  ERR_JWT_CLAIM_VALIDATION_FAILED: 'PG_AUTH_CLAIMS',
  ERR_JOSE_ALG_NOT_ALLOWED: 'PG_AUTH_ALG',
  ERR_JOSE_NOT_SUPPORTED: 'PG_AUTH_ALG',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'PG_AUTH_INVALID',
  ERR_JWKS_NO_MATCHING_KEY: 'PG_AUTH_KEY_UNKNOWN',
};

export function mapJoseError(err: unknown): PhiguardError {
  if (err instanceof PhiguardError) return err;
  if (err instanceof joseErrors.JOSEError) {
    const claim = err instanceof joseErrors.JWTClaimValidationFailed || err instanceof joseErrors.JWTExpired ? ` (${err.claim})` : '';
    return new PhiguardError(JOSE_CODES[err.code] ?? 'PG_AUTH_INVALID', `${err.code}${claim}`);
  }
  return new PhiguardError('PG_AUTH_INVALID', 'token verification failed');
}

/** Full verification. `keys` maps issuer -> key source. Throws PhiguardError (never echoes the token). */
export async function verifyJwt(token: string, cfg: IdentityConfig, keys: ReadonlyMap<string, JwksKeySource>, clock: Clock): Promise<VerifiedToken> {
  const { issuer, header } = precheck(token, cfg);
  const source = keys.get(issuer.issuer);
  if (!source) throw new PhiguardError('PG_AUTH_CLAIMS', 'iss has no key source');
  const now = clock.now();
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, () => source.getKey(header.alg, header.kid), {
      issuer: issuer.issuer,
      audience: [...issuer.audience],
      algorithms: [...issuer.algorithms],
      clockTolerance: Math.floor(issuer.clockToleranceMs / 1000),
      currentDate: new Date(now),
      maxTokenAge: Math.floor(issuer.maxTokenAgeMs / 1000),
      requiredClaims: ['exp', 'iat'], // a missing sub is refused as anonymous (./principal.ts)
    }));
  } catch (err) {
    throw mapJoseError(err);
  }
  const exp = (payload.exp as number) * 1000;
  const iat = (payload.iat as number) * 1000;
  const slack = issuer.clockToleranceMs;
  if (exp - iat > issuer.maxLifetimeMs + slack || exp - now > issuer.maxLifetimeMs + slack) {
    throw new PhiguardError('PG_AUTH_CLAIMS', 'exp beyond max lifetime');
  }
  return { issuer, payload, header };
}
