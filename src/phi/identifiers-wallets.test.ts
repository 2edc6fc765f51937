/**
 * Generated suite for wallet addresses and grouped IMEIs: valid values built by the published
 * encodings (Base58Check, BIP-173/350 Bech32/Bech32m, EIP-55) from random payloads (fixed seed), and
 * negatives of the same shape with one character changed. Targets: >= 95 % found, <= 5 % flagged.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { scanText } from './scan.js';
import { luhn } from './validators.js';
import { keccak256 } from './wallets.js';

let seed = 55;
const R = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(R() * 256));
const pick = <T,>(a: readonly T[]): T => a[Math.floor(R() * a.length)]!;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest();

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
function base58check(version: number, payload: Uint8Array): string {
  const body = Buffer.concat([Buffer.from([version]), payload]);
  const full = Buffer.concat([body, sha(sha(body)).subarray(0, 4)]);
  let n = BigInt(`0x${full.toString('hex')}`);
  let s = '';
  while (n > 0n) { s = B58[Number(n % 58n)] + s; n /= 58n; }
  for (const b of full) { if (b !== 0) break; s = `1${s}`; }
  return s;
}
const CS = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
function polymod(v: number[]): number {
  const G = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let c = 1;
  for (const x of v) { const t = c >>> 25; c = ((c & 0x1ffffff) << 5) ^ x; for (let i = 0; i < 5; i++) if ((t >>> i) & 1) c ^= G[i]!; }
  return c >>> 0;
}
function segwit(hrp: string, version: number, program: Uint8Array): string {
  const data = [version];
  let acc = 0, bits = 0;
  for (const b of program) { acc = (acc << 8) | b; bits += 8; while (bits >= 5) { bits -= 5; data.push((acc >> bits) & 31); } }
  if (bits > 0) data.push((acc << (5 - bits)) & 31);
  const hx = [...[...hrp].map((c) => c.charCodeAt(0) >> 5), 0, ...[...hrp].map((c) => c.charCodeAt(0) & 31)];
  const pm = polymod([...hx, ...data, 0, 0, 0, 0, 0, 0]) ^ (version === 0 ? 1 : 0x2bc830a3);
  for (let i = 0; i < 6; i++) data.push((pm >>> (5 * (5 - i))) & 31);
  return `${hrp}1${data.map((d) => CS[d]).join('')}`;
}
function eip55(addr: Uint8Array): string {
  const hex = Buffer.from(addr).toString('hex');
  const h = keccak256(Buffer.from(hex, 'ascii'));
  return `0x${[...hex].map((c, i) => (/[a-f]/.test(c) && ((h[i >> 1]! >> (i % 2 ? 0 : 4)) & 0xf) >= 8 ? c.toUpperCase() : c)).join('')}`;
}
function imei(): string {
  const body = Array.from({ length: 14 }, () => String(Math.floor(R() * 10))).join('');
  for (let c = 0; c < 10; c++) if (luhn(body + c)) return body + c;
  throw new Error('unreachable');
}
/** One character changed to another of the same alphabet (keeps the shape, breaks the checksum). */
function mutate(s: string, alphabet: string, from = 2): string {
  const i = from + Math.floor(R() * (s.length - from));
  const others = alphabet.replace(s[i]!, '');
  return s.slice(0, i) + pick([...others]) + s.slice(i + 1);
}

const SENTENCES = ['refund to wallet {}', 'Paid via {} yesterday.', 'address: {}', '{}', 'patient sent crypto to {} for the copay'];
const NEUTRAL = ['ref {}', '{}', 'the value was {} today'];
const N = 120;

function rate(items: Array<[string, string]>, type: string, overlap: boolean): number {
  let hit = 0;
  for (const [text, v] of items) {
    const s = text.indexOf(v), e = s + v.length;
    if (scanText(text).some((f) => f.type === type && (overlap ? f.start < e && f.end > s : f.start <= s && f.end >= e))) hit++;
  }
  return hit / items.length;
}

const FAMILIES: ReadonlyArray<[string, string, () => [string, string]]> = [
  ['bitcoin base58check', 'ACCOUNT', () => { const a = base58check(pick([0, 5]), bytes(20)); return [a, mutate(a, B58)]; }],
  ['segwit bech32/bech32m', 'ACCOUNT', () => {
    const v = pick([0, 0, 1]);
    const a = segwit(pick(['bc', 'tb']), v, bytes(v === 0 ? pick([20, 32]) : 32));
    return [R() < 0.2 ? a.toUpperCase() : a, mutate(a, CS, 4)];
  }],
  ['ethereum eip-55', 'ACCOUNT', () => {
    const a = eip55(bytes(20));
    // Negative: flip the case of one letter (same characters, wrong checksum).
    const idx = [...a].findIndex((c, i) => i > 1 && /[a-fA-F]/.test(c) && R() < 0.3);
    const i = idx > 1 ? idx : a.slice(2).search(/[a-fA-F]/) + 2;
    const c = a[i]!;
    return [a, a.slice(0, i) + (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()) + a.slice(i + 1)];
  }],
  ['imei (grouped)', 'DEVICE', () => {
    const d = imei();
    const sep = pick(['-', ' ']);
    const g = (x: string) => [x.slice(0, 2), x.slice(2, 8), x.slice(8, 14), x.slice(14)].join(sep);
    const bad = d.slice(0, 14) + String((Number(d[14]) + 1 + Math.floor(R() * 8)) % 10);
    return [g(d), g(bad)];
  }],
];

describe.each(FAMILIES)('generated: %s', (_name, type, make) => {
  const pos: Array<[string, string]> = [], neg: Array<[string, string]> = [];
  for (let i = 0; i < N; i++) {
    const [good, bad] = make();
    pos.push([pick(SENTENCES).replace('{}', good), good]);
    neg.push([pick(NEUTRAL).replace('{}', bad), bad]);
  }
  it('>= 95 % of positives found, <= 5 % of negatives flagged', () => {
    expect(rate(pos, type, false)).toBeGreaterThanOrEqual(0.95);
    expect(rate(neg, type, true)).toBeLessThanOrEqual(0.05);
  });
});

describe('look-alikes stay clean', () => {
  it.each([
    'tx 0x88df016429689c079f3b2f6ad39fa052532c56795b733da78a91ebe6a713944b confirmed', // a transaction hash (64 hex)
    'git commit 3J98t1WpEZ73CNmQviecrnyiWrnqRhWNL', // one character short
    'lot bc1 batch 2', 'LOINC 2345-7, SNOMED 44054006, ICD-10 E11.9',
  ])('%s', (t) => {
    expect(scanText(t).filter((f) => f.type === 'ACCOUNT' || f.type === 'DEVICE')).toEqual([]);
  });
});
