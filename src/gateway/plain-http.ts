/**
 * Whether a request reached the gateway over a secure transport (`tls.required`,
 * docs/transport.md): TLS on this listener, or a trusted proxy (`trustedProxies`, by socket peer)
 * that reports https in X-Forwarded-Proto / Forwarded. The same headers from any other peer are
 * ignored. Plain HTTP otherwise: accepted from loopback peers (`tls.allowPlainLoopback`) or when TLS
 * is not required, else refused (403 PG_TLS_REQUIRED, through the pipeline so it is audited) or,
 * with `plainHttp: redirect`, a GET/HEAD is answered 308 to the https URL.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BlockList, isIP } from 'node:net';
import { toGuardRequest, writeResponse } from '../adapters/http/io.js';
import { PhiguardError } from '../core/errors.js';
import { canonicalizeTarget } from '../guards/canonicalize/index.js';
import type { TlsConfig } from '../policy/types.js';
import type { Phiguard } from '../runtime/index.js';

export type TransportDecision =
  /** TLS here, or at a trusted proxy: HSTS applies. */
  | { readonly kind: 'secure' }
  /** Plain HTTP that is allowed (loopback peer, or TLS not required). */
  | { readonly kind: 'plain' }
  | { readonly kind: 'refuse' }
  | { readonly kind: 'redirect'; readonly location: string };

/** A matcher for `trustedProxies` entries (addresses or CIDR ranges; IPv4-mapped IPv6 peers match their IPv4 form). */
export function addressMatcher(entries: readonly string[]): (ip: string) => boolean {
  const list = new BlockList();
  let any = false;
  for (const e of entries) {
    const [addr, bits] = e.split('/');
    if (!addr || !isIP(addr)) continue;
    const family = isIP(addr) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(addr, family);
    else list.addSubnet(addr, Number(bits), family);
    any = true;
  }
  return (ip) => {
    if (!any) return false;
    const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
    const fam = isIP(v4);
    return fam !== 0 && list.check(v4, fam === 6 ? 'ipv6' : 'ipv4');
  };
}

const loopbackList = addressMatcher(['127.0.0.0/8', '::1']);
const DOTTED = /^(?:::ffff:)?(\d{1,3})\.\d{1,3}\.\d{1,3}\.\d{1,3}$/i;
/**
 * Loopback peers. A socket's peer address is always a valid address: the dotted IPv4 forms (and
 * `::1`) are decided by their first octet without a BlockList lookup (which allocates); any other
 * IPv6 spelling goes through the BlockList.
 */
const isLoopback = (ip: string): boolean => {
  if (ip === '::1') return true;
  const m = DOTTED.exec(ip);
  return m ? m[1] === '127' : loopbackList(ip);
};

/**
 * Every protocol value the proxy chain reports: each X-Forwarded-Proto line and comma-separated
 * entry, and every `proto=` of Forwarded. All of them must say https: a client-supplied `https` in
 * front of a hop that says `http`, or in the header the proxy does not set, changes nothing.
 */
function reportedProtos(req: IncomingMessage): string[] {
  const distinct = req.headersDistinct;
  const xfp = (distinct['x-forwarded-proto'] ?? []).flatMap((v) => v.split(',')).map((v) => v.trim().toLowerCase());
  const fwd = (distinct['forwarded'] ?? []).flatMap((v) => v.split(',')).flatMap((el) => {
    const m = /(?:^|;)\s*proto\s*=\s*"?([^";,\s]*)"?/i.exec(el);
    return m ? [m[1]!.toLowerCase()] : [];
  });
  return [...xfp, ...fwd];
}

const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** The https URL for a redirect, or undefined when none can be built safely (the request is refused instead). */
function httpsLocation(req: IncomingMessage, tls: TlsConfig, fallbackPublicUrl: string | undefined): string | undefined {
  let target: string;
  try {
    target = canonicalizeTarget(req.url ?? '').forwardTarget;
  } catch {
    return undefined;
  }
  const base = tls.publicUrl ?? (fallbackPublicUrl?.startsWith('https://') ? fallbackPublicUrl.replace(/\/$/, '') : undefined);
  if (base) return `${base}${target}`;
  const host = req.headersDistinct.host;
  if (!host || host.length !== 1 || !HOST.test(host[0]!)) return undefined;
  // The client's port is the plain one: the https URL uses the default port unless publicUrl says otherwise.
  return `https://${host[0]!.replace(/:\d+$/, '')}${target}`;
}

export function transportDecision(req: IncomingMessage, tls: TlsConfig, trusted: (ip: string) => boolean, fallbackPublicUrl?: string): TransportDecision {
  if ((req.socket as { encrypted?: boolean }).encrypted) return { kind: 'secure' };
  const peer = req.socket.remoteAddress ?? '';
  const protos = trusted(peer) ? reportedProtos(req) : [];
  if (protos.length > 0 && protos.every((p) => p === 'https')) return { kind: 'secure' };
  if (!tls.required) return { kind: 'plain' };
  // A trusted proxy that reports plain HTTP is believed; loopback is exempt only for the peer's own requests.
  if (protos.length === 0 && tls.allowPlainLoopback && isLoopback(peer)) return { kind: 'plain' };
  if (tls.plainHttp === 'redirect' && (req.method === 'GET' || req.method === 'HEAD')) {
    const location = httpsLocation(req, tls, fallbackPublicUrl);
    if (location) return { kind: 'redirect', location };
  }
  return { kind: 'refuse' };
}

/**
 * Answers a request `transportDecision` did not let through: a 308 redirect (no body, not cached),
 * or 403 PG_TLS_REQUIRED through the pipeline (audited, canonicalize's first check) without reading
 * the body. Either way the connection is closed: nothing more is read from a plain connection.
 */
export async function answerInsecure(guard: Phiguard, req: IncomingMessage, res: ServerResponse, d: TransportDecision): Promise<void> {
  res.setHeader('connection', 'close');
  if (d.kind === 'redirect') {
    writeResponse(res, { status: 308, headers: [['location', d.location], ['cache-control', 'no-store']], body: null }, req.method === 'HEAD');
    return;
  }
  const refused = new PhiguardError('PG_TLS_REQUIRED', 'plain HTTP where TLS is required');
  const { response } = await guard.handle({ ...toGuardRequest(req, null), transportError: 'PG_TLS_REQUIRED' }, () => Promise.reject(refused));
  writeResponse(res, response, req.method === 'HEAD');
}
