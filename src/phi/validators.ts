/** Check-digit and format validators. Inputs are the matched strings; separators are ignored. */

const digitsOf = (s: string): string => s.replace(/[^0-9]/g, '');

/** Luhn (mod 10) over the digits of `s`. */
export function luhn(s: string): boolean {
  const d = digitsOf(s);
  if (d.length < 2) return false;
  let sum = 0;
  let dbl = false;
  for (let i = d.length - 1; i >= 0; i--) {
    let n = d.charCodeAt(i) - 48;
    if (dbl) { n *= 2; if (n > 9) n -= 9; }
    sum += n;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

/** Issuer ranges (IIN prefix → allowed lengths): Visa, Mastercard (51-55, 2221-2720), Amex, Discover,
 * Diners, JCB, UnionPay, Maestro. */
const CARD_RANGES: ReadonlyArray<[RegExp, number, number]> = [
  [/^4/, 13, 19],                                           // Visa
  [/^(?:5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)/, 16, 16], // Mastercard
  [/^3[47]/, 15, 15],                                       // Amex
  [/^(?:6011|64[4-9]|65|622(?:12[6-9]|1[3-9]\d|[2-8]\d\d|9[01]\d|92[0-5]))/, 16, 19], // Discover
  [/^(?:30[0-5]|3095|36|3[89])/, 14, 19],                   // Diners Club
  [/^35(?:2[89]|[3-8]\d)/, 16, 19],                        // JCB
  [/^62/, 16, 19],                                          // UnionPay
  [/^(?:50|5[6-9]|6[0-9])/, 13, 19],                        // Maestro
];

/** Payment card: Luhn, a known issuer prefix and a length that issuer uses (13-19 digits). */
export function isCardNumber(s: string): boolean {
  const d = digitsOf(s);
  if (d.length < 13 || d.length > 19 || !luhn(d)) return false;
  return CARD_RANGES.some(([re, lo, hi]) => d.length >= lo && d.length <= hi && re.test(d));
}

/** ITIN: 9xx-[50-65|70-88|90-92|94-99]-xxxx. */
export function isItin(s: string): boolean {
  const d = digitsOf(s);
  if (d.length !== 9 || d[0] !== '9') return false;
  const g = Number(d.slice(3, 5));
  return (g >= 50 && g <= 65) || (g >= 70 && g <= 88) || (g >= 90 && g <= 92) || g >= 94;
}

/** SSA rules: area not 000, 666 or 900-999; group not 00; serial not 0000. */
export function isSsn(s: string): boolean {
  const d = digitsOf(s);
  if (d.length !== 9) return false;
  const area = d.slice(0, 3), group = d.slice(3, 5), serial = d.slice(5);
  if (area === '000' || area === '666' || area[0] === '9') return false;
  if (group === '00' || serial === '0000') return false;
  // Voided or advertising numbers (078-05-1120, 123-45-6789…) are still reported: data that
  // looks like an SSN is treated as one.
  return true;
}

/** IBAN length per country code (SWIFT IBAN registry). */
const IBAN_LENGTHS: Readonly<Record<string, number>> = Object.freeze(Object.fromEntries(
  ('AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 DO28 EE20 EG29 ' +
   'ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 ' +
   'LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 ' +
   'PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30')
    .split(' ').map((e) => [e.slice(0, 2), Number(e.slice(2))]),
));

/** IBAN length of a registry country code (undefined when the code is not in the registry). */
export function ibanLength(cc: string): number | undefined { return IBAN_LENGTHS[cc.toUpperCase()]; }

/** IBAN: registry country code and length, two check digits, BBAN; ISO 13616 mod-97 == 1. */
export function isIban(s: string): boolean {
  const c = s.replace(/[\s-]/g, '').toUpperCase();
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/.test(c) || IBAN_LENGTHS[c.slice(0, 2)] !== c.length) return false;
  const r = c.slice(4) + c.slice(0, 4);
  let rem = 0;
  for (let i = 0; i < r.length; i++) {
    const ch = r.charCodeAt(i);
    const v = ch >= 65 ? String(ch - 55) : r[i]!;
    for (let j = 0; j < v.length; j++) rem = (rem * 10 + (v.charCodeAt(j) - 48)) % 97;
  }
  return rem === 1;
}

/** ABA routing number: 9 digits, 3-7-1 weighted checksum, valid Federal Reserve prefix. */
export function isAbaRouting(s: string): boolean {
  const d = digitsOf(s);
  if (d.length !== 9) return false;
  const p = Number(d.slice(0, 2));
  if (!((p <= 12) || (p >= 21 && p <= 32) || (p >= 61 && p <= 72) || p === 80)) return false;
  const w = [3, 7, 1];
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (d.charCodeAt(i) - 48) * w[i % 3]!;
  return sum % 10 === 0;
}

/** NPI: 10 digits starting 1 or 2, Luhn over "80840" + NPI. */
export function isNpi(s: string): boolean {
  const d = digitsOf(s);
  if (d.length !== 10 || (d[0] !== '1' && d[0] !== '2')) return false;
  return luhn('80840' + d);
}

/** DEA registration: 2 letters + 7 digits; (d1+d3+d5) + 2*(d2+d4+d6) last digit == d7. */
export function isDea(s: string): boolean {
  const c = s.toUpperCase();
  if (!/^[ABCDEFGHJKLMPRSTUX][A-Z9][0-9]{7}$/.test(c)) return false;
  const n = (i: number): number => c.charCodeAt(2 + i) - 48;
  const sum = n(0) + n(2) + n(4) + 2 * (n(1) + n(3) + n(5));
  return sum % 10 === n(6);
}

const VIN_MAP: Record<string, number> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9,
  S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
};
const VIN_W = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/** VIN (ISO 3779, North American check digit in position 9). */
export function isVin(s: string): boolean {
  const c = s.toUpperCase();
  if (!/^[A-HJ-NPR-Z0-9]{17}$/.test(c)) return false;
  if (!/[0-9]/.test(c) || !/[A-Z]/.test(c)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const ch = c[i]!;
    const v = ch >= '0' && ch <= '9' ? ch.charCodeAt(0) - 48 : VIN_MAP[ch] ?? 0;
    sum += v * VIN_W[i]!;
  }
  const r = sum % 11;
  return c[8] === (r === 10 ? 'X' : String(r));
}

