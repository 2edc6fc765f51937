/**
 * C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint) bodies, signed as C2SP signed notes:
 *
 *   <origin>\n<decimal tree size>\n<base64 root hash>\n[extension lines]\n
 *   \n
 *   — <key name> <base64(key ID || signature)>\n
 */
import { HASH_SIZE, type Hash } from './merkle.js';
import { openNote, signNote, type NoteSigner, type NoteVerifier } from './note.js';

export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly root: Hash;
  /** Extension lines (without newlines), e.g. `timestamp 1700000000000`. */
  readonly extensions: readonly string[];
  /** The full signed note text. */
  readonly note: string;
}

export function checkpointBody(origin: string, size: number, root: Uint8Array, extensions: readonly string[] = []): string {
  if (!origin || origin.includes('\n')) throw new Error('checkpoint: origin must be one non-empty line');
  if (root.length !== HASH_SIZE) throw new Error('checkpoint: root must be 32 bytes');
  for (const e of extensions) if (!e || e.includes('\n')) throw new Error('checkpoint: extension lines must be non-empty single lines');
  return `${origin}\n${size}\n${Buffer.from(root).toString('base64')}\n${extensions.map((e) => `${e}\n`).join('')}`;
}

export function signCheckpoint(signer: NoteSigner, origin: string, size: number, root: Hash, extensions: readonly string[] = []): Checkpoint {
  const note = signNote(checkpointBody(origin, size, root, extensions), [signer]);
  return { origin, size, root: Buffer.from(root), extensions: [...extensions], note };
}

/** Parses the body only (no signature check). */
export function parseCheckpointBody(text: string): Omit<Checkpoint, 'note'> | undefined {
  if (!text.endsWith('\n')) return undefined;
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) return undefined;
  const [origin, sizeText, rootText, ...extensions] = lines as [string, string, string, ...string[]];
  if (!origin || !/^(0|[1-9]\d*)$/.test(sizeText)) return undefined;
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) return undefined;
  const root = Buffer.from(rootText, 'base64');
  if (root.length !== HASH_SIZE || root.toString('base64') !== rootText) return undefined;
  if (extensions.some((e) => e === '')) return undefined;
  return { origin, size, root, extensions };
}

/** Opens a signed checkpoint: valid signature from one of `verifiers` and, when given, the expected origin. */
export function openCheckpoint(note: string, verifiers: readonly NoteVerifier[], origin?: string): Checkpoint | undefined {
  const opened = openNote(note, verifiers);
  if (!opened) return undefined;
  const body = parseCheckpointBody(opened.text);
  if (!body || (origin !== undefined && body.origin !== origin)) return undefined;
  return { ...body, note };
}
