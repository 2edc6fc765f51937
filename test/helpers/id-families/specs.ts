/**
 * Check digits and encodings written from the published specifications, independent of the engine's
 * validators (src/phi/validators.ts), so a validator bug shows up as a miss: Luhn (ISO/IEC 7812),
 * ISO 13616 mod 97, ABA 3-7-1, ISO 3779 VIN, DEA, Verhoeff (SNOMED CT), Base58Check, BIP-173/350.
 * Keccak-256 for EIP-55 comes from src/phi/wallets.ts (tested there against the Keccak team's KATs).
 */
import { createHash } from 'node:crypto';
import { keccak256 } from '../../../src/phi/wallets.js';

export type Rand = () => number;
/** mulberry32: a fixed-seed generator (the suite is the same on every run). */
export function rng(seed: number): Rand {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
export const int = (R: Rand, lo: number, hi: number): number => lo + Math.floor(R() * (hi - lo + 1));
export const pick = <T>(R: Rand, a: readonly T[]): T => a[Math.floor(R() * a.length)]!;
export const digits = (R: Rand, n: number): string => Array.from({ length: n }, () => String(int(R, 0, 9))).join('');
export const fromSet = (R: Rand, set: string, n: number): string => Array.from({ length: n }, () => set[int(R, 0, set.length - 1)]!).join('');
export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const ALNUM = UPPER + '0123456789';

/** Luhn check digit for `body` (ISO/IEC 7812-1 annex B). */
export function luhnDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let n = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) { n *= 2; if (n > 9) n -= 9; }
    sum += n;
  }
  return String((10 - (sum % 10)) % 10);
}
/** Replace the last digit by a different one (a wrong check digit, same shape). */
export function wrongLast(R: Rand, s: string): string {
  const d = Number(s.at(-1));
  return s.slice(0, -1) + String((d + int(R, 1, 9)) % 10);
}

/** ISO 13616 / ISO 7064 mod 97-10 remainder over letters (A=10..Z=35) and digits. */
export function mod97(s: string): number {
  let rem = 0;
  for (const ch of s) {
    const v = ch >= 'A' && ch <= 'Z' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const c of v) rem = (rem * 10 + Number(c)) % 97;
  }
  return rem;
}

/** ABA routing check digit: 3*(d1+d4+d7) + 7*(d2+d5+d8) + (d3+d6+d9) = 0 mod 10. */
export function abaDigit(body8: string): string {
  const w = [3, 7, 1];
  let s = 0;
  for (let i = 0; i < 8; i++) s += Number(body8[i]) * w[i % 3]!;
  return String((10 - (s % 10)) % 10);
}

/** DEA: (d1+d3+d5) + 2*(d2+d4+d6), last digit of the sum is d7. */
export function deaDigit(d6: string): string {
  const n = (i: number): number => Number(d6[i]);
  return String((n(0) + n(2) + n(4) + 2 * (n(1) + n(3) + n(5))) % 10);
}

const VIN_VAL: Record<string, number> = { A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9, S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9 };
const VIN_WEIGHT = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
/** ISO 3779 / 49 CFR 565.15 check character (position 9) of a 17-character VIN. */
export function vinCheck(v: string): string {
  let s = 0;
  for (let i = 0; i < 17; i++) { const c = v[i]!; s += (c >= '0' && c <= '9' ? Number(c) : VIN_VAL[c]!) * VIN_WEIGHT[i]!; }
  const r = s % 11;
  return r === 10 ? 'X' : String(r);
}

const VD = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6], [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1], [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]];
const VP = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2], [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 7, 6, 8, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1], [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8]];
const VINV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];
/** Verhoeff check digit (SNOMED CT identifiers end in one). */
export function verhoeffDigit(body: string): string {
  let c = 0;
  for (let i = 0; i < body.length; i++) c = VD[c]![VP[(i + 1) % 8]![Number(body[body.length - 1 - i])]!]!;
  return String(VINV[c]);
}

const sha = (b: Uint8Array): Buffer => createHash('sha256').update(b).digest();
export const B58_BTC = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
export const B58_XRP = 'rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz';
export const randomBytes = (R: Rand, n: number): Uint8Array => Uint8Array.from({ length: n }, () => int(R, 0, 255));
/** Base58Check: version byte + payload + first 4 bytes of double SHA-256. */
export function base58check(version: number, payload: Uint8Array, alphabet = B58_BTC): string {
  const body = Buffer.concat([Buffer.from([version]), payload]);
  const full = Buffer.concat([body, sha(sha(body)).subarray(0, 4)]);
  let n = BigInt(`0x${full.toString('hex')}`);
  let s = '';
  while (n > 0n) { s = alphabet[Number(n % 58n)] + s; n /= 58n; }
  for (const b of full) { if (b !== 0) break; s = alphabet[0] + s; }
  return s;
}
export const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
function polymod(v: number[]): number {
  const G = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let c = 1;
  for (const x of v) { const t = c >>> 25; c = ((c & 0x1ffffff) << 5) ^ x; for (let i = 0; i < 5; i++) if ((t >>> i) & 1) c ^= G[i]!; }
  return c >>> 0;
}
/** SegWit address: BIP-173 Bech32 for witness v0, BIP-350 Bech32m for v1+. */
export function segwit(hrp: string, version: number, program: Uint8Array): string {
  const data = [version];
  let acc = 0, bits = 0;
  for (const b of program) { acc = ((acc << 8) | b) & 0xffff; bits += 8; while (bits >= 5) { bits -= 5; data.push((acc >> bits) & 31); } }
  if (bits > 0) data.push((acc << (5 - bits)) & 31);
  const hx = [...[...hrp].map((c) => c.charCodeAt(0) >> 5), 0, ...[...hrp].map((c) => c.charCodeAt(0) & 31)];
  const pm = polymod([...hx, ...data, 0, 0, 0, 0, 0, 0]) ^ (version === 0 ? 1 : 0x2bc830a3);
  for (let i = 0; i < 6; i++) data.push((pm >>> (5 * (5 - i))) & 31);
  return `${hrp}1${data.map((d) => BECH32[d]).join('')}`;
}
/** EIP-55 mixed-case checksum of a 20-byte address. */
export function eip55(addr: Uint8Array): string {
  const hex = Buffer.from(addr).toString('hex');
  const h = keccak256(Buffer.from(hex, 'ascii'));
  return `0x${[...hex].map((c, i) => (/[a-f]/.test(c) && ((h[i >> 1]! >> (i % 2 ? 0 : 4)) & 0xf) >= 8 ? c.toUpperCase() : c)).join('')}`;
}
/** One character changed to another of the same alphabet (same shape, broken checksum). */
export function mutate(R: Rand, s: string, alphabet: string, from = 2): string {
  const i = from + Math.floor(R() * (s.length - from));
  const others = alphabet.replace(s[i]!, '');
  return s.slice(0, i) + pick(R, [...others]) + s.slice(i + 1);
}
