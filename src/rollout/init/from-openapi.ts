/**
 * `phiguard init --openapi`: every operation of the description becomes a route that references
 * it (`routes[].openapi`), so its parameters and body schemas are enforced by the same compiler
 * code `phiguard validate` runs; each reference is compiled here first and left out (with a note)
 * when the compiler would refuse it.
 */
import type { CompileContext } from '../../core/section.js';
import { compileOpenApiRoute, type DescriptionCache } from '../../policy/openapi/index.js';
import { parseTemplate } from '../../policy/template.js';
import { FIELD_TYPES } from '../../phi/json/fields.js';
import { fhirShape, routeId, type InitModel, type InitRoute } from './model.js';
import { fhirResourceOf, NON_PHI_RESOURCES, normName, phiFields, resolveRef, type PhiField } from './phi-fields.js';
import { sampleOf, sampleString } from './samples.js';
import type { ApiDescription } from './spec.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const isJson = (t: string): boolean => t === 'application/json' || /^[a-z]+\/[a-z0-9.!#$&^_-]*\+json$/.test(t);
const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const DEFAULT_PARAM = /^[A-Za-z0-9._~-]{1,128}$/;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** The route's regular expression for a path parameter, from its schema. */
function paramPattern(s: Obj | undefined): string | undefined {
  if (!s) return undefined;
  if (typeof s.pattern === 'string') {
    try {
      new RegExp(s.pattern, 'u');
      return s.pattern;
    } catch {
      return undefined;
    }
  }
  if (Array.isArray(s.enum) && s.enum.every((v) => typeof v === 'string')) return `^(${(s.enum as string[]).map(escapeRe).join('|')})$`;
  if (s.type === 'integer') return '^-?(0|[1-9][0-9]{0,17})$';
  if (s.format === 'uuid') return '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
  return undefined;
}

function jsonSchemaOf(content: unknown): { type: string; schema: unknown } | undefined {
  if (!isObj(content)) return undefined;
  for (const [type, media] of Object.entries(content)) {
    const t = type.split(';')[0]!.trim().toLowerCase();
    if (isJson(t)) return { type: t, schema: isObj(media) ? media.schema ?? {} : {} };
  }
  return undefined;
}

export function modelFromOpenApi(d: ApiDescription, specRef: string, name: string): InitModel {
  const doc = d.doc;
  const info = isObj(doc.info) ? doc.info : {};
  const model: InitModel = {
    name,
    source: {
      kind: 'openapi', file: d.file,
      ...(typeof info.title === 'string' ? { title: info.title } : {}),
      ...(typeof info.version === 'string' ? { version: info.version } : {}),
      servers: (Array.isArray(doc.servers) ? doc.servers : []).flatMap((s) => (isObj(s) && typeof s.url === 'string' ? [s.url] : [])),
    },
    routes: [], resources: new Map(), fieldNames: new Map(), warnings: [],
  };
  // PHI fields of every FHIR resource the description defines.
  const components = isObj(doc.components) && isObj(doc.components.schemas) ? doc.components.schemas : {};
  for (const schema of Object.values(components)) {
    const type = fhirResourceOf(doc, schema);
    if (type && !NON_PHI_RESOURCES.has(type) && !model.resources.has(type)) model.resources.set(type, phiFields(doc, schema, true));
  }
  const opIds = new Map<string, number>();
  for (const item of Object.values(doc.paths as Obj)) {
    if (isObj(item)) for (const m of METHODS) if (isObj(item[m]) && typeof (item[m] as Obj).operationId === 'string') opIds.set((item[m] as Obj).operationId as string, (opIds.get((item[m] as Obj).operationId as string) ?? 0) + 1);
  }
  const taken = new Set<string>();
  const cache: DescriptionCache = new Map([[specRef, d]]);
  for (const [path, item] of Object.entries(doc.paths as Obj)) {
    if (!isObj(item)) continue;
    const t = parseTemplate(path);
    if (!t.segments || t.segments.some((s) => s.kind === 'param' && !PARAM_NAME.test(s.name))) {
      model.warnings.push(`${path}: left out, the path cannot be a policy template (${t.error ?? 'parameter names must be letters, digits and _'})`);
      continue;
    }
    const paramNames = new Set(t.segments.flatMap((s) => (s.kind === 'param' ? [s.name] : [])));
    for (const m of METHODS) {
      const op = item[m];
      if (!isObj(op)) continue;
      const method = m.toUpperCase();
      if (method === 'HEAD' && isObj(item.get)) continue; // GET admits HEAD
      model.routes.push(routeOf(d, model, taken, cache, specRef, { path, item, op, method, paramNames, uniqueId: typeof op.operationId === 'string' && opIds.get(op.operationId) === 1 }));
    }
  }
  for (const fields of [...model.resources.values(), ...model.routes.filter((r) => !r.resource || !model.resources.has(r.resource)).map((r) => r.phi)]) {
    for (const f of fields) {
      const leaf = f.path.split('.').pop()!;
      const fhirTop = model.resources.size > 0 && !f.path.includes('.');
      if (FIELD_TYPES.has(normName(leaf)) || f.type === 'OTHER_ID') continue;
      if ((fhirTop && f.by !== 'name') || model.resources.size === 0) model.fieldNames.set(leaf, f.type);
    }
  }
  return model;
}

