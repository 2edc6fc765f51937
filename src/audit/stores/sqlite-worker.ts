/**
 * The SQLite writer thread: owns the write connection and runs the sequencer step inside each
 * `BEGIN IMMEDIATE` transaction, so hashing, inserts and the fsync of each commit happen off the
 * event loop. Messages: {id, packed, skey?, origin?} -> {id, result} | {id, error}: `packed` is the
 * batch (batch-codec.ts); `skey` and `origin` come with the first batch and whenever they change.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parseSignerKey, type NoteSigner } from '../note.js';
import { buildBatch } from '../sequencer.js';
import { DIGEST_PLACEHOLDER, encryptDetailJson } from '../detail.js';
import type { BatchItem } from '../types.js';
import { unpackBatch } from './batch-codec.js';
import { SqliteStore } from './sqlite.js';

const port = parentPort;
if (!port) throw new Error('sqlite-worker must run in a worker thread');
const wd = workerData as { path: string; durability?: 'durable' | 'process' };
const store = new SqliteStore(wd.path, { writer: 'inline', ...(wd.durability ? { durability: wd.durability } : {}) });
await store.init();
const signers = new Map<string, NoteSigner>();
const PLACEHOLDER = Buffer.from(DIGEST_PLACEHOLDER, 'latin1');

/**
 * Encrypts an item's detail blob (DetailSeal) and writes its SHA-256 into the body's placeholder:
 * the body then holds the same bytes an encryption on the event loop gives. Throws (the batch
 * fails closed) when the placeholder is not where the item says.
 */
function sealed(it: BatchItem): BatchItem {
  const s = it.seal;
  if (!s) return it;
  const body = it.bodyUtf8;
  if (!body || s.digestAt + PLACEHOLDER.length > body.length || !PLACEHOLDER.equals(body.subarray(s.digestAt, s.digestAt + PLACEHOLDER.length))) {
    throw new Error('audit writer: detail digest placeholder not found');
  }
  const enc = encryptDetailJson(s.key, s.plain);
  Buffer.from(body.buffer, body.byteOffset, body.length).write(enc.digest, s.digestAt, 'latin1');
  return { ts: it.ts, bodyUtf8: body, detail: { period: s.period, wrappedKey: null, blob: enc.blob } };
}
let current: { signer: NoteSigner; origin: string } | undefined;

port.on('message', (m: { id: number; packed?: ArrayBuffer; skey?: string; origin?: string; close?: boolean }) => {
  if (m.close) {
    void store.close().then(() => port.postMessage({ id: m.id, result: null }));
    return;
  }
  try {
    if (m.skey !== undefined) {
      current = undefined;
      let signer = signers.get(m.skey);
      if (!signer) signers.set(m.skey, (signer = parseSignerKey(m.skey)));
      if (typeof m.origin !== 'string') throw new Error('audit writer: origin missing');
      current = { signer, origin: m.origin };
    }
    const signing = current;
    if (!signing) throw new Error('audit writer: no signing key');
    const batch = unpackBatch(m.packed as ArrayBuffer);
    const input = { ...batch, items: batch.items.map(sealed), origin: signing.origin };
    const result = store.sequenceSync((state) => buildBatch(state, input, signing.signer));
    port.postMessage({ id: m.id, result });
  } catch (err) {
    port.postMessage({ id: m.id, error: err instanceof Error ? err.message : String(err), code: (err as { code?: unknown }).code });
  }
});
port.postMessage({ ready: true });
