/**
 * C2SP signed-note with Ed25519 (https://c2sp.org/signed-note).
 *
 *   key ID    = SHA-256(name || 0x0A || 0x01 || 32-byte public key)[0:4]
 *   signature line = "— " name " " base64(key ID || Ed25519 signature over the note text) "\n"
 *   vkey      = name "+" hex(key ID) "+" base64(0x01 || public key)
 *   skey      = "PRIVATE+KEY+" name "+" hex(key ID) "+" base64(0x01 || 32-byte seed)
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

const ED25519 = 0x01;
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const SIG_PREFIX = '\u2014 ';

export interface NoteSigner {
  readonly name: string;
  readonly keyId: Buffer;
  readonly publicKey: Buffer;
  sign(text: string): string;
  /** The signer key (`PRIVATE+KEY+...`), for handing to the writer thread. Never log it. */
  privateKey(): string;
}

export interface NoteVerifier {
  readonly name: string;
  readonly keyId: Buffer;
  readonly publicKey: Buffer;
}

export function keyId(name: string, publicKey: Uint8Array): Buffer {
  return createHash('sha256').update(name, 'utf8').update(Buffer.from([0x0a, ED25519])).update(publicKey).digest().subarray(0, 4);
}

function checkName(name: string): void {
  if (!name || /[\s+]/.test(name)) throw new Error('signed-note: key name must be non-empty without spaces or "+"');
}

function privateFromSeed(seed: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

function publicFromRaw(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

export function generateSeed(): Buffer {
  const { privateKey } = generateKeyPairSync('ed25519');
  return privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_PREFIX.length);
}

export function publicKeyFromSeed(seed: Uint8Array): Buffer {
  return createPublicKey(privateFromSeed(seed)).export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
}

export function createSigner(name: string, seed: Uint8Array): NoteSigner {
  checkName(name);
  if (seed.length !== 32) throw new Error('signed-note: Ed25519 seed must be 32 bytes');
  const key = privateFromSeed(seed);
  const publicKey = publicKeyFromSeed(seed);
  const id = keyId(name, publicKey);
  return {
    name,
    keyId: id,
    publicKey,
    sign(text: string): string {
      const sig = sign(null, Buffer.from(text, 'utf8'), key);
      return `${SIG_PREFIX}${name} ${Buffer.concat([id, sig]).toString('base64')}\n`;
    },
    privateKey: () => encodeSignerKey(name, seed),
  };
}

/** Splits on the first n-1 '+' (the trailing base64 may itself contain '+'). */
function splitKey(key: string, n: number): string[] | undefined {
  const out: string[] = [];
  let rest = key;
  for (let i = 0; i < n - 1; i++) {
    const p = rest.indexOf('+');
    if (p < 0) return undefined;
    out.push(rest.slice(0, p));
    rest = rest.slice(p + 1);
  }
  out.push(rest);
  return out;
}

export function encodeSignerKey(name: string, seed: Uint8Array): string {
  const pub = publicKeyFromSeed(seed);
  return `PRIVATE+KEY+${name}+${keyId(name, pub).toString('hex')}+${Buffer.concat([Buffer.from([ED25519]), seed]).toString('base64')}`;
}

export function parseSignerKey(skey: string): NoteSigner {
  const parts = splitKey(skey.trim(), 5);
  if (!parts || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY') throw new Error('signed-note: malformed signer key');
  const raw = Buffer.from(parts[4] as string, 'base64');
  if (raw.length !== 33 || raw[0] !== ED25519) throw new Error('signed-note: signer key is not Ed25519');
  const signer = createSigner(parts[2] as string, raw.subarray(1));
  if (signer.keyId.toString('hex') !== parts[3]) throw new Error('signed-note: signer key hash mismatch');
  return signer;
}

export function encodeVerifierKey(name: string, publicKey: Uint8Array): string {
  return `${name}+${keyId(name, publicKey).toString('hex')}+${Buffer.concat([Buffer.from([ED25519]), publicKey]).toString('base64')}`;
}

export function parseVerifierKey(vkey: string): NoteVerifier {
  const parts = splitKey(vkey.trim(), 3);
  if (!parts) throw new Error('signed-note: malformed verifier key');
  const [name, hash, b64] = parts as [string, string, string];
  checkName(name);
  const raw = Buffer.from(b64, 'base64');
  if (raw.length !== 33 || raw[0] !== ED25519) throw new Error('signed-note: verifier key is not Ed25519');
  const publicKey = raw.subarray(1);
  const id = keyId(name, publicKey);
  if (id.toString('hex') !== hash.toLowerCase()) throw new Error('signed-note: verifier key hash mismatch');
  return { name, keyId: id, publicKey };
}

/** Appends signature lines: `text` must end in "\n"; the result is text "\n" sig-lines. */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  if (!text.endsWith('\n')) throw new Error('signed-note: text must end with a newline');
  return `${text}\n${signers.map((s) => s.sign(text)).join('')}`;
}

export interface OpenedNote {
  readonly text: string;
  /** Names of verifiers whose signature was present and valid. */
  readonly verifiedBy: string[];
}

/**
 * Splits a signed note and checks its signatures. Returns undefined when the note is malformed or no
 * signature from a known verifier is valid; a signature line from a known key that does not verify
 * rejects the whole note.
 */
export function openNote(note: string, verifiers: readonly NoteVerifier[]): OpenedNote | undefined {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) return undefined;
  const text = note.slice(0, split + 1);
  const sigLines = note.slice(split + 2, -1).split('\n');
  const verifiedBy: string[] = [];
  for (const line of sigLines) {
    if (!line.startsWith(SIG_PREFIX)) return undefined;
    const rest = line.slice(SIG_PREFIX.length);
    const sp = rest.indexOf(' ');
    if (sp <= 0) return undefined;
    const name = rest.slice(0, sp);
    const raw = Buffer.from(rest.slice(sp + 1), 'base64');
    if (raw.length < 5) return undefined;
    const v = verifiers.find((x) => x.name === name && x.keyId.equals(raw.subarray(0, 4)));
    if (!v) continue;
    if (!verify(null, Buffer.from(text, 'utf8'), publicFromRaw(v.publicKey), raw.subarray(4))) return undefined;
    verifiedBy.push(name);
  }
  return verifiedBy.length > 0 ? { text, verifiedBy } : undefined;
}

/** The signers a note names (key name and key id, hex), without checking the signatures. */
export function noteSigners(note: string): Array<{ name: string; keyId: string }> {
  const split = note.lastIndexOf('\n\n');
  if (split < 0) return [];
  const out: Array<{ name: string; keyId: string }> = [];
  for (const line of note.slice(split + 2).split('\n')) {
    if (!line.startsWith(SIG_PREFIX)) continue;
    const rest = line.slice(SIG_PREFIX.length);
    const sp = rest.indexOf(' ');
    const raw = sp > 0 ? Buffer.from(rest.slice(sp + 1), 'base64') : Buffer.alloc(0);
    if (raw.length >= 4) out.push({ name: rest.slice(0, sp), keyId: raw.subarray(0, 4).toString('hex') });
  }
  return out;
}
