/**
 * The SQLite writer thread: owns the write connection and runs the sequencer step inside each
 * `BEGIN IMMEDIATE` transaction, so hashing, inserts and the fsync of each commit happen off the
 * event loop. Messages: {id, input, skey} -> {id, result} | {id, error}.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parseSignerKey, type NoteSigner } from '../note.js';
import { buildBatch } from '../sequencer.js';
import type { BatchInput } from '../types.js';
import { unpackItems } from './batch-codec.js';
import { SqliteStore } from './sqlite.js';

const port = parentPort;
if (!port) throw new Error('sqlite-worker must run in a worker thread');
const wd = workerData as { path: string; durability?: 'durable' | 'process' };
const store = new SqliteStore(wd.path, { writer: 'inline', ...(wd.durability ? { durability: wd.durability } : {}) });
await store.init();
const signers = new Map<string, NoteSigner>();

port.on('message', (m: { id: number; input?: BatchInput; packed?: ArrayBuffer; skey?: string; close?: boolean }) => {
  if (m.close) {
    void store.close().then(() => port.postMessage({ id: m.id, result: null }));
    return;
  }
  try {
    const skey = m.skey as string;
    let signer = signers.get(skey);
    if (!signer) signers.set(skey, (signer = parseSignerKey(skey)));
    const input = m.input as BatchInput;
    const items = unpackItems(m.packed as ArrayBuffer);
    const result = store.sequenceSync((state) => buildBatch(state, { ...input, items }, signer));
    port.postMessage({ id: m.id, result });
  } catch (err) {
    port.postMessage({ id: m.id, error: err instanceof Error ? err.message : String(err), code: (err as { code?: unknown }).code });
  }
});
port.postMessage({ ready: true });
