/** Deep freezing for compiled (runtime) configuration. Pure. */

/**
 * Freezes `value` and every object reachable from it through own enumerable keys, iteratively
 * (no recursion limit). Objects that are already frozen are not descended into; functions are
 * left as they are. Returns `value`.
 */
export function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (v && typeof v === 'object' && !Object.isFrozen(v)) {
      Object.freeze(v);
      for (const k of Object.keys(v)) stack.push((v as Record<string, unknown>)[k]);
    }
  }
  return value;
}
