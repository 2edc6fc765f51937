/**
 * The policy's JSON Schema, assembled from the sections each module owns.
 * `npm run schema` writes it to schema/policy.schema.json (a test keeps the file in step).
 */
import { accessPolicySchema, identityPolicySchema, routeAccessSchema } from '../access/policy/index.js';
import { alertsPolicySchema } from '../alerts/policy.js';
import { auditPolicySchema } from '../audit/policy.js';
import { bytesSchema, durationSchema } from '../core/section.js';
import { phiSectionSchema } from '../phi/policy.js';
import { integritySchema } from './integrity.js';
import { upstreamTlsSchema } from './upstream-tls.js';
import { tlsSchema } from './tls.js';
import { egressSchema } from './egress.js';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
const INTERACTIONS = ['read', 'vread', 'search', 'history', 'create', 'update', 'patch', 'delete', 'operation', 'capabilities', 'other'] as const;
const contentTypes = { type: 'array', items: { type: 'string', pattern: '^[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+$' }, uniqueItems: true } as const;

const routeSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'method', 'path'],
  properties: {
    id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$', description: 'Unique route id (recorded in audit).' },
    method: { enum: METHODS, description: 'HEAD is implied by GET.' },
    path: { type: 'string', minLength: 1, description: 'Path template, e.g. /Patient/{id}' },
    description: { type: 'string' },
    resource: { type: 'string', pattern: '^[A-Z][A-Za-z]{0,63}$', description: 'FHIR resource type served (e.g. Patient).' },
    interaction: { enum: INTERACTIONS },
    patient: { type: 'string', pattern: '^(\\{[A-Za-z_][A-Za-z0-9_]*\\}|\\?[A-Za-z_][A-Za-z0-9_.:-]*)$', description: 'Where the patient id is: "{param}" or "?queryParam".' },
    public: { type: 'boolean', description: 'No identity required (still canonicalized, validated, inspected and audited).' },
    mode: { enum: ['enforce', 'monitor'] },
    params: {
      type: 'object',
      description: 'Regular expression each path parameter must match (default: ^[A-Za-z0-9._~-]{1,128}$).',
      additionalProperties: { type: 'string', minLength: 1 },
    },
    allow: routeAccessSchema,
    openapi: {
      type: 'object',
      additionalProperties: false,
      required: ['file'],
      description: 'The OpenAPI 3.0/3.1 operation this route serves: { file, operationId } or { file, path, method }. Its request body, path and query parameters and responses are validated (docs/validation.md).',
      properties: {
        file: { type: 'string', minLength: 1, description: 'OpenAPI description (YAML or JSON), relative to the policy file.' },
        operationId: { type: 'string', minLength: 1 },
        path: { type: 'string', minLength: 1, description: 'Path key in the description (with method; default: the route method).' },
        method: { enum: ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', ...METHODS] },
      },
    },
    integrity: integritySchema,
    request: {
      type: 'object',
      additionalProperties: false,
      properties: {
        contentTypes,
        maxBytes: bytesSchema,
        schema: { anyOf: [{ type: 'string', minLength: 1 }, { type: 'object' }], description: 'JSON Schema (inline or file path) for the body.' },
        requireIfMatch: { type: 'boolean', description: 'Require If-Match (optimistic concurrency) on updates.' },
        query: { type: 'array', items: { type: 'string' }, uniqueItems: true, description: 'Allowed query parameter names; others are rejected.' },
      },
    },
    response: {
      type: 'object',
      additionalProperties: false,
      properties: {
        contentTypes,
        schema: { anyOf: [{ type: 'string', minLength: 1 }, { type: 'object' }] },
        undeclared: { enum: ['remove', 'block'], description: 'Fields the response schema (or OpenAPI operation) does not declare: removed (default) or the response blocked (502 PG_RESPONSE_UNDECLARED).' },
        phi: {
          description: 'false skips PHI redaction on this route (findings are still recorded). `exempt` lists principals (a role and, when given, a purpose of use) who see unredacted data, e.g. clinicians for treatment or the patient themself.',
          anyOf: [
            { type: 'boolean' },
            {
              type: 'object',
              additionalProperties: false,
              required: ['exempt'],
              properties: {
                exempt: {
                  type: 'array',
                  items: {
                    type: 'object',
                    additionalProperties: false,
                    required: ['roles'],
                    properties: {
                      roles: { type: 'array', items: { type: 'string' }, minItems: 1, uniqueItems: true },
                      purposes: { type: 'array', items: { type: 'string' }, minItems: 1, uniqueItems: true },
                    },
                  },
                },
              },
            },
          ],
        },
      },
    },
    audit: {
      type: 'object',
      additionalProperties: false,
      properties: { onFailure: { enum: ['deny', 'allow-and-alert'] } },
    },
  },
} as const;

