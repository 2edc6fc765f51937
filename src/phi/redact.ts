import { createHmac } from 'node:crypto';
import { generalize } from './generalize.js';
import { PhiPolicyError } from './errors.js';
import { checkHashKey, type HashKey } from './hash-key.js';
import { FHIR_INVALID, type FhirInvalid } from './json/fhir-fix.js';
import { scanText } from './scan.js';
import { DEFAULT_MIN_SCORE, PHI_TYPES, SENSITIVITIES, isPhiType, type Finding, type PhiType, type Sensitivity } from './types.js';

export type RedactAction = 'remove' | 'mask' | 'partial' | 'hash' | 'generalize' | 'keep';
export const REDACT_ACTIONS: readonly RedactAction[] = Object.freeze(['remove', 'mask', 'partial', 'hash', 'generalize', 'keep']);

export interface FieldOptions {
  /** Extra JSON field names (case-insensitive, `_`/`-` ignored) whose values are PHI of a type. */
  names?: Record<string, PhiType>;
  /** JSON paths never scanned nor redacted, e.g. `$.meta`, `$.entry[*].resource.id`, `$..code`. */
  ignore?: readonly string[];
  /** Scan string values of unknown fields as free text (default true). */
  scanValues?: boolean;
}

export interface RedactionPolicy {
  default: RedactAction;
  actions?: Partial<Record<PhiType, RedactAction | { action: RedactAction; keep?: number; mode?: 'enforce' | 'monitor' }>>;
  /** Key for `hash` (HMAC-SHA-256); at least 16 bytes. Required when any action is `hash`. */
  hashKey?: Uint8Array;
  minScore?: number;
  /** `rules` (default), or the statistical model: `strict` (recall first) or `balanced`. */
  sensitivity?: Sensitivity;
  fields?: FieldOptions;
  /** FHIR-aware JSON rules on or off; default: on when the document has a `resourceType`. */
  fhir?: boolean;
  /**
   * FHIR mode: a value whose redacted form would not be valid for its R4 type (a number, an
   * instant...) is removed (default) or replaced by the data-absent-reason extension.
   */
  fhirInvalid?: FhirInvalid;
}

export interface TypeAction {
  readonly action: RedactAction;
  readonly keep: number;
  /** Monitor mode for this type: findings are reported (audit, "would redact") and the value is kept. */
  readonly monitor?: true;
}

export interface CompiledRedactor {
  readonly kind: 'phiguard.redactor';
  readonly actions: Readonly<Record<PhiType, TypeAction>>;
  readonly minScore: number;
  readonly sensitivity: Sensitivity;
  /** Only ever a key that passed checkHashKey (never a placeholder). */
  readonly hashKey: HashKey | undefined;
  readonly fieldNames: ReadonlyMap<string, PhiType>;
  readonly ignore: readonly RegExp[];
  readonly scanValues: boolean;
  readonly fhir: boolean | undefined;
  readonly fhirInvalid: FhirInvalid;
}

const isAction = (v: unknown): v is RedactAction => typeof v === 'string' && (REDACT_ACTIONS as readonly string[]).includes(v);
const NORM_CACHE = new Map<string, string>();
/** Field names repeat in every document of a kind: normalised once (bounded cache, cleared when full). */
export const normField = (k: string): string => {
  let n = NORM_CACHE.get(k);
  if (n === undefined) {
    n = k.toLowerCase().replace(/[_\-\s]/g, '');
    if (NORM_CACHE.size >= 4096) NORM_CACHE.clear();
    NORM_CACHE.set(k, n);
  }
  return n;
};

