/**
 * Compile for the `identity:` and `access:` policy sections and the per-route `allow:` block
 * (schema-valid input -> frozen runtime config, every semantic error reported with its position).
 * The schemas are in ./schema.ts; ./index.ts is the section's one entry.
 */
import { deepFreeze } from '../../core/freeze.js';
import { parseBytes, parseDuration, type CompileContext, type PolicyPath } from '../../core/section.js';
import type { AccessConfig, IdentityConfig, IssuerConfig, JwksSource, MinimumNecessaryRule, MtlsClient, ProjectionRule, RouteAccess } from '../types.js';
import { DEFAULT_SENSITIVE_LABELS } from '../labels.js';

type Raw = Record<string, unknown>;

export const DEFAULT_DENY_SUBJECTS = ['admin', 'administrator', 'root', 'shared', 'test', 'guest', 'anonymous', 'anon', 'nobody', 'unknown', 'null', 'undefined'];
const DEFAULT_TYPES = ['at+jwt', 'jwt'];
const LOOPBACK = /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/;

const dur = (v: unknown, dflt: number): number => (v === undefined ? dflt : (parseDuration(v) ?? dflt));
const claimPath = (v: unknown, dflt: string): readonly string[] => Object.freeze(String(v ?? dflt).split('.'));
const list = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.map(String) : undefined);
export const normaliseTyp = (t: string): string => t.toLowerCase().replace(/^application\//, '');

function compileJwks(raw: Raw, at: PolicyPath, ctx: CompileContext): JwksSource {
  const base = {
    timeoutMs: dur(raw.timeout, 2_000),
    cooldownMs: dur(raw.cooldown, 30_000),
    maxAgeMs: dur(raw.maxAge, 10 * 60_000),
    maxStaleMs: dur(raw.maxStale, 24 * 3_600_000),
    maxRefetchPerMinute: (raw.maxRefetchPerMinute as number | undefined) ?? 6,
    maxBytes: parseBytes(raw.maxBytes) ?? 256 * 1024,
  };
  if ((raw.url === undefined) === (raw.file === undefined)) {
    ctx.error(at, 'PG_POLICY_SCHEMA', 'jwks needs exactly one of url or file');
    return base;
  }
  if (typeof raw.url === 'string') {
    if (!raw.url.startsWith('https://') && !LOOPBACK.test(raw.url)) {
      ctx.error([...at, 'url'], 'PG_POLICY_SCHEMA', 'a JWKS URL must use https (plain http only on loopback)');
    }
    return { ...base, url: raw.url };
  }
  const bytes = ctx.readFile([...at, 'file'], String(raw.file));
  if (!bytes) return base;
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    ctx.error([...at, 'file'], 'PG_POLICY_PARSE', 'the JWKS file is not valid JSON');
    return base;
  }
  const keys = (doc as { keys?: unknown })?.keys;
  if (!Array.isArray(keys) || keys.length === 0 || !keys.every((k) => k && typeof k === 'object' && !Array.isArray(k))) {
    ctx.error([...at, 'file'], 'PG_POLICY_SCHEMA', 'the JWKS file must be {"keys":[...]} with at least one key');
    return base;
  }
  for (const k of keys as Raw[]) {
    if (k.kty === 'oct' || k.d !== undefined || k.k !== undefined) {
      ctx.error([...at, 'file'], 'PG_POLICY_SCHEMA', 'the JWKS file must hold public keys only (no symmetric or private key material)');
      break;
    }
  }
  return { ...base, keys: Object.freeze(keys.map((k) => Object.freeze({ ...(k as Raw) }))) };
}

function compileIssuer(raw: Raw, at: PolicyPath, ctx: CompileContext): IssuerConfig {
  const claims = (raw.claims ?? {}) as Raw;
  const maxLifetimeMs = dur(raw.maxLifetime, 3_600_000);
  const maxTokenAgeMs = dur(raw.maxTokenAge, maxLifetimeMs);
  if (maxLifetimeMs <= 0) ctx.error([...at, 'maxLifetime'], 'PG_POLICY_SCHEMA', 'maxLifetime must be positive');
  return {
    issuer: String(raw.issuer),
    audience: Object.freeze(typeof raw.audience === 'string' ? [raw.audience] : (list(raw.audience) ?? [])),
    jwks: compileJwks((raw.jwks ?? {}) as Raw, [...at, 'jwks'], ctx),
    algorithms: Object.freeze(list(raw.algorithms) ?? []),
    types: Object.freeze((list(raw.types) ?? DEFAULT_TYPES).map(normaliseTyp)),
    requireType: raw.requireType !== false,
    maxTokenAgeMs,
    maxLifetimeMs,
    clockToleranceMs: dur(raw.clockTolerance, 30_000),
    patientRoles: Object.freeze(list(raw.patientRoles) ?? ['patient']),
    claims: Object.freeze({
      roles: claimPath(claims.roles, 'roles'),
      scope: claimPath(claims.scope, 'scope'),
      patient: claimPath(claims.patient, 'patient'),
      purposeOfUse: claimPath(claims.purposeOfUse, 'purpose_of_use'),
      clientId: claimPath(claims.clientId, 'client_id'),
      consentLabels: typeof claims.consentLabels === 'string' ? claimPath(claims.consentLabels, '') : [],
    }),
  };
}