/** Medicare Beneficiary Identifier (CMS format, 11 chars, no S L O I B Z). */
const MBI_RE = /^[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9][AC-HJKMNP-RT-Y]{2}[0-9]{2}$/;
export function isMbi(s: string): boolean {
  return MBI_RE.test(s.replace(/-/g, '').toUpperCase());
}

/** IPv4 dotted quad with each octet 0-255 and no leading zeros. */
export function isIpv4(s: string): boolean {
  const p = s.split('.');
  if (p.length !== 4) return false;
  return p.every((o) => /^(0|[1-9][0-9]{0,2})$/.test(o) && Number(o) <= 255);
}

/** IPv6: at most one `::`, 1-8 groups of 1-4 hex digits, optional trailing IPv4. */
export function isIpv6(s: string): boolean {
  if (s.length < 3 || s.length > 45) return false;
  let body = s;
  let groupsNeeded = 8;
  const lastColon = s.lastIndexOf(':');
  const tail = s.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!isIpv4(tail)) return false;
    body = s.slice(0, lastColon + 1) + '0';
    groupsNeeded = 7;
  }
  const dbl = body.split('::');
  if (dbl.length > 2) return false;
  const part = (x: string): string[] | null => {
    if (x === '') return [];
    const g = x.split(':');
    return g.every((h) => /^[0-9a-fA-F]{1,4}$/.test(h)) ? g : null;
  };
  if (dbl.length === 2) {
    const a = part(dbl[0]!), b = part(dbl[1]!);
    if (!a || !b) return false;
    return a.length + b.length < groupsNeeded;
  }
  const g = part(body);
  return !!g && g.length === groupsNeeded;
}

/** Calendar check for y/m/d (y may be 2-digit or absent). */
export function isValidDate(m: number, d: number, y?: number): boolean {
  if (!(m >= 1 && m <= 12 && d >= 1 && d <= 31)) return false;
  const dim = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  if (d > dim) return false;
  if (m === 2 && d === 29 && y !== undefined && y >= 100) {
    return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  }
  return true;
}
