/**
 * The `audit:` policy section: where the log lives, its keys (secret references only), checkpoint
 * cadence, witness, detail blobs, retention and periodic re-verification.
 *
 *   audit:
 *     store: postgres://audit@db/phi?schema=audit     # default sqlite:./phiguard-audit.db
 *     origin: example.org/phiguard/audit               # checkpoint origin line and key name
 *     signingKey: { file: keys/audit.skey }           # C2SP signer key or 32-byte Ed25519 seed
 *     hmacKey: { env: PHIGUARD_AUDIT_HMAC }           # >= 32 bytes
 *     checkpoint: { every: 1000, interval: 5s }
 *     witness: /var/lib/phiguard/audit.witness
 *     detail: { enabled: true, keyPeriod: month }     # month | day | record
 *     retention: 2190d                                 # at least 6 years (164.316(b)(2))
 *     verifyInterval: 1h                               # 0 disables periodic re-verification
 *     durability: durable                              # durable (fsync per commit) | process (SQLite only)
 */
import { resolve } from 'node:path';
import { durationSchema, parseDuration, secretRefSchema, type CompileContext, type PolicyPath } from '../core/section.js';
import type { DetailGranularity } from './detail.js';
import { DEFAULT_ORIGIN, hmacKeyFromSecret, makeKeys, signerFromSecret, type AuditKeys } from './keys.js';

export const MIN_RETENTION_DAYS = 2190;

export const auditPolicySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    store: { type: 'string', description: 'sqlite:PATH, postgres://...?schema=NAME, or memory: (tests)', pattern: '^(sqlite:|postgres://|postgresql://|memory:)' },
    origin: { type: 'string', minLength: 1, pattern: '^[^\\s+]+$', description: 'Checkpoint origin line and signed-note key name.' },
    checkpoint: {
      type: 'object',
      additionalProperties: false,
      properties: { every: { type: 'integer', minimum: 1 }, interval: durationSchema },
    },
    signingKey: { ...secretRefSchema, description: 'Ed25519 checkpoint signing key (C2SP signer key or 32-byte seed).' },
    hmacKey: { ...secretRefSchema, description: 'Key for the keyed references (>= 32 bytes).' },
    witness: { type: 'string', minLength: 1, description: 'File holding the latest checkpoint, outside the store.' },
    detail: {
      anyOf: [
        { type: 'boolean' },
        {
          type: 'object',
          additionalProperties: false,
          properties: { enabled: { type: 'boolean' }, keyPeriod: { enum: ['month', 'day', 'record'] } },
        },
      ],
    },
    retention: durationSchema,
    verifyInterval: durationSchema,
    batchWindow: durationSchema,
    durability: { enum: ['durable', 'process'], description: 'durable (default): each commit is fsynced before the response is released; process: committed to the OS (survives a phiguard crash, not a power loss). SQLite only.' },
  },
} as const;

export interface AuditConfig {
  readonly store: string;
  readonly origin: string;
  readonly checkpointEvery: number;
  readonly checkpointIntervalMs: number;
  /** Undefined: the embedded default (key file generated next to an SQLite store). */
  readonly keys?: AuditKeys;
  readonly witness?: string;
  readonly detail: DetailGranularity | false;
  readonly retentionDays: number;
  readonly verifyIntervalMs: number;
  readonly batchWindowMs: number;
  /**
   * What "appended before release" means for the embedded SQLite store (docs/audit.md, Durability):
   * `durable` (default): the commit is fsynced (synchronous=FULL) before the response is released;
   * `process`: the commit is in the OS (WAL, synchronous=NORMAL): it survives a crash of phiguard,
   * not a power loss or OS crash, which can lose the last commits.
   */
  readonly durability: AuditDurability;
}

export type AuditDurability = 'durable' | 'process';

type Raw = Record<string, unknown>;

function readSecret(ref: unknown, path: PolicyPath, ctx: CompileContext): string | Uint8Array | undefined {
  const r = ref as { env?: string; file?: string } | undefined;
  if (!r) return undefined;
  if (r.env !== undefined) {
    const v = ctx.env[r.env];
    if (v === undefined || v === '') ctx.error(path, 'PG_AUDIT_CONFIG', `environment variable ${r.env} is not set`);
    return v || undefined;
  }
  if (r.file !== undefined) return ctx.readFile(path, r.file);
  return undefined;
}

