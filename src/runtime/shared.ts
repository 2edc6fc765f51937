/**
 * Reference-counted resources shared by policy generations (src/runtime/reload.ts). A reload builds
 * a new generation; the audit log, the alert sinks, the PHI worker pool and the state store are
 * reused when their configuration (the key) did not change, and closed once the last generation
 * using them has drained. Nothing here knows what the resources are.
 */

export interface Lease<T> {
  readonly value: T;
  readonly key: string;
  /** Gives the lease back; the resource closes when no lease on it remains. Idempotent. */
  release(): Promise<void>;
}

interface Entry<T> {
  readonly value: Promise<T>;
  count: number;
}

export class SharedResources<T> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #close: (value: T) => Promise<void> | void;

  constructor(close: (value: T) => Promise<void> | void) {
    this.#close = close;
  }

  /**
   * A lease on the resource for `key`, created by `create` when none is open. A failed creation
   * leaves nothing behind (the next acquire tries again).
   */
  async acquire(key: string, create: () => T | Promise<T>): Promise<Lease<T>> {
    let entry = this.#entries.get(key);
    if (!entry) {
      entry = { value: Promise.resolve().then(create), count: 0 };
      this.#entries.set(key, entry);
    }
    entry.count++;
    let value: T;
    try {
      value = await entry.value;
    } catch (err) {
      entry.count--;
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
      throw err;
    }
    let released = false;
    return {
      value,
      key,
      release: async () => {
        if (released) return;
        released = true;
        const e = this.#entries.get(key);
        if (!e || e !== entry) return;
        if (--e.count > 0) return;
        this.#entries.delete(key);
        await this.#close(value);
      },
    };
  }

  /** How many distinct resources are open (tests). */
  get size(): number {
    return this.#entries.size;
  }
}

/** A stable key for a configuration section: its JSON (undefined sections share one key). */
export function configKey(...parts: readonly unknown[]): string {
  return JSON.stringify(parts, (_k, v: unknown) => (v instanceof Map ? [...v.entries()] : v instanceof RegExp ? String(v) : v));
}
