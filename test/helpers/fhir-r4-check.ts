/**
 * A small FHIR R4 type checker for tests: primitive regexes from the R4 spec (datatypes.html),
 * the element types of the resources and datatypes the demo data uses, and the JSON rules that
 * matter for redaction: a primitive has its JSON type (number, boolean, string), elements are never
 * empty (ele-1), an Extension has a value or extensions but not both (ext-1), `_name` siblings
 * are objects (or arrays of objects and nulls, aligned with their value array).
 * Independent of src/phi/json/fhir-types.ts on purpose: its tables are written from the spec again.
 */

const YEAR = '([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)';
const ZONE = '(Z|(\\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))';
const TIME = '([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?';

/** R4 primitive types: JSON kind and lexical rule. */
export const PRIMITIVES: Record<string, { json: 'string' | 'number' | 'boolean'; re?: RegExp; int?: boolean }> = {
  boolean: { json: 'boolean' },
  integer: { json: 'number', int: true, re: /^-?([0]|([1-9][0-9]*))$/ },
  positiveInt: { json: 'number', int: true, re: /^[1-9][0-9]*$/ },
  unsignedInt: { json: 'number', int: true, re: /^([0]|([1-9][0-9]*))$/ },
  decimal: { json: 'number' },
  string: { json: 'string', re: /^[ \r\n\t\S]+$/ },
  markdown: { json: 'string', re: /^\s*(\S|\s)*$/ },
  code: { json: 'string', re: /^[^\s]+(\s[^\s]+)*$/ },
  id: { json: 'string', re: /^[A-Za-z0-9\-.]{1,64}$/ },
  uri: { json: 'string', re: /^\S*$/ },
  url: { json: 'string', re: /^\S*$/ },
  canonical: { json: 'string', re: /^\S*$/ },
  oid: { json: 'string', re: /^urn:oid:[0-2](\.(0|[1-9][0-9]*))+$/ },
  uuid: { json: 'string', re: /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/ },
  base64Binary: { json: 'string', re: /^(\s*([0-9a-zA-Z+/=]){4}\s*)+$/ },
  date: { json: 'string', re: new RegExp(`^${YEAR}(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1]))?)?$`) },
  dateTime: { json: 'string', re: new RegExp(`^${YEAR}(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])(T${TIME}${ZONE})?)?)?$`) },
  instant: { json: 'string', re: new RegExp(`^${YEAR}-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])T${TIME}${ZONE}$`) },
  time: { json: 'string', re: new RegExp(`^${TIME}$`) },
  xhtml: { json: 'string', re: /^<div[\s>][\s\S]*<\/div>$/ },
};

/** Element name -> type; `[]` marks a repeating element; `x:` lists the types of a choice element `name[x]`. */
type Model = Record<string, string>;
const DOMAIN = { id: 'id', meta: 'Meta', implicitRules: 'uri', language: 'code', text: 'Narrative', contained: 'Resource[]', extension: 'Extension[]', modifierExtension: 'Extension[]' };
const ELEMENT = { id: 'string', extension: 'Extension[]' };
const BACKBONE = { ...ELEMENT, modifierExtension: 'Extension[]' };

