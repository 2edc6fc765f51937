/**
 * JSON Schemas (draft-07, ajv strict) for the `identity:` and `access:` sections and the per-route
 * `allow:` block. Semantics are checked afterwards by ./compile.ts.
 */
import { durationSchema, bytesSchema } from '../../core/section.js';

const str = { type: 'string', minLength: 1 } as const;
const strList = { type: 'array', items: str, uniqueItems: true } as const;
const code = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$' } as const;
const codeList = { type: 'array', items: code, uniqueItems: true } as const;
/** Dotted claim path: `roles`, `realm_access.roles`, `https://example.org/claims.roles` is not supported. */
const claimPath = { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_:-]*(\\.[A-Za-z_][A-Za-z0-9_:-]*){0,7}$' } as const;
/** Header names are matched lower-case. */
const headerName = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' } as const;
const ASYMMETRIC_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'] as const;

const jwksSchema = {
  type: 'object',
  additionalProperties: false,
  description: 'Where the issuer keys are: exactly one of url (fetched, cached) or file (JWKS JSON, relative to the policy).',
  properties: {
    url: { type: 'string', pattern: '^https?://' },
    file: str,
    timeout: durationSchema,
    cooldown: durationSchema,
    maxAge: durationSchema,
    maxStale: durationSchema,
    maxRefetchPerMinute: { type: 'integer', minimum: 1, maximum: 60 },
    maxBytes: bytesSchema,
  },
  minProperties: 1,
} as const;

const issuerSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['issuer', 'audience', 'jwks', 'algorithms'],
  properties: {
    issuer: { type: 'string', minLength: 1, maxLength: 512 },
    audience: { anyOf: [str, { type: 'array', items: str, minItems: 1, uniqueItems: true }] },
    jwks: jwksSchema,
    algorithms: { type: 'array', items: { enum: ASYMMETRIC_ALGS }, minItems: 1, uniqueItems: true, description: 'Asymmetric algorithms only: never none, never HS*.' },
    types: { type: 'array', items: { type: 'string', pattern: '^[A-Za-z0-9.+/-]{1,64}$' }, minItems: 1, uniqueItems: true, description: 'Accepted typ header values (default [at+jwt, JWT]).' },
    requireType: { type: 'boolean', description: 'Reject tokens without a typ header (default true).' },
    maxTokenAge: durationSchema,
    maxLifetime: durationSchema,
    clockTolerance: durationSchema,
    patientRoles: codeList,
    claims: {
      type: 'object',
      additionalProperties: false,
      properties: {
        roles: claimPath,
        scope: claimPath,
        patient: claimPath,
        purposeOfUse: claimPath,
        clientId: claimPath,
        consentLabels: { ...claimPath, description: 'Claim listing security labels the patient consented to release (bound to the token patient).' },
      },
    },
  },
} as const;

export const identityPolicySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    header: { ...headerName, description: 'Header carrying the token (default authorization, Bearer scheme). Never the query string.' },
    maxTokenBytes: bytesSchema,
    issuers: { type: 'array', items: issuerSchema, uniqueItems: true },
    denySubjects: { type: 'array', items: str, uniqueItems: true, description: 'Anonymous/shared subjects to reject (case-insensitive).' },
    cache: {
      type: 'object',
      additionalProperties: false,
      properties: { enabled: { type: 'boolean' }, maxEntries: { type: 'integer', minimum: 1, maximum: 10_000_000 } },
    },
    purposeOfUse: {
      type: 'object',
      additionalProperties: false,
      properties: { header: headerName, claim: claimPath, values: codeList },
    },
    mtls: {
      type: 'object',
      additionalProperties: false,
      required: ['clients'],
      properties: {
        clients: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['id', 'fingerprint256', 'roles'],
            properties: {
              id: code,
              fingerprint256: { type: 'string', pattern: '^([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$' },
              roles: codeList,
              scopes: strList,
              purposeOfUse: code,
            },
          },
        },
      },
    },
    sessions: {
      type: 'object',
      additionalProperties: false,
      properties: { idleTimeout: durationSchema, absoluteTimeout: durationSchema },
    },
  },
} as const;

