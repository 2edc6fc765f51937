import { PHI_TYPES, SENSITIVITIES } from './types.js';
import { REDACT_ACTIONS } from './redact.js';
import { FHIR_INVALID } from './json/fhir-fix.js';

const action = { type: 'string', enum: [...REDACT_ACTIONS] } as const;

/**
 * JSON Schema (draft 2020-12, also valid draft-07 for ajv) of the policy file's `phi:` section.
 * `hashKey` in the file is a reference to the key, never the key itself: `env:NAME` (base64 or
 * hex in that environment variable) or `file:PATH`; the loader resolves it to bytes.
 */
export const phiPolicySchema = Object.freeze({
  $id: 'https://phiguard.dev/schema/phi.json',
  title: 'phiguard phi section',
  description: 'PHI detection and redaction: default action, per-type actions, hashing key reference, score threshold, field rules.',
  type: 'object',
  additionalProperties: false,
  required: ['default'],
  properties: {
    default: { ...action, description: 'Action for every type without its own entry: remove ([TYPE]), mask (********), partial (keep last N), hash (tok_…), generalize (Safe Harbor), keep.' },
    actions: {
      type: 'object',
      description: 'Per-type action, by Safe Harbor type name.',
      additionalProperties: false,
      properties: Object.fromEntries(PHI_TYPES.map((t) => [t, {
        oneOf: [
          action,
          {
            type: 'object', additionalProperties: false, required: ['action'],
            properties: {
              action,
              keep: { type: 'integer', minimum: 0, maximum: 32, description: 'Characters kept by partial (default 4).' },
              mode: { enum: ['enforce', 'monitor'], description: 'monitor: findings of this type are reported (audit decision, would-redact) and released unchanged; enforce (default) applies the action.' },
            },
          },
        ],
      }])),
    },
    hashKey: { type: 'string', pattern: '^(env|file):.+$', description: 'Where the HMAC-SHA-256 key for hash lives: env:VAR or file:PATH (>= 16 bytes). Required when any action is hash.' },
    minScore: { type: 'number', minimum: 0, maximum: 1, description: 'Findings below this confidence are ignored (default 0.5).' },
    sensitivity: { type: 'string', enum: [...SENSITIVITIES], description: 'rules (default): the rule engine alone. strict: rules plus the statistical model for names, places, dates in words and ages, tuned for recall (a missed identifier is a breach); balanced: the model with fewer false positives. The model scans about 3x slower (docs/phi.md).' },
    fhir: { type: 'boolean', description: 'Force FHIR-aware JSON rules on or off (default: on when the body has a resourceType).' },
    fhirInvalid: {
      type: 'string', enum: [...FHIR_INVALID],
      description: 'FHIR mode: a value whose redacted form would not be valid for its R4 type (a number or boolean, an instant that would become a year, base64 data) is removed with any element left empty (remove, default) or replaced by the data-absent-reason extension with code masked on its _element sibling (data-absent-reason).',
    },
    fields: {
      type: 'object',
      additionalProperties: false,
      description: 'Structured (JSON) rules.',
      properties: {
        names: {
          type: 'object', description: 'Extra field names whose whole value is PHI of the given type (case-insensitive; _ and - ignored).',
          additionalProperties: { type: 'string', enum: [...PHI_TYPES] },
        },
        ignore: {
          type: 'array', description: 'JSON paths never scanned nor redacted: $.a.b, $.items[*].id, $..code.',
          items: { type: 'string', pattern: '^\\$' },
        },
        scanValues: { type: 'boolean', description: 'Scan string values of unrecognised fields as free text (default true).' },
      },
    },
  },
});
