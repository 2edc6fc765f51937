/** PHI in response headers: Location, Link, cookies, Content-Disposition, custom headers. */
import type { GuardResponse } from '../../core/types.js';
import type { PhiEngine, Redaction } from './engine.js';

/** Response headers that never carry PHI and are left alone. */
const SAFE_HEADERS = new Set([
  'content-type', 'content-length', 'date', 'etag', 'last-modified', 'cache-control', 'vary', 'expires', 'pragma',
  'x-request-id', 'x-content-type-options', 'allow', 'accept-ranges', 'age', 'retry-after', 'strict-transport-security',
]);

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Percent-decodes every %XX run (RFC 3986 / RFC 5987 ext-values) leniently; other text unchanged. */
export function percentDecode(value: string): string {
  return value.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => utf8.decode(Uint8Array.from(run.slice(1).split('%').map((h) => parseInt(h, 16)))));
}

/**
 * Scans each header that may carry data. With `apply`, values with PHI are redacted, and a value
 * whose decoded form still carries PHI after redaction is dropped (it cannot be redacted in place).
 * Returns whether anything changed.
 */
export function inspectHeaders(res: GuardResponse, phi: PhiEngine, apply: boolean, record: (r: Redaction) => void): boolean {
  let changed = false;
  const out: Array<[string, string]> = [];
  for (const [k, v] of res.headers) {
    if (SAFE_HEADERS.has(k)) {
      out.push([k, v]);
      continue;
    }
    const r = phi.redactHeader(k, v);
    record(r);
    let value = r.changed ? r.text : v;
    let drop = false;
    const decoded = percentDecode(value);
    if (decoded !== value) {
      const d = phi.redactText(decoded);
      if (d.findings.length > 0) {
        record(d);
        drop = true;
      }
    }
    if (apply && drop) {
      changed = true;
      continue;
    }
    if (!apply) value = v;
    else if (value !== v) changed = true;
    out.push([k, value]);
  }
  res.headers = out;
  return changed;
}
