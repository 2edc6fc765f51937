/** Bridges the PHI engine's `phi:` section (schema and compiler live in src/phi) into the policy compiler. */
import type { CompileContext } from '../core/section.js';
import { phiPolicySchema, policyFromConfig, type CompiledRedactor } from '../phi/index.js';

// The engine publishes its own $id; inside the policy schema the section is embedded by value.
const { $id: _id, ...section } = phiPolicySchema as Record<string, unknown>;
export const phiSectionSchema = section;

function decodeKey(text: string): Uint8Array | undefined {
  const t = text.trim();
  if (/^[0-9a-fA-F]+$/.test(t) && t.length % 2 === 0) return Buffer.from(t, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) return Buffer.from(t, 'base64');
  return undefined;
}

export function compilePhiSection(raw: unknown, ctx: CompileContext): CompiledRedactor | undefined {
  if (raw === undefined) return undefined;
  const resolveKey = (ref: string): Uint8Array => {
    const [kind, ...rest] = ref.split(':');
    const name = rest.join(':');
    let key: Uint8Array | undefined;
    if (kind === 'env') {
      const v = ctx.env[name];
      if (v === undefined) ctx.error(['phi', 'hashKey'], 'PG_POLICY_REFERENCE', `environment variable ${name} is not set (it holds the PHI hashing key, hex or base64)`);
      else key = decodeKey(v);
    } else {
      const bytes = ctx.readFile(['phi', 'hashKey'], name);
      if (bytes) key = decodeKey(Buffer.from(bytes).toString('utf8')) ?? bytes;
    }
    if (key && key.byteLength < 16) {
      ctx.error(['phi', 'hashKey'], 'PG_POLICY_REFERENCE', 'the PHI hashing key must be at least 16 bytes');
      key = undefined;
    }
    return key ?? new Uint8Array(32); // placeholder; the policy fails to compile because an error was reported
  };
  try {
    return policyFromConfig(raw, resolveKey);
  } catch (err) {
    ctx.error(['phi'], 'PG_POLICY_SCHEMA', err instanceof Error ? err.message : 'invalid phi section');
    return undefined;
  }
}
