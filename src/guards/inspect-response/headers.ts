/** PHI in response headers: Location, Link, cookies, Content-Disposition, custom headers. */
import type { GuardResponse } from '../../core/types.js';
import type { PhiEngine, Redaction } from './engine.js';

/** Response headers that never carry PHI and are left alone. */
const SAFE_HEADERS = new Set([
  'content-type', 'content-length', 'date', 'etag', 'last-modified', 'cache-control', 'vary', 'expires', 'pragma',
  'x-request-id', 'x-content-type-options', 'allow', 'accept-ranges', 'age', 'retry-after', 'strict-transport-security',
]);

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Headers whose values are URLs: the server's origin in them is an address, not a person's data. */
const URL_HEADERS = new Set(['location', 'content-location', 'link']);
/**
 * `scheme://host[:port]` of an absolute URL, with no userinfo (a value with `@` is scanned whole):
 * the gateway's own address (an IP literal, a host name) must not be masked as an identifier.
 */
const ORIGIN = /[A-Za-z][A-Za-z0-9+.-]*:\/\/[A-Za-z0-9.\-[\]:]+(?=[/?#>\s";,]|$)/g;

/** Redacts a URL-valued header everywhere but in the origins it names. */
function redactOutsideOrigins(phi: PhiEngine, name: string, value: string): Redaction {
  const parts: string[] = [];
  const findings: Array<Redaction['findings'][number]> = [];
  let changed = false;
  let last = 0;
  const scan = (piece: string) => {
    if (!piece) return;
    const r = phi.redactHeader(name, piece);
    findings.push(...r.findings);
    changed ||= r.changed;
    parts.push(r.changed ? r.text : piece);
  };
  for (const m of value.matchAll(ORIGIN)) {
    scan(value.slice(last, m.index));
    parts.push(m[0]);
    last = m.index + m[0].length;
  }
  scan(value.slice(last));
  return { text: parts.join(''), changed, findings };
}

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
    const r = URL_HEADERS.has(k) ? redactOutsideOrigins(phi, k, v) : phi.redactHeader(k, v);
    record(r);
    let value = r.changed ? r.text : v;
    let drop = false;
    const decoded = percentDecode(URL_HEADERS.has(k) ? value.replace(ORIGIN, '') : value);
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
