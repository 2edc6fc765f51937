/**
 * Compiles a schema-valid policy document into the frozen runtime policy. Semantic errors are
 * collected (all of them) with positions.
 */
import { createHash } from 'node:crypto';
import type { Ajv } from 'ajv';
import { compileAccess, compileIdentity, compileRouteAccess } from '../access/policy/index.js';
import { compileAlerts } from '../alerts/policy.js';
import { compileAudit } from '../audit/policy.js';
import { canonicalJson, type Canon } from '../core/canonical.js';
import { deepFreeze } from '../core/freeze.js';
import { parseBytes, parseDuration, type CompileContext, type PolicyPath } from '../core/section.js';
import { ajvClass } from './ajv-options.js';
import { createCompileContext } from './context.js';
import type { ParsedPolicy, PolicyDiagnostic } from './load.js';
import { compilePhiSection } from '../phi/policy.js';
import { Router } from './router.js';
import { parseTemplate } from './template.js';
import { compileIntegrity } from './integrity.js';
import { compileUpstreamTls } from './upstream-tls.js';
import { compileTls } from './tls.js';
import { compileEgress } from './egress.js';
import { bodyValidator, compileOpenApiRoute, declaredNames, undeclaredPaths, type DescriptionCache } from './openapi/index.js';
import type { BodyValidator, CompiledPolicy, CompiledRoute, LimitsConfig, ResponseCheck, UpstreamConfig } from './types.js';

const DEFAULT_PARAM = /^[A-Za-z0-9._~-]{1,128}$/;
const DEFAULT_CONTENT_TYPES = ['application/json', 'application/fhir+json'];
type Raw = Record<string, unknown>;