export function compileAudit(raw: Raw | undefined, ctx: CompileContext): AuditConfig {
  const at = (...p: Array<string | number>): PolicyPath => ['audit', ...p];
  const cp = (raw?.checkpoint ?? {}) as { every?: number; interval?: string | number };
  const store = typeof raw?.store === 'string' ? raw.store : 'sqlite:./phiguard-audit.db';
  const origin = typeof raw?.origin === 'string' ? raw.origin : DEFAULT_ORIGIN;

  let keys: AuditKeys | undefined;
  const sk = readSecret(raw?.signingKey, at('signingKey'), ctx);
  const hk = readSecret(raw?.hmacKey, at('hmacKey'), ctx);
  if (sk !== undefined && hk !== undefined) {
    try {
      const signer = signerFromSecret(typeof sk === 'string' ? sk : Buffer.from(sk).toString('utf8'), origin);
      if (signer.name !== origin) ctx.error(at('signingKey'), 'PG_AUDIT_CONFIG', `the signing key is named "${signer.name}" but audit.origin is "${origin}"`);
      keys = makeKeys(signer, hmacKeyFromSecret(hk));
    } catch (err) {
      ctx.error(at('signingKey'), 'PG_AUDIT_CONFIG', err instanceof Error ? err.message : 'invalid audit key');
    }
  } else if ((raw?.signingKey === undefined) !== (raw?.hmacKey === undefined)) {
    ctx.error(at(raw?.signingKey === undefined ? 'signingKey' : 'hmacKey'), 'PG_AUDIT_CONFIG', 'signingKey and hmacKey must be configured together');
  } else if (raw?.signingKey === undefined && !store.startsWith('sqlite:') && !store.startsWith('memory:')) {
    ctx.error(at('signingKey'), 'PG_AUDIT_CONFIG', 'a shared audit store needs signingKey and hmacKey (only the embedded SQLite default generates its own)');
  }

  const retentionMs = raw?.retention === undefined ? MIN_RETENTION_DAYS * 86_400_000 : parseDuration(raw.retention);
  const retentionDays = Math.floor((retentionMs ?? 0) / 86_400_000);
  if (retentionDays < MIN_RETENTION_DAYS) ctx.error(at('retention'), 'PG_AUDIT_CONFIG', `retention must be at least ${MIN_RETENTION_DAYS}d (6 years)`);

  const d = raw?.detail as boolean | { enabled?: boolean; keyPeriod?: DetailGranularity } | undefined;
  const detail: DetailGranularity | false = d === false || (typeof d === 'object' && d.enabled === false) ? false : (typeof d === 'object' && d.keyPeriod) || 'month';

  const durability: AuditDurability = raw?.durability === 'process' ? 'process' : 'durable';
  // PostgreSQL commits are always waited for durably; a weaker promise is only offered where it is kept.
  if (durability !== 'durable' && !store.startsWith('sqlite:')) ctx.error(at('durability'), 'PG_AUDIT_CONFIG', 'audit.durability: process is only available for the sqlite: store');

  return Object.freeze({
    store,
    durability,
    origin,
    checkpointEvery: cp.every ?? 1000,
    checkpointIntervalMs: parseDuration(cp.interval ?? '5s') ?? 5000,
    ...(keys ? { keys } : {}),
    ...(typeof raw?.witness === 'string' ? { witness: resolve(ctx.baseDir, raw.witness) } : {}),
    detail,
    retentionDays,
    verifyIntervalMs: parseDuration(raw?.verifyInterval ?? '1h') ?? 3_600_000,
    batchWindowMs: parseDuration(raw?.batchWindow ?? 0) ?? 0,
  });
}

/** Settings recorded (as a hash) in a `config` audit event when they change. */
export function auditSettings(c: AuditConfig): Record<string, string | number | boolean> {
  return {
    origin: c.origin,
    checkpointEvery: c.checkpointEvery,
    checkpointIntervalMs: c.checkpointIntervalMs,
    detail: c.detail,
    retentionDays: c.retentionDays,
    verifyIntervalMs: c.verifyIntervalMs,
    witness: c.witness ?? '',
    durability: c.durability,
  };
}
