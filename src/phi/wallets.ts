/**
 * Cryptocurrency wallet addresses (Safe Harbor "account numbers"), validated by their own checksums:
 * Bitcoin Base58Check (P2PKH `1...`, P2SH `3...`: double SHA-256), SegWit Bech32 / Bech32m (BIP-173,
 * BIP-350: `bc1...`, `tb1...`), Ethereum EIP-55 mixed-case checksums (Keccak-256, implemented here:
 * node:crypto's `sha3-256` is FIPS 202 SHA-3, whose padding differs from Keccak's).
 * Tested against the vectors published in BIP-173, BIP-350, EIP-55 and the Keccak team's KATs.
 */
import { createHash } from 'node:crypto';

// --- Keccak-256 (keccak-f[1600], rate 1088 bits, original 0x01 padding) ----------------------------
const MASK = (1n << 64n) - 1n;
const RC: bigint[] = [];
{
  // Round constants from the LFSR of the Keccak reference.
  let r = 1;
  for (let i = 0; i < 24; i++) {
    let c = 0n;
    for (let j = 0; j < 7; j++) {
      if (r & 1) c |= 1n << BigInt((1 << j) - 1);
      r = (r << 1) ^ (r & 0x80 ? 0x71 : 0);
    }
    RC.push(c);
  }
}
const ROT = [0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14];
const rotl = (x: bigint, n: number): bigint => (n === 0 ? x : ((x << BigInt(n)) | (x >> BigInt(64 - n))) & MASK);

function keccakF(s: bigint[]): void {
  for (let round = 0; round < 24; round++) {
    const c = [0, 1, 2, 3, 4].map((x) => s[x]! ^ s[x + 5]! ^ s[x + 10]! ^ s[x + 15]! ^ s[x + 20]!);
    for (let x = 0; x < 5; x++) {
      const d = c[(x + 4) % 5]! ^ rotl(c[(x + 1) % 5]!, 1);
      for (let y = 0; y < 25; y += 5) s[x + y] = s[x + y]! ^ d;
    }
    const b = new Array<bigint>(25);
    for (let x = 0; x < 5; x++) for (let y = 0; y < 5; y++) b[y + 5 * ((2 * x + 3 * y) % 5)] = rotl(s[x + 5 * y]!, ROT[x + 5 * y]!);
    for (let x = 0; x < 5; x++) for (let y = 0; y < 25; y += 5) s[x + y] = b[x + y]! ^ (~b[((x + 1) % 5) + y]! & MASK & b[((x + 2) % 5) + y]!);
    s[0] = s[0]! ^ RC[round]!;
  }
}

export function keccak256(data: Uint8Array): Uint8Array {
  const rate = 136;
  const padded = new Uint8Array(Math.floor(data.length / rate) * rate + rate);
  padded.set(data);
  padded[data.length] = padded[data.length]! ^ 0x01;
  padded[padded.length - 1] = padded[padded.length - 1]! ^ 0x80;
  const s = new Array<bigint>(25).fill(0n);
  for (let off = 0; off < padded.length; off += rate) {
    for (let i = 0; i < rate / 8; i++) {
      let lane = 0n;
      for (let k = 7; k >= 0; k--) lane = (lane << 8n) | BigInt(padded[off + i * 8 + k]!);
      s[i] = s[i]! ^ lane;
    }
    keccakF(s);
  }
  const out = new Uint8Array(32);
  for (let i = 0; i < 4; i++) for (let k = 0; k < 8; k++) out[i * 8 + k] = Number((s[i]! >> BigInt(8 * k)) & 0xffn);
  return out;
}

// --- Ethereum EIP-55 ----------------------------------------------------------------------------
/** A `0x` + 40 hex address whose mixed case is its EIP-55 checksum. All-lower/all-upper: 'unchecked'. */
export function ethAddress(s: string): 'valid' | 'unchecked' | 'invalid' {
  if (!/^0x[0-9a-fA-F]{40}$/.test(s)) return 'invalid';
  const hex = s.slice(2);
  if (hex === hex.toLowerCase() || hex === hex.toUpperCase()) return 'unchecked';
  const hash = keccak256(Buffer.from(hex.toLowerCase(), 'ascii'));
  for (let i = 0; i < 40; i++) {
    const c = hex[i]!;
    if (c >= '0' && c <= '9') continue;
    const nibble = (hash[i >> 1]! >> (i % 2 === 0 ? 4 : 0)) & 0xf;
    if ((nibble >= 8) !== (c >= 'A' && c <= 'F')) return 'invalid';
  }
  return 'valid';
}