/** Reports every role in `refs` (at `at`) that is not declared in the policy's `roles:`. */
function checkRoleRefs(refs: unknown, at: PolicyPath, declared: readonly string[] | undefined, ctx: CompileContext): void {
  if (!declared || !refs || typeof refs !== 'object') return;
  // A list (positions by index) or a map keyed by role (positions by key).
  const entries: Array<[string | number, unknown]> = Array.isArray(refs) ? refs.map((v, i) => [i, v]) : Object.keys(refs).map((k) => [k, k]);
  for (const [pos, role] of entries) {
    if (typeof role === 'string' && !declared.includes(role)) ctx.error([...at, pos], 'PG_POLICY_REFERENCE', `role "${role}" is not declared in roles:`);
  }
}

/** `roles`, when given, is the policy's declared role list: references to others are errors. */
export function compileIdentity(raw: unknown, ctx: CompileContext, roles?: readonly string[]): IdentityConfig | undefined {
  if (raw === undefined) return undefined;
  const r = raw as Raw;
  ((r.issuers as Raw[] | undefined) ?? []).forEach((iss, i) => checkRoleRefs(iss.patientRoles, ['identity', 'issuers', i, 'patientRoles'], roles, ctx));
  (((r.mtls as Raw | undefined)?.clients as Raw[] | undefined) ?? []).forEach((c, i) => checkRoleRefs(c.roles, ['identity', 'mtls', 'clients', i, 'roles'], roles, ctx));
  const issuers = ((r.issuers as Raw[] | undefined) ?? []).map((iss, i) => compileIssuer(iss, ['identity', 'issuers', i], ctx));
  const seen = new Set<string>();
  issuers.forEach((iss, i) => {
    if (seen.has(iss.issuer)) ctx.error(['identity', 'issuers', i, 'issuer'], 'PG_POLICY_SCHEMA', 'issuer is declared twice');
    seen.add(iss.issuer);
  });
  const mtlsClients: MtlsClient[] = (((r.mtls as Raw | undefined)?.clients as Raw[] | undefined) ?? []).map((c) => ({
    id: String(c.id),
    fingerprint256: String(c.fingerprint256).toUpperCase(),
    roles: Object.freeze(list(c.roles) ?? []),
    scopes: Object.freeze(list(c.scopes) ?? []),
    ...(typeof c.purposeOfUse === 'string' ? { purposeOfUse: c.purposeOfUse } : {}),
  }));
  if (issuers.length === 0 && mtlsClients.length === 0) {
    ctx.error(['identity'], 'PG_POLICY_SCHEMA', 'identity needs at least one issuer or mtls client');
  }
  const s = r.sessions as Raw | undefined;
  const idle = s?.idleTimeout === undefined ? undefined : parseDuration(s.idleTimeout);
  const abs = s?.absoluteTimeout === undefined ? undefined : parseDuration(s.absoluteTimeout);
  if (idle !== undefined && abs !== undefined && idle > abs) {
    ctx.error(['identity', 'sessions', 'idleTimeout'], 'PG_POLICY_SCHEMA', 'idleTimeout cannot exceed absoluteTimeout');
  }
  const pou = (r.purposeOfUse ?? {}) as Raw;
  const cache = (r.cache ?? {}) as Raw;
  return deepFreeze({
    header: typeof r.header === 'string' ? r.header : 'authorization',
    maxTokenBytes: parseBytes(r.maxTokenBytes) ?? 8 * 1024,
    issuers,
    denySubjects: (list(r.denySubjects) ?? DEFAULT_DENY_SUBJECTS).map((x) => x.toLowerCase()),
    cache: { enabled: cache.enabled !== false, maxEntries: (cache.maxEntries as number | undefined) ?? 10_000 },
    purposeOfUse: {
      ...(typeof pou.header === 'string' ? { header: pou.header } : {}),
      ...(typeof pou.claim === 'string' ? { claim: claimPath(pou.claim, '') } : {}),
      ...(list(pou.values) ? { values: list(pou.values) } : {}),
    },
    mtlsClients,
    ...(s ? { sessions: { ...(idle !== undefined ? { idleTimeoutMs: idle } : {}), ...(abs !== undefined ? { absoluteTimeoutMs: abs } : {}) } } : {}),
  });
}

function compileRules(raw: Raw): Readonly<Record<string, ProjectionRule>> {
  const out: Record<string, ProjectionRule> = {};
  for (const [type, rule] of Object.entries(raw)) {
    const r = rule as { allow?: string[]; deny?: string[] };
    out[type] = r.allow ? { mode: 'allow', paths: [...r.allow] } : { mode: 'deny', paths: [...(r.deny ?? [])] };
  }
  return out;
}

