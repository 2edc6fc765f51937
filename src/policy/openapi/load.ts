/**
 * Reads an OpenAPI 3.0/3.1 description (YAML or JSON) once per policy compile and prepares what
 * every route that references it shares: the dialect, one ajv instance, the component schemas
 * (converted for 3.0) and the names they declare.
 */
import { LineCounter, parseDocument } from 'yaml';
import type { Ajv } from 'ajv';
import type { CompileContext, PolicyPath } from '../../core/section.js';
import { convert30, createAjv, declaredNames, type Dialect } from './schemas.js';

type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface ApiDescription {
  readonly file: string;
  readonly doc: Obj;
  readonly dialect: Dialect;
  readonly ajv: Ajv;
  /** `{ components: { schemas } }`: the root every `#/components/schemas/...` reference resolves in. */
  readonly root: Obj;
  readonly names: ReadonlySet<string>;
  /** A schema object of the description, in the dialect ajv compiles. */
  schema(s: unknown): unknown;
  /** A root schema for ajv that can resolve the description's references. */
  wrap(s: unknown): object;
}

/** One parse per file per compile; a file that failed is reported once and yields undefined. */
export type DescriptionCache = Map<string, ApiDescription | null>;

export function loadDescription(file: string, at: PolicyPath, ctx: CompileContext, cache: DescriptionCache): ApiDescription | undefined {
  if (cache.has(file)) return cache.get(file) ?? undefined;
  cache.set(file, null);
  const bytes = ctx.readFile(at, file);
  if (!bytes) return undefined;
  const lineCounter = new LineCounter();
  const parsed = parseDocument(Buffer.from(bytes).toString('utf8'), { lineCounter, uniqueKeys: true, prettyErrors: false });
  const first = parsed.errors[0];
  if (first) {
    const p = lineCounter.linePos(first.pos[0]);
    ctx.error(at, 'PG_POLICY_PARSE', `API description "${file}" is not valid YAML or JSON (${file}:${p.line}:${p.col}: ${first.message.split('\n')[0]})`);
    return undefined;
  }
  let doc: unknown;
  try {
    doc = parsed.toJS({ maxAliasCount: 50 });
  } catch {
    ctx.error(at, 'PG_POLICY_PARSE', `API description "${file}" could not be read`);
    return undefined;
  }
  const version = isObj(doc) && typeof doc.openapi === 'string' ? doc.openapi : '';
  const dialect: Dialect | undefined = /^3\.0\.\d+$/.test(version) ? 'draft-07' : /^3\.1\.\d+$/.test(version) ? '2020-12' : undefined;
  if (!isObj(doc) || !dialect || !isObj(doc.paths)) {
    ctx.error(at, 'PG_POLICY_SCHEMA', `"${file}" is not an OpenAPI 3.0 or 3.1 description (needs "openapi: 3.0.x|3.1.x" and "paths")`);
    return undefined;
  }
  const schema = (s: unknown) => (dialect === 'draft-07' ? convert30(s) : s);
  const components = isObj(doc.components) && isObj(doc.components.schemas) ? doc.components.schemas : {};
  const schemas = Object.fromEntries(Object.entries(components).map(([k, v]) => [k, schema(v)]));
  const root = { components: { schemas } };
  const desc: ApiDescription = {
    file,
    doc,
    dialect,
    ajv: createAjv(dialect),
    root,
    names: declaredNames(schemas, doc.paths),
    schema,
    wrap: (s) => ({ allOf: [s], components: { schemas } }),
  };
  cache.set(file, desc);
  return desc;
}

/** Resolves an OpenAPI-level `$ref` (`#/components/parameters/x`, `#/components/responses/x`, ...). */
export function deref(doc: Obj, v: unknown): Obj | undefined {
  for (let i = 0; i < 8 && isObj(v) && typeof v.$ref === 'string'; i++) {
    const ref = v.$ref;
    if (!ref.startsWith('#/')) return undefined;
    let cur: unknown = doc;
    for (const seg of ref.slice(2).split('/')) cur = isObj(cur) ? cur[seg.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
    v = cur;
  }
  return isObj(v) && typeof v.$ref !== 'string' ? v : undefined;
}
