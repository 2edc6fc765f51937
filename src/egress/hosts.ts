/**
 * Host and URL checks against `egress.allow`: exact names or `*.name` (subdomains only), compared
 * after WHATWG URL normalisation (lower case, IDNA to punycode, IPv4 short/hex/octal/decimal forms
 * to dotted quads) and trailing-dot removal. Credentials in the URL, unlisted ports and plain http
 * to an https-only host are refused. IP literals never match a name entry.
 */
import type { EgressConfig, EgressHost } from '../policy/types.js';
import { classifyAddress, isIpLiteral } from './address.js';
import { EgressError, type EgressReason } from './errors.js';

export interface EgressTarget {
  readonly entry: EgressHost;
  /** Normalised host (no trailing dot). */
  readonly host: string;
  readonly port: number;
  readonly https: boolean;
}

/** Lower-cased host without brackets' trailing dot: the form used in events and matching. */
export function normaliseHost(hostname: string): string {
  return hostname.toLowerCase().replace(/\.+$/, '');
}

/** The allow entry that covers `host` (already normalised), if any. */
export function findEntry(config: EgressConfig, host: string): EgressHost | undefined {
  const h = normaliseHost(host);
  return config.allow.find((e) => (e.wildcard ? h.length > e.host.length + 1 && h.endsWith(`.${e.host}`) : h === e.host));
}

function deny(host: string, reason: EgressReason, method: string): never {
  throw new EgressError({ code: 'PG_EGRESS_DENIED', host, reason, method });
}

/** Checks one outbound URL (every redirect hop goes through here); throws EgressError when refused. */
export function checkTarget(config: EgressConfig, target: string | URL, method: string): EgressTarget {
  let url: URL;
  try {
    url = typeof target === 'string' ? new URL(target) : new URL(target.href);
  } catch {
    return deny('', 'bad-url', method);
  }
  const host = normaliseHost(url.hostname);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return deny(host, 'scheme', method);
  if (url.username !== '' || url.password !== '') return deny(host, 'credentials', method);
  if (host === '') return deny(host, 'bad-url', method);
  if (isIpLiteral(host)) return deny(host, classifyAddress(host) === 'public' ? 'not-listed' : 'private-address', method);
  const entry = findEntry(config, host);
  if (!entry) return deny(host, 'not-listed', method);
  const https = url.protocol === 'https:';
  if (!https && !entry.http) return deny(host, 'scheme', method);
  const port = url.port === '' ? (https ? 443 : 80) : Number(url.port);
  if (!entry.ports.includes(port)) return deny(host, 'port', method);
  return { entry, host, port, https };
}
