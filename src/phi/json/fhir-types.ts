/**
 * FHIR R4 primitive types of JSON values, for type-preserving redaction: a redacted value must stay
 * a valid value of its element's type (a decimal stays a number, an instant stays an instant).
 * Regexes: FHIR R4 datatypes (https://hl7.org/fhir/R4/datatypes.html), anchored.
 */

export type FhirPrimitive =
  | 'boolean' | 'integer' | 'decimal' | 'string' | 'code' | 'id' | 'uri' | 'url' | 'canonical' | 'base64Binary'
  | 'date' | 'dateTime' | 'instant' | 'time' | 'positiveInt' | 'unsignedInt' | 'oid' | 'uuid' | 'markdown'
  | 'number'; // any JSON number (decimal, integer, positiveInt, unsignedInt): a string is never one

const YEAR = '([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)';
const ZONE = '(Z|(\\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))';
const TIME = '([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?';

export const R4_PATTERNS: Readonly<Record<Exclude<FhirPrimitive, 'number'>, RegExp>> = Object.freeze({
  boolean: /^(true|false)$/,
  integer: /^([0]|[-+]?[1-9][0-9]*)$/,
  decimal: /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/,
  string: /^[ \r\n\t\S]+$/,
  code: /^[^\s]+(\s[^\s]+)*$/,
  id: /^[A-Za-z0-9\-.]{1,64}$/,
  uri: /^\S*$/,
  url: /^\S*$/,
  canonical: /^\S*$/,
  base64Binary: /^(\s*([0-9a-zA-Z+/=]){4}\s*)+$/,
  date: new RegExp(`^${YEAR}(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1]))?)?$`),
  dateTime: new RegExp(`^${YEAR}(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])(T${TIME}${ZONE})?)?)?$`),
  instant: new RegExp(`^${YEAR}-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])T${TIME}${ZONE}$`),
  time: new RegExp(`^${TIME}$`),
  positiveInt: /^[1-9][0-9]*$/,
  unsignedInt: /^([0]|([1-9][0-9]*))$/,
  oid: /^urn:oid:[0-2](\.(0|[1-9][0-9]*))+$/,
  uuid: /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  markdown: /^\s*(\S|\s)*$/,
});

/**
 * Non-choice R4 elements whose JSON string is a date/time or binary type, by element name
 * (`Resource.name` entries override the plain name for that resource).
 */
const NAMED: ReadonlyMap<string, FhirPrimitive> = new Map<string, FhirPrimitive>(Object.entries({
  birthDate: 'date', expirationDate: 'date', lastUpdated: 'instant', timestamp: 'instant', issued: 'instant',
  recorded: 'instant', 'DocumentReference.date': 'instant', 'Appointment.start': 'instant', 'Appointment.end': 'instant',
  'Slot.start': 'instant', 'Slot.end': 'instant', 'AppointmentResponse.start': 'instant', 'AppointmentResponse.end': 'instant',
  start: 'dateTime', end: 'dateTime', authoredOn: 'dateTime', recordedDate: 'dateTime', created: 'dateTime',
  date: 'dateTime', dateAsserted: 'dateTime', whenHandedOver: 'dateTime', whenPrepared: 'dateTime', time: 'dateTime',
  occurrence: 'dateTime', lastOccurrence: 'dateTime', statusDate: 'dateTime', dateWritten: 'dateTime', asserted: 'dateTime',
  data: 'base64Binary', hash: 'base64Binary',
}));

/** value[x]-style choice elements: the type is the capitalised suffix of the JSON name. */
const CHOICE = /^[a-z][A-Za-z]*?(Boolean|Integer|Decimal|Base64Binary|Instant|DateTime|Date|Time|PositiveInt|UnsignedInt)$|^(?:value|defaultValue|fixed|pattern)(Code|Id|Oid|Uuid|Uri|Url|Canonical)$/;
const CHOICE_TYPE: Readonly<Record<string, FhirPrimitive>> = {
  Boolean: 'boolean', Integer: 'integer', Decimal: 'decimal', Base64Binary: 'base64Binary', Instant: 'instant',
  DateTime: 'dateTime', Date: 'date', Time: 'time', PositiveInt: 'positiveInt', UnsignedInt: 'unsignedInt',
  Code: 'code', Id: 'id', Oid: 'oid', Uuid: 'uuid', Uri: 'uri', Url: 'url', Canonical: 'canonical',
};

/**
 * The FHIR primitive type of a JSON string `value` at element `name` inside `resource`. Known
 * elements first (when the present value is valid for them), then choice-type suffixes; otherwise
 * the strictest type the value itself has: a full timestamp is taken for an instant and a bare
 * date for a date (so a year stays acceptable where a date was, and nothing else is assumed).
 */
export function stringElementType(name: string, resource: string | undefined, value: string): FhirPrimitive {
  const known = (resource !== undefined ? NAMED.get(`${resource}.${name}`) : undefined) ?? NAMED.get(name);
  if (known && valid(known, value)) return known;
  const m = CHOICE.exec(name);
  if (m) {
    const t = CHOICE_TYPE[(m[1] ?? m[2])!]!;
    if (valid(t, value)) return t;
  }
  if (R4_PATTERNS.date.test(value)) return 'date';
  if (R4_PATTERNS.instant.test(value)) return 'instant';
  if (R4_PATTERNS.time.test(value)) return 'time';
  return 'string';
}

function valid(t: FhirPrimitive, s: string): boolean {
  return t === 'number' ? false : R4_PATTERNS[t].test(s);
}

/** Whether the string `s` is a valid JSON string value of FHIR type `t` (never for numbers and booleans). */
export function acceptsString(t: FhirPrimitive, s: string): boolean {
  if (t === 'number' || t === 'boolean' || t === 'integer' || t === 'decimal' || t === 'positiveInt' || t === 'unsignedInt') return false;
  return R4_PATTERNS[t].test(s);
}

export const DATA_ABSENT_REASON = 'http://hl7.org/fhir/StructureDefinition/data-absent-reason';
/** The data-absent-reason extension with valueCode `masked`, as JSON text. */
export const DAR_MASKED = `{"url":"${DATA_ABSENT_REASON}","valueCode":"masked"}`;
