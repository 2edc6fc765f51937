/**
 * The `phi:` policy section: its JSON Schema (embedded by value in the policy schema) and its
 * compiler. The one place a policy's PHI settings, and its hashing key, become a compiled redactor:
 * the gateway's policy compiler and `phiguard redact --policy` both call `compilePhiSection`.
 */
import type { CompileContext, PolicyPath } from '../core/section.js';
import { policyFromConfig } from './config.js';
import { PhiPolicyError } from './errors.js';
import { decodeHashKeyFile, decodeHashKeyText, type HashKey } from './hash-key.js';
import type { CompiledRedactor } from './redact.js';
import { phiPolicySchema } from './schema.js';

// The engine publishes its own $id; inside the policy schema the section is embedded by value.
const { $id: _id, ...section } = phiPolicySchema as Record<string, unknown>;
export const phiSectionSchema = Object.freeze(section);

const KEY_PATH: PolicyPath = ['phi', 'hashKey'];

/**
 * Resolves `env:NAME` or `file:PATH` to a checked key, or reports why not (at phi.hashKey) and
 * returns undefined. There is no fallback value: a key that cannot be used is an error.
 */
export function resolveHashKey(ref: string, ctx: CompileContext): HashKey | undefined {
  const colon = ref.indexOf(':');
  const kind = ref.slice(0, colon);
  const name = ref.slice(colon + 1);
  if (colon < 0 || name === '' || (kind !== 'env' && kind !== 'file')) {
    ctx.error(KEY_PATH, 'PG_POLICY_REFERENCE', 'phi.hashKey must be env:NAME or file:PATH');
    return undefined;
  }
  if (kind === 'env') {
    const value = ctx.env[name];
    if (value === undefined) {
      ctx.error(KEY_PATH, 'PG_POLICY_REFERENCE', `environment variable ${name} is not set: it must hold the PHI hashing key (at least 16 bytes, hex or base64; e.g. \`export ${name}=$(openssl rand -hex 32)\`)`);
      return undefined;
    }
    const r = decodeHashKeyText(value);
    if (!r.ok) ctx.error(KEY_PATH, 'PG_POLICY_REFERENCE', `environment variable ${name}: ${r.reason}`);
    return r.ok ? r.key : undefined;
  }
  const bytes = ctx.readFile(KEY_PATH, name); // reports PG_POLICY_IO itself
  if (!bytes) return undefined;
  const r = decodeHashKeyFile(bytes);
  if (!r.ok) ctx.error(KEY_PATH, 'PG_POLICY_REFERENCE', `key file "${name}": ${r.reason}`);
  return r.ok ? r.key : undefined;
}

/** `phi.actions.SSN.keep` -> ['phi', 'actions', 'SSN', 'keep'] (positions for diagnostics). */
const pathOf = (dotted: string): PolicyPath => dotted.split('.').filter((s) => s !== '');

/**
 * Compiles a schema-valid `phi:` section. Every problem is reported through `ctx.error`; the result
 * is undefined whenever anything was reported (the policy then fails to compile), so a redactor
 * never exists without the key its section names.
 */
export function compilePhiSection(raw: unknown, ctx: CompileContext): CompiledRedactor | undefined {
  if (raw === undefined) return undefined;
  const s = raw as Record<string, unknown>;
  let key: HashKey | undefined;
  let keyFailed = false;
  if (typeof s.hashKey === 'string') {
    key = resolveHashKey(s.hashKey, ctx);
    keyFailed = key === undefined;
  }
  try {
    // Without a usable key the rest of the section is still checked (every error at once).
    const { hashKey: _ref, ...rest } = s;
    const redactor = policyFromConfig(key ? s : rest, () => key as HashKey);
    return keyFailed ? undefined : redactor;
  } catch (err) {
    if (err instanceof PhiPolicyError) {
      // "hash needs a key" is the same problem as the key that failed: reported once.
      if (!(keyFailed && err.path === 'phi.hashKey')) ctx.error(pathOf(err.path), 'PG_POLICY_SCHEMA', err.message);
    } else {
      ctx.error(['phi'], 'PG_POLICY_SCHEMA', 'invalid phi section');
    }
    return undefined;
  }
}