export function compilePolicy(parsed: ParsedPolicy, env: Readonly<Record<string, string | undefined>>): { policy?: CompiledPolicy; errors: PolicyDiagnostic[] } {
  const errors: PolicyDiagnostic[] = [];
  const ctx = createCompileContext(parsed, env, errors);
  const doc = parsed.value as Raw;
  const roles = (doc.roles as string[] | undefined) ?? [];
  const limits = compileLimits((doc.limits ?? {}) as Raw);
  const defaultTypes = ((doc.request as Raw | undefined)?.contentTypes as string[] | undefined) ?? DEFAULT_CONTENT_TYPES;
  const responseTypes = (doc.response as Raw | undefined)?.contentTypes as string[] | undefined;
  // Created (and Ajv loaded) only for the first inline or file body schema.
  let userAjv: Ajv | undefined;
  const ajv = (): Ajv => (userAjv ??= new (ajvClass())({ allErrors: false, strict: false }));
  const router = new Router<CompiledRoute>();
  const ids = new Map<string, number>();
  const routes: CompiledRoute[] = [];
  const descriptions: DescriptionCache = new Map();

  ((doc.routes as Raw[] | undefined) ?? []).forEach((r, i) => {
    const at: PolicyPath = ['routes', i];
    const id = r.id as string;
    if (ids.has(id)) ctx.error([...at, 'id'], 'PG_POLICY_DUPLICATE_ROUTE', `route id "${id}" is already used by routes[${ids.get(id)}]`);
    ids.set(id, i);
    const t = parseTemplate(r.path as string);
    if (!t.segments) {
      ctx.error([...at, 'path'], 'PG_POLICY_ROUTE', t.error ?? 'invalid path template');
      return;
    }
    const paramNames = new Set(t.segments.flatMap((s) => (s.kind === 'param' ? [s.name] : [])));
    const patterns = new Map<string, RegExp>();
    for (const [name, src] of Object.entries((r.params as Record<string, string> | undefined) ?? {})) {
      if (!paramNames.has(name)) ctx.error([...at, 'params', name], 'PG_POLICY_REFERENCE', `parameter "${name}" is not in the path template`);
      try {
        patterns.set(name, new RegExp(src.startsWith('^') ? src : `^(?:${src})$`, 'u'));
      } catch {
        ctx.error([...at, 'params', name], 'PG_POLICY_ROUTE', 'invalid regular expression');
      }
    }
    let patient: CompiledRoute['patient'];
    if (typeof r.patient === 'string') {
      const name = r.patient.startsWith('?') ? r.patient.slice(1) : r.patient.slice(1, -1);
      if (r.patient.startsWith('{') && !paramNames.has(name)) {
        ctx.error([...at, 'patient'], 'PG_POLICY_REFERENCE', `patient parameter {${name}} is not in the path template`);
      }
      patient = { from: r.patient.startsWith('?') ? 'query' : 'param', name };
    }
    const req = (r.request ?? {}) as Raw;
    const res = (r.response ?? {}) as Raw;
    const reqSchema = compileBodySchema(req.schema, [...at, 'request', 'schema'], ctx, ajv);
    const resSchema = compileBodySchema(res.schema, [...at, 'response', 'schema'], ctx, ajv);
    const api = r.openapi ? compileOpenApiRoute(r.openapi as { file: string }, { method: r.method as string, paramNames }, [...at, 'openapi'], ctx, descriptions) : undefined;
    if (r.openapi && (req.schema !== undefined || res.schema !== undefined)) {
      ctx.error([...at, 'openapi'], 'PG_POLICY_ROUTE', 'a route takes its schemas from openapi: or from request/response.schema, not both');
    }
    const route: CompiledRoute = {
      id,
      method: r.method as string,
      template: r.path as string,
      segments: t.segments,
      checkParam: (name, value) => (patterns.get(name) ?? DEFAULT_PARAM).test(value),
      public: r.public === true,
      ...(typeof r.description === 'string' ? { description: r.description } : {}),
      ...(r.mode ? { mode: r.mode as 'enforce' | 'monitor' } : {}),
      ...(r.resource ? { resource: r.resource as string } : {}),
      ...(r.interaction ? { interaction: r.interaction as string } : {}),
      ...(patient ? { patient } : {}),
      access: compileRouteAccess(r.allow, [...at, 'allow'], roles, ctx),
      request: {
        contentTypes: (req.contentTypes as string[] | undefined) ?? api?.contentTypes ?? defaultTypes,
        maxBytes: req.maxBytes === undefined ? limits.maxRequestBytes : Math.min(parseBytes(req.maxBytes) ?? 0, limits.maxRequestBytes),
        ...(reqSchema?.validate ? { schema: reqSchema.validate } : api?.requestSchema ? { schema: api.requestSchema } : {}),
        ...(api ? { bodyRequired: api.bodyRequired } : {}),
        ...(api?.params ? { params: api.params } : {}),
        requireIfMatch: compileIntegrity(r.integrity as Raw | undefined, doc.integrity as Raw | undefined, req.requireIfMatch).requireIfMatch,
        ...(req.query ? { query: req.query as string[] } : api ? { query: api.query } : {}),
      },
      response: {
        ...(res.contentTypes ?? responseTypes ? { contentTypes: (res.contentTypes ?? responseTypes) as string[] } : {}),
        ...(resSchema?.validate ? { schema: resSchema.validate } : {}),
        ...(resSchema?.check ? { contract: () => resSchema.check } : api?.contract ? { contract: api.contract } : {}),
        undeclared: (res.undeclared as 'remove' | 'block' | undefined) ?? 'remove',
        phi: res.phi !== false,
        ...(typeof res.phi === 'object' && res.phi !== null
          ? { phiExempt: ((res.phi as Raw).exempt as Array<{ roles: string[]; purposes?: string[] }>).map((e) => ({ roles: e.roles, ...(e.purposes ? { purposes: e.purposes } : {}) })) }
          : {}),
      },
      audit: { onFailure: ((r.audit as Raw | undefined)?.onFailure as 'deny' | 'allow-and-alert' | undefined) ?? 'deny' },
      integrity: compileIntegrity(r.integrity as Raw | undefined, doc.integrity as Raw | undefined, req.requireIfMatch),
    };
    if (r.public === true && r.allow !== undefined) {
      ctx.error([...at, 'allow'], 'PG_POLICY_ROUTE', 'a public route cannot also restrict callers with allow:');
    }
    const clash = router.add(route);
    if (clash) ctx.error([...at, 'path'], 'PG_POLICY_DUPLICATE_ROUTE', `${route.method} ${route.template} is already declared by route "${clash}"`);
    routes.push(deepFreeze(route));
  });
  if (routes.length === 0 && errors.length === 0) ctx.error(['routes'], 'PG_POLICY_ROUTE', 'no routes declared: every request would be denied');

  const upstream = compileUpstream(doc.upstream as Raw | undefined, ctx);
  const identity = compileIdentity(doc.identity, ctx, roles);
  const access = compileAccess(doc.access, ctx, roles);
  const phi = compilePhiSection(doc.phi, ctx);
  const audit = compileAudit(doc.audit as Raw | undefined, ctx);
  const alerts = compileAlerts(doc.alerts, ctx);
  const tls = compileTls(doc.tls as Raw | undefined, ctx);
  const egress = compileEgress(doc.egress as Raw | undefined, ['egress'], ctx);
  if (errors.length > 0) return { errors };

  const policy: CompiledPolicy = {
    version: 1,
    name: doc.name as string,
    hash: createHash('sha256').update(canonicalJson(doc as Canon, { numbers: 'any' })).digest('hex'),
    file: parsed.file,
    mode: (doc.mode as 'enforce' | 'monitor' | undefined) ?? 'enforce',
    ...(upstream ? { upstream } : {}),
    limits,
    tls,
    trustedProxies: (doc.trustedProxies as string[] | undefined) ?? [],
    roles,
    routes,
    router,
    ...(identity ? { identity } : {}),
    access,
    ...(phi !== undefined ? { phi } : {}),
    audit,
    alerts,
    egress,
    raw: deepFreeze(structuredClone(doc)),
  };
  Object.freeze(router);
  return { policy: Object.freeze(policy), errors: [] };
}

