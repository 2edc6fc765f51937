/**
 * The PHI hashing key (HMAC-SHA-256 for the `hash` action). Keyed tokens are only as safe as the
 * key: a known key (all zeros, a short or constant string) lets anyone reverse a token by hashing a
 * list of names. So a key exists only through `checkHashKey`, which refuses short and constant
 * byte strings; `decodeHashKeyText` is the one decoder of the text forms (hex or base64) a policy
 * may point at. Pure: no I/O, and no message ever contains key material.
 */

/** At least 128 bits. */
export const MIN_HASH_KEY_BYTES = 16;

declare const HASH_KEY: unique symbol;
/** Key bytes that passed `checkHashKey`. The brand makes "some bytes" and "a usable key" different types. */
export type HashKey = Uint8Array & { readonly [HASH_KEY]: true };

export type HashKeyResult = { readonly ok: true; readonly key: HashKey } | { readonly ok: false; readonly reason: string };

const HINT = 'generate one with `openssl rand -hex 32`';

/** Checks raw key bytes: long enough and not a constant byte string. Returns a copy on success. */
export function checkHashKey(bytes: Uint8Array): HashKeyResult {
  if (!(bytes instanceof Uint8Array)) return { ok: false, reason: 'the PHI hashing key must be bytes' };
  if (bytes.byteLength < MIN_HASH_KEY_BYTES) {
    return { ok: false, reason: `the PHI hashing key must be at least ${MIN_HASH_KEY_BYTES} bytes (it has ${bytes.byteLength}); ${HINT}` };
  }
  if (bytes.every((b) => b === bytes[0])) {
    return { ok: false, reason: `the PHI hashing key is one byte value repeated (e.g. all zeros), which anyone can guess; ${HINT}` };
  }
  return { ok: true, key: Uint8Array.from(bytes) as HashKey };
}

const HEX = /^[0-9a-fA-F]+$/;
const B64 = /^[A-Za-z0-9+/]+={0,2}$/;
const B64URL = /^[A-Za-z0-9_-]+={0,2}$/;

/**
 * Decodes a key written as text: hex (an even number of digits) or base64 (standard or URL-safe,
 * canonical, padding optional). Surrounding white space is ignored; anything else is refused with
 * a reason, never guessed at: a value in neither form is an error, not a key.
 */
export function decodeHashKeyText(text: string): HashKeyResult {
  const t = text.trim();
  if (t === '') return { ok: false, reason: `the PHI hashing key is empty; ${HINT}` };
  if (HEX.test(t)) {
    if (t.length % 2 !== 0) return { ok: false, reason: 'the PHI hashing key looks like hex but has an odd number of digits' };
    return checkHashKey(Buffer.from(t, 'hex'));
  }
  const url = !B64.test(t) && B64URL.test(t);
  if (!url && !B64.test(t)) return { ok: false, reason: `the PHI hashing key is neither hex nor base64; ${HINT}` };
  const bare = t.replace(/=+$/, '');
  const padded = t.length !== bare.length;
  if (bare.length % 4 === 1 || (padded && t.length % 4 !== 0)) return { ok: false, reason: 'the PHI hashing key is not valid base64 (wrong length or padding)' };
  const bytes = Buffer.from(bare, url ? 'base64url' : 'base64');
  // Canonical only: the bytes must encode back to the same text (no stray trailing bits).
  if (bytes.toString(url ? 'base64url' : 'base64').replace(/=+$/, '') !== bare) {
    return { ok: false, reason: 'the PHI hashing key is not canonical base64' };
  }
  return checkHashKey(bytes);
}

/** True when every byte is printable ASCII or white space: a text file, not raw key bytes. */
export function looksLikeText(bytes: Uint8Array): boolean {
  return bytes.every((b) => b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b < 0x7f));
}

/**
 * Decodes the contents of a key file: hex or base64 text (as `openssl rand -hex 32` writes it), or
 * raw random bytes. A text file in neither form is refused (a pass phrase is not a key).
 */
export function decodeHashKeyFile(bytes: Uint8Array): HashKeyResult {
  if (bytes.byteLength === 0) return { ok: false, reason: `the PHI hashing key file is empty; ${HINT}` };
  if (looksLikeText(bytes)) return decodeHashKeyText(Buffer.from(bytes).toString('latin1'));
  return checkHashKey(bytes);
}
