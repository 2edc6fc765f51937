/**
 * The witness: a copy of the latest signed checkpoint kept outside the store (a file next to the
 * SQLite db, or a configured path). A store rolled back to an earlier copy, or a replaced history,
 * no longer contains the witnessed tree, and verification fails.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parseCheckpointBody } from './checkpoint.js';

export function readWitness(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

function sizeOf(note: string | undefined): number {
  if (!note) return -1;
  const body = parseCheckpointBody(note.slice(0, note.lastIndexOf('\n\n') + 1));
  return body ? body.size : -1;
}

/** Replaces the witness only with a larger checkpoint (never moves it backwards). */
export function writeWitness(path: string, note: string): boolean {
  if (sizeOf(readWitness(path)) >= sizeOf(note)) return false;
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, note, { mode: 0o644 });
  renameSync(tmp, path);
  return true;
}
