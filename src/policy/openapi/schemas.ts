/**
 * JSON Schemas from API descriptions, compiled with ajv: OpenAPI 3.1 schemas are JSON Schema
 * 2020-12 (ajv/dist/2020); OpenAPI 3.0 schemas are converted to draft-07 first (`nullable` becomes a
 * type array, boolean `exclusiveMaximum`/`exclusiveMinimum` become numbers, `$ref` siblings dropped).
 * Error locations shown to clients keep only segments the schema declares (no client-chosen keys).
 */
import type { Ajv, ErrorObject, Options } from 'ajv';
import { ajv2020Class, ajvClass } from '../ajv-options.js';
import type { BodyValidator } from '../types.js';

export type Dialect = 'draft-07' | '2020-12';
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const INT32 = 2 ** 31;
const INT64 = 2 ** 63;
/** OpenAPI formats (others are annotations). int64 is checked as far as a double can: |v| <= 2^63. */
const FORMATS: Options['formats'] = {
  int32: { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -INT32 && n < INT32 },
  int64: { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -INT64 && n <= INT64 },
  float: { type: 'number', validate: (n: number) => Number.isFinite(n) },
  double: { type: 'number', validate: (n: number) => Number.isFinite(n) },
  byte: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
  date: /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/,
  'date-time': /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])[Tt](?:[01]\d|2[0-3]):[0-5]\d:(?:[0-5]\d|60)(?:\.\d+)?(?:[Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/,
  uuid: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
};

export function createAjv(dialect: Dialect): Ajv {
  const opts: Options = { strict: false, allErrors: false, logger: false, formats: FORMATS, validateFormats: true };
  return dialect === '2020-12' ? (new (ajv2020Class())(opts) as unknown as Ajv) : new (ajvClass())(opts);
}

/** OpenAPI 3.0 schema object -> draft-07 JSON Schema (a copy). */
export function convert30(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(convert30);
  if (!isObj(schema)) return schema;
  if (typeof schema.$ref === 'string') return { $ref: schema.$ref };
  const out: Obj = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'properties' || k === 'patternProperties') out[k] = isObj(v) ? Object.fromEntries(Object.entries(v).map(([n, s]) => [n, convert30(s)])) : v;
    else if (k === 'items' || k === 'additionalProperties' || k === 'not' || k === 'allOf' || k === 'anyOf' || k === 'oneOf') out[k] = convert30(v);
    else if (k !== 'nullable') out[k] = v;
  }
  for (const side of ['Maximum', 'Minimum'] as const) {
    const ex = `exclusive${side}`;
    const bound = side.toLowerCase();
    if (out[ex] === true && typeof out[bound] === 'number') {
      out[ex] = out[bound];
      delete out[bound];
    } else if (typeof out[ex] === 'boolean') delete out[ex];
  }
  if (schema.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    if (out.type === undefined) return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

/** Every property name a schema (and the schemas it can reach in `root`) declares. */
export function declaredNames(...schemas: unknown[]): Set<string> {
  const names = new Set<string>();
  const seen = new Set<unknown>();
  const stack = [...schemas];
  while (stack.length > 0) {
    const s = stack.pop();
    if (seen.has(s) || (typeof s !== 'object' || s === null)) continue;
    seen.add(s);
    if (isObj(s) && isObj(s.properties)) for (const k of Object.keys(s.properties)) names.add(k);
    stack.push(...(Array.isArray(s) ? s : Object.values(s)));
  }
  return names;
}

/** The instance path with undeclared keys masked (`/name/0/*`). */
export function safePointer(instancePath: string, names: ReadonlySet<string>): string {
  if (instancePath === '') return '';
  return instancePath
    .slice(1)
    .split('/')
    .map((seg) => {
      const k = seg.replace(/~1/g, '/').replace(/~0/g, '~');
      return /^(?:0|[1-9]\d{0,8})$/.test(k) || names.has(k) ? seg : '*';
    })
    .reduce((p, seg) => `${p}/${seg}`, '');
}

/** Wraps a compiled ajv function as a BodyValidator whose errors carry safe pointers and keywords only. */
export function bodyValidator(fn: { (v: unknown): boolean; errors?: ErrorObject[] | null }, names: ReadonlySet<string>): BodyValidator {
  return (value) => {
    if (fn(value)) return { ok: true };
    const errs = (fn.errors ?? []).map((e) => {
      // A missing required member: point at it (its name comes from the schema, not the client).
      const missing = e.keyword === 'required' ? String((e.params as { missingProperty?: unknown }).missingProperty ?? '') : '';
      const at = safePointer(e.instancePath, names);
      return { at: missing && names.has(missing) ? `${at}/${missing.replace(/~/g, '~0').replace(/\//g, '~1')}` : at, keyword: e.keyword };
    });
    return { ok: false, errors: errs.map((e) => `${e.at || '/'} ${e.keyword}`), pointer: errs[0]?.at ?? '' };
  };
}