export const MODELS: Record<string, Model> = {
  // datatypes
  Extension: { ...ELEMENT, url: 'uri', 'value[x]': 'x:boolean,integer,decimal,string,code,uri,date,dateTime,instant,time,positiveInt,unsignedInt,base64Binary,canonical,id,markdown,oid,url,uuid,Address,CodeableConcept,Coding,HumanName,Identifier,Period,Quantity,Reference,Attachment,ContactPoint' },
  Period: { ...ELEMENT, start: 'dateTime', end: 'dateTime' },
  Coding: { ...ELEMENT, system: 'uri', version: 'string', code: 'code', display: 'string', userSelected: 'boolean' },
  CodeableConcept: { ...ELEMENT, coding: 'Coding[]', text: 'string' },
  Reference: { ...ELEMENT, reference: 'string', type: 'uri', identifier: 'Identifier', display: 'string' },
  Identifier: { ...ELEMENT, use: 'code', type: 'CodeableConcept', system: 'uri', value: 'string', period: 'Period', assigner: 'Reference' },
  HumanName: { ...ELEMENT, use: 'code', text: 'string', family: 'string', given: 'string[]', prefix: 'string[]', suffix: 'string[]', period: 'Period' },
  Address: { ...ELEMENT, use: 'code', type: 'code', text: 'string', line: 'string[]', city: 'string', district: 'string', state: 'string', postalCode: 'string', country: 'string', period: 'Period' },
  ContactPoint: { ...ELEMENT, system: 'code', value: 'string', use: 'code', rank: 'positiveInt', period: 'Period' },
  Quantity: { ...ELEMENT, value: 'decimal', comparator: 'code', unit: 'string', system: 'uri', code: 'code' },
  Meta: { ...ELEMENT, versionId: 'id', lastUpdated: 'instant', source: 'uri', profile: 'canonical[]', security: 'Coding[]', tag: 'Coding[]' },
  Narrative: { ...ELEMENT, status: 'code', div: 'xhtml' },
  Attachment: { ...ELEMENT, contentType: 'code', language: 'code', data: 'base64Binary', url: 'url', size: 'unsignedInt', hash: 'base64Binary', title: 'string', creation: 'dateTime' },
  Annotation: { ...ELEMENT, 'author[x]': 'x:Reference,string', time: 'dateTime', text: 'markdown' },
  Dosage: { ...BACKBONE, sequence: 'integer', text: 'string', asNeededBoolean: 'boolean', timing: 'Any', route: 'CodeableConcept', doseAndRate: 'Any[]' },
  // resources
  Patient: {
    ...DOMAIN, identifier: 'Identifier[]', active: 'boolean', name: 'HumanName[]', telecom: 'ContactPoint[]', gender: 'code', birthDate: 'date',
    'deceased[x]': 'x:boolean,dateTime', address: 'Address[]', maritalStatus: 'CodeableConcept', 'multipleBirth[x]': 'x:boolean,integer',
    photo: 'Attachment[]', contact: 'Any[]', communication: 'PatientCommunication[]', generalPractitioner: 'Reference[]', managingOrganization: 'Reference', link: 'Any[]',
  },
  PatientCommunication: { ...BACKBONE, language: 'CodeableConcept', preferred: 'boolean' },
  Practitioner: { ...DOMAIN, identifier: 'Identifier[]', active: 'boolean', name: 'HumanName[]', telecom: 'ContactPoint[]', address: 'Address[]', gender: 'code', birthDate: 'date', photo: 'Attachment[]', qualification: 'Any[]', communication: 'CodeableConcept[]' },
  Organization: { ...DOMAIN, identifier: 'Identifier[]', active: 'boolean', type: 'CodeableConcept[]', name: 'string', alias: 'string[]', telecom: 'ContactPoint[]', address: 'Address[]', partOf: 'Reference', contact: 'Any[]' },
  Observation: {
    ...DOMAIN, identifier: 'Identifier[]', basedOn: 'Reference[]', partOf: 'Reference[]', status: 'code', category: 'CodeableConcept[]', code: 'CodeableConcept',
    subject: 'Reference', focus: 'Reference[]', encounter: 'Reference', 'effective[x]': 'x:dateTime,Period,instant', issued: 'instant', performer: 'Reference[]',
    'value[x]': 'x:Quantity,CodeableConcept,string,boolean,integer,Period,time,dateTime', dataAbsentReason: 'CodeableConcept', interpretation: 'CodeableConcept[]',
    note: 'Annotation[]', bodySite: 'CodeableConcept', method: 'CodeableConcept', referenceRange: 'Any[]', hasMember: 'Reference[]', derivedFrom: 'Reference[]', component: 'ObservationComponent[]',
  },
  ObservationComponent: { ...BACKBONE, code: 'CodeableConcept', 'value[x]': 'x:Quantity,CodeableConcept,string,boolean,integer,Period,time,dateTime', dataAbsentReason: 'CodeableConcept', interpretation: 'CodeableConcept[]', referenceRange: 'Any[]' },
  Encounter: {
    ...DOMAIN, identifier: 'Identifier[]', status: 'code', statusHistory: 'Any[]', class: 'Coding', classHistory: 'Any[]', type: 'CodeableConcept[]', serviceType: 'CodeableConcept',
    priority: 'CodeableConcept', subject: 'Reference', episodeOfCare: 'Reference[]', basedOn: 'Reference[]', participant: 'EncounterParticipant[]', appointment: 'Reference[]', period: 'Period',
    length: 'Quantity', reasonCode: 'CodeableConcept[]', reasonReference: 'Reference[]', diagnosis: 'Any[]', account: 'Reference[]', hospitalization: 'Any', location: 'Any[]', serviceProvider: 'Reference', partOf: 'Reference',
  },
  EncounterParticipant: { ...BACKBONE, type: 'CodeableConcept[]', period: 'Period', individual: 'Reference' },
  Condition: {
    ...DOMAIN, identifier: 'Identifier[]', clinicalStatus: 'CodeableConcept', verificationStatus: 'CodeableConcept', category: 'CodeableConcept[]', severity: 'CodeableConcept', code: 'CodeableConcept',
    bodySite: 'CodeableConcept[]', subject: 'Reference', encounter: 'Reference', 'onset[x]': 'x:dateTime,Age,Period,Range,string', 'abatement[x]': 'x:dateTime,Age,Period,Range,string',
    recordedDate: 'dateTime', recorder: 'Reference', asserter: 'Reference', stage: 'Any[]', evidence: 'Any[]', note: 'Annotation[]',
  },
  Procedure: {
    ...DOMAIN, identifier: 'Identifier[]', status: 'code', category: 'CodeableConcept', code: 'CodeableConcept', subject: 'Reference', encounter: 'Reference',
    'performed[x]': 'x:dateTime,Period,string,Age,Range', recorder: 'Reference', asserter: 'Reference', performer: 'Any[]', location: 'Reference', reasonCode: 'CodeableConcept[]',
    reasonReference: 'Reference[]', bodySite: 'CodeableConcept[]', outcome: 'CodeableConcept', note: 'Annotation[]',
  },
  Immunization: {
    ...DOMAIN, identifier: 'Identifier[]', status: 'code', statusReason: 'CodeableConcept', vaccineCode: 'CodeableConcept', patient: 'Reference', encounter: 'Reference',
    'occurrence[x]': 'x:dateTime,string', recorded: 'dateTime', primarySource: 'boolean', location: 'Reference', manufacturer: 'Reference', lotNumber: 'string', expirationDate: 'date', note: 'Annotation[]',
  },
  DiagnosticReport: {
    ...DOMAIN, identifier: 'Identifier[]', basedOn: 'Reference[]', status: 'code', category: 'CodeableConcept[]', code: 'CodeableConcept', subject: 'Reference', encounter: 'Reference',
    'effective[x]': 'x:dateTime,Period', issued: 'instant', performer: 'Reference[]', resultsInterpreter: 'Reference[]', specimen: 'Reference[]', result: 'Reference[]', conclusion: 'string', presentedForm: 'Attachment[]',
  },
  MedicationRequest: {
    ...DOMAIN, identifier: 'Identifier[]', status: 'code', intent: 'code', category: 'CodeableConcept[]', priority: 'code', 'reported[x]': 'x:boolean,Reference',
    'medication[x]': 'x:CodeableConcept,Reference', subject: 'Reference', encounter: 'Reference', authoredOn: 'dateTime', requester: 'Reference', reasonCode: 'CodeableConcept[]',
    reasonReference: 'Reference[]', note: 'Annotation[]', dosageInstruction: 'Dosage[]', dispenseRequest: 'Any', substitution: 'Any',
  },
  CarePlan: {
    ...DOMAIN, identifier: 'Identifier[]', status: 'code', intent: 'code', category: 'CodeableConcept[]', title: 'string', description: 'string', subject: 'Reference', encounter: 'Reference',
    period: 'Period', created: 'dateTime', author: 'Reference', careTeam: 'Reference[]', addresses: 'Reference[]', goal: 'Reference[]', activity: 'Any[]', note: 'Annotation[]',
  },
};

