/**
 * Worker thread for PHI redaction of large bodies (see phi-pool.ts). It compiles the same `phi:`
 * section as the main thread and answers { id, kind, text } with the redaction. It never logs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { policyFromConfig, redactJson, redactNdjson, redactText } from '../phi/index.js';

interface Init {
  readonly section: unknown;
  readonly hashKey?: Uint8Array;
}
const init = workerData as Init;
const r = policyFromConfig(init.section, () => {
  if (!init.hashKey) throw new Error('no hash key');
  return init.hashKey;
});

parentPort!.on('message', (m: { id: number; kind: 'json' | 'ndjson' | 'text'; text: string }) => {
  try {
    let out: { text: string; findings: ReadonlyArray<{ type: string }>; changed: boolean };
    if (m.kind === 'json') out = redactJson(m.text, r, { offsets: false });
    else if (m.kind === 'ndjson') out = redactNdjson(m.text, r, { offsets: false });
    else {
      const t = redactText(m.text, r);
      out = { text: t.text, findings: t.findings, changed: t.text !== m.text };
    }
    parentPort!.postMessage({ id: m.id, changed: out.changed, text: out.changed ? out.text : undefined, types: out.findings.map((f) => f.type) });
  } catch (err) {
    parentPort!.postMessage({ id: m.id, error: err instanceof Error ? err.name : 'error' });
  }
});
