/**
 * SMART on FHIR scopes, v1 (`patient/Observation.read`) and v2 (`patient/Observation.rs?category=laboratory`),
 * matched against a route's resource type and FHIR interaction.
 */
import { PhiguardError } from '../core/errors.js';
import type { ScopeConstraint } from './types.js';

export type ScopeContext = 'patient' | 'user' | 'system';

export interface SmartScope {
  readonly context: ScopeContext;
  /** Resource type or `*`. */
  readonly resource: string;
  /** v2 permission letters granted (subset of `cruds`). */
  readonly permissions: string;
  /** v2 query constraint: param -> accepted values. */
  readonly query?: ReadonlyArray<readonly [string, string]>;
  readonly raw: string;
}

/** Scopes that are not resource scopes and are simply ignored. */
const NON_RESOURCE = /^(openid|profile|email|fhirUser|offline_access|online_access|launch(\/[A-Za-z]+)?)$/;
const SMART = /^(patient|user|system)\/(\*|[A-Z][A-Za-z]{0,63})\.([a-z*]+)(\?(.*))?$/s;
const V1: Readonly<Record<string, string>> = { read: 'rs', write: 'cud', '*': 'cruds' };
const ORDER = 'cruds';
const PARAM = /^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/;
const VALUE = /^[A-Za-z0-9_.:|/+-]{1,256}$/;

/** Parses one scope; returns undefined for non-resource scopes and throws PG_AUTHZ_SCOPE_MALFORMED for broken resource scopes. */
export function parseScope(raw: string): SmartScope | undefined {
  if (NON_RESOURCE.test(raw)) return undefined;
  if (!/^(patient|user|system)\//.test(raw)) return undefined;
  const m = SMART.exec(raw);
  if (!m) throw new PhiguardError('PG_AUTHZ_SCOPE_MALFORMED', 'resource scope does not parse');
  const [, context, resource, perm, , query] = m as unknown as [string, ScopeContext, string, string, string | undefined, string | undefined];
  let permissions = V1[perm];
  if (permissions === undefined) {
    // v2: letters from c r u d s, each at most once, in that order.
    let last = -1;
    for (const ch of perm) {
      const i = ORDER.indexOf(ch);
      if (i <= last) throw new PhiguardError('PG_AUTHZ_SCOPE_MALFORMED', 'scope permissions must be a subset of cruds in order');
      last = i;
    }
    permissions = perm;
  } else if (query !== undefined) {
    throw new PhiguardError('PG_AUTHZ_SCOPE_MALFORMED', 'v1 scopes take no query');
  }
  let q: Array<[string, string]> | undefined;
  if (query !== undefined) {
    q = [];
    for (const part of query.split('&')) {
      const eq = part.indexOf('=');
      const k = part.slice(0, eq);
      const v = part.slice(eq + 1);
      if (eq <= 0 || !PARAM.test(k) || !VALUE.test(v)) throw new PhiguardError('PG_AUTHZ_SCOPE_MALFORMED', 'scope query is malformed');
      q.push([k, v]);
    }
    if (q.length === 0 || q.length > 8) throw new PhiguardError('PG_AUTHZ_SCOPE_MALFORMED', 'scope query is malformed');
  }
  return Object.freeze({ context, resource, permissions, ...(q ? { query: Object.freeze(q) } : {}), raw });
}

/** Parses every scope; one malformed resource scope rejects the whole set (fail closed). */
export function parseScopes(scopes: readonly string[]): SmartScope[] {
  if (scopes.length > 256) throw new PhiguardError('PG_AUTHZ_SCOPE_MALFORMED', 'too many scopes');
  const out: SmartScope[] = [];
  for (const s of scopes) {
    const p = parseScope(s);
    if (p) out.push(p);
  }
  return out;
}

/** FHIR interaction -> SMART v2 permission letter (undefined: no scope can grant it by letter). */
export function permissionFor(interaction: string | undefined): string | undefined {
  switch (interaction) {
    case 'read':
    case 'vread':
    case 'history':
      return 'r';
    case 'search':
      return 's';
    case 'create':
      return 'c';
    case 'update':
    case 'patch':
      return 'u';
    case 'delete':
      return 'd';
    default:
      return undefined;
  }
}

export interface ScopeGrant {
  /** True when only `patient/` scopes grant access: the principal is confined to its patient. */
  readonly patientRestricted: boolean;
  /** Query constraints the data must satisfy (empty: unconstrained). Alternatives: any one suffices. */
  readonly constraints: readonly ScopeConstraint[];
  readonly context: ScopeContext;
}

/** Which scopes grant `interaction` on `resource`; undefined when none does. */
export function grantFor(scopes: readonly SmartScope[], resource: string, interaction: string | undefined): ScopeGrant | undefined {
  const letter = permissionFor(interaction);
  const matching = scopes.filter((s) => (s.resource === '*' || s.resource === resource) && (letter === undefined ? s.permissions.length > 0 : s.permissions.includes(letter)));
  if (matching.length === 0) return undefined;
  const broad = matching.filter((s) => s.context !== 'patient');
  const chosen = broad.length > 0 ? broad : matching;
  const unconstrained = chosen.some((s) => !s.query);
  const constraints: ScopeConstraint[] = [];
  if (!unconstrained) {
    for (const s of chosen) if (s.query) constraints.push({ resource, params: s.query });
  }
  const context = chosen.some((s) => s.context === 'system') ? 'system' : chosen.some((s) => s.context === 'user') ? 'user' : 'patient';
  return { patientRestricted: broad.length === 0, constraints, context };
}

/** Whether a search's query parameters satisfy at least one constraint (token match on value or `system|code`). */
export function searchSatisfies(constraints: readonly ScopeConstraint[], params: ReadonlyMap<string, readonly string[]>): boolean {
  if (constraints.length === 0) return true;
  return constraints.some((c) =>
    c.params.every(([param, allowed]) => {
      const got = params.get(param);
      if (!got || got.length === 0) return false;
      // Every value the client asks for (comma = OR in FHIR search) must be within the constraint.
      return got.every((v) => v.split(',').every((x) => tokenMatches(allowed, x)));
    }),
  );
}

/** `laboratory` matches `laboratory` and `sys|laboratory`; `sys|laboratory` matches only itself. */
export function tokenMatches(allowed: string, actual: string): boolean {
  if (allowed === actual) return true;
  if (!allowed.includes('|')) return actual.endsWith(`|${allowed}`);
  return false;
}
