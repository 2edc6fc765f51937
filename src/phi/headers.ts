import { DEFAULT_REDACTOR, applyFindings, replacement, type CompiledRedactor } from './redact.js';
import { scanText } from './scan.js';
import type { Finding, PhiType } from './types.js';

export type HeaderList = ReadonlyArray<readonly [string, string]> | Readonly<Record<string, string | readonly string[] | undefined>>;

export interface HeaderResult {
  /** Header name as given. */
  name: string;
  /** Index in the list (array input) or occurrence index for multi-valued record entries. */
  index: number;
  findings: Finding[];
  /** Value with PHI redacted by the redactor's policy. */
  redacted: string;
}

/** Header names whose whole value is PHI. */
const HEADER_TYPES: ReadonlyMap<string, PhiType> = new Map<string, PhiType>([
  ['x-patient-name', 'NAME'], ['x-patient-id', 'MRN'], ['x-mrn', 'MRN'], ['x-ssn', 'SSN'], ['x-patient-dob', 'DATE'],
  ['x-forwarded-for', 'IP'], ['x-real-ip', 'IP'], ['x-client-ip', 'IP'], ['x-user-email', 'EMAIL'], ['from', 'EMAIL'],
]);

/** Percent-decode (and '+' → space) with a map from decoded spans back to raw offsets. */
function decodeWithMap(raw: string): { text: string; startAt: (i: number) => number; endAt: (i: number) => number } {
  const starts: number[] = [];
  const ends: number[] = [];
  let text = '';
  let i = 0;
  while (i < raw.length) {
    if (raw[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(raw.slice(i + 1, i + 3))) {
      let j = i;
      while (raw[j] === '%' && /^[0-9A-Fa-f]{2}$/.test(raw.slice(j + 1, j + 3))) j += 3;
      let dec: string;
      try { dec = decodeURIComponent(raw.slice(i, j)); } catch { dec = raw.slice(i, j); }
      for (let k = 0; k < dec.length; k++) { starts.push(i); ends.push(j); }
      text += dec;
      i = j;
    } else {
      text += raw[i] === '+' ? ' ' : raw[i];
      starts.push(i); ends.push(i + 1);
      i++;
    }
  }
  return { text, startAt: (x) => starts[x] ?? raw.length, endAt: (x) => (x === 0 ? 0 : ends[x - 1] ?? raw.length) };
}

function scanEncoded(raw: string, offset: number, minScore: number, out: Finding[]): void {
  const d = decodeWithMap(raw);
  for (const x of scanText(d.text, { minScore })) out.push({ ...x, start: offset + d.startAt(x.start), end: offset + d.endAt(x.end) });
}

/** Protocol headers that carry no PHI by construction; scanning them would only corrupt them. */
const STRUCTURAL_HEADERS = new Set([
  'content-type', 'content-length', 'content-encoding', 'transfer-encoding', 'etag', 'if-none-match', 'if-match',
  'cache-control', 'pragma', 'vary', 'connection', 'keep-alive', 'server', 'accept', 'accept-encoding',
  'accept-language', 'accept-ranges', 'age', 'retry-after', 'strict-transport-security', 'content-security-policy',
  'x-content-type-options', 'x-frame-options', 'referrer-policy', 'traceparent', 'tracestate', 'x-request-id',
  'x-correlation-id', 'access-control-allow-origin', 'access-control-allow-methods', 'access-control-allow-headers',
  'access-control-expose-headers', 'access-control-max-age', 'access-control-allow-credentials', 'content-range',
  'content-language', 'upgrade', 'te', 'trailer', 'alt-svc', 'x-xss-protection', 'cross-origin-opener-policy',
  'cross-origin-resource-policy', 'cross-origin-embedder-policy', 'permissions-policy',
]);
/** HTTP dates (RFC 9110 IMF-fixdate) in these headers are server timestamps, not patient dates. */
const HTTP_DATE_HEADERS = new Set(['date', 'last-modified', 'expires', 'if-modified-since', 'if-unmodified-since']);
const IMF_FIXDATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

function splitUrl(v: string): Array<[number, number]> {
  // Scan path segments and query/fragment values separately (decoded offsets would not map back).
  const spans: Array<[number, number]> = [];
  const re = /[^/?&=#;]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(v)) !== null) spans.push([m.index, m.index + m[0].length]);
  return spans;
}

function scanValue(name: string, value: string, minScore: number): Finding[] {
  const lname = name.toLowerCase();
  // Structural headers are skipped unless they carry something identifier-shaped (an e-mail, a long number).
  if (STRUCTURAL_HEADERS.has(lname) && !value.includes('@') && !/\d[\d -]{6,}\d/.test(value)) return [];
  if (HTTP_DATE_HEADERS.has(lname) && IMF_FIXDATE.test(value.trim())) return [];
  const whole = HEADER_TYPES.get(lname);
  if (whole && value.length) return [{ type: whole, start: 0, end: value.length, score: 0.9, detector: 'header:name' }];
  if (lname === 'cookie' || lname === 'set-cookie') {
    // name=value pairs: scan only values (percent-decoding changes offsets; scan raw and decoded)
    const out: Finding[] = [];
    const re = /(?:^|;\s*)([^=;\s]+)=([^;]*)/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(value)) !== null) {
      const vStart = m.index + m[0].length - m[2]!.length;
      scanEncoded(m[2]!, vStart, minScore, out);
    }
    return out;
  }
  if (lname === 'location' || lname === 'content-location' || lname === 'referer' || lname === 'link') {
    const out: Finding[] = [];
    for (const [s, e] of splitUrl(value)) scanEncoded(value.slice(s, e), s, minScore, out);
    // a whole query string like ?dob=1990-01-01 is also caught by segment scanning
    return out;
  }
  return scanText(value, { minScore });
}

