/**
 * Canonical JSON for audit leaves: the RFC 8785 (JCS) serialization restricted to the values a
 * leaf may hold — objects, arrays, strings, booleans, null and safe integers (no floats).
 * Object members are sorted by UTF-16 code units; `undefined` members are omitted; no whitespace.
 */
export type Canon = string | number | boolean | null | readonly Canon[] | { readonly [k: string]: Canon | undefined };

export function canonicalJson(value: Canon | undefined): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isSafeInteger(value)) throw new TypeError('canonical JSON: only safe integers are allowed');
      return String(value);
    case 'object': {
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i] as Canon);
        return `${out}]`;
      }
      const obj = value as { readonly [k: string]: Canon | undefined };
      const keys = Object.keys(obj).sort();
      let out = '{';
      let first = true;
      for (const k of keys) {
        const v = obj[k];
        if (v === undefined) continue;
        out += `${first ? '' : ','}${JSON.stringify(k)}:${canonicalJson(v)}`;
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
