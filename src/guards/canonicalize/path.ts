/**
 * Strict request-target canonicalization, done once. The segments returned here are what the
 * router matches and what the gateway forwards: nothing else is ever re-parsed.
 */
import { PhiguardError } from '../../core/errors.js';

export interface CanonicalTarget {
  readonly path: string;
  readonly segments: readonly string[];
  readonly query: string;
  readonly params: ReadonlyMap<string, readonly string[]>;
  readonly forwardTarget: string;
}

const HEX = /^[0-9A-Fa-f]{2}$/;
const fail = (code: ConstructorParameters<typeof PhiguardError>[0], detail: string): never => {
  throw new PhiguardError(code, detail);
};
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** RFC 3986 pchar without '%' (handled separately) and without ';' (rejected). */
const PCHAR_SAFE = /[A-Za-z0-9\-._~!$&'()*+,=:@]/;

function checkRawChars(raw: string, where: 'path' | 'query'): void {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 0x21 || c === 0x7f) fail('PG_PATH_CONTROL_CHAR', `${where}: control or space character`);
    if (c > 0x7e) fail(where === 'path' ? 'PG_PATH_INVALID' : 'PG_QUERY_INVALID', `${where}: non-ASCII character`);
    if (c === 0x5c) fail('PG_PATH_ENCODED_SEPARATOR', `${where}: backslash`);
    if (c === 0x23) fail('PG_PATH_INVALID', `${where}: fragment in request target`);
  }
}

/** Percent-decodes one path segment, rejecting every encoding trick. */
function decodeSegment(seg: string): string {
  if (!seg.includes('%')) return seg;
  const bytes: number[] = [];
  for (let i = 0; i < seg.length; i++) {
    const ch = seg.charCodeAt(i);
    if (ch !== 0x25) {
      bytes.push(ch);
      continue;
    }
    const hex = seg.slice(i + 1, i + 3);
    if (!HEX.test(hex)) fail('PG_PATH_INVALID', 'malformed percent-encoding');
    const b = parseInt(hex, 16);
    if (b === 0x2f || b === 0x5c) fail('PG_PATH_ENCODED_SEPARATOR', 'encoded slash or backslash');
    if (b === 0x25) fail('PG_PATH_DOUBLE_ENCODING', 'encoded percent sign');
    if (b < 0x20 || b === 0x7f) fail('PG_PATH_CONTROL_CHAR', 'encoded control character');
    if (b === 0x3b) fail('PG_PATH_PARAMETER', 'encoded semicolon');
    bytes.push(b);
    i += 2;
  }
  let text: string;
  try {
    text = decoder.decode(Uint8Array.from(bytes));
  } catch {
    return fail('PG_PATH_INVALID', 'invalid UTF-8 after decoding');
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // C1 controls and Unicode line/paragraph separators are rejected too.
    if ((c >= 0x80 && c <= 0x9f) || c === 0x2028 || c === 0x2029 || c === 0xfeff) fail('PG_PATH_CONTROL_CHAR', 'encoded control character');
  }
  return text;
}

/** Encodes a decoded segment for forwarding: only unreserved/sub-delims stay literal. */
export function encodeSegment(seg: string): string {
  let out = '';
  for (const ch of seg) {
    if (ch.length === 1 && PCHAR_SAFE.test(ch)) out += ch;
    else for (const b of new TextEncoder().encode(ch)) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function canonicalizeTarget(target: string): CanonicalTarget {
  if (target.length === 0) fail('PG_PATH_INVALID', 'empty request target');
  if (target === '*') fail('PG_PATH_INVALID', 'asterisk-form request target');
  if (!target.startsWith('/')) {
    fail(/^[A-Za-z][A-Za-z0-9+.-]*:/.test(target) ? 'PG_PATH_ABSOLUTE_FORM' : 'PG_PATH_INVALID', 'request target is not origin-form');
  }
  const q = target.indexOf('?');
  const rawPath = q === -1 ? target : target.slice(0, q);
  const rawQuery = q === -1 ? '' : target.slice(q + 1);
  checkRawChars(rawPath, 'path');
  if (rawPath.includes(';')) fail('PG_PATH_PARAMETER', 'path parameter');

  const rawSegments = rawPath === '/' ? [] : rawPath.slice(1).split('/');
  const out: string[] = [];
  for (const raw of rawSegments) {
    if (raw === '') fail('PG_PATH_EMPTY_SEGMENT', 'empty path segment');
    const seg = decodeSegment(raw);
    if (seg === '.') continue;
    if (seg === '..') {
      if (out.length === 0) fail('PG_PATH_TRAVERSAL', 'dot-dot above root');
      out.pop();
      continue;
    }
    out.push(seg);
  }
  const params = parseQuery(rawQuery);
  const query = serializeQuery(params);
  const path = `/${out.map(encodeSegment).join('/')}`;
  return Object.freeze({
    path,
    segments: Object.freeze(out),
    query,
    params,
    forwardTarget: query ? `${path}?${query}` : path,
  });
}

function decodeQueryComponent(s: string): string {
  const plus = s.replace(/\+/g, ' ');
  if (/%(?![0-9A-Fa-f]{2})/.test(plus)) fail('PG_QUERY_INVALID', 'malformed percent-encoding in query');
  let v: string;
  try {
    v = decodeURIComponent(plus);
  } catch {
    return fail('PG_QUERY_INVALID', 'invalid UTF-8 in query');
  }
  // Control characters (incl. NUL, CR, LF) after decoding are never legitimate in a query value.
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(v)) fail('PG_PATH_CONTROL_CHAR', 'control character in query');
  return v;
}

export function parseQuery(raw: string): ReadonlyMap<string, readonly string[]> {
  const map = new Map<string, string[]>();
  if (raw === '') return map;
  checkRawChars(raw, 'query');
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decodeQueryComponent(eq === -1 ? part : part.slice(0, eq));
    const value = eq === -1 ? '' : decodeQueryComponent(part.slice(eq + 1));
    if (name === '') fail('PG_QUERY_INVALID', 'empty query parameter name');
    if (name === '_method') fail('PG_HEADER_METHOD_OVERRIDE', 'method override in query');
    const list = map.get(name);
    if (list) list.push(value);
    else map.set(name, [value]);
  }
  return map;
}

const QUERY_SAFE = /^[A-Za-z0-9\-._~!$'()*,:@/?]$/;
function encodeQueryComponent(s: string): string {
  let out = '';
  for (const ch of s) {
    if (ch.length === 1 && QUERY_SAFE.test(ch)) out += ch;
    else for (const b of new TextEncoder().encode(ch)) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function serializeQuery(params: ReadonlyMap<string, readonly string[]>): string {
  const parts: string[] = [];
  for (const [k, values] of params) for (const v of values) parts.push(`${encodeQueryComponent(k)}=${encodeQueryComponent(v)}`);
  return parts.join('&');
}
