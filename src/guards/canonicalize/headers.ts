/** Strict header checks and the single-valued canonical header view. */
import { PhiguardError } from '../../core/errors.js';
import type { HeaderList } from '../../core/types.js';

/** Headers that must appear at most once (RFC 9110/9112 and request-smuggling hygiene). */
const SINGLETONS = new Set([
  'host',
  'content-length',
  'content-type',
  'transfer-encoding',
  'authorization',
  'content-encoding',
  'if-match',
  'if-none-match',
  'x-break-glass',
  'x-purpose-of-use',
  'origin',
]);

/** Headers that let a client change the method a back end sees. */
const METHOD_OVERRIDE = new Set(['x-http-method-override', 'x-http-method', 'x-method-override', 'x-original-method']);
/** Headers that let a client change the path a back end sees (rewrite/override headers). */
const PATH_OVERRIDE = new Set(['x-original-url', 'x-rewrite-url', 'x-override-url']);

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export interface HeaderLimits {
  readonly maxHeaderCount: number;
  readonly maxHeaderBytes: number;
}

export function canonicalizeHeaders(list: HeaderList, limits: HeaderLimits): ReadonlyMap<string, string> {
  if (list.length >= limits.maxHeaderCount) throw new PhiguardError('PG_HEADER_TOO_MANY', `${list.length} headers`);
  let bytes = 0;
  const seen = new Map<string, string[]>();
  for (const [rawName, value] of list) {
    const name = rawName.toLowerCase();
    bytes += name.length + value.length + 4;
    if (!TOKEN.test(name)) throw new PhiguardError('PG_HEADER_INVALID', 'invalid header name');
    if (/[\u0000\r\n]/.test(value)) throw new PhiguardError('PG_HEADER_INVALID', `invalid value in ${name}`);
    if (METHOD_OVERRIDE.has(name)) throw new PhiguardError('PG_HEADER_METHOD_OVERRIDE', name);
    if (PATH_OVERRIDE.has(name)) throw new PhiguardError('PG_HEADER_METHOD_OVERRIDE', name);
    const values = seen.get(name);
    if (values) {
      if (SINGLETONS.has(name)) throw new PhiguardError('PG_HEADER_DUPLICATE', name);
      values.push(value);
    } else seen.set(name, [value]);
  }
  if (bytes > limits.maxHeaderBytes) throw new PhiguardError('PG_HEADER_TOO_LARGE', `${bytes} bytes`);
  // Protocol upgrades (websocket, h2c) would carry traffic the pipeline cannot inspect: refused, never stripped and forwarded.
  const connection = (seen.get('connection') ?? []).join(',').toLowerCase().split(',').map((t) => t.trim());
  if (seen.has('upgrade') || seen.has('http2-settings') || connection.includes('upgrade')) throw new PhiguardError('PG_UPGRADE_REFUSED', 'upgrade requested');
  const host = seen.get('host')?.[0];
  if (host !== undefined && (host.includes(',') || !/^[A-Za-z0-9._\-:[\]]+$/.test(host))) {
    // A comma means two Host values folded by a framework; anything else is not a valid authority.
    throw new PhiguardError('PG_HEADER_DUPLICATE', 'host');
  }
  const te = seen.get('transfer-encoding')?.[0];
  if (te !== undefined) {
    if (seen.has('content-length')) throw new PhiguardError('PG_FRAMING_INVALID', 'transfer-encoding with content-length');
    if (te.trim().toLowerCase() !== 'chunked') throw new PhiguardError('PG_FRAMING_INVALID', 'transfer-encoding other than chunked');
  }
  const cl = seen.get('content-length')?.[0];
  if (cl !== undefined && !/^\d{1,15}$/.test(cl.trim())) throw new PhiguardError('PG_FRAMING_INVALID', 'invalid content-length');
  const out = new Map<string, string>();
  for (const [name, values] of seen) out.set(name, values.join(name === 'cookie' ? '; ' : ', '));
  return out;
}
