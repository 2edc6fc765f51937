/**
 * Issuer signing keys from a JWKS document (file or URL). The URL is fetched with a timeout and a
 * size cap; an unknown `kid` triggers at most one refetch per cooldown and at most
 * `maxRefetchPerMinute` fetches in any minute, so a flood of random kids cannot cause a fetch per
 * request. When the URL is down, keys already fetched keep working (up to `maxStale`); with no
 * usable key the request fails closed with PG_AUTH_JWKS_UNAVAILABLE.
 */
import { importJWK, type CryptoKey, type JWK } from 'jose';
import { PhiguardError } from '../core/errors.js';
import type { Clock } from '../core/types.js';
import type { JwksSource } from './types.js';

type Jwk = Readonly<Record<string, unknown>>;
export type FetchLike = (url: string, init: { signal: AbortSignal; redirect: 'error'; headers: Record<string, string> }) => Promise<Response>;

const MAX_KEYS = 100;
const CURVE: Readonly<Record<string, string>> = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' };

export function keyFitsAlg(k: Jwk, alg: string): boolean {
  if (k.use !== undefined && k.use !== 'sig') return false;
  if (Array.isArray(k.key_ops) && !k.key_ops.includes('verify')) return false;
  if (k.alg !== undefined && k.alg !== alg) return false;
  if (k.d !== undefined || k.k !== undefined) return false; // never private or symmetric material
  if (/^(RS|PS)\d{3}$/.test(alg)) return k.kty === 'RSA';
  if (alg in CURVE) return k.kty === 'EC' && k.crv === CURVE[alg];
  if (alg === 'EdDSA' || alg === 'Ed25519') return k.kty === 'OKP' && k.crv === 'Ed25519';
  return false;
}

export class JwksKeySource {
  readonly #src: JwksSource;
  readonly #clock: Clock;
  readonly #fetch: FetchLike;
  #keys: readonly Jwk[];
  #loadedAt: number | undefined;
  #lastAttempt: number | undefined;
  #recent: number[] = [];
  #inflight: Promise<boolean> | undefined;
  readonly #imported = new WeakMap<Jwk, Map<string, CryptoKey | Uint8Array>>();
  /** Number of network fetches attempted (for tests and metrics). */
  fetches = 0;

  constructor(src: JwksSource, clock: Clock, fetchImpl?: FetchLike) {
    this.#src = src;
    this.#clock = clock;
    this.#fetch = fetchImpl ?? ((url, init) => fetch(url, init));
    this.#keys = src.keys ?? [];
    this.#loadedAt = src.keys ? 0 : undefined;
  }

  /** True when `src` names the same remote key set with the same fetch settings (a reload may keep this source). */
  sameSource(src: JwksSource): boolean {
    return this.#src.url !== undefined && JSON.stringify(this.#src) === JSON.stringify(src);
  }

  /** Resolves the verification key for a protected header already checked by ./jwt.ts. */
  async getKey(alg: string, kid: string | undefined): Promise<CryptoKey | Uint8Array> {
    const remote = this.#src.url !== undefined;
    let refreshFailed = false;
    if (remote && this.#isStale() && this.#mayFetch()) refreshFailed = !(await this.#refresh());
    if (remote && !this.#usable()) {
      throw new PhiguardError('PG_AUTH_JWKS_UNAVAILABLE', 'no usable JWKS (fetch failed or never loaded)');
    }
    let candidates = this.#select(alg, kid);
    if (candidates.length === 0 && remote && !refreshFailed && this.#mayFetch()) {
      if (!(await this.#refresh())) throw new PhiguardError('PG_AUTH_JWKS_UNAVAILABLE', 'JWKS refetch for unknown kid failed');
      candidates = this.#select(alg, kid);
    }
    const jwk = candidates.length === 1 ? candidates[0] : undefined;
    if (!jwk) throw new PhiguardError('PG_AUTH_KEY_UNKNOWN', candidates.length > 1 ? 'ambiguous key (no kid)' : 'no key for kid/alg');
    return this.#import(jwk, alg);
  }

  #select(alg: string, kid: string | undefined): Jwk[] {
    return this.#keys.filter((k) => (kid === undefined || k.kid === kid) && keyFitsAlg(k, alg));
  }

  #isStale(): boolean {
    return this.#loadedAt === undefined || this.#clock.now() - this.#loadedAt >= this.#src.maxAgeMs;
  }

  #usable(): boolean {
    return this.#loadedAt !== undefined && this.#clock.now() - this.#loadedAt < this.#src.maxAgeMs + this.#src.maxStaleMs;
  }

  /** Cooldown since the last attempt and a per-minute cap bound every fetch. */
  #mayFetch(): boolean {
    if (this.#inflight) return true;
    const now = this.#clock.now();
    // abs(): a clock stepping backwards does not reopen the gate.
    if (this.#lastAttempt !== undefined && Math.abs(now - this.#lastAttempt) < this.#src.cooldownMs) return false;
    this.#recent = this.#recent.filter((t) => Math.abs(now - t) < 60_000);
    return this.#recent.length < this.#src.maxRefetchPerMinute;
  }

  /** Single-flight refresh; resolves true on success. */
  #refresh(): Promise<boolean> {
    if (!this.#inflight) {
      const now = this.#clock.now();
      this.#lastAttempt = now;
      this.#recent.push(now);
      this.fetches++;
      this.#inflight = this.#load().finally(() => {
        this.#inflight = undefined;
      });
    }
    return this.#inflight;
  }

  async #load(): Promise<boolean> {
    try {
      const res = await this.#fetch(this.#src.url as string, {
        signal: AbortSignal.timeout(this.#src.timeoutMs),
        redirect: 'error',
        headers: { accept: 'application/jwk-set+json, application/json' },
      });
      if (res.status !== 200) {
        await res.body?.cancel().catch(() => undefined);
        return false;
      }
      const text = await readCapped(res, this.#src.maxBytes);
      const doc = JSON.parse(text) as { keys?: unknown };
      if (!Array.isArray(doc.keys)) return false;
      const keys = doc.keys
        .filter((k): k is Jwk => !!k && typeof k === 'object' && !Array.isArray(k) && typeof (k as Jwk).kty === 'string')
        .filter((k) => k.d === undefined && k.k === undefined && k.kty !== 'oct')
        .slice(0, MAX_KEYS)
        .map((k) => Object.freeze({ ...k }));
      this.#keys = Object.freeze(keys);
      this.#loadedAt = this.#clock.now();
      return true;
    } catch {
      return false;
    }
  }

  async #import(jwk: Jwk, alg: string): Promise<CryptoKey | Uint8Array> {
    let byAlg = this.#imported.get(jwk);
    if (!byAlg) this.#imported.set(jwk, (byAlg = new Map()));
    const hit = byAlg.get(alg);
    if (hit) return hit;
    try {
      const key = await importJWK({ ...(jwk as JWK), ext: true }, alg);
      byAlg.set(alg, key);
      return key;
    } catch {
      throw new PhiguardError('PG_AUTH_KEY_UNKNOWN', 'JWKS key cannot be imported for alg');
    }
  }
}

async function readCapped(res: Response, max: number): Promise<string> {
  const len = Number(res.headers.get('content-length') ?? '0');
  if (len > max) throw new Error('JWKS too large');
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      throw new Error('JWKS too large');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
