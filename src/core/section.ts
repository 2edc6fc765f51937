/**
 * The contract between the policy compiler (src/policy) and the modules that own a policy
 * section (src/phi, src/access, src/audit, src/alerts, ...). Types only.
 *
 * Each section owner exports, from one entry — `src/<module>/policy.ts`, or `src/<module>/policy/index.ts`
 * when the section is large (src/access) — and the policy compiler imports nothing else of it:
 *   - a JSON Schema for its section (ajv, draft-07, `additionalProperties: false` everywhere);
 *   - `compile<Section>(raw, ctx)`, called only after the schema passed, that returns a frozen
 *     runtime config and reports semantic errors through `ctx.error` (all of them, not the first).
 */
import type { ReasonCode } from './errors.js';

export type PolicyPath = ReadonlyArray<string | number>;

export interface CompileContext {
  /** Directory of the policy file: relative file references resolve against it. */
  readonly baseDir: string;
  /** Environment for `{ env: NAME }` secret references. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Report an error at a JSON path inside the policy document (absolute, e.g. ['identity','issuers',0,'jwks']). */
  error(path: PolicyPath, code: ReasonCode, message: string): void;
  /** Read a file referenced by the policy (relative to baseDir). Reports PG_POLICY_IO and returns undefined on failure. */
  readFile(path: PolicyPath, file: string): Uint8Array | undefined;
}

/** Parses `10s`, `250ms`, `15m`, `8h`, `1d` or a number of milliseconds. Returns undefined when invalid. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(value.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
  return Math.round(n * unit);
}

/** Parses `512`, `64KiB`, `10MiB`, `1GiB`, `100KB`. Returns undefined when invalid. */
export function parseBytes(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = /^(\d+)\s*(B|KB|KiB|MB|MiB|GB|GiB)?$/.exec(value.trim());
  if (!m) return undefined;
  const mult = { B: 1, KB: 1000, KiB: 1024, MB: 1e6, MiB: 1024 ** 2, GB: 1e9, GiB: 1024 ** 3 }[(m[2] ?? 'B') as 'B'];
  return Number(m[1]) * mult;
}

/** JSON Schema fragments shared by section schemas. */
export const durationSchema = {
  anyOf: [
    { type: 'integer', minimum: 0, description: 'milliseconds' },
    { type: 'string', pattern: '^\\d+(\\.\\d+)?\\s*(ms|s|m|h|d)$' },
  ],
} as const;
export const bytesSchema = {
  anyOf: [
    { type: 'integer', minimum: 0 },
    { type: 'string', pattern: '^\\d+\\s*(B|KB|KiB|MB|MiB|GB|GiB)?$' },
  ],
} as const;
/** A secret is never inline: it comes from the environment or a file. */
export const secretRefSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { env: { type: 'string', minLength: 1 }, file: { type: 'string', minLength: 1 } },
  minProperties: 1,
  maxProperties: 1,
} as const;