/** `$.a[*].b`, `$..code` → anchored RegExp over rendered paths. */
export function pathPattern(p: string): RegExp {
  if (!p.startsWith('$')) throw new PhiPolicyError('phi.fields.ignore', 'paths start with $');
  let re = '^\\$';
  let i = 1;
  while (i < p.length) {
    if (p.startsWith('..', i)) { re += '(?:\\.[^.[]+|\\[[^\\]]*\\])*?'; i += 1; continue; }
    const c = p[i]!;
    if (c === '.') {
      const m = /^\.([^.[]+)/.exec(p.slice(i));
      if (!m) throw new PhiPolicyError('phi.fields.ignore', 'bad path');
      re += m[1] === '*' ? '\\.[^.[]+' : '\\.' + m[1]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i += m[0].length;
    } else if (c === '[') {
      const j = p.indexOf(']', i);
      if (j < 0) throw new PhiPolicyError('phi.fields.ignore', 'bad path');
      const inner = p.slice(i + 1, j);
      re += inner === '*' ? '\\[[^\\]]*\\]' : '\\[' + inner.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '\\]';
      i = j + 1;
    } else throw new PhiPolicyError('phi.fields.ignore', 'bad path');
  }
  return new RegExp(re + '(?:$|[.[])');
}

export function compileRedactionPolicy(p: RedactionPolicy): CompiledRedactor {
  if (!p || typeof p !== 'object') throw new PhiPolicyError('phi', 'policy must be an object');
  if (!isAction(p.default)) throw new PhiPolicyError('phi.default', 'unknown action');
  const actions = {} as Record<PhiType, TypeAction>;
  for (const t of PHI_TYPES) actions[t] = Object.freeze({ action: p.default, keep: 4 });
  for (const [k, v] of Object.entries(p.actions ?? {})) {
    if (!isPhiType(k)) throw new PhiPolicyError(`phi.actions.${k}`, 'unknown PHI type');
    const a = typeof v === 'string' ? { action: v, keep: undefined } : v;
    if (!a || !isAction(a.action)) throw new PhiPolicyError(`phi.actions.${k}`, 'unknown action');
    const keep = a.keep ?? 4;
    if (!Number.isInteger(keep) || keep < 0 || keep > 32) throw new PhiPolicyError(`phi.actions.${k}.keep`, 'keep must be an integer 0..32');
    const mode = (a as { mode?: unknown }).mode;
    if (mode !== undefined && mode !== 'enforce' && mode !== 'monitor') throw new PhiPolicyError(`phi.actions.${k}.mode`, 'mode must be enforce or monitor');
    // A monitored type is found and reported, never changed: its action applies once the rule is enforced.
    actions[k] = Object.freeze(mode === 'monitor' ? { action: 'keep' as const, keep, monitor: true as const } : { action: a.action, keep });
  }
  const usesHash = Object.values(actions).some((a) => a.action === 'hash');
  let hashKey: HashKey | undefined;
  if (p.hashKey !== undefined) {
    const checked = checkHashKey(p.hashKey);
    if (!checked.ok) throw new PhiPolicyError('phi.hashKey', checked.reason);
    hashKey = checked.key;
  }
  const minScore = p.minScore ?? DEFAULT_MIN_SCORE;
  if (typeof minScore !== 'number' || !(minScore >= 0 && minScore <= 1)) throw new PhiPolicyError('phi.minScore', 'must be a number 0..1');
  const sensitivity = p.sensitivity ?? 'rules';
  if (!SENSITIVITIES.includes(sensitivity)) throw new PhiPolicyError('phi.sensitivity', `must be one of ${SENSITIVITIES.join(', ')}`);
  const fieldNames = new Map<string, PhiType>();
  for (const [k, t] of Object.entries(p.fields?.names ?? {})) {
    if (!isPhiType(t)) throw new PhiPolicyError(`phi.fields.names.${k}`, 'unknown PHI type');
    fieldNames.set(normField(k), t);
  }
  const ignore = (p.fields?.ignore ?? []).map(pathPattern);
  const scanValues = p.fields?.scanValues ?? true;
  if (typeof scanValues !== 'boolean') throw new PhiPolicyError('phi.fields.scanValues', 'must be a boolean');
  if (p.fhir !== undefined && typeof p.fhir !== 'boolean') throw new PhiPolicyError('phi.fhir', 'must be a boolean');
  const fhirInvalid = p.fhirInvalid ?? 'remove';
  if (!FHIR_INVALID.includes(fhirInvalid)) throw new PhiPolicyError('phi.fhirInvalid', `must be one of ${FHIR_INVALID.join(', ')}`);
  // Checked last, so a caller that withheld an unusable key still learns of every other error.
  if (usesHash && !hashKey) throw new PhiPolicyError('phi.hashKey', 'required when an action is hash');
  return Object.freeze({
    kind: 'phiguard.redactor', actions: Object.freeze(actions), minScore, sensitivity, hashKey, fieldNames,
    ignore: Object.freeze(ignore), scanValues, fhir: p.fhir, fhirInvalid,
  });
}

/** The default: every identifier replaced by its `[TYPE]` label. */
export const DEFAULT_REDACTOR = compileRedactionPolicy({ default: 'remove' });

const B32 = 'abcdefghijklmnopqrstuvwxyz234567';
function base32(buf: Uint8Array, chars: number): string {
  let out = '', bits = 0, val = 0;
  for (let i = 0; i < buf.length && out.length < chars; i++) {
    val = (val << 8) | buf[i]!; bits += 8;
    while (bits >= 5 && out.length < chars) { out += B32[(val >>> (bits - 5)) & 31]; bits -= 5; }
  }
  return out;
}

/** Normalise so that formatting differences ("123-45-6789" / "123456789", "SMITH" / "Smith") tokenize alike. */
function canonical(type: PhiType, v: string): string {
  const s = v.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
  switch (type) {
    case 'SSN': case 'PHONE': case 'FAX': case 'ACCOUNT': case 'MRN': case 'HEALTH_PLAN_ID': return s.replace(/[\s().-]/g, '');
    default: return s;
  }
}

export function hashToken(key: Uint8Array, type: PhiType, value: string): string {
  const mac = createHmac('sha256', key).update(canonical(type, value)).digest();
  return 'tok_' + base32(mac, 16);
}

function partial(v: string, keep: number): string {
  let alnum = 0;
  for (const ch of v) if (/[\p{L}\p{N}]/u.test(ch)) alnum++;
  if (alnum <= keep) return v.replace(/[\p{L}\p{N}]/gu, '*');
  let seen = 0;
  let out = '';
  for (const ch of v) {
    if (/[\p{L}\p{N}]/u.test(ch)) { seen++; out += seen > alnum - keep ? ch : '*'; } else out += ch;
  }
  return out;
}

export const MASK = '********';

/**
 * Replacement for one finding's value: `remove` → `[TYPE]`, `mask` → `********` (fixed length,
 * so the length does not leak), `partial` → last N letters/digits kept, `hash` → `tok_…`,
 * `generalize` → Safe Harbor form or `[TYPE]`, `keep` → unchanged.
 */
export function replacement(r: CompiledRedactor, f: Pick<Finding, 'type' | 'detector'>, value: string): string {
  const a = r.actions[f.type];
  switch (a.action) {
    case 'keep': return value;
    case 'remove': return `[${f.type}]`;
    case 'mask': return MASK;
    case 'partial': return partial(value, a.keep);
    case 'hash': return hashToken(r.hashKey!, f.type, value);
    case 'generalize': return generalize(f, value) ?? `[${f.type}]`;
  }
}

/** Apply findings (sorted, non-overlapping) to a string. */
export function applyFindings(text: string, findings: readonly Finding[], r: CompiledRedactor): string {
  let out = '';
  let pos = 0;
  for (const f of findings) {
    const rep = replacement(r, f, text.slice(f.start, f.end));
    out += text.slice(pos, f.start) + rep;
    pos = f.end;
  }
  return out + text.slice(pos);
}

export function redactText(text: string, r: CompiledRedactor = DEFAULT_REDACTOR): { text: string; findings: Finding[] } {
  const findings = scanText(text, { minScore: r.minScore, sensitivity: r.sensitivity });
  return { text: applyFindings(text, findings, r), findings };
}