/** `roles`, when given, is the policy's declared role list: references to others are errors. */
export function compileAccess(raw: unknown, ctx: CompileContext, roles?: readonly string[]): AccessConfig {
  const r = (raw ?? {}) as Raw;
  checkAccessRoles(r, ctx, roles);
  const state = (r.state ?? {}) as Raw;
  const labels = (r.labels ?? {}) as Raw;
  const mn = (r.minimumNecessary ?? {}) as Raw;
  const bg = r.breakGlass as Raw | undefined;
  const bulk = r.bulk as Raw | undefined;
  const sel = (x: Raw) => ({ ...(list(x.roles) ? { roles: list(x.roles) } : {}), ...(list(x.purposes) ? { purposes: list(x.purposes) } : {}) });
  const store = typeof state.store === 'string' ? state.store : 'memory';
  return deepFreeze({
    state: { store: store.startsWith('memory') ? 'memory' : store, prefix: (state.prefix as string | undefined) ?? 'phiguard:access:', timeoutMs: dur(state.timeout, 1_000) },
    scopes: { enforce: (((r.scopes as Raw | undefined)?.enforce as 'always' | 'when-present' | 'off' | undefined) ?? 'always') },
    purposes: Object.fromEntries(Object.entries((r.purposes ?? {}) as Record<string, string[]>).map(([k, v]) => [k, [...v]])),
    labels: {
      sensitive: list(labels.sensitive) ?? [...DEFAULT_SENSITIVE_LABELS],
      allow: ((labels.allow as Raw[] | undefined) ?? []).map((a) => ({ ...sel(a), labels: list(a.labels) ?? [] })),
    },
    minimumNecessary: {
      exempt: ((mn.exempt as Raw[] | undefined) ?? []).map(sel),
      rules: ((mn.rules as Raw[] | undefined) ?? []).map((x): MinimumNecessaryRule => ({ ...sel(x), resources: compileRules((x.resources ?? {}) as Raw), ...(x.mode === 'monitor' ? { monitor: true } : {}) })),
    },
    ...(bg
      ? {
          breakGlass: {
            ...(typeof bg.header === 'string' ? { header: bg.header } : {}),
            ...(typeof bg.claim === 'string' ? { claim: claimPath(bg.claim, '') } : {}),
            roles: list(bg.roles) ?? [],
            reasons: list(bg.reasons) ?? ['ETREAT', 'BTG'],
            minJustification: (bg.minJustification as number | undefined) ?? 20,
            durationMs: dur(bg.duration, 3_600_000),
            cooldownMs: dur(bg.cooldown, 86_400_000),
          },
        }
      : {}),
    ...(bulk
      ? {
          bulk: {
            windowMs: dur(bulk.window, 3_600_000),
            ...(typeof bulk.maxPatients === 'number' ? { maxPatients: bulk.maxPatients } : {}),
            ...(typeof bulk.maxRecords === 'number' ? { maxRecords: bulk.maxRecords } : {}),
            roles: (bulk.roles ?? {}) as Record<string, { maxPatients?: number; maxRecords?: number }>,
            exemptRoles: list(bulk.exemptRoles) ?? [],
            ...(bulk.mode === 'monitor' ? { monitor: true } : {}),
          },
        }
      : {}),
  });
}

function checkAccessRoles(r: Raw, ctx: CompileContext, roles: readonly string[] | undefined): void {
  const at = (...p: Array<string | number>): PolicyPath => ['access', ...p];
  checkRoleRefs(r.purposes, at('purposes'), roles, ctx);
  (((r.labels as Raw | undefined)?.allow as Raw[] | undefined) ?? []).forEach((a, i) => checkRoleRefs(a.roles, at('labels', 'allow', i, 'roles'), roles, ctx));
  const mn = (r.minimumNecessary ?? {}) as Raw;
  for (const k of ['exempt', 'rules'] as const) ((mn[k] as Raw[] | undefined) ?? []).forEach((x, i) => checkRoleRefs(x.roles, at('minimumNecessary', k, i, 'roles'), roles, ctx));
  checkRoleRefs((r.breakGlass as Raw | undefined)?.roles, at('breakGlass', 'roles'), roles, ctx);
  const bulk = (r.bulk ?? {}) as Raw;
  checkRoleRefs(bulk.roles, at('bulk', 'roles'), roles, ctx);
  checkRoleRefs(bulk.exemptRoles, at('bulk', 'exemptRoles'), roles, ctx);
}

/** `roles` is the policy's declared role list, to check references. */
export function compileRouteAccess(raw: unknown, path: PolicyPath, roles: readonly string[], ctx: CompileContext): RouteAccess {
  const r = (raw ?? {}) as Raw;
  const routeRoles = list(r.roles) ?? [];
  routeRoles.forEach((role, i) => {
    if (!roles.includes(role)) ctx.error([...path, 'roles', i], 'PG_POLICY_REFERENCE', `role "${role}" is not declared in roles:`);
  });
  return deepFreeze({
    roles: routeRoles,
    ...(list(r.purposes) ? { purposes: list(r.purposes) } : {}),
    mfa: r.mfa === true,
    labels: list(r.labels) ?? [],
    breakGlass: r.breakGlass !== false,
    scopes: r.scopes !== false,
    ...(r.mode === 'monitor' ? { monitor: true } : {}),
  });
}
