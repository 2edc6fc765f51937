/**
 * One parsed entry (a HAR `log.entries[i]` or an NDJSON line) to a `TrafficEntry`, or the reason it
 * is malformed. Both formats accept both body spellings: HAR's `request.postData.text` and
 * `response.content.text` (+ `encoding: "base64"`), and NDJSON's `body` (+ `bodyEncoding: "base64"`).
 * Headers: HAR `[{name, value}]`, `[[name, value]]` or `{name: value | [values]}`; HTTP/2
 * pseudo-headers (`:authority`, ...) are dropped. HAR `response.status: 0` (no response recorded)
 * means no response. Messages name fields, never values.
 */
import { tokenize } from '../../phi/json/tokenizer.js';
import type { TrafficEntry } from './types.js';

export type Normalized = { entry: Omit<TrafficEntry, 'index' | 'line'> } | { error: string };

const TOKEN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

class Bad extends Error {}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function headersOf(v: unknown, where: string): Array<[string, string]> {
  if (v === undefined || v === null) return [];
  const out: Array<[string, string]> = [];
  const add = (name: unknown, value: unknown, at: string) => {
    if (typeof name !== 'string' || !TOKEN.test(name.replace(/^:/, ''))) throw new Bad(`${at}: header name is missing or not a token`);
    if (typeof value !== 'string' && typeof value !== 'number') throw new Bad(`${at}: header value is not a string`);
    if (name.startsWith(':')) return;
    out.push([name.toLowerCase(), String(value)]);
  };
  if (Array.isArray(v)) {
    v.forEach((h, i) => {
      if (Array.isArray(h) && h.length === 2) add(h[0], h[1], `${where}[${i}]`);
      else if (isObj(h)) add(h.name, h.value, `${where}[${i}]`);
      else throw new Bad(`${where}[${i}] is not a {name, value} pair`);
    });
    return out;
  }
  if (isObj(v)) {
    Object.entries(v).forEach(([k, val], i) => {
      if (Array.isArray(val)) val.forEach((x) => add(k, x, `${where} (header ${i})`));
      else add(k, val, `${where} (header ${i})`);
    });
    return out;
  }
  throw new Bad(`${where} is not a list of headers`);
}

function bodyOf(text: unknown, encoding: unknown, where: string): Buffer | undefined {
  if (text === undefined || text === null) return undefined;
  if (typeof text !== 'string') throw new Bad(`${where} is not a string`);
  if (encoding === undefined || encoding === null || encoding === '' || encoding === 'utf8' || encoding === 'utf-8') return Buffer.from(text, 'utf8');
  if (encoding === 'base64') {
    const compact = text.replace(/[\r\n]/g, '');
    if (compact.length % 4 !== 0 || !BASE64.test(compact)) throw new Bad(`${where} is not valid base64`);
    return Buffer.from(compact, 'base64');
  }
  throw new Bad(`${where}: unknown encoding (expected base64 or none)`);
}

function requestOf(r: unknown): TrafficEntry['request'] {
  if (!isObj(r)) throw new Bad('request is missing or not an object');
  if (typeof r.method !== 'string' || !TOKEN.test(r.method)) throw new Bad('request.method is missing or not an HTTP method');
  if (typeof r.url !== 'string' || r.url.length === 0) throw new Bad('request.url is missing or not a string');
  const headers = headersOf(r.headers, 'request.headers');
  let body: Buffer | undefined;
  if (r.postData !== undefined && r.postData !== null) {
    if (!isObj(r.postData)) throw new Bad('request.postData is not an object');
    body = bodyOf(r.postData.text, r.postData.encoding, 'request.postData.text');
  } else body = bodyOf(r.body, r.bodyEncoding, 'request.body');
  return { method: r.method.toUpperCase(), url: r.url, headers, ...(body ? { body } : {}) };
}

function responseOf(r: unknown): TrafficEntry['response'] {
  if (r === undefined || r === null) return undefined;
  if (!isObj(r)) throw new Bad('response is not an object');
  if (r.status === 0) return undefined;
  if (typeof r.status !== 'number' || !Number.isInteger(r.status) || r.status < 100 || r.status > 599) throw new Bad('response.status is not an HTTP status (100-599)');
  const headers = headersOf(r.headers, 'response.headers');
  let body: Buffer | undefined;
  if (r.content !== undefined && r.content !== null) {
    if (!isObj(r.content)) throw new Bad('response.content is not an object');
    body = bodyOf(r.content.text, r.content.encoding, 'response.content.text');
  } else body = bodyOf(r.body, r.bodyEncoding, 'response.body');
  return { status: r.status, headers, ...(body ? { body } : {}) };
}

export function normalizeEntry(raw: unknown): Normalized {
  try {
    if (!isObj(raw)) throw new Bad('entry is not a JSON object');
    const request = requestOf(raw.request);
    const response = responseOf(raw.response);
    let startedDateTime: string | undefined;
    if (raw.startedDateTime !== undefined) {
      if (typeof raw.startedDateTime !== 'string' || Number.isNaN(Date.parse(raw.startedDateTime))) throw new Bad('startedDateTime is not an ISO date');
      startedDateTime = raw.startedDateTime;
    }
    return { entry: { request, ...(response ? { response } : {}), ...(startedDateTime ? { startedDateTime } : {}) } };
  } catch (err) {
    if (err instanceof Bad) return { error: err.message };
    return { error: 'entry could not be read' };
  }
}

/**
 * JSON.parse, and on failure the position of the problem (from the phiguard tokenizer, whose
 * messages carry offsets only; V8's own messages quote the input, so they are never shown).
 */
export function parseLocated(text: string): { value: unknown } | { offset: number; message: string } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    try {
      tokenize(text);
    } catch (err) {
      const e = err as { offset?: number; message?: string };
      const message = (e.message ?? 'invalid JSON').replace(/ at offset \d+$/, '');
      return { offset: e.offset ?? 0, message };
    }
    return { offset: 0, message: 'invalid JSON' };
  }
}

/** 1-based line and column of `offset` in `text`, counted from (line, column) of its first character. */
export function positionIn(text: string, offset: number, line: number, column: number): { line: number; column: number } {
  let l = line;
  let c = column;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      l++;
      c = 1;
    } else c++;
  }
  return { line: l, column: c };
}
