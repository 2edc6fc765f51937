/**
 * OpenAPI path and query parameters. Values arrive as strings; each is converted by its schema's
 * type with strict rules (integers `-?(0|[1-9]\d*)`, JSON numbers, `true`/`false`; arrays from
 * repeated query parameters (`form`, explode) or comma lists (`simple`, `form` without explode))
 * and then validated by ajv. A value that does not convert stays a string and fails its type.
 */
import type { Ajv } from 'ajv';
import type { ParamValidator } from '../types.js';
import { bodyValidator } from './schemas.js';

type Obj = Record<string, unknown>;

export interface ParamSpec {
  readonly name: string;
  readonly in: 'path' | 'query';
  readonly required: boolean;
  /** The (converted) schema. */
  readonly schema: unknown;
  /** Arrays: split one value on commas (true) or take repeated parameters (false). */
  readonly comma: boolean;
}

const INTEGER = /^-?(?:0|[1-9]\d*)$/;
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

function typesOf(schema: unknown): string[] {
  const t = (schema as Obj | undefined)?.type;
  return typeof t === 'string' ? [t] : Array.isArray(t) ? (t as string[]) : [];
}

function convert(raw: string, schema: unknown): unknown {
  const types = typesOf(schema);
  if (types.includes('integer') && INTEGER.test(raw)) return Number(raw);
  if (types.includes('number') && NUMBER.test(raw)) return Number(raw);
  if (types.includes('boolean') && (raw === 'true' || raw === 'false')) return raw === 'true';
  if (types.includes('null') && raw === '') return null;
  return raw;
}

/**
 * `wrap(schema)` makes a root schema that can resolve the description's `$ref`s. Returns the
 * validator, or throws with a message (compile errors are reported by the caller).
 */
export function compileParams(specs: readonly ParamSpec[], ajv: Ajv, wrap: (schema: unknown) => object, names: ReadonlySet<string>): ParamValidator {
  const checks = specs.map((p) => ({ p, validate: bodyValidator(ajv.compile(wrap(p.schema)), names), array: typesOf(p.schema).includes('array') }));
  const itemSchema = (s: unknown) => (s as Obj).items;
  return (path, query) => {
    for (const { p, validate, array } of checks) {
      const fail = (errors: string[]) => ({ ok: false as const, in: p.in, name: p.name, errors });
      const values = p.in === 'path' ? (Object.prototype.hasOwnProperty.call(path, p.name) ? [path[p.name]!] : []) : [...(query.get(p.name) ?? [])];
      if (values.length === 0) {
        if (p.required) return fail(['missing']);
        continue;
      }
      let value: unknown;
      if (array) {
        const parts = p.comma ? values.flatMap((v) => v.split(',')) : values;
        value = parts.map((v) => convert(v, itemSchema(p.schema)));
      } else {
        if (values.length > 1) return fail(['repeated']);
        value = convert(values[0]!, p.schema);
      }
      const r = validate(value);
      if (!r.ok) return fail(r.errors);
    }
    return { ok: true };
  };
}
