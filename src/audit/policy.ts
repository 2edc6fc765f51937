/**
 * The `audit:` policy section. (Stub by the spine; the audit module extends it.)
 */
import { durationSchema, secretRefSchema, type CompileContext } from '../core/section.js';

export const auditPolicySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    store: { type: 'string', description: 'sqlite:PATH or postgres://...', pattern: '^(sqlite:|postgres://|postgresql://|memory:)' },
    checkpoint: {
      type: 'object',
      additionalProperties: false,
      properties: { every: { type: 'integer', minimum: 1 }, interval: durationSchema },
    },
    signingKey: secretRefSchema,
    hmacKey: secretRefSchema,
  },
} as const;

export interface AuditConfig {
  readonly store: string;
  readonly checkpointEvery: number;
  readonly checkpointIntervalMs: number;
}

export function compileAudit(raw: Record<string, unknown> | undefined, _ctx: CompileContext): AuditConfig {
  const cp = (raw?.checkpoint ?? {}) as { every?: number; interval?: string | number };
  return Object.freeze({
    store: typeof raw?.store === 'string' ? raw.store : 'sqlite:./phiguard-audit.db',
    checkpointEvery: cp.every ?? 1000,
    checkpointIntervalMs: typeof cp.interval === 'number' ? cp.interval : 5000,
  });
}
