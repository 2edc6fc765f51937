/**
 * A route's `openapi:` reference (`{ file, operationId }` or `{ file, path, method }`), compiled at
 * policy load: request body schema and whether a body is required, the JSON media types it
 * accepts, path and query parameters (and the allowed query names), and the response contract.
 * A missing operation, an unsupported parameter style or a schema ajv cannot compile is a
 * positioned policy error.
 */
import type { CompileContext, PolicyPath } from '../../core/section.js';
import type { BodyValidator, ParamValidator, ResponseCheck, ResponseContract } from '../types.js';
import { deref, isObj, loadDescription, type ApiDescription, type DescriptionCache } from './load.js';
import { compileParams, type ParamSpec } from './params.js';
import { bodyValidator } from './schemas.js';
import { undeclaredPaths } from './undeclared.js';

export type { DescriptionCache } from './load.js';
export { bodyValidator, declaredNames } from './schemas.js';
export { undeclaredPaths } from './undeclared.js';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const isJson = (t: string): boolean => t === 'application/json' || /^[a-z]+\/[a-z0-9.!#$&^_-]*\+json$/.test(t) || t === '*/*';

export interface OpenApiRoute {
  readonly requestSchema?: BodyValidator;
  readonly bodyRequired: boolean;
  /** JSON media types the operation accepts ([] when it takes no body). */
  readonly contentTypes: string[];
  readonly params?: ParamValidator;
  /** Declared query parameter names. */
  readonly query: string[];
  readonly contract?: ResponseContract;
}

type Obj = Record<string, unknown>;
interface Ref { readonly file: string; readonly operationId?: string; readonly path?: string; readonly method?: string }

function findOperation(d: ApiDescription, ref: Ref, routeMethod: string, at: PolicyPath, ctx: CompileContext): { op: Obj; item: Obj; method: string } | undefined {
  const paths = d.doc.paths as Obj;
  if (ref.operationId !== undefined) {
    for (const item of Object.values(paths)) {
      if (!isObj(item)) continue;
      for (const m of METHODS) {
        const op = item[m];
        if (isObj(op) && op.operationId === ref.operationId) return { op, item, method: m.toUpperCase() };
      }
    }
    ctx.error([...at, 'operationId'], 'PG_POLICY_REFERENCE', `operation "${ref.operationId}" is not in "${ref.file}"`);
    return undefined;
  }
  const method = (ref.method ?? routeMethod).toLowerCase();
  const item = ref.path !== undefined ? paths[ref.path] : undefined;
  const op = isObj(item) ? item[method] : undefined;
  if (!isObj(item) || !isObj(op)) {
    ctx.error([...at, ref.path === undefined ? 'file' : 'path'], 'PG_POLICY_REFERENCE', `"${ref.file}" has no ${method.toUpperCase()} ${ref.path ?? '(path missing: give operationId or path)'}`);
    return undefined;
  }
  return { op, item, method: method.toUpperCase() };
}

function jsonContent(d: ApiDescription, content: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (!isObj(content)) return out;
  for (const [type, media] of Object.entries(content)) {
    const t = type.split(';')[0]!.trim().toLowerCase();
    if (isJson(t)) out.set(t, d.schema(isObj(media) && media.schema !== undefined ? media.schema : {}));
  }
  return out;
}

export function compileOpenApiRoute(
  ref: Ref,
  route: { readonly method: string; readonly paramNames: ReadonlySet<string> },
  at: PolicyPath,
  ctx: CompileContext,
  cache: DescriptionCache,
): OpenApiRoute | undefined {
  const d = loadDescription(ref.file, [...at, 'file'], ctx, cache);
  if (!d) return undefined;
  const found = findOperation(d, ref, route.method, at, ctx);
  if (!found) return undefined;
  const { op, item } = found;
  if (found.method !== route.method) {
    ctx.error(at, 'PG_POLICY_REFERENCE', `the operation is ${found.method} but the route is ${route.method}`);
    return undefined;
  }
  const before = { n: 0 };
  const fail = (message: string) => {
    before.n++;
    ctx.error(at, 'PG_POLICY_ROUTE', message);
  };
  const compile = (schema: unknown, where: string) => {
    try {
      return d.ajv.compile(d.wrap(schema));
    } catch (err) {
      fail(`${where}: invalid schema in "${ref.file}" (${err instanceof Error ? err.message.split('\n')[0] : 'compile error'})`);
      return undefined;
    }
  };

  // Parameters: the path item's, overridden by the operation's (same name and location).
  const byKey = new Map<string, Obj>();
  for (const list of [item.parameters, op.parameters]) {
    for (const p of Array.isArray(list) ? list : []) {
      const param = deref(d.doc, p);
      if (!param || typeof param.name !== 'string' || typeof param.in !== 'string') {
        fail('a parameter is not a resolvable OpenAPI parameter object');
        continue;
      }
      byKey.set(`${param.in}:${param.name}`, param);
    }
  }
  const specs: ParamSpec[] = [];
  const query: string[] = [];
  for (const p of byKey.values()) {
    const name = p.name as string;
    if (p.in !== 'path' && p.in !== 'query') continue; // header and cookie parameters are not checked
    if (p.in === 'query') query.push(name);
    if (p.in === 'path' && !route.paramNames.has(name)) fail(`path parameter "${name}" of the operation is not in the route's path template`);
    const style = p.style ?? (p.in === 'path' ? 'simple' : 'form');
    if ((p.in === 'path' && style !== 'simple') || (p.in === 'query' && style !== 'form')) fail(`parameter "${name}": style "${String(style)}" is not supported (path: simple; query: form)`);
    if (p.content !== undefined) fail(`parameter "${name}": "content" parameters are not supported (use "schema")`);
    let schema = d.schema(p.schema ?? {});
    const top = isObj(schema) && typeof schema.$ref === 'string' ? deref(d.root, schema) : schema;
    if (isObj(top) && (top.type === 'object' || (Array.isArray(top.type) && top.type.includes('object')))) fail(`parameter "${name}": object parameters are not supported`);
    schema = top ?? schema;
    specs.push({ name, in: p.in, required: p.in === 'path' || p.required === true, schema, comma: p.in === 'path' || p.explode === false });
  }
  for (const name of route.paramNames) if (!byKey.has(`path:${name}`)) fail(`path parameter {${name}} is not declared by the operation`);

  let params: ParamValidator | undefined;
  if (specs.length > 0 && before.n === 0) {
    try {
      params = compileParams(specs, d.ajv, d.wrap, d.names);
    } catch (err) {
      fail(`parameters: invalid schema in "${ref.file}" (${err instanceof Error ? err.message.split('\n')[0] : 'compile error'})`);
    }
  }

  // Request body.
  const body = op.requestBody === undefined ? undefined : deref(d.doc, op.requestBody);
  if (op.requestBody !== undefined && !body) fail('requestBody is not resolvable');
  const media = jsonContent(d, body?.content);
  const bodySchema = media.get('application/json') ?? [...media.values()][0];
  const bodyFn = body && media.size > 0 ? compile(bodySchema, 'requestBody') : undefined;

  // Responses: status -> media type -> check.
  const statuses = new Map<string, Map<string, ResponseCheck>>();
  for (const [status, r] of Object.entries(isObj(op.responses) ? op.responses : {})) {
    const res = deref(d.doc, r);
    if (!res) {
      fail(`response ${status} is not resolvable`);
      continue;
    }
    const checks = new Map<string, ResponseCheck>();
    for (const [type, schema] of jsonContent(d, res.content)) {
      const fn = compile(schema, `response ${status} ${type}`);
      if (fn) checks.set(type, { validate: bodyValidator(fn, d.names), undeclared: (value) => undeclaredPaths(d.root, schema, value) });
    }
    statuses.set(status.toUpperCase(), checks);
  }
  if (before.n > 0) return undefined;
  return {
    ...(bodyFn ? { requestSchema: bodyValidator(bodyFn, d.names) } : {}),
    bodyRequired: body?.required === true,
    contentTypes: [...media.keys()].filter((t) => t !== '*/*'),
    ...(params ? { params } : {}),
    query,
    ...(statuses.size > 0 ? { contract: contractOf(statuses) } : {}),
  };
}

/** Status: exact, then `2XX`, then `default`; media type: exact, then application/json for +json types, then any JSON one. */
function contractOf(statuses: ReadonlyMap<string, ReadonlyMap<string, ResponseCheck>>): ResponseContract {
  return (status, type) => {
    const entry = statuses.get(String(status)) ?? statuses.get(`${Math.floor(status / 100)}XX`) ?? statuses.get('DEFAULT');
    if (!entry) return status >= 200 && status < 300 ? 'undeclared-status' : undefined;
    const t = type ?? '';
    return entry.get(t) ?? (t.endsWith('+json') ? entry.get('application/json') : undefined) ?? entry.get('*/*') ?? [...entry.values()][0];
  };
}
