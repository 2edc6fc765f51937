/**
 * PHI-bearing fields of a schema, by property name and format: names, dates, telecom, identifiers,
 * addresses and the other Safe Harbor categories. Paths are dotted element paths (`name.family`),
 * the form `access.minimumNecessary` rules take; arrays are transparent.
 */
import type { PhiType } from '../../phi/index.js';
import { FIELD_TYPES } from '../../phi/json/fields.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface PhiField {
  /** Dotted path from the resource (or body) root. */
  readonly path: string;
  readonly type: PhiType;
  /** What marked it: the property name, its format, the FHIR datatype it references, or values seen in traffic. */
  readonly by: 'name' | 'format' | 'datatype' | 'traffic';
}

/** Normalised as the PHI engine matches field names: lower case, `_` and `-` ignored. */
export const normName = (name: string): string => name.toLowerCase().replace(/[_-]/g, '');

/** FHIR elements that are PHI as a whole (the engine's FHIR rules redact them). */
const FHIR_ELEMENTS: ReadonlyMap<string, PhiType> = new Map<string, PhiType>([
  ['identifier', 'OTHER_ID'], ['telecom', 'PHONE'], ['name', 'NAME'], ['address', 'LOCATION'], ['photo', 'PHOTO'],
]);
/** FHIR datatypes (component schema names) whose values are dates. */
const DATE_TYPES = new Set(['date', 'datetime', 'instant']);
/** Record metadata, not about the individual. */
const SKIP = new Set(['meta', 'resourcetype', 'id', 'text', 'extension', 'modifierextension']);

function byName(key: string): PhiType | undefined {
  const n = normName(key);
  const known = FHIR_ELEMENTS.get(n) ?? FIELD_TYPES.get(n);
  if (known) return known;
  if (/phone|mobile/.test(n)) return 'PHONE';
  if (/email/.test(n)) return 'EMAIL';
  if (/(^|[a-z])ssn$|socialsecurity/.test(n)) return 'SSN';
  if (/birth(date|day)|dateofbirth|dob$/.test(n)) return 'DATE';
  if (/(first|last|given|family|middle|full|patient)name$/.test(n)) return 'NAME';
  if (/(zip|postal)code$|streetaddress|addressline/.test(n)) return 'LOCATION';
  if (/mrn$|medicalrecord/.test(n)) return 'MRN';
  return undefined;
}

function byFormat(s: Obj): PhiType | undefined {
  switch (s.format) {
    case 'date': case 'date-time': return 'DATE';
    case 'email': case 'idn-email': return 'EMAIL';
    case 'ipv4': case 'ipv6': return 'IP';
    default: return undefined;
  }
}

/** Last segment of a local `$ref` (`#/components/schemas/dateTime` -> `dateTime`). */
const refName = (s: Obj): string | undefined => (typeof s.$ref === 'string' ? s.$ref.split('/').pop() : undefined);

export function resolveRef(root: Obj, s: unknown): Obj | undefined {
  let cur: unknown = s;
  for (let i = 0; i < 8 && isObj(cur) && typeof cur.$ref === 'string'; i++) {
    const ref = cur.$ref;
    if (!ref.startsWith('#/')) return undefined;
    let next: unknown = root;
    for (const seg of ref.slice(2).split('/')) next = isObj(next) ? next[seg.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
    cur = next;
  }
  return isObj(cur) ? cur : undefined;
}

/** The member schemas of an object schema, through $ref, allOf/anyOf/oneOf and array items. */
export function propertiesOf(root: Obj, schema: unknown, depth = 0): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const s = resolveRef(root, schema);
  if (!s || depth > 8) return out;
  if (isObj(s.properties)) for (const [k, v] of Object.entries(s.properties)) if (!out.has(k)) out.set(k, v);
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = s[key];
    if (Array.isArray(list)) for (const sub of list) for (const [k, v] of propertiesOf(root, sub, depth + 1)) if (!out.has(k)) out.set(k, v);
  }
  if (s.items !== undefined) for (const [k, v] of propertiesOf(root, s.items, depth + 1)) if (!out.has(k)) out.set(k, v);
  return out;
}

/** The PHI-bearing fields of `schema`. A field marked as a whole is not descended into. */
export function phiFields(root: Obj, schema: unknown, fhir: boolean): PhiField[] {
  const out: PhiField[] = [];
  const seen = new Set<unknown>();
  const walk = (s: unknown, prefix: string, depth: number) => {
    const resolved = resolveRef(root, s);
    if (!resolved || seen.has(resolved) || depth > 6) return;
    seen.add(resolved);
    for (const [key, sub] of propertiesOf(root, resolved)) {
      if (fhir && SKIP.has(normName(key))) continue;
      const path = prefix ? `${prefix}.${key}` : key;
      const target = isObj(sub) && isObj(sub.items) ? sub.items : sub;
      const rs = resolveRef(root, target);
      const named = byName(key);
      const ref = isObj(target) ? refName(target) : undefined;
      if (named) out.push({ path, type: named, by: 'name' });
      else if (ref && DATE_TYPES.has(ref.toLowerCase())) out.push({ path, type: 'DATE', by: 'datatype' });
      else if (rs && byFormat(rs)) out.push({ path, type: byFormat(rs)!, by: 'format' });
      else if (rs) walk(rs, path, depth + 1);
    }
    seen.delete(resolved);
  };
  walk(schema, '', 0);
  return out;
}

/** Resource schemas whose fields are never about an individual. */
export const NON_PHI_RESOURCES = new Set(['CapabilityStatement', 'OperationOutcome', 'Bundle', 'StructureDefinition', 'ValueSet', 'CodeSystem', 'SearchParameter', 'OperationDefinition', 'TerminologyCapabilities']);

/** The FHIR resource type a schema describes (`resourceType: { enum: [X] }` or `const: X`), if any. */
export function fhirResourceOf(root: Obj, schema: unknown): string | undefined {
  const rt = propertiesOf(root, schema).get('resourceType');
  const s = resolveRef(root, rt);
  if (!s) return undefined;
  const v = typeof s.const === 'string' ? s.const : Array.isArray(s.enum) && s.enum.length === 1 && typeof s.enum[0] === 'string' ? s.enum[0] : undefined;
  return v && /^[A-Z][A-Za-z]{0,63}$/.test(v) ? v : undefined;
}
