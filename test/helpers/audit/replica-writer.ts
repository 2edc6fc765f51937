/**
 * A separate gateway replica for the concurrency test: appends COUNT records to the log at URL with
 * up to 32 in flight, then prints the receipt indices as JSON. Keys come from the environment.
 */
import { makeKeys } from '../../../src/audit/keys.js';
import { createSigner } from '../../../src/audit/note.js';
import { openAuditLog } from '../../../src/audit/open.js';
import { buildAuditRecord } from '../../../src/audit/record.js';
import { sampleContext } from './fixtures.js';

const [url, countText, writer] = process.argv.slice(2) as [string, string, string];
const keys = makeKeys(createSigner(process.env.AUDIT_ORIGIN as string, Buffer.from(process.env.AUDIT_SEED as string, 'hex')), Buffer.alloc(32, 7));
const log = await openAuditLog(url, { keys, checkpointEvery: 64, checkpointIntervalMs: 0, witnessPath: false });
const count = Number(countText);
const indices: number[] = [];
let next = 0;
async function worker(): Promise<void> {
  while (next < count) {
    const i = next++;
    const ctx = sampleContext(i, undefined, { id: `${writer}-${i}` });
    const r = await log.append(buildAuditRecord(ctx, keys));
    indices.push(r.index);
  }
}
await Promise.all(Array.from({ length: 32 }, worker));
await log.close();
process.stdout.write(JSON.stringify(indices));
