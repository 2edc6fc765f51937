/**
 * Audit keys: the Ed25519 checkpoint signer (C2SP signed-note key), the HMAC key that turns patient,
 * user and other identifiers into keyed references, and the key-encryption key for detail blobs.
 *
 * Embedded default: when no keys are configured, `<db>.keys.json` (mode 0600) is generated next to
 * the SQLite file on first use, and the public verifier key is written to `<db>.pub`.
 */
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createSigner, encodeSignerKey, encodeVerifierKey, generateSeed, parseSignerKey, parseVerifierKey, type NoteSigner, type NoteVerifier } from './note.js';

export interface AuditKeys {
  /** Checkpoint origin line; also the signed-note key name. */
  readonly origin: string;
  readonly signer: NoteSigner;
  readonly verifier: NoteVerifier;
  readonly hmacKey: Buffer;
  /** Wraps per-period detail-blob keys (AES-256-GCM). */
  readonly detailKek: Buffer;
}

export type RefKind = 'patient' | 'user' | 'subject' | 'ip' | 'resource' | 'query' | 'session';

export const DEFAULT_ORIGIN = 'phiguard.local/audit';

/** Keyed reference: hex(HMAC-SHA-256(key, kind ":" value))[0:32] (128 bits). */
export function keyedRef(keys: Pick<AuditKeys, 'hmacKey'>, kind: RefKind, value: string): string {
  // Busy gateways see the same users, patients and peers again and again: a bounded per-key cache.
  let byKind = refCaches.get(keys.hmacKey);
  if (!byKind) refCaches.set(keys.hmacKey, (byKind = new Map()));
  let cache = byKind.get(kind);
  if (!cache) byKind.set(kind, (cache = new Map()));
  const hit = cache.get(value);
  if (hit !== undefined) return hit;
  const ref = createHmac('sha256', keys.hmacKey).update(`${kind}:${value}`, 'utf8').digest('hex').slice(0, 32);
  if (cache.size >= REF_CACHE_MAX) cache.clear();
  cache.set(value, ref);
  return ref;
}

const REF_CACHE_MAX = 50_000;
const refCaches = new WeakMap<Buffer, Map<RefKind, Map<string, string>>>();

/** `123` and `Patient/123` name the same patient. */
export function normalizePatient(ref: string): string {
  const r = ref.trim();
  return r.includes('/') ? r : `Patient/${r}`;
}

export function patientRef(keys: Pick<AuditKeys, 'hmacKey'>, patient: string): string {
  return keyedRef(keys, 'patient', normalizePatient(patient));
}

/** Accepts a `PRIVATE+KEY+...` signer key or a base64/hex 32-byte Ed25519 seed. */
export function signerFromSecret(secret: string, origin: string): NoteSigner {
  const s = secret.trim();
  if (s.startsWith('PRIVATE+KEY+')) return parseSignerKey(s);
  const seed = /^[0-9a-f]{64}$/i.test(s) ? Buffer.from(s, 'hex') : Buffer.from(s, 'base64');
  if (seed.length !== 32) throw new Error('audit signing key must be a signed-note private key or a 32-byte seed');
  return createSigner(origin, seed);
}

export function hmacKeyFromSecret(secret: Uint8Array | string): Buffer {
  const buf = typeof secret === 'string' ? Buffer.from(secret.trim(), 'utf8') : Buffer.from(secret);
  if (buf.length < 32) throw new Error('audit HMAC key must be at least 32 bytes');
  return buf;
}

export function makeKeys(signer: NoteSigner, hmacKey: Buffer): AuditKeys {
  const detailKek = Buffer.from(hkdfSync('sha256', hmacKey, Buffer.alloc(0), 'phiguard audit detail kek v1', 32));
  const verifier = { name: signer.name, keyId: signer.keyId, publicKey: signer.publicKey };
  return Object.freeze({ origin: signer.name, signer, verifier, hmacKey, detailKek });
}

interface KeyFile {
  readonly signingKey: string;
  readonly hmacKey: string;
}

/** Loads `<path>`, or generates it (0600) together with `<pub>` when absent. Returns keys and whether it created them. */
export function loadOrCreateKeyFile(path: string, pubPath: string, origin = DEFAULT_ORIGIN): { keys: AuditKeys; created: boolean } {
  if (existsSync(path)) {
    const kf = JSON.parse(readFileSync(path, 'utf8')) as KeyFile;
    return { keys: makeKeys(parseSignerKey(kf.signingKey), Buffer.from(kf.hmacKey, 'base64')), created: false };
  }
  const kf: KeyFile = { signingKey: encodeSignerKey(origin, generateSeed()), hmacKey: randomBytes(32).toString('base64') };
  writeFileSync(path, `${JSON.stringify(kf, null, 1)}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  const keys = makeKeys(parseSignerKey(kf.signingKey), Buffer.from(kf.hmacKey, 'base64'));
  writeFileSync(pubPath, `${encodeVerifierKey(keys.signer.name, keys.signer.publicKey)}\n`, { mode: 0o644 });
  return { keys, created: true };
}

/** A verifier from a file holding a vkey line (`name+hash+base64`) or a phiguard key file. */
export function readVerifierFile(path: string): NoteVerifier {
  const text = readFileSync(path, 'utf8').trim();
  if (text.startsWith('{')) {
    const kf = JSON.parse(text) as KeyFile;
    const s = parseSignerKey(kf.signingKey);
    return { name: s.name, keyId: s.keyId, publicKey: s.publicKey };
  }
  return parseVerifierKey(text.split('\n')[0] as string);
}

/** Files that live next to an SQLite store: keys, public key, witness. */
export function sidecarPaths(storeUrl: string): { keyFile: string; pubFile: string; witness: string } | undefined {
  if (!storeUrl.startsWith('sqlite:')) return undefined;
  const db = storeUrl.slice('sqlite:'.length);
  return { keyFile: `${db}.keys.json`, pubFile: `${db}.pub`, witness: `${db}.witness` };
}
