/**
 * Response-side access control, a pure function for the response-inspection stage: minimum
 * necessary projection, withholding of resources with disallowed security labels or outside a
 * SMART scope's query constraint, and the patient compartment. Never mutates its input; iterative
 * copy with a depth bound; `__proto__` keys are copied as plain data.
 */
import { PhiguardError } from '../core/errors.js';
import type { AccessDecision, AccessRouteView } from '../core/context.js';
import { scanPatients, withinCompartment, type PatientScan } from './patient-refs.js';
import { DEFAULT_SENSITIVE_LABELS, withheldLabels } from './labels.js';
import { projectResource } from './projection.js';
import { tokenMatches } from './smart-scopes.js';
import type { ResponseAccess, ScopeConstraint } from './types.js';

export const MAX_DEPTH = 256;
const MAX_REFS = 1000;
const SUBSETTED = { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'SUBSETTED', display: 'subsetted' };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

function put(target: Obj | unknown[], key: string | number, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else (target as Obj)[key as string] = value;
}

/** Iterative deep copy of parsed JSON. Throws PG_RESPONSE_UNPARSEABLE past MAX_DEPTH. */
export function cloneJson(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const root: Obj | unknown[] = Array.isArray(value) ? [] : {};
  const stack: Array<[src: Obj | unknown[], dst: Obj | unknown[], depth: number]> = [[value as Obj, root, 1]];
  while (stack.length > 0) {
    const [src, dst, depth] = stack.pop()!;
    if (depth > MAX_DEPTH) throw new PhiguardError('PG_RESPONSE_UNPARSEABLE', 'response nesting too deep');
    const keys = Array.isArray(src) ? src.map((_, i) => i) : Object.keys(src);
    for (const k of keys) {
      const v = (src as Obj)[k as string];
      if (v !== null && typeof v === 'object') {
        const child: Obj | unknown[] = Array.isArray(v) ? [] : {};
        put(dst, k, child);
        stack.push([v as Obj, child, depth + 1]);
      } else put(dst, k, v);
    }
  }
  return root;
}

function tokensOf(v: unknown): string[] {
  const out: string[] = [];
  for (const x of Array.isArray(v) ? v : [v]) {
    if (typeof x === 'string') out.push(x);
    else if (isObj(x)) {
      const codings = Array.isArray(x.coding) ? x.coding : [x];
      for (const c of codings) {
        if (isObj(c) && typeof c.code === 'string') out.push(c.code, typeof c.system === 'string' ? `${c.system}|${c.code}` : `|${c.code}`);
      }
    }
  }
  return out;
}

function meetsConstraints(r: Obj, constraints: readonly ScopeConstraint[]): boolean {
  const mine = constraints.filter((c) => c.resource === r.resourceType);
  if (mine.length === 0) return true;
  return mine.some((c) => c.params.every(([param, allowed]) => tokensOf(r[param]).some((t) => tokenMatches(allowed, t))));
}

function tag(r: Obj): void {
  const meta: Obj = isObj(r.meta) ? r.meta : {};
  const tags = Array.isArray(meta.tag) ? meta.tag : [];
  if (!tags.some((t) => isObj(t) && t.code === 'SUBSETTED')) meta.tag = [...tags, { ...SUBSETTED }];
  r.meta = meta;
}

/** What `authorize` writes for the compartment check (additive to ResponseAccess). */
export interface CompartmentAccess extends ResponseAccess {
  /** Break-glass: only literal other patients deny; unresolvable patient links are tolerated. */
  readonly compartmentLiteralOnly?: boolean;
}

export interface ResponseAccessResult {
  body: unknown;
  projectedFields: number;
  /** Fields a minimum-necessary rule in monitor mode would have removed (released unchanged). */
  wouldProject?: number;
  suppressedResources: number;
  patients: string[];
  resources: string[];
}

