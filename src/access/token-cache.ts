/**
 * Verified-token cache: bounded LRU keyed by a SHA-256 of the token (the token itself is never
 * stored). An entry expires at the token's `exp` (or earlier) and is never served after it.
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../core/types.js';

export function tokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export class TokenCache<V> {
  readonly #max: number;
  readonly #clock: Clock;
  readonly #map = new Map<string, { value: V; expiresAt: number }>();

  constructor(maxEntries: number, clock: Clock) {
    this.#max = Math.max(1, maxEntries);
    this.#clock = clock;
  }

  get size(): number {
    return this.#map.size;
  }

  get(digest: string): V | undefined {
    const e = this.#map.get(digest);
    if (!e) return undefined;
    if (this.#clock.now() >= e.expiresAt) {
      this.#map.delete(digest);
      return undefined;
    }
    // Refresh recency.
    this.#map.delete(digest);
    this.#map.set(digest, e);
    return e.value;
  }

  /** `expiresAt` in ms since the epoch; entries already expired are not stored. */
  set(digest: string, value: V, expiresAt: number): void {
    if (!(expiresAt > this.#clock.now())) return;
    this.#map.delete(digest);
    this.#map.set(digest, { value, expiresAt });
    while (this.#map.size > this.#max) {
      const oldest = this.#map.keys().next().value as string;
      this.#map.delete(oldest);
    }
  }

  clear(): void {
    this.#map.clear();
  }
}
