/** The `alerts:` policy section: JSON Schema and compile (schema-valid input -> frozen config). */
import type { CompileContext } from '../core/section.js';
import { durationSchema, parseDuration } from '../core/section.js';
import type { Severity } from './types.js';

export const alertsPolicySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    webhook: {
      type: 'object',
      additionalProperties: false,
      required: ['url'],
      properties: {
        url: { type: 'string', pattern: '^https?://' },
        timeout: durationSchema,
        minSeverity: { enum: ['low', 'medium', 'high', 'critical'] },
      },
    },
  },
} as const;

export interface AlertsConfig {
  readonly webhook?: { readonly url: string; readonly timeoutMs: number; readonly minSeverity: Severity };
}

export function compileAlerts(raw: unknown, _ctx: CompileContext): AlertsConfig {
  const w = (raw as { webhook?: { url: string; timeout?: unknown; minSeverity?: Severity } } | undefined)?.webhook;
  return Object.freeze(w ? { webhook: Object.freeze({ url: w.url, timeoutMs: parseDuration(w.timeout) ?? 2000, minSeverity: w.minSeverity ?? 'high' }) } : {});
}
