/** Schema validation of a parsed policy: every error at once, each with its position. */
import type { Ajv, ErrorObject } from 'ajv';
import { ajvClass, POLICY_AJV_OPTIONS, schemaDigest } from './ajv-options.js';
import type { ParsedPolicy, PolicyDiagnostic } from './load.js';
import { SCHEMA_DIGEST, validate as precompiled } from './policy-validator.generated.js';
import { policySchema } from './schema.js';

type Validator = ReturnType<Ajv['compile']>;
const compiled = new Map<object, Validator>();

/**
 * The policy schema's validator is generated ahead of time (src/policy/precompile.ts): compiling it
 * here would generate ~450 KB of source and leave the process ~25 MiB larger. It is used only when
 * its digest matches the schema and options in force; otherwise (a stale file) the schema is
 * compiled here as any other, with the same options, so the outcome is the same either way.
 */
function validator(schema: object): Validator {
  let v = compiled.get(schema);
  if (!v) {
    if (schema === policySchema && SCHEMA_DIGEST === schemaDigest(schema)) v = precompiled as unknown as Validator;
    else v = new (ajvClass())({ ...POLICY_AJV_OPTIONS }).compile(schema);
    compiled.set(schema, v);
  }
  return v;
}

function pointerToPath(pointer: string): Array<string | number> {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

export function validateSchema(parsed: ParsedPolicy): PolicyDiagnostic[] {
  return validateAt(parsed, policySchema as object, []);
}

/**
 * Validates the value at `at` inside the parsed document against `schema` (a section's schema),
 * positions relative to the whole file.
 */
export function validateAt(parsed: ParsedPolicy, schema: object, at: ReadonlyArray<string | number>): PolicyDiagnostic[] {
  const validate = validator(schema);
  let value: unknown = parsed.value;
  for (const seg of at) value = (value as Record<string | number, unknown> | undefined)?.[seg];
  if (validate(value)) return [];
  const errors = (validate.errors ?? []) as ErrorObject[];
  const out: PolicyDiagnostic[] = [];
  const seen = new Set<string>();
  // anyOf/oneOf failures come with their branch errors; keep the clearest one per location.
  const branchy = new Set(errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.instancePath));
  for (const e of errors) {
    if (branchy.has(e.instancePath) && e.keyword !== 'anyOf' && e.keyword !== 'oneOf') continue;
    const path = [...at, ...pointerToPath(e.instancePath)];
    let code = 'PG_POLICY_SCHEMA';
    let message: string;
    let pos;
    if (e.keyword === 'additionalProperties') {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      code = 'PG_POLICY_UNKNOWN_KEY';
      message = `unknown key "${key}"${path.length ? ` in ${describe(path)}` : ''}`;
      pos = parsed.locate(path, key);
    } else {
      message = `${describe(path)} ${explain(e)}`;
      pos = parsed.locate(path);
    }
    const key = `${pos.line}:${pos.col}:${code}:${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ file: parsed.file, line: pos.line, col: pos.col, code, message });
  }
  return out;
}

function describe(path: ReadonlyArray<string | number>): string {
  if (path.length === 0) return 'the policy';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function explain(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return `is missing required key "${String(p.missingProperty)}"`;
    case 'enum':
      return `must be one of: ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}`;
    case 'type':
      return `must be of type ${String(p.type)}`;
    case 'pattern':
      return `has an invalid format (expected ${String(p.pattern)})`;
    case 'anyOf':
    case 'oneOf':
      return 'does not match any allowed form';
    case 'uniqueItems':
      return 'has duplicate items';
    default:
      return e.message ?? 'is invalid';
  }
}
