/**
 * Request-side patient compartment for a patient-restricted principal (a patient token, or only
 * `patient/` SMART scopes): the target may only select the principal's own patient. Every rule
 * either proves the request is confined to that patient or refuses it with
 * PG_AUTHZ_PATIENT_COMPARTMENT. Rules and rationale: docs/access.md "Patient compartment".
 */
import type { AccessRouteView } from '../core/context.js';
import { PhiguardError } from '../core/errors.js';
import { ABOUT_PARAMS, PATIENT_LINK_PARAMS } from './compartment-def.js';
import { parseParamName, patientId } from './compartment.js';

/** Search modifiers (FHIR R4 + R5) that are not resource types. */
const MODIFIERS = new Set(['missing', 'exact', 'contains', 'text', 'not', 'above', 'below', 'in', 'not-in', 'of-type', 'identifier', 'iterate', 'recurse', 'code-text', 'text-advanced', 'type', 'codetext']);
/** Parameters that shape a result but do not select it. */
const CONTROL = new Set(['_id', '_count', '_sort', '_elements', '_summary', '_total', '_format', '_pretty', '_include', '_revinclude', '_contained', '_containedtype']);
/** Parameters with arbitrary or server-defined semantics. */
const OPAQUE = new Set(['_has', '_filter', '_query']);
const INCLUDE = /^[A-Za-z][A-Za-z0-9]{0,63}:[A-Za-z][A-Za-z0-9-]{0,63}(?::[A-Za-z][A-Za-z0-9]{0,63})?$/;
/** `Patient?...` (conditional), `Patient%2F...` (encoded), `Patient#...` inside any query value. */
const PATIENT_ODD = /(?:^|[/:,\s])patient(?:\?|%2f|#)/i;
const PATIENT_SEGMENT = /(?:^|[/:,\s])patient\/([^/?#,]*)/gi;
const TYPED = /^(?:[A-Za-z][A-Za-z0-9+.-]*:\/\/[^?#\s]*\/)?([A-Z][A-Za-z]{0,63})\/([A-Za-z0-9.-]{1,64})(?:\/_history\/[A-Za-z0-9.-]{1,64})?$/;

const deny = (why: string): never => {
  throw new PhiguardError('PG_AUTHZ_PATIENT_COMPARTMENT', why);
};

const parts = (values: readonly string[]): string[] => values.flatMap((v) => v.split(',').map((x) => x.trim()));

/** A value of a patient-linking parameter other than patient/subject: the patient, or a non-Patient, non-Group reference. */
function linkValueOk(v: string, patient: string): boolean {
  const m = TYPED.exec(v);
  if (m) return m[1] === 'Patient' ? m[2] === patient : m[1] !== 'Group';
  return v === patient; // a bare id may match Patient/<id>
}

export interface RequestCompartmentInput {
  readonly route: AccessRouteView;
  readonly routeParams: Readonly<Record<string, string>>;
  readonly query: ReadonlyMap<string, readonly string[]>;
  /** Canonical path segments: `/Patient/<id>/...` is checked even on a route without a patient source. */
  readonly segments?: readonly string[];
  /** Whether the request has a body (a search body would carry unchecked criteria). */
  readonly hasBody: boolean;
  readonly patient: string;
  /** The `If-None-Exist` header (conditional create), if any. */
  readonly ifNoneExist?: string;
}

/** Throws PG_AUTHZ_PATIENT_COMPARTMENT unless the request provably selects only `patient`. */
export function checkRequestCompartment(i: RequestCompartmentInput): void {
  evaluate(i);
  // Conditional create (`If-None-Exist: identifier=...`) is a search: confined to the patient, or refused.
  if (i.ifNoneExist !== undefined) {
    const query = new Map<string, string[]>();
    for (const part of i.ifNoneExist.replace(/^\?/, '').split('&')) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      let k: string, v: string;
      try {
        k = decodeURIComponent((eq < 0 ? part : part.slice(0, eq)).replace(/\+/g, ' '));
        v = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1).replace(/\+/g, ' '));
      } catch {
        return deny('If-None-Exist does not parse');
      }
      query.set(k, [...(query.get(k) ?? []), v]);
    }
    const { patient: _p, ...rest } = i.route;
    if (!evaluate({ route: { ...rest, interaction: 'search' }, routeParams: {}, query, hasBody: false, patient: i.patient })) deny('If-None-Exist must name the patient');
  }
}

/** The request rules; returns whether the selection is confined to `patient` (patient/subject, _id, route). */
function evaluate(i: RequestCompartmentInput): boolean {
  const { route, patient } = i;
  let confined = false;
  if (route.patient?.from === 'param') {
    const v = i.routeParams[route.patient.name];
    if (v !== undefined) {
      if (patientId(v, true) !== patient) deny('route names another patient');
      confined = true;
    }
  }
  // Safety net for policies that forget `patient:` on a compartment path such as /Patient/{id}/Observation.
  const seg = i.segments ?? [];
  if (seg.length > 1 && seg[0]?.toLowerCase() === 'patient' && !/^[_$]/.test(seg[1] ?? '')) {
    if (seg[1] !== patient) deny('path names another patient');
    confined = true;
  }
  if (route.interaction === 'search' && i.hasBody) deny('search criteria in a body cannot be checked');
  const routeQuery = route.patient?.from === 'query' ? route.patient.name.toLowerCase() : undefined;
  const includes: Array<{ modifier: string | undefined; values: readonly string[] }> = [];
  let criteria = false;
  for (const [raw, values] of i.query) {
    const n = parseParamName(raw);
    // Any value naming Patient/<other> (or a Patient-ish value that is not a literal id) is refused, whatever the parameter.
    for (const v of values) {
      if (PATIENT_ODD.test(v)) deny('query value names a patient by condition');
      for (const m of v.matchAll(PATIENT_SEGMENT)) if (m[1] !== patient) deny('query value names another patient');
    }
    if (OPAQUE.has(n.base)) deny(`${n.base} cannot be confined to one patient`);
    if (!CONTROL.has(n.base)) criteria = true;
    if (n.base === '_include' || n.base === '_revinclude') {
      includes.push({ modifier: n.modifier, values });
      continue;
    }
    if (n.base === '_id' && route.resource === 'Patient') {
      if (n.modifier !== undefined || n.chain.length > 0) deny('_id modifier on a Patient search');
      if (parts(values).some((v) => patientId(v, true) !== patient)) deny('_id names another patient');
      confined = true;
      continue;
    }
    const about = ABOUT_PARAMS.has(n.base) || n.base === routeQuery;
    const link = about || PATIENT_LINK_PARAMS.has(n.base);
    if (n.chain.length > 0) {
      const hops = [n.base, ...n.chain.map((s) => s.split(':')[0] ?? '')];
      const types = [n.modifier, ...n.chain.map((s) => s.split(':')[1])];
      if (hops.some((h) => PATIENT_LINK_PARAMS.has(h) || h === routeQuery) || types.includes('patient')) deny('chained search through a patient reference');
      continue;
    }
    if (!link) continue;
    const mod = n.modifier;
    if (mod !== undefined && mod !== 'patient' && (about || MODIFIERS.has(mod) || mod === 'group')) deny(`${n.base}: this modifier cannot be confined to one patient`);
    const vs = parts(values);
    if (vs.length === 0) deny('empty patient parameter');
    if (mod === 'patient' || (about && n.base !== 'subject')) {
      if (vs.some((v) => patientId(v, true) !== patient)) deny('parameter names another patient');
      if (about) confined = true;
    } else if (about) {
      // subject may also name a Group, Device or Location with the same id: a bare id is ambiguous.
      if (vs.some((v) => patientId(v, false) !== patient)) deny('subject names something other than the patient');
      confined = true;
    } else if (mod === undefined) {
      // performer=P does not confine: P's performed observations may be about other patients.
      if (vs.some((v) => !linkValueOk(v, patient))) deny(`${n.base} may name another patient`);
    }
  }
  for (const inc of includes) {
    if (inc.modifier !== undefined) deny('iterative includes can reach other patients');
    if (!confined) deny('includes on a search not confined to the patient');
    for (const v of parts(inc.values)) {
      if (!INCLUDE.test(v)) deny('include must name Type:param');
      const [, param = '', target] = v.toLowerCase().split(':');
      if ((PATIENT_LINK_PARAMS.has(param) && !ABOUT_PARAMS.has(param)) || (target === 'patient' && !ABOUT_PARAMS.has(param))) deny('include through a patient reference');
    }
  }
  if (route.resource === 'Patient' && route.interaction === 'search' && criteria && !confined) deny('Patient search must be confined with _id');
  return confined;
}
