/** Binds the PHI engine (src/phi) to one compiled redactor for the inspection stage. */
import { redactJson, redactNdjson, redactText, scanHeaders, type CompiledRedactor } from '../phi/index.js';
import type { PhiEngine } from '../guards/inspect-response/engine.js';
import { PhiguardError } from '../core/errors.js';
import type { PhiPool } from './phi-pool.js';

/** Bodies at least this long are scanned in the worker pool, when there is one. */
export const POOL_THRESHOLD = 64 * 1024;

/** The inspection stage counts findings by type: no raw offsets or JSON paths needed. */
const TYPES_ONLY = Object.freeze({ offsets: false });

export function phiEngine(r: CompiledRedactor, pool?: PhiPool): PhiEngine {
  const guard = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      if (err instanceof PhiguardError) throw err;
      // Unparseable or hostile input: the response is not released.
      throw new PhiguardError('PG_RESPONSE_UNPARSEABLE', err instanceof Error ? err.name : 'phi engine error');
    }
  };
  const engine: PhiEngine = {
    redactBody: (kind, text) =>
      pool && text.length >= POOL_THRESHOLD ? pool.run(kind, text) : kind === 'json' ? engine.redactJson(text) : kind === 'ndjson' ? engine.redactNdjson(text) : engine.redactText(text),
    redactJson: (text) => guard(() => redactJson(text, r, TYPES_ONLY)),
    redactNdjson: (text) => guard(() => redactNdjson(text, r, TYPES_ONLY)),
    redactText: (text) =>
      guard(() => {
        const out = redactText(text, r);
        return { text: out.text, findings: out.findings, changed: out.text !== text };
      }),
    redactHeader: (name, value) =>
      guard(() => {
        const [hit] = scanHeaders([[name, value]], r);
        return hit ? { text: hit.redacted, findings: hit.findings, changed: hit.redacted !== value } : { text: value, findings: [], changed: false };
      }),
  };
  return engine;
}
