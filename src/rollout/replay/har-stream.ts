/**
 * Streaming HAR reader: one pass over the bytes, holding at most one entry in memory.
 *
 * A small byte-level scanner follows the document's structure (strings, escapes, brackets; UTF-8
 * multi-byte sequences never contain ASCII bytes, so scanning bytes is safe) and tracks only the
 * path root → `log` → `entries`. Each element of `log.entries` is captured as raw bytes, parsed
 * with JSON.parse, and normalized; any other content (`pages`, `creator`, ...) is skipped without
 * being held. An element that does not parse, is not an entry, or is larger than `maxEntryBytes`
 * becomes a `TrafficIssue` with its index and line:col, and the scan goes on with the next one.
 * (src/phi/json/tokenizer.ts works on a whole string, so it is used only to locate parse errors.)
 */
import { normalizeEntry, parseLocated, positionIn } from './normalize.js';
import { TrafficFileError, type TrafficEntry, type TrafficIssue } from './types.js';

const ROOT = 1;
const LOG = 2;
const ENTRIES = 3;

const isSpace = (b: number) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;

interface Capture {
  line: number;
  column: number;
  depth: number;
  inStr: boolean;
  esc: boolean;
  parts: Buffer[];
  size: number;
  oversize: boolean;
  from: number;
}

function finish(cap: Capture, index: number): TrafficEntry | TrafficIssue {
  const where = { index, line: cap.line, column: cap.column };
  if (cap.oversize) return { ...where, message: 'entry is larger than the entry size limit; skipped' };
  const text = Buffer.concat(cap.parts).toString('utf8');
  const parsed = parseLocated(text);
  if ('offset' in parsed) return { index, ...positionIn(text, parsed.offset, cap.line, cap.column), message: `entry is not valid JSON: ${parsed.message}` };
  const n = normalizeEntry(parsed.value);
  if ('error' in n) return { ...where, message: n.error };
  return { index, ...n.entry, line: cap.line };
}

export async function* readHarEntries(chunks: AsyncIterable<Buffer>, maxEntryBytes: number): AsyncGenerator<TrafficEntry | TrafficIssue> {
  const stack: number[] = []; // ROOT / LOG / ENTRIES frames only; other containers are a depth counter
  let skipDepth = 0;
  let skipStr = false;
  let inStr = false;
  let esc = false;
  let strIsKey = false;
  let keyBytes: number[] = [];
  let key: string | null = null;
  let expectKey = false;
  let sawEntries = false;
  let rootDone = false;
  let trailing = false;
  let index = 0;
  let line = 1;
  let column = 1;
  let cap: Capture | null = null;
  let first = true;

  for await (const chunk of chunks) {
    let i = 0;
    if (first) {
      first = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
    }
    const n = chunk.length;
    for (; i < n; i++) {
      const b = chunk[i]!;
      let reprocess = false;
      if (cap) {
        let endAt = -1;
        if (cap.inStr) {
          if (cap.esc) cap.esc = false;
          else if (b === 0x5c) cap.esc = true;
          else if (b === 0x22) {
            cap.inStr = false;
            if (cap.depth === 0) endAt = i + 1;
          }
        } else if (b === 0x22) cap.inStr = true;
        else if (b === 0x7b || b === 0x5b) cap.depth++;
        else if (b === 0x7d || b === 0x5d) {
          if (cap.depth === 0) {
            endAt = i;
            reprocess = true;
          } else if (--cap.depth === 0) endAt = i + 1;
        } else if (cap.depth === 0 && (b === 0x2c || isSpace(b))) {
          endAt = i;
          reprocess = true;
        }
        if (endAt >= 0) {
          cap.size += endAt - cap.from;
          if (cap.size > maxEntryBytes) cap.oversize = true;
          if (!cap.oversize) cap.parts.push(chunk.subarray(cap.from, endAt));
          const done = cap;
          cap = null;
          yield finish(done, index++);
        }
        if (!reprocess) {
          if (b === 0x0a) {
            line++;
            column = 1;
          } else if ((b & 0xc0) !== 0x80) column++;
          continue;
        }
      }
      if (skipDepth > 0) {
        if (skipStr) {
          if (esc) esc = false;
          else if (b === 0x5c) esc = true;
          else if (b === 0x22) skipStr = false;
        } else if (b === 0x22) skipStr = true;
        else if (b === 0x7b || b === 0x5b) skipDepth++;
        else if (b === 0x7d || b === 0x5d) {
          if (--skipDepth === 0) expectKey = false;
        }
      } else if (inStr) {
        if (esc) {
          esc = false;
          if (strIsKey && keyBytes.length < 256) keyBytes.push(b);
        } else if (b === 0x22) {
          inStr = false;
          if (strIsKey) {
            try {
              key = JSON.parse(`"${Buffer.from(keyBytes).toString('utf8')}"`) as string;
            } catch {
              key = null;
            }
            expectKey = false;
          }
        } else {
          if (b === 0x5c) esc = true;
          if (strIsKey && keyBytes.length < 256) keyBytes.push(b);
        }
      } else if (!isSpace(b)) {
        const top = stack.length ? stack[stack.length - 1]! : 0;
        if (rootDone) {
          trailing = true;
        } else if (top === ENTRIES && b !== 0x2c && b !== 0x5d) {
          cap = { line, column, depth: 0, inStr: false, esc: false, parts: [], size: 0, oversize: false, from: i };
          if (b === 0x22) cap.inStr = true;
          else if (b === 0x7b || b === 0x5b) cap.depth = 1;
        } else if (b === 0x22) {
          inStr = true;
          strIsKey = top !== ENTRIES && expectKey;
          keyBytes = [];
        } else if (b === 0x7b || b === 0x5b) {
          let frame = 0;
          if (stack.length === 0) {
            if (b !== 0x7b) throw new TrafficFileError('the HAR document is not a JSON object', line, column);
            frame = ROOT;
          } else if (top === ROOT && key === 'log' && b === 0x7b) frame = LOG;
          else if (top === LOG && key === 'entries' && b === 0x5b) frame = ENTRIES;
          if (frame) {
            stack.push(frame);
            if (frame === ENTRIES) sawEntries = true;
            expectKey = b === 0x7b;
            key = null;
          } else skipDepth = 1;
        } else if (b === 0x7d || b === 0x5d) {
          stack.pop();
          expectKey = false;
          if (stack.length === 0) rootDone = true;
        } else if (b === 0x2c) {
          if (top !== ENTRIES) expectKey = true;
        } else if (stack.length === 0) {
          throw new TrafficFileError('the HAR document is not a JSON object', line, column);
        }
      }
      if (b === 0x0a) {
        line++;
        column = 1;
      } else if ((b & 0xc0) !== 0x80) column++;
    }
    if (cap) {
      cap.size += n - cap.from;
      if (cap.size > maxEntryBytes) {
        cap.oversize = true;
        cap.parts = [];
      } else cap.parts.push(chunk.subarray(cap.from));
      cap.from = 0;
    }
  }
  if (cap) {
    yield { index, line: cap.line, column: cap.column, message: 'the file ends inside this entry (truncated HAR)' };
    return;
  }
  if (!sawEntries) throw new TrafficFileError('no log.entries array in the HAR document', line, column);
  if (!rootDone) yield { index, line, column, message: 'the HAR document is truncated (it ends before log.entries is closed)' };
  else if (trailing) yield { index, line, column, message: 'content after the end of the HAR document was ignored' };
}