const CAP = (t: string): string => t[0]!.toUpperCase() + t.slice(1);

export interface Violation { path: string; problem: string }

/** Every R4 type violation in a resource (an empty list when it is valid as far as this model knows). */
export function checkResource(r: unknown): Violation[] {
  const out: Violation[] = [];
  if (!isObj(r) || typeof r.resourceType !== 'string') return [{ path: '$', problem: 'not a resource' }];
  const model = MODELS[r.resourceType];
  if (!model) return [{ path: '$', problem: `no model for ${r.resourceType}` }];
  checkObject(r, r.resourceType, '$', out, true);
  return out;
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Resolve a JSON name against a model: [type, repeating] or undefined. */
function resolve(model: Model, name: string): [string, boolean] | undefined {
  const t = model[name];
  if (t !== undefined) return t.startsWith('x:') ? undefined : [t.replace(/\[\]$/, ''), t.endsWith('[]')];
  for (const [k, v] of Object.entries(model)) {
    if (!k.endsWith('[x]') || !v.startsWith('x:')) continue;
    const stem = k.slice(0, -3);
    if (!name.startsWith(stem)) continue;
    const suffix = name.slice(stem.length);
    const hit = v.slice(2).split(',').find((ty) => CAP(ty) === suffix);
    if (hit) return [hit, false];
  }
  return undefined;
}

function checkObject(o: Record<string, unknown>, type: string, path: string, out: Violation[], resource = false): void {
  if (type === 'Any') return;
  const model = MODELS[type];
  if (!model) { out.push({ path, problem: `no model for ${type}` }); return; }
  const keys = Object.keys(o);
  if (!resource && keys.filter((k) => k !== 'id').length === 0) out.push({ path, problem: 'empty element (ele-1)' });
  if (type === 'Extension') {
    const hasValue = keys.some((k) => /^_?value[A-Z]/.test(k));
    const hasExt = Array.isArray(o.extension) && o.extension.length > 0;
    if (hasValue === hasExt) out.push({ path, problem: 'extension needs a value or extensions, not both (ext-1)' });
    if (typeof o.url !== 'string') out.push({ path, problem: 'extension without url' });
  }
  for (const key of keys) {
    if (resource && key === 'resourceType') continue;
    const p = `${path}.${key}`;
    const v = o[key];
    if (key.startsWith('_')) { checkPrimitiveExtension(o, key.slice(1), v, model, p, out); continue; }
    const res = resolve(model, key);
    if (!res) { out.push({ path: p, problem: `unknown element of ${type}` }); continue; }
    const [t, many] = res;
    if (t === 'Resource') continue;
    if (many !== Array.isArray(v)) { out.push({ path: p, problem: many ? 'must be an array' : 'must not be an array' }); continue; }
    const items = many ? (v as unknown[]) : [v];
    if (many && items.length === 0) out.push({ path: p, problem: 'empty array' });
    items.forEach((x, i) => {
      const ip = many ? `${p}[${i}]` : p;
      if (PRIMITIVES[t]) {
        if (x === null && many && Array.isArray(o[`_${key}`])) return; // value carried by _key[i]
        checkPrimitive(t, x, ip, out);
      } else if (!isObj(x)) out.push({ path: ip, problem: `${t} must be an object` });
      else checkObject(x, t, ip, out);
    });
  }
}

function checkPrimitive(t: string, x: unknown, path: string, out: Violation[]): void {
  const spec = PRIMITIVES[t]!;
  if (typeof x !== spec.json) { out.push({ path, problem: `${t} must be a JSON ${spec.json}, is ${x === null ? 'null' : typeof x}` }); return; }
  if (spec.int && !Number.isInteger(x)) out.push({ path, problem: `${t} must be an integer` });
  if (spec.re && !spec.re.test(String(x))) out.push({ path, problem: `not a valid ${t}` });
}

function checkPrimitiveExtension(o: Record<string, unknown>, name: string, v: unknown, model: Model, path: string, out: Violation[]): void {
  const res = resolve(model, name);
  if (!res || !PRIMITIVES[res[0]]) { out.push({ path, problem: '_ sibling of a non-primitive element' }); return; }
  const items = Array.isArray(v) ? v : [v];
  if (Array.isArray(v) && (!Array.isArray(o[name]) ? o[name] !== undefined : (o[name] as unknown[]).length !== v.length)) out.push({ path, problem: '_ array not aligned with its values' });
  items.forEach((x, i) => {
    if (x === null && Array.isArray(v)) return;
    if (!isObj(x)) { out.push({ path, problem: '_ sibling must be an object' }); return; }
    checkObject(x, 'Element', `${path}[${i}]`, out);
  });
}
MODELS.Element = { ...ELEMENT };
MODELS.Age = { ...MODELS.Quantity! };
MODELS.Range = { ...ELEMENT, low: 'Quantity', high: 'Quantity' };

/** Paths whose JSON kind (string, number, boolean) differs between two versions of a document. */
export function kindChanges(before: unknown, after: unknown, path = '$', out: string[] = []): string[] {
  if (Array.isArray(before) && Array.isArray(after)) {
    if (before.length === after.length) before.forEach((b, i) => kindChanges(b, after[i], `${path}[${i}]`, out));
    return out;
  }
  if (isObj(before) && isObj(after)) {
    for (const k of Object.keys(after)) if (k in before) kindChanges(before[k], after[k], `${path}.${k}`, out);
    return out;
  }
  const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  if (kind(before) !== kind(after)) out.push(`${path}: ${kind(before)} -> ${kind(after)}`);
  return out;
}
