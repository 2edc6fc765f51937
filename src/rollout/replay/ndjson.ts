/**
 * NDJSON traffic: one JSON object per line, `{"request": {...}, "response": {...}, "startedDateTime"?}`
 * (see normalize.ts for the accepted spellings). Blank lines are skipped and not counted; a line
 * that does not parse or is not an entry is a `TrafficIssue` with its line:col; a line longer than
 * `maxEntryBytes` is skipped without being held in memory.
 */
import { normalizeEntry, parseLocated } from './normalize.js';
import type { TrafficEntry, TrafficIssue } from './types.js';

function lineItem(parts: Buffer[], index: number, line: number): TrafficEntry | TrafficIssue {
  let text = Buffer.concat(parts).toString('utf8');
  if (text.endsWith('\r')) text = text.slice(0, -1);
  if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const parsed = parseLocated(text);
  if ('offset' in parsed) return { index, line, column: parsed.offset + 1, message: `line is not valid JSON: ${parsed.message}` };
  const n = normalizeEntry(parsed.value);
  if ('error' in n) return { index, line, column: 1, message: n.error };
  return { index, ...n.entry, line };
}

const blank = (parts: Buffer[]) => parts.every((p) => p.every((b) => b === 0x20 || b === 0x09 || b === 0x0d));

export async function* readNdjsonEntries(chunks: AsyncIterable<Buffer>, maxEntryBytes: number): AsyncGenerator<TrafficEntry | TrafficIssue> {
  let parts: Buffer[] = [];
  let size = 0;
  let oversize = false;
  let line = 1;
  let index = 0;
  const end = function* (): Generator<TrafficEntry | TrafficIssue> {
    if (oversize) yield { index: index++, line, column: 1, message: 'line is larger than the entry size limit; skipped' };
    else if (!blank(parts)) yield lineItem(parts, index++, line);
    parts = [];
    size = 0;
    oversize = false;
    line++;
  };
  for await (const chunk of chunks) {
    let from = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, from);
      const stop = nl < 0 ? chunk.length : nl;
      size += stop - from;
      if (size > maxEntryBytes) {
        oversize = true;
        parts = [];
      } else if (stop > from) parts.push(chunk.subarray(from, stop));
      if (nl < 0) break;
      yield* end();
      from = nl + 1;
    }
  }
  if (size > 0 || oversize) yield* end();
}
