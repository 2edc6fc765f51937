/**
 * Encrypted detail blobs: raw identifiers kept beside the log, never in a leaf. AES-256-GCM with a
 * per-period data key (or one key per record). Data keys are wrapped with the detail KEK and stored
 * apart from the blobs; destroying a period's key (prune) makes its blobs unreadable while the leaf,
 * which holds only SHA-256 of the ciphertext, keeps every proof valid.
 *
 * blob = iv(12) || tag(16) || ciphertext; wrapped key = iv(12) || tag(16) || encrypted key(32), AAD = period.
 */
import { createCipheriv, createDecipheriv, hash, randomBytes } from 'node:crypto';
import { canonicalJsonFlat, type Canon } from './canonical.js';

export type DetailGranularity = 'month' | 'day' | 'record';

/** The last month / day period computed and its [start, end) in ms (records arrive in time order). */
const lastPeriod = { month: { from: 0, to: 0, name: '' }, day: { from: 0, to: 0, name: '' } };

export function periodOf(ts: number, granularity: DetailGranularity): string {
  if (granularity === 'record') {
    new Date(ts).toISOString(); // a RangeError for an invalid time, like the other granularities
    return `record:${randomBytes(12).toString('hex')}`;
  }
  const c = lastPeriod[granularity];
  if (ts >= c.from && ts < c.to) return c.name;
  const d = new Date(ts);
  const name = d.toISOString().slice(0, granularity === 'day' ? 10 : 7);
  d.setUTCHours(0, 0, 0, 0);
  if (granularity === 'month') d.setUTCDate(1);
  const from = d.getTime();
  if (granularity === 'month') d.setUTCMonth(d.getUTCMonth() + 1);
  else d.setUTCDate(d.getUTCDate() + 1);
  lastPeriod[granularity] = { from, to: d.getTime(), name };
  return name;
}

// GCM nonces: a random 64-bit prefix per process and a 32-bit counter (re-drawn on wrap), so a
// data key shared by many records never sees a repeated nonce without a random draw per record.
let noncePrefix = randomBytes(8);
let nonceCounter = 0;
function nextIv(): Buffer {
  if (nonceCounter === 0xffffffff) {
    noncePrefix = randomBytes(8);
    nonceCounter = 0;
  }
  const iv = Buffer.allocUnsafe(12);
  noncePrefix.copy(iv, 0);
  iv.writeUInt32BE(nonceCounter++, 8);
  return iv;
}

function seal(key: Uint8Array, plain: Uint8Array, aad?: string): Buffer {
  const iv = nextIv();
  const c = createCipheriv('aes-256-gcm', key, iv);
  if (aad) c.setAAD(Buffer.from(aad, 'utf8'));
  const ct = c.update(plain);
  const tail = c.final(); // empty for GCM
  return tail.length === 0 ? Buffer.concat([iv, c.getAuthTag(), ct], iv.length + 16 + ct.length) : Buffer.concat([iv, c.getAuthTag(), ct, tail]);
}

function open(key: Uint8Array, blob: Uint8Array, aad?: string): Buffer {
  const b = Buffer.from(blob);
  const d = createDecipheriv('aes-256-gcm', key, b.subarray(0, 12));
  if (aad) d.setAAD(Buffer.from(aad, 'utf8'));
  d.setAuthTag(b.subarray(12, 28));
  return Buffer.concat([d.update(b.subarray(28)), d.final()]);
}

export function newDataKey(): Buffer {
  return randomBytes(32);
}

export function wrapKey(kek: Uint8Array, key: Uint8Array, period: string): Buffer {
  return seal(kek, key, period);
}

export function unwrapKey(kek: Uint8Array, wrapped: Uint8Array, period: string): Buffer {
  return open(kek, wrapped, period);
}

export function encryptDetail(key: Uint8Array, detail: { readonly [k: string]: Canon | undefined }): { blob: Buffer; digest: string } {
  return encryptDetailJson(key, canonicalJsonFlat(detail));
}

/** `encryptDetail` of a detail already in canonical JSON (string or its UTF-8 bytes). */
export function encryptDetailJson(key: Uint8Array, json: string | Uint8Array): { blob: Buffer; digest: string } {
  const blob = seal(key, typeof json === 'string' ? Buffer.from(json, 'utf8') : json);
  return { blob, digest: hash('sha256', blob, 'hex') };
}

/** The digest placeholder a body carries while its blob is encrypted by the store (DetailSeal). */
export const DIGEST_PLACEHOLDER = '0'.repeat(64);

export function decryptDetail(key: Uint8Array, blob: Uint8Array): unknown {
  return JSON.parse(open(key, blob).toString('utf8'));
}

export function blobDigest(blob: Uint8Array): string {
  return hash('sha256', blob, 'hex');
}