function compileLimits(l: Raw): LimitsConfig {
  return Object.freeze({
    maxRequestBytes: parseBytes(l.maxRequestBytes) ?? 1024 * 1024,
    maxHeaderCount: (l.maxHeaderCount as number | undefined) ?? 100,
    maxHeaderBytes: parseBytes(l.maxHeaderBytes) ?? 16 * 1024,
    requestTimeoutMs: parseDuration(l.requestTimeout) ?? 30_000,
    stageTimeoutMs: parseDuration(l.stageTimeout) ?? 10_000,
    maxJsonDepth: (l.maxJsonDepth as number | undefined) ?? 64,
  });
}

function compileUpstream(u: Raw | undefined, ctx: CompileContext): UpstreamConfig | undefined {
  if (!u) return undefined;
  const tls = compileUpstreamTls(u.tls as Raw | undefined, u.url as string, ['upstream', 'tls'], ctx);
  return Object.freeze({
    url: u.url as string,
    connectTimeoutMs: parseDuration(u.connectTimeout) ?? 2_000,
    headersTimeoutMs: parseDuration(u.headersTimeout) ?? 10_000,
    bodyTimeoutMs: parseDuration(u.bodyTimeout) ?? 30_000,
    maxResponseBytes: parseBytes(u.maxResponseBytes) ?? 10 * 1024 * 1024,
    connections: (u.connections as number | undefined) ?? 64,
    ...(tls ? { tls } : {}),
    forwarded: (u.forwarded as UpstreamConfig['forwarded'] | undefined) ?? 'x-forwarded',
    ...(u.publicUrl ? { publicUrl: u.publicUrl as string } : {}),
    ...(Array.isArray(u.linkAliases) ? { linkAliases: Object.freeze([...(u.linkAliases as string[])]) } : {}),
    rewriteLinks: (u.rewriteLinks as boolean | undefined) ?? true,
  });
}

function compileBodySchema(src: unknown, path: PolicyPath, ctx: CompileContext, ajv: () => Ajv): { validate: BodyValidator; check: ResponseCheck } | undefined {
  if (src === undefined) return undefined;
  let schema: unknown = src;
  if (typeof src === 'string') {
    const bytes = ctx.readFile(path, src);
    if (!bytes) return undefined;
    try {
      schema = JSON.parse(Buffer.from(bytes).toString('utf8'));
    } catch {
      ctx.error(path, 'PG_POLICY_PARSE', `schema file "${src}" is not valid JSON`);
      return undefined;
    }
  }
  try {
    const validate = bodyValidator(ajv().compile(schema as object), declaredNames(schema));
    return { validate, check: { validate, undeclared: (value) => undeclaredPaths(schema, schema, value) } };
  } catch (err) {
    ctx.error(path, 'PG_POLICY_SCHEMA', `invalid JSON Schema: ${err instanceof Error ? err.message.split('\n')[0] : 'compile error'}`);
    return undefined;
  }
}
