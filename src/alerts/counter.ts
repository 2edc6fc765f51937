/**
 * An in-process sliding-window counter with the shape of the access state store's `bulkAdd`
 * (WindowCounter): distinct members per key within the window. Replicas share counts only through
 * the shared store (Redis), which the runtime passes instead. Bounded: at most `maxKeys` keys and
 * `maxMembers` members per key (the oldest go first).
 */
import type { WindowCounter } from './types.js';

export function memoryCounter(maxKeys = 10_000, maxMembers = 10_000): WindowCounter {
  const keys = new Map<string, Map<string, number>>();
  return {
    async bulkAdd(key, members, _records, now, check) {
      let m = keys.get(key);
      if (!m) {
        if (keys.size >= maxKeys) keys.delete(keys.keys().next().value as string);
        keys.set(key, (m = new Map()));
      }
      for (const [k, t] of m) if (t <= now - check.windowMs) m.delete(k);
      for (const x of members) {
        m.delete(x);
        m.set(x, now);
        if (m.size > maxMembers) m.delete(m.keys().next().value as string);
      }
      return { ok: true, patients: m.size };
    },
  };
}