/** PHI fields of a body schema; none for resources that are never about an individual. */
function bodyPhi(d: ApiDescription, schema: unknown): PhiField[] {
  const type = fhirResourceOf(d.doc, schema);
  return type && NON_PHI_RESOURCES.has(type) ? [] : phiFields(d.doc, schema, type !== undefined);
}

interface OpIn { path: string; item: Obj; op: Obj; method: string; paramNames: Set<string>; uniqueId: boolean }

function routeOf(d: ApiDescription, model: InitModel, taken: Set<string>, cache: DescriptionCache, specRef: string, o: OpIn): InitRoute {
  const { op, item, method, path } = o;
  const notes: string[] = [];
  const params: Record<string, string> = {};
  const query: string[] = [];
  const values = new Map<string, string>();
  const byKey = new Map<string, Obj>();
  for (const list of [item.parameters, op.parameters]) {
    for (const p of Array.isArray(list) ? list : []) {
      const param = resolveRef(d.doc, p);
      if (param && typeof param.name === 'string' && typeof param.in === 'string') byKey.set(`${param.in}:${param.name}`, param);
    }
  }
  for (const p of byKey.values()) {
    const schema = resolveRef(d.doc, p.schema);
    if (p.in === 'query') query.push(p.name as string);
    if (p.in !== 'path') continue;
    const pattern = paramPattern(schema);
    if (pattern) params[p.name as string] = pattern;
    const value = schema?.type === 'integer' || schema?.type === 'number' ? '1' : sampleString(schema ?? {});
    const re = pattern ? new RegExp(pattern.startsWith('^') ? pattern : `^(?:${pattern})$`, 'u') : DEFAULT_PARAM;
    if (value !== undefined && re.test(value) && DEFAULT_PARAM.test(value)) values.set(p.name as string, value);
  }
  const example = path.replace(/\{([^}]+)\}/g, (_, n: string) => values.get(n) ?? `{${n}}`);
  const id = routeId(taken, method, path, typeof op.operationId === 'string' ? op.operationId : undefined);
  const ref = o.uniqueId ? { operationId: op.operationId as string } : { path, method: method.toLowerCase() };
  // Compile the reference exactly as `phiguard validate` will; keep it only when it compiles.
  const problems: string[] = [];
  const ctx: CompileContext = { baseDir: '.', env: {}, error: (_p, _c, message) => problems.push(message), readFile: () => undefined };
  compileOpenApiRoute({ file: specRef, ...ref }, { method, paramNames: o.paramNames }, [], ctx, cache);
  if (problems.length) notes.push(`not linked to the OpenAPI operation: ${problems[0]}`);
  const shape = fhirShape(method, path, query);
  const tags = Array.isArray(op.tags) ? op.tags.filter((x): x is string => typeof x === 'string') : [];
  const route: InitRoute = {
    id, method, path, ...shape, params, query, write: !['GET', 'HEAD', 'OPTIONS'].includes(method),
    ...(problems.length ? {} : { openapi: ref }),
    ...(tags[0] ? { tag: tags[0] } : {}),
    ...(typeof op.summary === 'string' ? { summary: op.summary.split('\n')[0]! } : {}),
    phi: [], notes, example,
  };
  // Bodies: PHI fields and synthetic samples for the generated tests.
  const phi: PhiField[] = [];
  const body = resolveRef(d.doc, op.requestBody);
  const reqMedia = body ? jsonSchemaOf(body.content) : undefined;
  if (body && !reqMedia) notes.push('the request body has no JSON media type: phiguard accepts no body on this route');
  if (reqMedia) {
    phi.push(...bodyPhi(d, reqMedia.schema));
    const s = sampleOf(d, reqMedia.schema);
    if (s.minimal !== undefined) {
      route.requestBody = s.minimal;
      route.requestType = reqMedia.type;
    }
  }
  const responses = isObj(op.responses) ? op.responses : {};
  const status = Object.keys(responses).find((k) => /^2\d\d$/.test(k)) ?? (responses['2XX'] ? '2XX' : undefined);
  const res = status ? resolveRef(d.doc, responses[status]) : undefined;
  const resMedia = res ? jsonSchemaOf(res.content) : undefined;
  if (resMedia) {
    phi.push(...bodyPhi(d, resMedia.schema));
    const s = sampleOf(d, resMedia.schema);
    if (s.minimal !== undefined) route.sample = { status: status === '2XX' ? 200 : Number(status), contentType: resMedia.type, body: s.minimal, ...(s.full !== undefined ? { full: s.full } : {}) };
  }
  const seen = new Set<string>();
  route.phi = phi.filter((f) => !seen.has(f.path) && seen.add(f.path));
  if (route.example.includes('{')) notes.push('no sample value matches a path parameter pattern: no generated test');
  return route;
}
