/**
 * The object members a response carries that its schema does not declare. A member is declared
 * when any schema that may apply to its object (through `$ref`, `allOf`/`anyOf`/`oneOf`,
 * `if`/`then`/`else`) lists it in `properties` or matches it with `patternProperties`, or allows
 * extra members (`additionalProperties`/`unevaluatedProperties` true or a schema). An object whose
 * schemas declare no members at all is free-form and kept whole.
 */
import { PhiguardError } from '../../core/errors.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const MAX_DEPTH = 256;

/** Resolves a local `#/...` JSON pointer in `root`; undefined when it cannot. */
function resolveRef(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  let cur: unknown = root;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const seg = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObj(cur) && !Array.isArray(cur)) return undefined;
    cur = (cur as Obj)[seg];
  }
  return cur;
}

/** The schemas that apply to one value: refs resolved, combinators flattened. `null` means unknown (treated as open). */
function expand(root: unknown, schemas: readonly unknown[]): Obj[] | null {
  const out: Obj[] = [];
  const seen = new Set<unknown>();
  const stack = [...schemas];
  while (stack.length > 0) {
    const s = stack.pop();
    if (!isObj(s) || seen.has(s)) continue;
    seen.add(s);
    if (typeof s.$ref === 'string') {
      const target = resolveRef(root, s.$ref);
      if (target === undefined) return null;
      stack.push(target);
    }
    for (const k of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(s[k])) stack.push(...(s[k] as unknown[]));
    for (const k of ['then', 'else']) if (s[k] !== undefined) stack.push(s[k]);
    out.push(s);
  }
  return out;
}

const opens = (s: Obj): boolean => [s.additionalProperties, s.unevaluatedProperties].some((v) => v === true || isObj(v));

/** Paths of undeclared members in `value` under `schema` (resolved against `root`). */
export function undeclaredPaths(root: unknown, schema: unknown, value: unknown): string[][] {
  const out: string[][] = [];
  const walk = (v: unknown, schemas: readonly unknown[], path: string[]): void => {
    if (path.length > MAX_DEPTH) throw new PhiguardError('PG_RESPONSE_UNPARSEABLE', 'response nested too deeply to check');
    if (typeof v !== 'object' || v === null) return;
    const set = expand(root, schemas);
    if (set === null) return;
    if (Array.isArray(v)) {
      v.forEach((item, i) => {
        const subs = set.flatMap((s) => {
          const tuple = Array.isArray(s.prefixItems) ? s.prefixItems : Array.isArray(s.items) ? s.items : undefined;
          if (tuple && i < tuple.length) return [tuple[i]];
          if (tuple) return Array.isArray(s.items) ? (s.additionalItems !== undefined ? [s.additionalItems] : []) : s.items !== undefined ? [s.items] : [];
          return s.items !== undefined ? [s.items] : [];
        });
        if (subs.length > 0) walk(item, subs, [...path, String(i)]);
      });
      return;
    }
    const declares = set.some((s) => isObj(s.properties) || isObj(s.patternProperties));
    const open = !declares || set.some(opens);
    const patterns = set.flatMap((s) => (isObj(s.patternProperties) ? Object.entries(s.patternProperties).map(([p, sub]) => [new RegExp(p, 'u'), sub] as const) : []));
    for (const key of Object.keys(v)) {
      const subs: unknown[] = [];
      for (const s of set) {
        if (isObj(s.properties) && Object.prototype.hasOwnProperty.call(s.properties, key)) subs.push(s.properties[key]);
        if (isObj(s.additionalProperties)) subs.push(s.additionalProperties);
      }
      for (const [re, sub] of patterns) if (re.test(key)) subs.push(sub);
      if (subs.length === 0) {
        if (!open) out.push([...path, key]);
        continue;
      }
      walk((v as Obj)[key], subs, [...path, key]);
    }
  };
  walk(value, [schema], []);
  return out;
}
