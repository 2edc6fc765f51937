/** Where credentials may come from: the configured header only (never the query string), or mTLS. */
import { PhiguardError } from '../../core/errors.js';
import type { CanonicalRequest, GuardRequest } from '../../core/types.js';

const BEARER = /^Bearer +([A-Za-z0-9_.~+/-]+=*)$/i;
const RAW = /^[A-Za-z0-9_.~+/-]+=*$/;
/** Query parameters that carry tokens in other systems; their presence is refused outright. */
const QUERY_TOKEN_PARAMS = ['access_token', 'id_token', 'token', 'jwt'];

/** The bearer token from `header`, undefined when the header is absent. Throws on a malformed one. */
export function extractToken(req: CanonicalRequest, header: string): string | undefined {
  for (const name of QUERY_TOKEN_PARAMS) {
    if (req.params.has(name)) throw new PhiguardError('PG_AUTH_INVALID', 'credentials in the query string are refused');
  }
  const value = req.headers.get(header);
  if (value === undefined) return undefined;
  const v = value.trim();
  if (header === 'authorization') {
    const m = BEARER.exec(v);
    if (!m) throw new PhiguardError('PG_AUTH_INVALID', 'authorization header is not a single Bearer token');
    return m[1];
  }
  const bare = BEARER.exec(v)?.[1] ?? v;
  if (!RAW.test(bare)) throw new PhiguardError('PG_AUTH_INVALID', 'token header malformed');
  return bare;
}

/** The verified client certificate's SHA-256 fingerprint (upper-case, colon-separated), if any. */
export function clientCertificate(req: GuardRequest): { fingerprint: string; authorized: boolean } | undefined {
  const cert = req.tls?.peerCertificate;
  if (!cert || typeof cert.fingerprint256 !== 'string' || cert.fingerprint256 === '') return undefined;
  return { fingerprint: cert.fingerprint256.toUpperCase(), authorized: req.tls?.authorized === true };
}
