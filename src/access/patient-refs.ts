/**
 * Which patients a JSON document (FHIR resource, Bundle, Parameters, a non-FHIR wrapper or a bare
 * array) names, and how many patient links it holds that cannot be resolved to a literal patient id.
 * Used for the patient compartment on responses and on request bodies. Iterative (no recursion),
 * read-only, bounded by MAX_NODES; `__proto__` keys are read as plain own data.
 */
import { PATIENT_COMPARTMENT } from './compartment-def.js';

export const MAX_NODES = 5_000_000;
const ID = /^[A-Za-z0-9.-]{1,64}$/;
const TYPE = /^[A-Z][A-Za-z]{0,63}$/;
/** `Type/id[/_history/v]`, relative or after an absolute base. */
const TYPED = /^(?:[A-Za-z][A-Za-z0-9+.-]*:\/\/[^?#\s]*\/)?([A-Z][A-Za-z]{0,63})\/([A-Za-z0-9.-]{1,64})(?:\/_history\/[A-Za-z0-9.-]{1,64})?$/;
/** `urn:uuid:`, `urn:oid:` or an absolute URL: resolved against the document's `fullUrl`s. */
const URLISH = /^(?:urn:(?:uuid|oid):[^\s]+|[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s]+)$/;
const PATIENT_SEGMENT = /(?:^|[/:])patient\/([^/?#]*)/gi;
/** A type-level URL such as `Patient` or `https://h/fhir/Patient` (a create, not an instance). */
const BARE_TYPE = /^(?:[A-Za-z][A-Za-z0-9+.-]*:\/\/[^?#\s]*\/)?[A-Z][A-Za-z]{0,63}\/?$/;
/** `Patient?identifier=...`, `Patient#x`, `Patient%2Fp2`, a trailing `Patient`: a patient that is not a literal id. */
const PATIENT_ODD = /(?:^|[/:?&=])patient(?:[?#%]|$)/i;

const PARAM_NAMES = new Set(['patient', 'patientid', 'patient_id']);

export type Unprovable = 'contained-patient' | 'patient-without-id' | 'unresolved-reference' | 'no-literal-reference' | 'malformed-reference' | 'too-large';

export interface PatientScan {
  /** Literal patient ids named anywhere. */
  readonly patients: Set<string>;
  /** Patient links that cannot be proven to be any particular patient (deduplicated reasons). */
  readonly unprovable: Set<Unprovable>;
}

export const cleanId = (v: unknown): v is string => typeof v === 'string' && ID.test(v) && v !== '.' && v !== '..';

export interface RefString {
  /** Every `Patient/<id>` segment with a clean id. */
  readonly ids: string[];
  /** A Patient segment that is not a clean literal id (conditional, encoded, dot segments). */
  readonly odd: boolean;
  readonly kind: 'patient' | 'other' | 'local' | 'url' | 'bad';
  readonly type?: string;
}

/** Classifies one reference string (relative, absolute, `_history`, `#local`, `urn:`, conditional). */
export function classifyRef(s: string): RefString {
  const ids: string[] = [];
  let odd = false;
  if (/patient/i.test(s)) {
    // A Patient segment next to dot segments or percent-encoding may resolve to another patient.
    odd = PATIENT_ODD.test(s) || /(?:^|\/)\.{1,2}(?:\/|$)|%/.test(s);
    for (const m of s.matchAll(PATIENT_SEGMENT)) {
      if (cleanId(m[1])) ids.push(m[1] as string);
      else odd = true;
    }
  }
  if (s.startsWith('#')) return { ids, odd, kind: 'local' };
  const m = TYPED.exec(s);
  if (m) {
    if (m[2] === '.' || m[2] === '..') return { ids, odd: true, kind: 'bad' };
    return { ids, odd, kind: m[1] === 'Patient' ? 'patient' : 'other', type: m[1] as string };
  }
  return { ids, odd, kind: URLISH.test(s) ? 'url' : 'bad' };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const own = (o: Obj, k: string): unknown => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);

/** Values at a dot path inside one resource, arrays flattened at every step. */
function valuesAt(r: Obj, path: string): unknown[] {
  let cur: unknown[] = [r];
  for (const seg of path.split('.')) {
    const next: unknown[] = [];
    for (const c of cur) {
      if (!isObj(c)) continue;
      const v = own(c, seg);
      if (Array.isArray(v)) for (const x of v) next.push(x); // no spread: arrays may be huge
      else if (v !== undefined && v !== null) next.push(v);
    }
    cur = next;
  }
  return cur;
}

/** Scans the whole document. See docs/access.md "Patient compartment" for the rules. */
export function scanPatients(root: unknown, maxNodes = MAX_NODES): PatientScan {
  const patients = new Set<string>();
  const unprovable = new Set<Unprovable>();
  const links = new WeakSet<object>();
  const fullUrls = new Map<string, Obj>();
  const pending: Array<{ url: string; link: boolean }> = [];
  const addString = (s: string, link: boolean, typePatient: boolean, typeOnly = false): void => {
    const c = classifyRef(s);
    for (const id of c.ids) patients.add(id);
    if (c.odd && !typeOnly) unprovable.add('malformed-reference');
    if (c.kind === 'url') pending.push({ url: s, link: link || typePatient });
    else if (c.kind === 'bad' && (link || typePatient)) unprovable.add('malformed-reference');
    else if (c.kind === 'other' && typePatient) unprovable.add('malformed-reference');
  };
  // Two parallel stacks (value, key it was reached by): no per-node allocation.
  const values: unknown[] = [root];
  const keysOf: string[] = [''];
  let nodes = 0;
  while (values.length > 0) {
    if (++nodes > maxNodes) {
      unprovable.add('too-large');
      break;
    }
    const v = values.pop();
    const key = keysOf.pop() as string;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) {
        const c: unknown = v[i];
        if (c !== null && typeof c === 'object') {
          values.push(c);
          keysOf.push(key);
        }
      }
      continue;
    }
    if (!isObj(v)) continue;
    // One pass over the own keys: the fields this scan reads, and the children to visit.
    let rt: unknown, id: unknown, fullUrl: unknown, resource: unknown, url: unknown, location: unknown;
    let type: unknown, ref: unknown, hasIdentifier = false, hasDisplay = false, name: unknown, value: string | undefined;
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i] as string;
      const c = v[k];
      switch (k) {
        case 'resourceType': rt = c; break;
        case 'id': id = c; break;
        case 'fullUrl': fullUrl = c; break;
        case 'resource': resource = c; break;
        case 'url': url = c; break;
        case 'location': location = c; break;
        case 'type': type = c; break;
        case 'reference': ref = c; break;
        case 'identifier': hasIdentifier = c !== undefined; break;
        case 'display': hasDisplay = c !== undefined; break;
        case 'name': name = c; break;
        // Non-FHIR shapes: `"subject": "Patient/p2"`, `"patient": "p2"`, `"patientId": "p2"`.
        case 'subject':
          if (typeof c === 'string') addString(c, false, false);
          break;
        case 'patient':
        case 'patientId':
        case 'patient_id':
          if (typeof c === 'string') {
            if (cleanId(c)) patients.add(c);
            else addString(c, true, false);
          }
          break;
        default:
          if (typeof c === 'string' && k.startsWith('value')) value = c; // Parameters value[x]
      }
      if (c !== null && typeof c === 'object') {
        values.push(c);
        keysOf.push(k);
      }
    }
    if (typeof rt === 'string') {
      if (rt === 'Patient') {
        if (key === 'contained') unprovable.add('contained-patient');
        else if (cleanId(id)) patients.add(id);
        else unprovable.add('patient-without-id');
      }
      const paths = Object.prototype.hasOwnProperty.call(PATIENT_COMPARTMENT, rt) ? PATIENT_COMPARTMENT[rt]! : [];
      for (const path of paths) {
        for (const x of valuesAt(v, path)) {
          if (isObj(x)) links.add(x);
          else if (typeof x === 'string') addString(x, true, false);
          else unprovable.add('malformed-reference');
        }
      }
    }
    // Parameters: `{ "name": "patient", "valueString": "p2" }` (references are read below).
    if (rt === undefined && value !== undefined && typeof name === 'string' && PARAM_NAMES.has(name.toLowerCase())) {
      if (cleanId(value)) patients.add(value);
      else addString(value, true, false);
    }
    if (typeof fullUrl === 'string') {
      if (isObj(resource) && !fullUrls.has(fullUrl)) fullUrls.set(fullUrl, resource);
      addString(fullUrl, false, false);
    }
    // Bundle entry request.url / response.location: `Patient/p2`, `Patient?identifier=` (conditional);
    // a bare `Patient` (create, as in history bundles) names no particular patient.
    const target = key === 'request' ? url : key === 'response' ? location : undefined;
    if (typeof target === 'string') addString(target, false, false, BARE_TYPE.test(target));
    const link = links.has(v);
    const typePatient = type === 'Patient';
    if (typeof ref === 'string') addString(ref, link, typePatient);
    else if (ref !== undefined && ref !== null && (link || typePatient)) unprovable.add('malformed-reference');
    else if (link && !(typeof type === 'string' && TYPE.test(type) && type !== 'Patient' && type !== 'Group')) unprovable.add('no-literal-reference');
    else if (typePatient && rt === undefined && (hasIdentifier || hasDisplay)) unprovable.add('no-literal-reference');
  }
  for (const p of pending) {
    const r = fullUrls.get(p.url);
    if (r === undefined) {
      if (p.link) unprovable.add('unresolved-reference');
    } else if (own(r, 'resourceType') === 'Patient') {
      if (cleanId(own(r, 'id'))) patients.add(own(r, 'id') as string);
      else unprovable.add('patient-without-id');
    }
  }
  return { patients, unprovable };
}

/** Whether a scan shows only patients in `allowed` and nothing unprovable. */
export function withinCompartment(scan: PatientScan, allowed: ReadonlySet<string>): boolean {
  if (scan.unprovable.size > 0) return false;
  for (const p of scan.patients) if (!allowed.has(p)) return false;
  return true;
}
