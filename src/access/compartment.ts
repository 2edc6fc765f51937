/**
 * Patient compartment: which patients a request names (route patient source, `?patient=`,
 * `?subject=`, Patient `?_id=`) and whether a patient-restricted principal may reach them.
 */
import { PhiguardError } from '../core/errors.js';
import type { CompiledRoute } from '../policy/types.js';

const ID = /^[A-Za-z0-9.-]{1,64}$/;
const REF = /(?:^|\/)Patient\/([A-Za-z0-9.-]{1,64})(?:\/_history\/[A-Za-z0-9.-]{1,64})?$/;

/** Patient id from `123`, `Patient/123` or `https://host/fhir/Patient/123`; undefined when not a patient reference. */
export function patientId(value: string, bareIdIsPatient: boolean): string | undefined {
  const m = REF.exec(value);
  if (m) return m[1];
  return bareIdIsPatient && ID.test(value) ? value : undefined;
}

const QUERY_PARAMS = ['patient', 'subject', 'patient:Patient', 'subject:Patient'] as const;

/**
 * Every patient the request names. Values that name something other than a patient (e.g.
 * `subject=Group/1`) are returned as `null` entries so a restricted principal is refused.
 */
export function requestPatients(route: CompiledRoute, routeParams: Readonly<Record<string, string>>, query: ReadonlyMap<string, readonly string[]>): Array<string | null> {
  const out: Array<string | null> = [];
  const add = (v: string, bare: boolean) => {
    for (const part of v.split(',')) out.push(patientId(part.trim(), bare) ?? null);
  };
  if (route.patient?.from === 'param') {
    const v = routeParams[route.patient.name];
    if (v !== undefined) add(v, true);
  } else if (route.patient?.from === 'query') {
    for (const v of query.get(route.patient.name) ?? []) add(v, true);
  }
  for (const name of QUERY_PARAMS) {
    if (route.patient?.from === 'query' && route.patient.name === name) continue;
    for (const v of query.get(name) ?? []) add(v, !name.startsWith('subject'));
  }
  if (route.resource === 'Patient') for (const v of query.get('_id') ?? []) add(v, true);
  return out;
}

/** Throws PG_AUTHZ_PATIENT_COMPARTMENT unless every named patient is in `allowed`. */
export function checkCompartment(named: ReadonlyArray<string | null>, allowed: readonly string[]): void {
  for (const p of named) {
    if (p === null || !allowed.includes(p)) throw new PhiguardError('PG_AUTHZ_PATIENT_COMPARTMENT', 'request names a patient outside the compartment');
  }
}