const resourceRules = {
  type: 'object',
  description: 'Per FHIR resource type (or "*"): allow-list or deny-list of element paths.',
  propertyNames: { pattern: '^(\\*|[A-Z][A-Za-z]{0,63})$' },
  additionalProperties: {
    type: 'object',
    additionalProperties: false,
    properties: {
      allow: { type: 'array', items: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*(\\[x\\])?(\\.[A-Za-z_][A-Za-z0-9_]*(\\[x\\])?){0,7}$' }, uniqueItems: true },
      deny: { type: 'array', items: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*(\\[x\\])?(\\.[A-Za-z_][A-Za-z0-9_]*(\\[x\\])?){0,7}$' }, uniqueItems: true },
    },
    minProperties: 1,
    maxProperties: 1,
  },
} as const;

const limitSet = {
  type: 'object',
  additionalProperties: false,
  properties: { maxPatients: { type: 'integer', minimum: 1 }, maxRecords: { type: 'integer', minimum: 1 } },
} as const;

export const accessPolicySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    state: {
      type: 'object',
      additionalProperties: false,
      properties: {
        store: { type: 'string', pattern: '^(memory:?|rediss?://.+)$', description: 'memory (default) or redis://host:port/db (shared by replicas).' },
        prefix: { type: 'string', pattern: '^[A-Za-z0-9:_.-]{1,64}$' },
        timeout: durationSchema,
      },
    },
    scopes: {
      type: 'object',
      additionalProperties: false,
      properties: { enforce: { enum: ['always', 'when-present', 'off'], description: 'SMART scope enforcement (default always).' } },
    },
    purposes: {
      type: 'object',
      description: 'Purpose-of-use allow-list per role.',
      propertyNames: code,
      additionalProperties: codeList,
    },
    labels: {
      type: 'object',
      additionalProperties: false,
      properties: {
        sensitive: { ...codeList, description: 'Security label codes withheld unless allowed (default R, V, ETH, HIV, PSY, SUD, 42CFRPart2, ...).' },
        allow: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['labels'],
            properties: { roles: codeList, purposes: codeList, labels: codeList },
          },
        },
      },
    },
    minimumNecessary: {
      type: 'object',
      additionalProperties: false,
      properties: {
        exempt: {
          type: 'array',
          description: 'Role/purpose pairs exempt from projection (treatment disclosures are exempt).',
          items: { type: 'object', additionalProperties: false, properties: { roles: codeList, purposes: codeList } },
        },
        rules: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['resources'],
            properties: {
              roles: codeList,
              purposes: codeList,
              resources: resourceRules,
              mode: { enum: ['enforce', 'monitor'], description: 'monitor: the projection is computed and recorded (would-project decision, rule access.minimumNecessary.rules[N]) but the fields are released.' },
            },
          },
        },
      },
    },
    breakGlass: {
      type: 'object',
      additionalProperties: false,
      required: ['roles'],
      properties: {
        header: headerName,
        claim: claimPath,
        roles: codeList,
        reasons: codeList,
        minJustification: { type: 'integer', minimum: 1, maximum: 1000 },
        duration: { ...durationSchema, description: 'How long a grant lasts from its first use (default 1h).' },
        cooldown: { ...durationSchema, description: 'How long after first use before the same principal+patient may break glass again (default 24h).' },
      },
    },
    bulk: {
      type: 'object',
      additionalProperties: false,
      properties: {
        window: durationSchema,
        maxPatients: { type: 'integer', minimum: 1 },
        maxRecords: { type: 'integer', minimum: 1 },
        roles: { type: 'object', propertyNames: code, additionalProperties: limitSet },
        exemptRoles: codeList,
        mode: { enum: ['enforce', 'monitor'], description: 'monitor: a principal over its limit is let through and recorded as a would-deny decision (rule access.bulk).' },
      },
    },
  },
} as const;

export const routeAccessSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    roles: { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true },
    purposes: codeList,
    mfa: { type: 'boolean', description: 'Require multi-factor authentication (amr mfa/otp/hwk/...).' },
    labels: { ...codeList, description: 'Sensitive security labels this route may release.' },
    breakGlass: { type: 'boolean', description: 'Whether emergency access may override this route (default true when access.breakGlass is set).' },
    scopes: { type: 'boolean', description: 'Set false to skip SMART scope checks on this route.' },
    mode: { enum: ['enforce', 'monitor'], description: 'monitor: a request failing the role, purpose, MFA or scope check of this route passes and the failure is recorded as a would-deny decision (rule routes.ID.allow). Compartment and protocol checks still deny.' },
  },
} as const;
