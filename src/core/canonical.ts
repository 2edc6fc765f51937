/**
 * Canonical JSON: the RFC 8785 (JCS) serialization — object members sorted by UTF-16 code units,
 * `undefined` members omitted, no whitespace. Pure. Used for audit leaves (their hashes) and for
 * the policy hash.
 *
 * By default numbers are restricted to safe integers (audit leaves hold no floats) and anything
 * else throws. `{ numbers: 'any' }` accepts every number and writes it as JSON.stringify does
 * (finite numbers in their shortest round-trip form, as JCS specifies; NaN and ±Infinity as null):
 * for documents parsed from YAML/JSON, such as a policy, whose floats are data to hash, not errors.
 */
export type Canon = string | number | boolean | null | readonly Canon[] | { readonly [k: string]: Canon | undefined };

export interface CanonicalJsonOptions {
  /** 'safe-integers' (default): any other number throws. 'any': every number, written as JSON.stringify writes it. */
  readonly numbers?: 'safe-integers' | 'any';
}

export function canonicalJson(value: Canon | undefined, options?: CanonicalJsonOptions): string {
  return write(value, options?.numbers === 'any');
}

function write(value: Canon | undefined, anyNumber: boolean): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isSafeInteger(value)) {
        if (anyNumber) return JSON.stringify(value);
        throw new TypeError('canonical JSON: only safe integers are allowed');
      }
      return String(value);
    case 'object': {
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + write(value[i] as Canon, anyNumber);
        return `${out}]`;
      }
      const obj = value as { readonly [k: string]: Canon | undefined };
      const keys = Object.keys(obj).sort();
      let out = '{';
      let first = true;
      for (const k of keys) {
        const v = obj[k];
        if (v === undefined) continue;
        out += `${first ? '' : ','}${JSON.stringify(k)}:${write(v, anyNumber)}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`canonical JSON: unsupported ${typeof value}`);
  }
}

/** Returns true when `text` is exactly the canonical serialization of what it parses to. */
export function isCanonical(text: string): boolean {
  try {
    return canonicalJson(JSON.parse(text) as Canon) === text;
  } catch {
    return false;
  }
}

/**
 * canonicalJson, with a fast path for a flat object whose keys are already in canonical order and
 * whose values are strings, booleans, null, safe integers or arrays of strings: JSON.stringify
 * yields the same text for those. Anything else takes the general path.
 */
export function canonicalJsonFlat(value: { readonly [k: string]: Canon | undefined }): string {
  if (Object.getPrototypeOf(value) !== Object.prototype) return canonicalJson(value);
  let prev: string | undefined;
  for (const k in value) {
    if (!Object.prototype.hasOwnProperty.call(value, k) || (prev !== undefined && !(prev < k))) return canonicalJson(value);
    prev = k;
    const v = value[k];
    if (v === undefined || v === null || typeof v === 'string' || typeof v === 'boolean') continue;
    if (typeof v === 'number' && Number.isSafeInteger(v) && !Object.is(v, -0)) continue;
    if (Array.isArray(v) && allStrings(v)) continue;
    return canonicalJson(value);
  }
  return JSON.stringify(value);
}

/** Every index holds a string (a hole does not: `every` would skip it). */
function allStrings(a: readonly unknown[]): boolean {
  for (let i = 0; i < a.length; i++) if (typeof a[i] !== 'string') return false;
  return true;
}
