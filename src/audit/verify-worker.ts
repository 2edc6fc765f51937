/** Verification worker: checks chunks of a log (SQLite file or PostgreSQL) on its own read connection. */
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from './open.js';
import { checkChunk } from './verify.js';

const port = parentPort;
if (!port) throw new Error('verify-worker must run in a worker thread');
const store = await openStore((workerData as { url: string }).url, { readOnly: true });
port.on('message', (m: { id: number; start: number; sizes: number[]; chunkHeight: number }) => {
  checkChunk(store, m.start, m.sizes, m.chunkHeight).then(
    (result) => port.postMessage({ id: m.id, result }),
    (err: unknown) => port.postMessage({ id: m.id, error: err instanceof Error ? err.message : String(err) }),
  );
});
port.postMessage({ ready: true });
