/**
 * Synthetic instances of a schema, for the canned upstream responses and request bodies of the
 * generated tests. Values are made up ("example", 2000-01-01), never taken from traffic; every
 * instance is checked against the schema with the policy compiler's own ajv before it is used.
 */
import type { ApiDescription } from './spec.js';
import { resolveRef } from './phi-fields.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const CANDIDATES = ['example', 'example-1', '1', '2000-01-01', '2000-01-01T00:00:00Z', 'Patient/example', 'https://example.org/x', 'x@example.org', 'A1', 'p1', 'a', '0000', '123e4567-e89b-12d3-a456-426614174000'];

/** A string for a parameter or property: its enum, its format, or the first candidate its pattern accepts. */
export function sampleString(s: Obj): string | undefined {
  if (typeof s.const === 'string') return s.const;
  if (Array.isArray(s.enum)) return s.enum.find((v): v is string => typeof v === 'string');
  const byFormat: Record<string, string> = {
    date: '2000-01-01', 'date-time': '2000-01-01T00:00:00Z', uri: 'https://example.org/x', url: 'https://example.org/x',
    email: 'x@example.org', uuid: '123e4567-e89b-12d3-a456-426614174000', ipv4: '192.0.2.1', byte: 'ZXhhbXBsZQ==',
  };
  const base = typeof s.format === 'string' && byFormat[s.format] ? [byFormat[s.format]!] : CANDIDATES;
  let re: RegExp | undefined;
  try {
    re = typeof s.pattern === 'string' ? new RegExp(s.pattern, 'u') : undefined;
  } catch {
    return undefined;
  }
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  const max = typeof s.maxLength === 'number' ? s.maxLength : Infinity;
  return base.find((c) => (!re || re.test(c)) && c.length >= min && c.length <= max);
}

const typeOf = (s: Obj): string | undefined => {
  if (typeof s.type === 'string') return s.type;
  if (Array.isArray(s.type)) return s.type.find((t) => t !== 'null') as string | undefined;
  if (isObj(s.properties)) return 'object';
  if (s.items !== undefined) return 'array';
  return undefined;
};

function generate(root: Obj, schema: unknown, full: boolean, depth: number): unknown {
  const s = resolveRef(root, schema);
  if (!s) return undefined;
  if (s.const !== undefined) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  for (const key of ['oneOf', 'anyOf'] as const) if (Array.isArray(s[key]) && (s[key] as unknown[]).length) return generate(root, (s[key] as unknown[])[0], full, depth + 1);
  if (Array.isArray(s.allOf)) {
    const parts = (s.allOf as unknown[]).map((p) => generate(root, p, full, depth + 1));
    if (parts.every(isObj)) return Object.assign({}, ...parts, isObj(s.properties) ? generate(root, { ...s, allOf: undefined }, full, depth + 1) : {});
  }
  switch (typeOf(s)) {
    case 'object': {
      const out: Obj = {};
      const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
      for (const [k, v] of Object.entries(isObj(s.properties) ? s.properties : {})) {
        if (!required.has(k) && (!full || depth >= 4 || k === 'meta')) continue; // meta: no made-up security labels
        const value = generate(root, v, full, depth + 1);
        if (value !== undefined) out[k] = value;
      }
      return out;
    }
    case 'array': {
      const min = typeof s.minItems === 'number' ? s.minItems : 0;
      if (min === 0 && (!full || depth >= 4)) return [];
      const item = generate(root, s.items, full, depth + 1);
      return item === undefined ? [] : Array.from({ length: Math.max(1, min) }, () => item);
    }
    case 'integer': case 'number': {
      const lo = typeof s.minimum === 'number' ? s.minimum : typeof s.exclusiveMinimum === 'number' ? Math.floor(s.exclusiveMinimum) + 1 : 1;
      return typeof s.maximum === 'number' ? Math.min(lo, s.maximum) : lo;
    }
    case 'boolean': return true;
    case 'string': return sampleString(s);
    default: return full ? undefined : {};
  }
}

/** A full instance (every declared member, when it validates) and a minimal one (required members). */
export function sampleOf(d: ApiDescription, schema: unknown): { minimal?: unknown; full?: unknown } {
  let check: ((v: unknown) => boolean) | undefined;
  try {
    check = d.ajv.compile(d.wrap(d.schema(schema)));
  } catch {
    return {};
  }
  const ok = (v: unknown) => v !== undefined && check!(v) === true;
  const minimal = generate(d.doc, schema, false, 0);
  const full = generate(d.doc, schema, true, 0);
  return { ...(ok(minimal) ? { minimal } : {}), ...(ok(full) ? { full } : {}) };
}
