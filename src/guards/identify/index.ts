/**
 * The `identify` stage: every request resolves to one unique principal (164.312(a)(2)(i), (d)).
 * JWT bearer tokens (verified against configured issuers, cached by token digest until `exp`) or
 * mTLS client certificates; then purpose of use and session limits (automatic logoff). Public
 * routes need no identity, but a credential that is present must still be valid.
 */
import { PhiguardError } from '../../core/errors.js';
import type { GuardContext } from '../../core/context.js';
import type { Stage } from '../../core/pipeline.js';
import type { Principal } from '../../core/types.js';
import { closeStateStore, safeLog, stateStoreFor, type AccessDeps } from '../../access/deps.js';
import { JwksKeySource } from '../../access/jwks.js';
import { verifyJwt } from '../../access/jwt.js';
import { principalFromCert, principalFromJwt, resolvePurpose, withPurpose } from '../../access/principal.js';
import { enforceSession } from '../../access/sessions.js';
import { TokenCache, tokenDigest } from '../../access/token-cache.js';
import type { IdentityConfig } from '../../access/types.js';
import type { CompiledPolicy, CompiledRoute } from '../../policy/types.js';
import { clientCertificate, extractToken } from './credentials.js';

export type IdentifyDeps = AccessDeps;

export interface IdentifyStage extends Stage<CompiledRoute> {
  /** Verifies a token as the stage would (no session bookkeeping). For tools and benchmarks. */
  authenticate(token: string): Promise<Principal>;
  readonly keySources: ReadonlyMap<string, JwksKeySource>;
  /** Verified tokens (by digest), handed to the next policy generation when `identity:` is unchanged. */
  readonly cache: TokenCache<Principal>;
  readonly cacheSize: () => number;
  /** Closes the state store's connection (Redis) created for these deps. */
  close(): Promise<void>;
}

const EMPTY: IdentityConfig = Object.freeze({
  header: 'authorization',
  maxTokenBytes: 8192,
  issuers: [],
  denySubjects: [],
  cache: { enabled: false, maxEntries: 1 },
  purposeOfUse: {},
  mtlsClients: [],
});

/**
 * What a live reload carries over from the previous generation: key sources of issuers whose remote
 * JWKS settings did not change (no refetch storm at the IdP), and the verified-token cache when the
 * whole `identity:` section is unchanged (a principal depends on every claim mapping in it).
 */
export interface IdentifyCarry {
  readonly keySources?: ReadonlyMap<string, JwksKeySource>;
  readonly cache?: TokenCache<Principal>;
}

export function createIdentifyStage(policy: CompiledPolicy, deps: IdentifyDeps, carry?: IdentifyCarry): IdentifyStage {
  const cfg = policy.identity ?? EMPTY;
  const clock = deps.clock;
  const keySources = new Map(cfg.issuers.map((i) => {
    const old = carry?.keySources?.get(i.issuer);
    // File and inline key sets are re-read on reload (a rotated key file is picked up); remote sets are kept.
    const reuse = old !== undefined && i.jwks.url !== undefined && old.sameSource(i.jwks);
    return [i.issuer, reuse ? old : new JwksKeySource(i.jwks, clock, deps.fetch)] as const;
  }));
  const cache = carry?.cache ?? new TokenCache<Principal>(cfg.cache.maxEntries, clock);
  const store = () => stateStoreFor(policy.access.state, deps);

  async function authenticate(token: string, digest = tokenDigest(token)): Promise<Principal> {
    if (cfg.cache.enabled) {
      const hit = cache.get(digest);
      if (hit) return hit;
    }
    const v = await verifyJwt(token, cfg, keySources, clock);
    const principal = principalFromJwt(v.payload, v.issuer, cfg);
    if (cfg.cache.enabled) {
      const exp = (v.payload.exp as number) * 1000;
      const maxAge = (v.payload.iat as number) * 1000 + v.issuer.maxTokenAgeMs;
      cache.set(digest, principal, Math.min(exp, maxAge));
    }
    return principal;
  }

  async function onRequest(ctx: GuardContext<CompiledRoute>): Promise<void> {
    const req = ctx.canonical;
    if (!req) throw new PhiguardError('PG_INTERNAL', 'identify: no canonical request');
    const found = policy.router.lookup(req.method, req.segments);
    const isPublic = found.kind === 'match' && found.route.public;
    const token = extractToken(req, cfg.header);
    let principal: Principal;
    let digest: string | undefined;
    if (token !== undefined) {
      digest = tokenDigest(token);
      try {
        principal = await authenticate(token, digest);
      } catch (err) {
        if (err instanceof PhiguardError) safeLog(deps, { level: err.status >= 500 ? 'error' : 'info', event: 'identify_failed', detail: `${err.code} ${err.detail ?? ''}`.trim() });
        throw err;
      }
    } else {
      const cert = clientCertificate(ctx.request);
      if (cert && cfg.mtlsClients.length > 0) {
        const client = cfg.mtlsClients.find((c) => c.fingerprint256 === cert.fingerprint);
        if (!client || !cert.authorized) throw new PhiguardError('PG_AUTH_MTLS', client ? 'certificate chain not verified' : 'certificate not in the client list');
        principal = principalFromCert(client, cert.fingerprint);
      } else if (isPublic) {
        return;
      } else {
        throw new PhiguardError('PG_AUTH_MISSING', cert ? 'client certificate without mTLS configuration' : 'no credentials');
      }
    }
    const header = cfg.purposeOfUse.header ? req.headers.get(cfg.purposeOfUse.header) : undefined;
    principal = withPurpose(principal, resolvePurpose(principal, header, cfg.purposeOfUse.values));
    if (principal.method === 'jwt') await enforceSession(store(), cfg.sessions, principal, digest, clock.now());
    ctx.principal = principal;
  }

  return { onRequest, authenticate: (t) => authenticate(t), keySources, cache, cacheSize: () => cache.size, close: () => closeStateStore(deps) };
}
