/**
 * Classifies an IP address literal (v4 or v6, already resolved or taken from a URL after WHATWG
 * normalisation): `public` or the kind of non-public range it falls in. IPv6 forms that embed an
 * IPv4 address (mapped, compatible, NAT64 64:ff9b::/96, 6to4 2002::/16) are classified by it.
 */
import { isIP } from 'node:net';

export type AddressKind =
  | 'public' | 'loopback' | 'private' | 'cgnat' | 'link-local' | 'unspecified' | 'multicast'
  | 'reserved' | 'unique-local' | 'invalid';

function v4Kind(n: number): AddressKind {
  const a = n >>> 24;
  const b = (n >>> 16) & 0xff;
  if (a === 0) return 'unspecified';
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b < 32) || (a === 192 && b === 168)) return 'private';
  if (a === 100 && b >= 64 && b < 128) return 'cgnat';
  if (a === 169 && b === 254) return 'link-local';
  if (a >= 224 && a < 240) return 'multicast';
  if (a >= 240) return 'reserved';
  if (a === 192 && b === 0 && ((n >>> 8) & 0xff) === 0) return 'reserved'; // 192.0.0.0/24
  if (a === 198 && (b === 18 || b === 19)) return 'reserved'; // benchmarking
  return 'public';
}

function parseV4(s: string): number | undefined {
  const p = s.split('.');
  if (p.length !== 4 || !p.every((x) => /^(0|[1-9][0-9]{0,2})$/.test(x) && Number(x) < 256)) return undefined;
  return p.reduce((acc, x) => acc * 256 + Number(x), 0) >>> 0;
}

/** The eight 16-bit groups of an IPv6 address, or undefined. */
function parseV6(s: string): number[] | undefined {
  let text = s.toLowerCase().split('%')[0]!;
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const n = parseV4(tail[1]!);
    if (n === undefined) return undefined;
    text = text.slice(0, -tail[1]!.length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const part = (h: string) => (h === '' ? [] : h.split(':').map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN)));
  const head = part(halves[0]!);
  const rest = halves.length === 2 ? part(halves[1]!) : [];
  const fill = 8 - head.length - rest.length;
  if (halves.length === 1 ? head.length !== 8 : fill < 1) return undefined;
  const g = [...head, ...Array(halves.length === 2 ? fill : 0).fill(0), ...rest];
  return g.some((x) => Number.isNaN(x)) ? undefined : g;
}

function v6Kind(g: number[]): AddressKind {
  const embedded = (hi: number, lo: number) => v4Kind(((g[hi]! << 16) | g[lo]!) >>> 0);
  const zeroTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroTo(8)) return 'unspecified';
  if (zeroTo(7) && g[7] === 1) return 'loopback';
  if (zeroTo(5) && g[5] === 0xffff) return embedded(6, 7); // ::ffff:a.b.c.d (mapped)
  if (zeroTo(6)) return embedded(6, 7); // ::a.b.c.d (compatible, deprecated)
  if (zeroTo(4) && g[4] === 0xffff && g[5] === 0) return embedded(6, 7); // ::ffff:0:a.b.c.d (translated)
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return embedded(6, 7); // NAT64
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return 'reserved'; // local-use NAT64 64:ff9b:1::/48
  if (g[0] === 0x2002) return embedded(1, 2); // 6to4
  if (g[0] === 0x2001 && g[1] === 0) return 'reserved'; // Teredo (embeds an obfuscated v4)
  const top = g[0]!;
  if ((top & 0xfe00) === 0xfc00) return 'unique-local'; // fc00::/7 (fd00::/8 in use)
  if ((top & 0xffc0) === 0xfe80) return 'link-local';
  if ((top & 0xffc0) === 0xfec0) return 'reserved'; // site-local (deprecated)
  if ((top & 0xff00) === 0xff00) return 'multicast';
  if (top === 0x2001 && g[1] === 0xdb8) return 'reserved'; // documentation
  if (top === 0x100 && g.slice(1, 4).every((x) => x === 0)) return 'reserved'; // discard-only
  return 'public';
}

/** `public`, or why this address may not be reached without `allowPrivate`. */
export function classifyAddress(address: string): AddressKind {
  const a = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const family = isIP(a.split('%')[0]!);
  if (family === 4) {
    const n = parseV4(a);
    return n === undefined ? 'invalid' : v4Kind(n);
  }
  if (family === 6) {
    const g = parseV6(a);
    return g ? v6Kind(g) : 'invalid';
  }
  return 'invalid';
}

/** True when `host` (a WHATWG-normalised URL hostname) is an IP literal. */
export function isIpLiteral(host: string): boolean {
  const h = host.startsWith('[') ? host.slice(1, -1) : host;
  return isIP(h) !== 0;
}