// --- Bitcoin Base58Check ------------------------------------------------------------------------
const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function base58Decode(s: string): Uint8Array | undefined {
  let n = 0n;
  for (const ch of s) {
    const v = B58.indexOf(ch);
    if (v < 0) return undefined;
    n = n * 58n + BigInt(v);
  }
  const bytes: number[] = [];
  while (n > 0n) {
    bytes.unshift(Number(n & 0xffn));
    n >>= 8n;
  }
  for (const ch of s) {
    if (ch !== '1') break;
    bytes.unshift(0);
  }
  return Uint8Array.from(bytes);
}

const sha256 = (b: Uint8Array): Buffer => createHash('sha256').update(b).digest();

/**
 * Version byte of a 25-byte Base58Check string (version + 20-byte hash + 4-byte double-SHA-256
 * checksum), or -1. `alphabet`: Bitcoin's by default (XRP uses the same characters in another order).
 */
export function base58CheckVersion(s: string, alphabet = B58): number {
  if (s.length < 26 || s.length > 35) return -1;
  let n = 0n;
  for (const ch of s) { const v = alphabet.indexOf(ch); if (v < 0) return -1; n = n * 58n + BigInt(v); }
  const bytes: number[] = [];
  while (n > 0n) { bytes.unshift(Number(n & 0xffn)); n >>= 8n; }
  for (const ch of s) { if (ch !== alphabet[0]) break; bytes.unshift(0); }
  if (bytes.length !== 25) return -1;
  const b = Uint8Array.from(bytes);
  return sha256(sha256(b.subarray(0, 21))).subarray(0, 4).equals(Buffer.from(b.subarray(21))) ? b[0]! : -1;
}

/** P2PKH (version 0x00, `1...`) or P2SH (0x05, `3...`) with a valid 4-byte double-SHA-256 checksum. */
export function isBase58CheckAddress(s: string): boolean {
  if (!/^[13][1-9A-HJ-NP-Za-km-z]{25,34}$/.test(s)) return false;
  const b = base58Decode(s);
  if (!b || b.length !== 25 || (b[0] !== 0x00 && b[0] !== 0x05)) return false;
  const check = sha256(sha256(b.subarray(0, 21)));
  return check.subarray(0, 4).equals(Buffer.from(b.subarray(21)));
}

// --- SegWit Bech32 / Bech32m ---------------------------------------------------------------------
const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function polymod(values: number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= GEN[i]!;
  }
  return chk >>> 0;
}

/** A mainnet (`bc1`) or testnet (`tb1`) SegWit address: v0 Bech32 with a 20/32-byte program, v1-16 Bech32m.
 * `hrps`: the human-readable parts accepted (Litecoin's is `ltc`). */
export function isSegwitAddress(s: string, hrps: readonly string[] = ['bc', 'tb']): boolean {
  if (s !== s.toLowerCase() && s !== s.toUpperCase()) return false;
  const a = s.toLowerCase();
  const sep = a.lastIndexOf('1');
  const hrp = a.slice(0, sep);
  if (!hrps.includes(hrp) || a.length > 90) return false;
  const data: number[] = [];
  for (const ch of a.slice(sep + 1)) {
    const v = CHARSET.indexOf(ch);
    if (v < 0) return false;
    data.push(v);
  }
  if (data.length < 7) return false;
  const expanded = [...[...hrp].map((c) => c.charCodeAt(0) >> 5), 0, ...[...hrp].map((c) => c.charCodeAt(0) & 31)];
  const pm = polymod([...expanded, ...data]);
  const version = data[0]!;
  if (version > 16) return false;
  if (pm !== (version === 0 ? 1 : 0x2bc830a3)) return false;
  // 5-bit groups after the version -> bytes (no leftover of 5+ bits, zero padding).
  const groups = data.slice(1, -6);
  const bits = groups.length * 5;
  const bytes = Math.floor(bits / 8);
  if (bits - bytes * 8 > 4) return false;
  if (bytes < 2 || bytes > 40) return false;
  return version !== 0 || bytes === 20 || bytes === 32;
}