/**
 * Scan header (or query/cookie) values for PHI. Returns only the entries that contain PHI,
 * each with its findings and redacted value. Values are never copied into messages.
 */
export function scanHeaders(list: HeaderList, r: CompiledRedactor = DEFAULT_REDACTOR): HeaderResult[] {
  const entries: Array<[string, string, number]> = [];
  if (Array.isArray(list)) (list as ReadonlyArray<readonly [string, string]>).forEach(([n, v], i) => entries.push([n, String(v), i]));
  else {
    for (const [n, v] of Object.entries(list as Record<string, string | readonly string[] | undefined>)) {
      if (v === undefined) continue;
      if (typeof v === 'string') entries.push([n, v, 0]); else v.forEach((x, i) => entries.push([n, x, i]));
    }
  }
  const out: HeaderResult[] = [];
  for (const [name, value, index] of entries) {
    const findings = scanValue(name, value, r.minScore);
    if (!findings.length) continue;
    const whole = findings.length === 1 && findings[0]!.detector === 'header:name';
    const redacted = whole ? replacement(r, findings[0]!, value) : applyFindings(value, findings, r);
    out.push({ name, index, findings, redacted });
  }
  return out;
}

/** Query string (`a=1&b=2`, with or without `?`) → entries that contain PHI. */
export function scanQuery(query: string, r: CompiledRedactor = DEFAULT_REDACTOR): HeaderResult[] {
  const q = query.startsWith('?') ? query.slice(1) : query;
  const pairs: Array<[string, string]> = q.split('&').filter(Boolean).map((p) => {
    const i = p.indexOf('=');
    const k = i < 0 ? p : p.slice(0, i);
    const v = i < 0 ? '' : p.slice(i + 1);
    const dec = (s: string): string => { try { return decodeURIComponent(s.replace(/\+/g, ' ')); } catch { return s; } };
    return [dec(k), dec(v)];
  });
  return scanHeaders(pairs.map(([k, v]) => [queryHeaderName(k), v] as const), r).map((x) => ({ ...x, name: pairs[x.index]![0] }));
}

function queryHeaderName(k: string): string {
  const n = k.toLowerCase().replace(/[_-]/g, '');
  const m: Record<string, string> = { ssn: 'x-ssn', mrn: 'x-mrn', dob: 'x-patient-dob', birthdate: 'x-patient-dob', name: 'x-patient-name', patientname: 'x-patient-name', email: 'x-user-email' };
  return m[n] ?? k;
}
