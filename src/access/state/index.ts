/** Chooses the state store from the policy (`access.state.store`) and the injected Redis client. */
import type { Redis } from 'ioredis';
import type { AccessConfig } from '../types.js';
import { MemoryStateStore } from './memory.js';
import { RedisStateStore } from './redis.js';
import type { StateStore } from './types.js';

export type { BreakGlassEvent, StateStore } from './types.js';
export { MemoryStateStore } from './memory.js';
export { RedisStateStore } from './redis.js';

export function createStateStore(cfg: AccessConfig['state'], redis?: Redis, onReset?: (at: number) => void): StateStore {
  if (cfg.store === 'memory') return new MemoryStateStore();
  return new RedisStateStore(redis ?? cfg.store, { prefix: cfg.prefix, timeoutMs: cfg.timeoutMs, ...(onReset ? { onReset } : {}) });
}
