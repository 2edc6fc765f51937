/**
 * Recorded traffic readers: HAR 1.2 (streamed, bounded memory) and NDJSON of request/response
 * pairs, chosen by content. This is the contract `phiguard replay` and `phiguard init --har` use.
 *
 *   for await (const item of readTraffic('traffic.har')) {
 *     if (isTrafficIssue(item)) report(item);   // malformed entry: reported, skipped, counted
 *     else replay(item);
 *   }
 *
 * Detection: the first non-space byte must be `{`. When the first key of that object is `log`, the
 * file is one HAR document and `log.entries[]` is parsed one entry at a time (`har-stream.ts`);
 * otherwise every non-blank line is one JSON object (`ndjson.ts`). A file that is neither (empty,
 * not JSON, no `log.entries` array) throws `TrafficFileError` with its position: it is unusable as
 * a whole. Messages carry positions and field names only, never recorded values.
 */
import { createReadStream, statSync } from 'node:fs';
import { readHarEntries } from './har-stream.js';
import { readNdjsonEntries } from './ndjson.js';

export { TrafficFileError, type ReadTrafficOptions, type TrafficEntry, type TrafficFormat, type TrafficIssue } from './types.js';
import { TrafficFileError, type ReadTrafficOptions, type TrafficEntry, type TrafficFormat, type TrafficIssue } from './types.js';

export const DEFAULT_MAX_ENTRY_BYTES = 64 * 1024 * 1024;

export function isTrafficIssue(x: TrafficEntry | TrafficIssue): x is TrafficIssue {
  return (x as TrafficEntry).request === undefined;
}

const isSpace = (b: number) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;

/**
 * Decide the format from the first bytes: returns undefined while more bytes are needed.
 * Exported for tests and for callers that already hold the start of a file.
 */
export function sniffTraffic(head: Buffer, complete: boolean): TrafficFormat | 'unknown' | undefined {
  let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (i < head.length && isSpace(head[i]!)) i++;
  if (i >= head.length) return complete ? 'unknown' : undefined;
  if (head[i] !== 0x7b /* { */) return 'unknown';
  i++;
  while (i < head.length && isSpace(head[i]!)) i++;
  if (i >= head.length) return complete ? 'ndjson' : undefined;
  if (head[i] !== 0x22 /* " */) return 'ndjson';
  const end = head.indexOf(0x22, i + 1);
  if (end < 0) return complete || head.length - i > 64 ? 'ndjson' : undefined;
  return head.toString('latin1', i + 1, end) === 'log' ? 'har' : 'ndjson';
}

async function* chunksOf(path: string, total: number, onProgress: ReadTrafficOptions['onProgress']): AsyncGenerator<Buffer> {
  let bytes = 0;
  const stream = createReadStream(path, { highWaterMark: 1024 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      yield chunk;
      onProgress?.(bytes, total);
    }
  } finally {
    stream.destroy();
  }
}

async function* prepend(first: Buffer[], rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  try {
    for (const c of first) yield c;
    for (;;) {
      const r = await rest.next();
      if (r.done) return;
      yield r.value;
    }
  } finally {
    await rest.return?.(undefined);
  }
}

/** Read HAR 1.2 or NDJSON traffic; yields entries and issues in file order. */
export async function* readTraffic(path: string, opts: ReadTrafficOptions = {}): AsyncGenerator<TrafficEntry | TrafficIssue> {
  let total: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new TrafficFileError('not a regular file');
    total = st.size;
  } catch (err) {
    if (err instanceof TrafficFileError) throw err;
    throw new TrafficFileError(`cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const maxEntryBytes = opts.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES;
  const source = chunksOf(path, total, opts.onProgress);
  const it = source[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let format: ReturnType<typeof sniffTraffic>;
  try {
    for (;;) {
      const r = await it.next();
      const joined = Buffer.concat(head.concat(r.done ? [] : [r.value]));
      if (!r.done) head.push(r.value);
      format = sniffTraffic(joined.subarray(0, 4096), r.done === true || joined.length >= 4096);
      if (format !== undefined) break;
    }
  } catch (err) {
    await it.return?.(undefined);
    throw new TrafficFileError(`cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (format === 'unknown') {
    await it.return?.(undefined);
    throw new TrafficFileError('not HAR or NDJSON traffic: expected a JSON object (HAR 1.2 document or one {request, response} object per line)', 1, 1);
  }
  opts.onFormat?.(format);
  const chunks = prepend(head, it);
  if (format === 'har') yield* readHarEntries(chunks, maxEntryBytes);
  else yield* readNdjsonEntries(chunks, maxEntryBytes);
}
