/**
 * JSON Schema of a policy test file (`*.test.yaml`), checked with ajv like the policy itself, so
 * every error is reported at once with its FILE:LINE:COL. docs/policy-tests.md describes each key.
 */
import { durationSchema } from '../../core/section.js';

const str = { type: 'string', minLength: 1 } as const;
const strList = { type: 'array', items: str, uniqueItems: true } as const;
const NAME = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';
const CODE = '^PG_[A-Z0-9_]+$';
const PHI_TYPE = '^[A-Z][A-Z_]{1,31}$';

const headersSchema = {
  type: 'object',
  description: 'Header name -> value.',
  propertyNames: { pattern: '^[!#$%&\'*+.^_`|~0-9A-Za-z-]{1,128}$' },
  additionalProperties: { type: 'string' },
} as const;

/** A canned upstream response: inline `body` (any JSON/YAML value, or text) or `file` (relative to the test file). */
const responseSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    status: { type: 'integer', minimum: 100, maximum: 599, description: 'Default 200.' },
    headers: headersSchema,
    body: { description: 'JSON/YAML value (sent as JSON) or a string (sent as is).' },
    file: { ...str, description: 'Body read from this file, relative to the test file (a FHIR bundle, say).' },
  },
} as const;

const principalSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    sub: { ...str, description: 'Token subject (default: the principal name).' },
    issuer: { ...str, description: 'Which of the policy\'s identity.issuers signs (default: the first).' },
    roles: strList,
    scopes: { anyOf: [{ type: 'string' }, strList], description: 'SMART scopes (default user/*.cruds, patient/*.rs for patient roles).' },
    purpose: { ...str, description: 'Purpose-of-use claim.' },
    mfa: { type: 'boolean', description: 'amr has otp (default true).' },
    patient: { ...str, description: 'SMART patient context.' },
    claims: { type: 'object', description: 'Extra token claims (override the ones above).' },
    mtls: { ...str, description: 'A system client of identity.mtls.clients (by id), identified by its certificate.' },
  },
} as const;

const bodyCheckSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['path'],
  properties: {
    path: { ...str, description: 'JSONPath ($.a[0].b, [*] wildcards) or JSON pointer (/a/0/b).' },
    present: { type: 'boolean' },
    absent: { type: 'boolean' },
    equals: { description: 'Every match equals this value (deep equality).' },
  },
} as const;

const expectSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    decision: { enum: ['allow', 'deny'] },
    status: { type: 'integer', minimum: 100, maximum: 599 },
    code: { type: 'string', pattern: CODE, description: 'The denial code; PG_OK when allowed.' },
    decisions: { type: 'array', items: { type: 'string', pattern: CODE }, description: 'Codes that must be among the recorded decisions (monitor mode, redaction).' },
    forwarded: { type: 'boolean', description: 'Whether the upstream was called.' },
    headers: { type: 'object', additionalProperties: { anyOf: [{ type: 'string' }, { type: 'null' }] }, description: 'Released header -> value, or null for absent.' },
    body: { type: 'array', items: bodyCheckSchema },
    noPhi: { type: 'array', items: { type: 'string', pattern: PHI_TYPE }, uniqueItems: true, description: 'PHI types no released value may contain.' },
    audit: {
      type: 'object',
      additionalProperties: false,
      properties: {
        outcome: { enum: ['allowed', 'denied'] },
        reason: { type: 'string', pattern: CODE },
        patients: { type: 'array', items: str, description: 'Exactly these patients (raw ids; compared as the log\'s keyed references).' },
        categories: { type: 'array', items: { type: 'string', pattern: PHI_TYPE }, description: 'PHI types the record counts.' },
      },
    },
  },
} as const;

const requestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['path'],
  properties: {
    method: { type: 'string', pattern: '^[A-Za-z]{1,16}$', description: 'Default GET.' },
    path: { type: 'string', pattern: '^/', description: 'Request target: path and query, as sent.' },
    headers: headersSchema,
    body: { description: 'JSON/YAML value (sent as JSON) or a string (sent as is).' },
  },
} as const;

const caseSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'request', 'expect'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    principal: { anyOf: [{ type: 'string', pattern: NAME }, { type: 'null' }], description: 'A name from principals:, or omitted/null for an anonymous caller.' },
    advance: { ...durationSchema, description: 'Move the frozen clock forward before this case (e.g. 16m).' },
    request: requestSchema,
    upstream: { anyOf: [{ type: 'string', pattern: NAME }, responseSchema], description: 'A fixture name or an inline response (default 200 {}).' },
    expect: expectSchema,
  },
} as const;

export const testFileSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'phiguard policy test file',
  type: 'object',
  additionalProperties: false,
  required: ['policy', 'cases'],
  properties: {
    policy: { ...str, description: 'The policy under test, relative to this file.' },
    clock: { type: 'string', description: 'Frozen time for the whole file (ISO 8601 with a zone); default 2026-01-01T00:00:00Z.' },
    principals: { type: 'object', propertyNames: { pattern: NAME }, additionalProperties: principalSchema },
    fixtures: { type: 'object', propertyNames: { pattern: NAME }, additionalProperties: responseSchema },
    cases: { type: 'array', items: caseSchema, minItems: 1 },
  },
} as const;