export function applyResponseAccess(body: unknown, access: AccessDecision, route: AccessRouteView): ResponseAccessResult {
  void route;
  const a = access as CompartmentAccess;
  const result: ResponseAccessResult = { body, projectedFields: 0, suppressedResources: 0, patients: [], resources: [] };
  if (!isObj(body) && !Array.isArray(body)) return result;
  // A bare JSON array (non-FHIR APIs) is treated like a searchset of its elements.
  const wrapped = Array.isArray(body);
  const copy = (wrapped ? { resourceType: 'Bundle', entry: (cloneJson(body) as unknown[]).map((resource) => ({ resource })) } : cloneJson(body)) as Obj;
  result.body = copy;
  const sensitive = new Set(a.sensitiveLabels ?? DEFAULT_SENSITIVE_LABELS);
  const allowed = new Set(a.allowedLabels ?? []);
  const constraints = a.scopeGrant?.constraints ?? [];
  const compartment = a.patients ? new Set(a.patients) : undefined;
  // Patient compartment first, over the whole document (every resource, wrapper and nested bundle,
  // withheld ones included): another patient, or a patient link that cannot be resolved, denies.
  let scan: PatientScan | undefined;
  if (compartment) {
    scan = scanPatients(copy);
    const literalOnly = a.compartmentLiteralOnly === true && scan.unprovable.size > 0 && !scan.unprovable.has('too-large');
    if (!withinCompartment(literalOnly ? { patients: scan.patients, unprovable: new Set() } : scan, compartment)) throw new PhiguardError('PG_RESPONSE_PATIENT_COMPARTMENT', 'response holds another patient');
  }
  const resources = new Set<string>();
  // A monitored projection rule counts what it would remove, on a copy; the released resource keeps every field.
  const project = (r: Obj): number => {
    if (!a.projection) return 0;
    if (!a.projection.monitor) return projectResource(r, a.projection);
    result.wouldProject = (result.wouldProject ?? 0) + projectResource(cloneJson(r) as Obj, a.projection);
    return 0;
  };

  /** Why a resource is withheld (labels, scope constraint), or 'keep'. */
  const check = (r: Obj): 'keep' | 'label' | 'scope' => {
    if (r.resourceType === 'OperationOutcome') return 'keep';
    if (withheldLabels(r, sensitive, allowed).length > 0) return 'label';
    if (!meetsConstraints(r, constraints)) return 'scope';
    if (typeof r.resourceType === 'string' && typeof r.id === 'string' && resources.size < MAX_REFS) resources.add(`${r.resourceType}/${r.id}`);
    return 'keep';
  };
  const finish = (r: Obj): void => {
    if (Array.isArray(r.contained)) {
      const kept = r.contained.filter((c) => !isObj(c) || check(c) === 'keep');
      result.suppressedResources += r.contained.length - kept.length;
      if (kept.length !== r.contained.length) tag(r);
      r.contained = kept;
      for (const c of kept) if (isObj(c)) result.projectedFields += project(c);
    }
    const removed = r.resourceType !== 'OperationOutcome' ? project(r) : 0;
    if (removed > 0) tag(r);
    result.projectedFields += removed;
  };

  if (copy.resourceType !== 'Bundle') {
    const verdict = check(copy);
    if (verdict === 'label') throw new PhiguardError('PG_AUTHZ_SECURITY_LABEL', 'resource withheld by its security labels');
    if (verdict === 'scope') throw new PhiguardError('PG_AUTHZ_SCOPE', 'resource outside the scope constraint');
    finish(copy);
  } else {
    if (withheldLabels(copy, sensitive, allowed).length > 0) throw new PhiguardError('PG_AUTHZ_SECURITY_LABEL', 'bundle withheld');
    const bundles: Obj[] = [copy];
    while (bundles.length > 0) {
      const b = bundles.pop()!;
      if (!Array.isArray(b.entry)) continue;
      const kept: unknown[] = [];
      let suppressed = 0;
      for (const e of b.entry) {
        const r = isObj(e) ? e.resource : undefined;
        if (!isObj(r)) kept.push(e);
        else if (r.resourceType === 'Bundle') {
          if (withheldLabels(r, sensitive, allowed).length > 0) suppressed++;
          else {
            kept.push(e);
            bundles.push(r);
          }
        } else if (check(r) !== 'keep') suppressed++;
        else {
          finish(r);
          kept.push(e);
        }
      }
      if (suppressed > 0) {
        result.suppressedResources += suppressed;
        kept.push({
          resource: {
            resourceType: 'OperationOutcome',
            issue: [{ severity: 'information', code: 'suppressed', diagnostics: `${suppressed} resource(s) withheld by access policy` }],
          },
          search: { mode: 'outcome' },
        });
        if (typeof b.total === 'number') b.total = Math.max(0, b.total - suppressed);
        tag(b);
      }
      b.entry = kept;
    }
  }
  if (wrapped) result.body = (copy.entry as Obj[]).map((e) => e.resource);
  // Audit: the patients the released body names (a restricted principal's are all its own).
  const named = scan ?? scanPatients(result.body);
  result.patients = [...named.patients].slice(0, MAX_REFS).map((p) => `Patient/${p}`);
  result.resources = [...resources];
  return result;
}
