/**
 * Forwarding headers the gateway sends to the upstream (`upstream.forwarded`): X-Forwarded-For,
 * -Proto and -Host, RFC 7239 `Forwarded`, both, or none. A client's own values are kept (and
 * extended) only when the socket peer is a trusted proxy; from anyone else they are replaced.
 */
import type { GuardContext } from '../core/context.js';
import type { UpstreamConfig } from '../policy/types.js';

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** An RFC 7239 value: a token as it is, otherwise a quoted-string; IPv6 nodes as "[...]". */
export function forwardedValue(v: string, node = false): string {
  const x = node && v.includes(':') ? `[${v}]` : v;
  return TOKEN.test(x) ? x : `"${x.replace(/["\\]/g, '\\$&')}"`;
}

export function forwardingHeaders(ctx: GuardContext, mode: NonNullable<UpstreamConfig['forwarded']>, trusted: (ip: string) => boolean): Array<[string, string]> {
  const c = ctx.canonical!;
  const peer = ctx.request.remoteAddress;
  const fromProxy = trusted(peer);
  const proto = ctx.request.tls?.encrypted ? 'https' : 'http';
  const host = c.headers.get('host') ?? '';
  const out: Array<[string, string]> = [];
  if (mode === 'x-forwarded' || mode === 'both') {
    const prior = fromProxy ? c.headers.get('x-forwarded-for') : undefined;
    const priorHost = fromProxy ? c.headers.get('x-forwarded-host') : undefined;
    out.push(['x-forwarded-for', prior ? `${prior}, ${peer}` : peer], ['x-forwarded-proto', proto]);
    if (priorHost || host) out.push(['x-forwarded-host', priorHost || host]);
  }
  if (mode === 'rfc7239' || mode === 'both') {
    const prior = fromProxy ? c.headers.get('forwarded') : undefined;
    const own = [`for=${forwardedValue(peer, true)}`, ...(host ? [`host=${forwardedValue(host)}`] : []), `proto=${proto}`].join(';');
    out.push(['forwarded', prior ? `${prior}, ${own}` : own]);
  }
  return out;
}

/**
 * The protocol the client used, as a trusted proxy reports it: `https` only when every
 * X-Forwarded-Proto entry and every RFC 7239 `proto=` says so (a client-supplied `https` in front of
 * a hop that says `http` changes nothing; the same rule as src/gateway/plain-http.ts); else `http`.
 * Undefined when the peer is not a trusted proxy or reports nothing.
 */
export function trustedProto(ctx: GuardContext, trusted: (ip: string) => boolean): string | undefined {
  if (!trusted(ctx.request.remoteAddress)) return undefined;
  const h = ctx.canonical?.headers;
  const xfp = (h?.get('x-forwarded-proto') ?? '').split(',').map((v) => v.trim().toLowerCase()).filter(Boolean);
  const fwd = [...(h?.get('forwarded') ?? '').matchAll(/(?:^|[;,])\s*proto\s*=\s*"?([^";,\s]*)"?/gi)].map((m) => m[1]!.toLowerCase());
  const all = [...xfp, ...fwd];
  if (all.length === 0) return undefined;
  return all.every((p) => p === 'https') ? 'https' : 'http';
}
