/**
 * Minimum necessary, security labels and the patient compartment on a response body, before PHI
 * redaction. Only JSON and NDJSON can be checked; any other representation of a constrained
 * request is refused (a client must not be able to pick a format the checks cannot read).
 */
import { PhiguardError } from '../../core/errors.js';
import type { GuardContext } from '../../core/context.js';
import type { CompiledRoute } from '../../policy/types.js';
import type { BodyKind } from './body.js';
import { parseLossless, type Lossless } from './lossless.js';

export type ApplyAccess = (body: unknown, ctx: GuardContext<CompiledRoute>) => { body: unknown; projectedFields: number; wouldProject?: number; suppressedResources: number; patients: string[]; resources: string[] };

export interface AccessOutcome {
  text: string;
  projectedFields: number;
  /** Fields a monitored minimum-necessary rule would have removed. */
  wouldProject: number;
  suppressedResources: number;
  patients: string[];
  resources: string[];
}

/** Whether response-side access checks apply to this request. */
export function isConstrained(ctx: GuardContext<CompiledRoute>): boolean {
  const route = ctx.route?.route;
  return ctx.access !== undefined && route !== undefined && (route.resource !== undefined || route.patient !== undefined || (ctx.access.patients?.length ?? 0) > 0);
}

const parse = (text: string): Lossless => {
  try {
    return parseLossless(text);
  } catch {
    throw new PhiguardError('PG_RESPONSE_UNPARSEABLE', 'response is not valid JSON');
  }
};

/** Applies access to a JSON document or to every NDJSON line. `value` is the parsed JSON when already parsed. */
export function applyAccessToBody(kind: BodyKind, text: string, value: unknown, ctx: GuardContext<CompiledRoute>, apply: ApplyAccess, enforce: boolean): AccessOutcome {
  const out: AccessOutcome = { text, projectedFields: 0, wouldProject: 0, suppressedResources: 0, patients: [], resources: [] };
  const one = (doc: unknown): unknown => {
    const a = apply(doc, ctx);
    out.projectedFields += a.projectedFields;
    out.wouldProject += a.wouldProject ?? 0;
    out.suppressedResources += a.suppressedResources;
    out.patients.push(...a.patients);
    out.resources.push(...a.resources);
    return a.projectedFields > 0 || a.suppressedResources > 0 ? a.body : undefined;
  };
  if (kind === 'json') {
    // Edits are serialized with every number's original text (lossless.ts); `value` (already parsed
    // by the contract check) is not reused, since its numbers may have been rounded.
    void value;
    const doc = parse(text);
    const changed = one(doc.value);
    if (changed !== undefined && enforce) out.text = doc.stringify(changed);
    return out;
  }
  if (kind === 'ndjson') {
    const lines = text.split('\n');
    let any = false;
    const next = lines.map((line) => {
      const trimmed = line.replace(/\r$/, '');
      if (trimmed.trim() === '') return line;
      const doc = parse(trimmed);
      const changed = one(doc.value);
      if (changed === undefined) return line;
      any = true;
      return doc.stringify(changed);
    });
    if (any && enforce) out.text = next.join('\n');
    return out;
  }
  throw new PhiguardError('PG_RESPONSE_FORMAT', 'only JSON or NDJSON can be checked against access constraints');
}
