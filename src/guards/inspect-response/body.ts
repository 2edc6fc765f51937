/** Response body decoding for inspection: content-encoding, media type, UTF-8. Fails closed. */
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { PhiguardError } from '../../core/errors.js';
import type { GuardResponse } from '../../core/types.js';

export type BodyKind = 'json' | 'ndjson' | 'text' | 'opaque' | 'none';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function headerValue(res: GuardResponse, name: string): string | undefined {
  return res.headers.find(([k]) => k === name)?.[1];
}

export function removeHeader(res: GuardResponse, name: string): void {
  res.headers = res.headers.filter(([k]) => k !== name);
}

/** Removes every header named in `names`, in one pass. */
export function removeHeaders(res: GuardResponse, names: ReadonlySet<string>): void {
  if (res.headers.some(([k]) => names.has(k))) res.headers = res.headers.filter(([k]) => !names.has(k));
}

export function setHeader(res: GuardResponse, name: string, value: string): void {
  removeHeader(res, name);
  res.headers.push([name, value]);
}

/** Decompresses the body in place (bounded) so what is inspected is what is released. */
export function decodeContentEncoding(res: GuardResponse, maxBytes: number): void {
  // Two Content-Encoding lines are a stacked encoding (RFC 9110 8.4): refused like `gzip, gzip`.
  if (res.headers.filter(([k]) => k === 'content-encoding').length > 1) throw new PhiguardError('PG_RESPONSE_ENCODING', 'more than one content-encoding');
  const enc = headerValue(res, 'content-encoding')?.trim().toLowerCase();
  if (!enc || enc === 'identity') {
    removeHeader(res, 'content-encoding');
    return;
  }
  if (!res.body || res.body.byteLength === 0) {
    removeHeader(res, 'content-encoding');
    return;
  }
  const opts = { maxOutputLength: maxBytes };
  let out: Buffer;
  try {
    const input = Buffer.from(res.body.buffer, res.body.byteOffset, res.body.byteLength);
    if (enc === 'gzip' || enc === 'x-gzip') out = gunzipSync(input, opts);
    else if (enc === 'deflate') out = inflateSync(input, opts);
    else if (enc === 'br') out = brotliDecompressSync(input, opts);
    else throw new PhiguardError('PG_RESPONSE_ENCODING', 'unsupported content-encoding');
  } catch (err) {
    if (err instanceof PhiguardError) throw err;
    throw new PhiguardError('PG_RESPONSE_ENCODING', 'content-encoding could not be decoded within limits');
  }
  res.body = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  removeHeader(res, 'content-encoding');
}

export function mediaTypeOf(res: GuardResponse): string | undefined {
  const v = headerValue(res, 'content-type');
  if (!v) return undefined;
  return v.split(';')[0]?.trim().toLowerCase();
}

/** Text record formats read by the PHI engine's record reader (HL7 v2 ER7 over HTTP, CSV under an application type). */
const TEXT_RECORDS = new Set(['application/hl7-v2', 'x-application/hl7-v2+er7', 'application/x-hl7', 'application/edi-hl7', 'application/csv']);

export function classify(type: string | undefined, hasBody: boolean): BodyKind {
  if (!hasBody) return 'none';
  if (!type) return 'opaque';
  if (type === 'application/x-ndjson' || type === 'application/ndjson' || type === 'application/fhir+ndjson' || type === 'application/jsonl') return 'ndjson';
  if (type === 'application/json' || type.endsWith('+json')) return 'json';
  if (type.startsWith('text/') || type === 'application/problem+xml' || type === 'application/xml' || type.endsWith('+xml') || TEXT_RECORDS.has(type)) return 'text';
  return 'opaque';
}

/** The declared charset, lower-cased, when there is one. */
export function charsetOf(res: GuardResponse): string | undefined {
  const v = headerValue(res, 'content-type');
  const m = v ? /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(v) : null;
  return m?.[1]?.toLowerCase();
}

const UTF8_NAMES = new Set(['utf-8', 'utf8', 'us-ascii', 'ascii']);

/** Inspected text is UTF-8; any other declared charset would let the client decode what the scan never saw. */
export function checkCharset(res: GuardResponse): void {
  const cs = charsetOf(res);
  if (cs !== undefined && !UTF8_NAMES.has(cs)) throw new PhiguardError('PG_RESPONSE_ENCODING', 'charset other than utf-8');
}

export function decodeText(body: Uint8Array): string {
  try {
    return utf8.decode(body);
  } catch {
    throw new PhiguardError('PG_RESPONSE_UNPARSEABLE', 'response body is not UTF-8');
  }
}
