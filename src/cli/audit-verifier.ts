/**
 * Which key verifies a log, and what the user is told about it. For a live store: --public-key,
 * --key-file, or the sidecar `<db>.pub`. For an export (`ndjson:FILE`): --public-key, else the key
 * file written beside it (`FILE.pub`), else the key its header carries. A key that comes with the
 * export proves the export intact and self-consistent, not who wrote it, and the output says so.
 */
import { existsSync } from 'node:fs';
import { readExportHeader } from '../audit/export.js';
import { readVerifierFile, sidecarPaths } from '../audit/keys.js';
import { encodeVerifierKey, noteSigners, parseVerifierKey, type NoteVerifier } from '../audit/note.js';
import type { AuditStore } from '../audit/stores/types.js';

export interface ResolvedVerifier {
  readonly verifier: NoteVerifier;
  /** Set when the key came with the export rather than from the user: a caution to print. */
  readonly fromExport?: string;
}

export function describeKey(v: Pick<NoteVerifier, 'name' | 'keyId'>): string {
  return `${v.name} (key id ${v.keyId.toString('hex')})`;
}

export async function resolveVerifier(store: string, publicKey?: string, keyFile?: string): Promise<ResolvedVerifier> {
  if (publicKey) return { verifier: readVerifierFile(publicKey) };
  if (keyFile) return { verifier: readVerifierFile(keyFile) };
  if (store.startsWith('ndjson:')) {
    const file = store.slice('ndjson:'.length);
    if (existsSync(`${file}.pub`)) return { verifier: readVerifierFile(`${file}.pub`), fromExport: `${file}.pub` };
    const header = await readExportHeader(file);
    const vkey = header.verifierKeys?.[0];
    if (vkey) return { verifier: parseVerifierKey(vkey), fromExport: 'the export header' };
    throw new Error(`no public key: ${file} carries none and there is no ${file}.pub; pass --public-key FILE (the log's <db>.pub or the signer's verifier key)`);
  }
  const side = sidecarPaths(store);
  if (side && existsSync(side.pubFile)) return { verifier: readVerifierFile(side.pubFile) };
  if (side && existsSync(side.keyFile)) return { verifier: readVerifierFile(side.keyFile) };
  throw new Error('no public key: pass --public-key FILE (a signed-note verifier key)');
}

/** The verifier key an export should carry: from the given files or the store's sidecar; none if unknown. */
export function exportVerifierKey(store: string, publicKey?: string, keyFile?: string): string | undefined {
  const side = sidecarPaths(store);
  const file = publicKey ?? keyFile ?? (side && existsSync(side.pubFile) ? side.pubFile : side && existsSync(side.keyFile) ? side.keyFile : undefined);
  if (!file) return undefined;
  const v = readVerifierFile(file);
  return encodeVerifierKey(v.name, v.publicKey);
}

/**
 * When verification failed: if the latest checkpoint is not signed by the key used, says by whom it
 * is (a wrong --public-key reads as that, not as a damaged log).
 */
export async function wrongKeyMessage(store: AuditStore, verifier: NoteVerifier): Promise<string | undefined> {
  const latest = await store.latestCheckpoint();
  if (!latest) return undefined;
  const signers = noteSigners(latest.note);
  const id = verifier.keyId.toString('hex');
  if (signers.length === 0 || signers.some((s) => s.name === verifier.name && s.keyId === id)) return undefined;
  const by = signers.map((s) => `${s.name} (key id ${s.keyId})`).join(', ');
  return `the checkpoints are signed by ${by}, not by the verifier key used, ${describeKey(verifier)}: pass the signer's public key with --public-key`;
}
