/** Verification worker: checks chunks of an SQLite log on its own read connection. */
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteStore } from './stores/sqlite.js';
import { checkChunk } from './verify.js';

const port = parentPort;
if (!port) throw new Error('verify-worker must run in a worker thread');
const store = new SqliteStore((workerData as { path: string }).path, { writer: 'inline', readOnly: true });
await store.init();
port.on('message', (m: { id: number; start: number; sizes: number[]; chunkHeight: number }) => {
  checkChunk(store, m.start, m.sizes, m.chunkHeight).then(
    (result) => port.postMessage({ id: m.id, result }),
    (err: unknown) => port.postMessage({ id: m.id, error: err instanceof Error ? err.message : String(err) }),
  );
});
port.postMessage({ ready: true });
