/**
 * HTTP message digests (RFC 9530): `Content-Digest` / `Repr-Digest` fields, a Structured Field
 * Dictionary (RFC 8941) whose members are algorithm keys with Byte Sequence values:
 * `sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:, sha-512=:...:`. Pure; no I/O.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** The algorithms phiguard computes and verifies (RFC 9530 "Active" algorithms). */
export const DIGEST_ALGORITHMS = Object.freeze({ 'sha-256': 'sha256', 'sha-512': 'sha512' } as const);
export type DigestAlgorithm = keyof typeof DIGEST_ALGORITHMS;

const KEY = /^[a-z*][a-z0-9_.*-]*/;
const PARAM = /^;[ ]*[a-z*][a-z0-9_.*-]*(?:=(?:"(?:[^"\\\u0000-\u001f\u007f-\uffff]|\\["\\])*"|[A-Za-z0-9*:/.%!#$&'+^_`|~-]+|:[A-Za-z0-9+/=]*:))?/;
const BYTES = /^:([A-Za-z0-9+/]*={0,2}):/;

/**
 * Parses the field into algorithm -> digest bytes, or returns undefined when it is not a
 * Dictionary of Byte Sequences. A key given twice is refused (RFC 8941 would keep the last one,
 * which lets a sender hide a second value from a checker that reads the first).
 */
export function parseDigestField(value: string): Map<string, Uint8Array> | undefined {
  const out = new Map<string, Uint8Array>();
  let s = value.replace(/^[ \t]+|[ \t]+$/g, '');
  if (s === '') return undefined;
  for (;;) {
    const key = KEY.exec(s)?.[0];
    if (!key || s[key.length] !== '=') return undefined;
    s = s.slice(key.length + 1);
    const bytes = BYTES.exec(s);
    if (!bytes) return undefined;
    if (out.has(key)) return undefined;
    const b64 = bytes[1] ?? '';
    if (b64.length % 4 === 1) return undefined;
    out.set(key, new Uint8Array(Buffer.from(b64, 'base64')));
    s = s.slice(bytes[0].length);
    for (let p = PARAM.exec(s); p; p = PARAM.exec(s)) s = s.slice(p[0].length);
    s = s.replace(/^[ \t]+/, '');
    if (s === '') return out;
    if (s[0] !== ',') return undefined;
    s = s.slice(1).replace(/^[ \t]+/, '');
    if (s === '') return undefined; // trailing comma
  }
}

export type DigestCheck =
  | { readonly ok: true; readonly verified: readonly DigestAlgorithm[] }
  | { readonly ok: false; readonly reason: 'malformed' | 'mismatch' | 'unsupported' };

/** Checks every supported member against the bytes; members with other algorithms are ignored. */
export function verifyDigestField(value: string, body: Uint8Array): DigestCheck {
  const field = parseDigestField(value);
  if (!field) return { ok: false, reason: 'malformed' };
  const verified: DigestAlgorithm[] = [];
  for (const [key, digest] of field) {
    if (!Object.prototype.hasOwnProperty.call(DIGEST_ALGORITHMS, key)) continue;
    const alg = key as DigestAlgorithm;
    const actual = createHash(DIGEST_ALGORITHMS[alg]).update(body).digest();
    if (digest.byteLength !== actual.byteLength || !timingSafeEqual(digest, actual)) return { ok: false, reason: 'mismatch' };
    verified.push(alg);
  }
  return verified.length > 0 ? { ok: true, verified } : { ok: false, reason: 'unsupported' };
}

/** `sha-256=:<base64>:` over the bytes. */
export function formatDigestField(body: Uint8Array, alg: DigestAlgorithm = 'sha-256'): string {
  return `${alg}=:${createHash(DIGEST_ALGORITHMS[alg]).update(body).digest('base64')}:`;
}