export const policySchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://phiguard.dev/schema/policy.schema.json',
  title: 'phiguard policy',
  type: 'object',
  additionalProperties: false,
  required: ['version', 'name', 'routes'],
  properties: {
    $schema: { type: 'string' },
    version: { const: 1 },
    name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' },
    description: { type: 'string' },
    mode: { enum: ['enforce', 'monitor'], default: 'enforce' },
    upstream: {
      type: 'object',
      additionalProperties: false,
      required: ['url'],
      properties: {
        url: { type: 'string', pattern: '^https?://' },
        connectTimeout: durationSchema,
        headersTimeout: durationSchema,
        bodyTimeout: durationSchema,
        maxResponseBytes: bytesSchema,
        connections: { type: 'integer', minimum: 1, maximum: 4096 },
        tls: upstreamTlsSchema,
        forwarded: {
          enum: ['x-forwarded', 'rfc7239', 'both', 'none'],
          default: 'x-forwarded',
          description: 'Forwarding headers the gateway sends to the upstream (client-supplied ones are dropped unless the peer is a trusted proxy): X-Forwarded-For/-Proto/-Host, RFC 7239 Forwarded, both, or none. Default x-forwarded.',
        },
        publicUrl: {
          type: 'string',
          pattern: '^https?://[^/?#@\\s]+(/[^?#\\s]*)?$',
          description: 'The gateway\'s public base URL. Upstream-origin links in released headers and bodies are rewritten to it (default: the scheme and Host the client used). Set it in production.',
        },
        linkAliases: {
          type: 'array',
          items: { type: 'string', pattern: '^https?://[^/?#@\\s]+/?$' },
          description: 'Other origins the upstream writes into its links (its own idea of its address); rewritten like upstream.url.',
        },
        rewriteLinks: { type: 'boolean', default: true, description: 'Rewrite upstream-origin links to the gateway (default true).' },
      },
    },
    limits: {
      type: 'object',
      additionalProperties: false,
      properties: {
        maxRequestBytes: bytesSchema,
        maxHeaderCount: { type: 'integer', minimum: 8, maximum: 2000 },
        maxHeaderBytes: bytesSchema,
        requestTimeout: durationSchema,
        stageTimeout: durationSchema,
        maxJsonDepth: { type: 'integer', minimum: 1, maximum: 10000 },
      },
    },
    request: {
      type: 'object',
      additionalProperties: false,
      properties: { contentTypes },
    },
    response: {
      type: 'object',
      additionalProperties: false,
      properties: { contentTypes },
    },
    tls: tlsSchema,
    trustedProxies: { type: 'array', items: { type: 'string' }, uniqueItems: true, description: 'Peers whose X-Forwarded-For is believed.' },
    roles: { type: 'array', items: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$' }, uniqueItems: true },
    routes: { type: 'array', items: routeSchema },
    identity: identityPolicySchema,
    access: accessPolicySchema,
    phi: phiSectionSchema,
    audit: auditPolicySchema,
    alerts: alertsPolicySchema,
    egress: egressSchema,
    integrity: integritySchema,
  },
} as const;
