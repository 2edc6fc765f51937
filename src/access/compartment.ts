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

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const refOf = (v: unknown): string | undefined => (isObj(v) && typeof v.reference === 'string' ? v.reference : undefined);

/** Patients one resource is about: Patient.id, and `subject` / `patient` references to a Patient. */
export function patientsOf(r: Obj): string[] {
  const out: string[] = [];
  if (r.resourceType === 'Patient' && typeof r.id === 'string') out.push(r.id);
  for (const k of ['subject', 'patient']) {
    const refs = Array.isArray(r[k]) ? (r[k] as unknown[]).map(refOf) : [refOf(r[k])];
    for (const ref of refs) {
      const id = ref === undefined ? undefined : patientId(ref, false);
      if (id !== undefined) out.push(id);
    }
  }
  return out;
}

/**
 * Patients a request body (resource, Bundle/transaction with nested bundles, contained resources)
 * is about. Iterative; stops after `max` resources.
 */
export function bodyPatients(body: unknown, max = 10_000): string[] {
  const out = new Set<string>();
  const stack: unknown[] = [body];
  let seen = 0;
  while (stack.length > 0 && seen++ < max) {
    const r = stack.pop();
    if (!isObj(r)) continue;
    for (const p of patientsOf(r)) out.add(p);
    if (Array.isArray(r.contained)) stack.push(...r.contained);
    if (r.resourceType === 'Bundle' && Array.isArray(r.entry)) for (const e of r.entry) if (isObj(e)) stack.push(e.resource);
  }
  return [...out];
}
