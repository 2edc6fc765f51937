/**
 * Patient compartment: which patients a request names (route patient source, `?patient=`,
 * `?subject=`, Patient `?_id=`, also in bracket forms such as `patient[]=`) and whether a
 * patient-restricted principal may reach them. The full request rules for restricted principals
 * are in compartment-request.ts; the document scan (bodies and responses) in patient-refs.ts.
 */
import type { AccessRouteView } from '../core/context.js';
import { PhiguardError } from '../core/errors.js';
import { scanPatients } from './patient-refs.js';

const ID = /^[A-Za-z0-9.-]{1,64}$/;
const REF = /(?:^|\/)Patient\/([A-Za-z0-9.-]{1,64})(?:\/_history\/[A-Za-z0-9.-]{1,64})?$/;

/** Patient id from `123`, `Patient/123` or `https://host/fhir/Patient/123`; undefined when not a patient reference. */
export function patientId(value: string, bareIdIsPatient: boolean): string | undefined {
  const m = REF.exec(value);
  const id = m ? m[1] : bareIdIsPatient && ID.test(value) ? value : undefined;
  return id === '.' || id === '..' ? undefined : id;
}

export interface ParamName {
  /** Lower-case parameter name without modifier, chain or bracket suffix. */
  readonly base: string;
  /** Lower-case modifier (`missing`, `identifier`, a type such as `patient`), if any. */
  readonly modifier?: string;
  /** Lower-case chain segments after the first `.`. */
  readonly chain: readonly string[];
  /** The raw name had `[...]` (qs / PHP style) or surrounding space or upper case. */
  readonly unusual: boolean;
}

/**
 * Splits a query parameter name the way a lenient back end may read it: case-insensitive,
 * trimmed, and with `[...]` suffixes removed (Express's qs parser reads `patient[]` and
 * `patient[0]` as `patient`).
 */
export function parseParamName(raw: string): ParamName {
  let n = raw.trim().toLowerCase();
  const br = n.indexOf('[');
  if (br >= 0) n = n.slice(0, br);
  const [head = '', ...chain] = n.split('.');
  const colon = head.indexOf(':');
  const base = colon < 0 ? head : head.slice(0, colon);
  return { base, ...(colon < 0 ? {} : { modifier: head.slice(colon + 1) }), chain, unusual: n !== raw };
}

/**
 * Every patient the request names. Values that name something other than a patient (e.g.
 * `subject=Group/1`) are returned as `null` entries so a restricted principal is refused.
 */
export function requestPatients(route: AccessRouteView, routeParams: Readonly<Record<string, string>>, query: ReadonlyMap<string, readonly string[]>): Array<string | null> {
  const out: Array<string | null> = [];
  const add = (v: string, bare: boolean) => {
    for (const part of v.split(',')) out.push(patientId(part.trim(), bare) ?? null);
  };
  if (route.patient?.from === 'param') {
    const v = routeParams[route.patient.name];
    if (v !== undefined) add(v, true);
  }
  const routeQuery = route.patient?.from === 'query' ? route.patient.name.toLowerCase() : undefined;
  for (const [raw, values] of query) {
    const n = parseParamName(raw);
    if (n.chain.length > 0) continue;
    if (n.base === routeQuery && n.modifier === undefined) for (const v of values) add(v, true);
    else if ((n.base === 'patient' || n.base === 'subject') && (n.modifier === undefined || n.modifier === 'patient')) {
      for (const v of values) add(v, n.base === 'patient' || n.modifier === 'patient');
    } else if (route.resource === 'Patient' && n.base === '_id' && n.modifier === undefined) for (const v of values) add(v, true);
  }
  return out;
}

/** Throws PG_AUTHZ_PATIENT_COMPARTMENT unless every named patient is in `allowed`. */
export function checkCompartment(named: ReadonlyArray<string | null>, allowed: readonly string[]): void {
  for (const p of named) {
    if (p === null || !allowed.includes(p)) throw new PhiguardError('PG_AUTHZ_PATIENT_COMPARTMENT', 'request names a patient outside the compartment');
  }
}

/** Patients a request body (any JSON: resource, Bundle, Parameters, JSON Patch...) names. */
export function bodyPatients(body: unknown): string[] {
  return [...scanPatients(body).patients];
}

/**
 * A restricted principal's request body must name only `allowed` patients and hold no patient link
 * that cannot be resolved to a literal id (identifier-only, conditional, unresolved `urn:uuid:`).
 * With `strict` false (break-glass), only literal other patients are refused.
 */
export function checkBodyCompartment(body: unknown, allowed: readonly string[], strict = true): void {
  const scan = scanPatients(body);
  if (strict && scan.unprovable.size > 0) throw new PhiguardError('PG_AUTHZ_PATIENT_COMPARTMENT', 'request body holds a patient link that cannot be verified');
  checkCompartment([...scan.patients], allowed);
}
