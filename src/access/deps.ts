/** Dependencies injected into the identify and authorize stages, and the shared state store. */
import type { Redis } from 'ioredis';
import type { Clock } from '../core/types.js';
import type { FetchLike } from './jwks.js';
import { createStateStore } from './state/index.js';
import type { StateStore } from './state/types.js';
import type { AccessConfig } from './types.js';

export interface AccessLogEvent {
  readonly level: 'info' | 'warn' | 'error';
  readonly event: string;
  /** Codes, counts and ids only: never tokens, claims or PHI. */
  readonly detail?: string;
}

export interface AccessDeps {
  readonly clock: Clock;
  /** Shared ioredis client; used when `access.state.store` is a redis:// URL. */
  readonly redis?: Redis;
  readonly log?: (e: AccessLogEvent) => void;
  /** Overrides the state store (tests, custom backends). */
  readonly state?: StateStore;
  /** Overrides fetch for JWKS URLs (tests). */
  readonly fetch?: FetchLike;
}

const stores = new WeakMap<AccessDeps, StateStore>();

/** One store per deps object, so identify and authorize built from the same deps share it. */
export function stateStoreFor(cfg: AccessConfig['state'], deps: AccessDeps): StateStore {
  if (deps.state) return deps.state;
  let s = stores.get(deps);
  if (!s) {
    const onReset = (at: number) =>
      safeLog(deps, { level: 'error', event: 'state_reset_detected', detail: `shared state was lost (Redis restarted empty or was flushed) at ${new Date(at).toISOString()}; bulk caps are halved for one window, idle sessions and break-glass grants restart` });
    stores.set(deps, (s = createStateStore(cfg, deps.redis, onReset)));
  }
  return s;
}

/** Closes the store created for `deps` (not an injected `deps.state` or `deps.redis`). Idempotent. */
export async function closeStateStore(deps: AccessDeps): Promise<void> {
  const s = stores.get(deps);
  stores.delete(deps);
  await s?.close();
}

export function safeLog(deps: AccessDeps, e: AccessLogEvent): void {
  try {
    deps.log?.(e);
  } catch {
    /* a broken log sink never changes a decision */
  }
}
