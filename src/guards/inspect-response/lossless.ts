/**
 * JSON.parse and JSON.stringify round trips that keep every number's text. Minimum necessary edits a
 * parsed document (src/access); a plain round trip would turn 9007199254740993 into ...992, 1.10 into
 * 1.1 and 1e400 into null: the released bytes would no longer say what the upstream said.
 *
 * Numbers whose text a round trip would change are swapped for sentinel strings (with a random nonce,
 * so no upstream string can pose as one) before parsing, and swapped back after serializing.
 * Access checks never read numbers (references, labels and field names are strings).
 */
import { randomBytes } from 'node:crypto';
import { tokenize } from '../../phi/json/tokenizer.js';

/** Cheap pre-check: only texts with such a number pay for the tokenizer. */
const LOSSY_HINT = /[0-9]{16}|[0-9][eE]|\.[0-9]*0(?![0-9])|-0(?![0-9.eE])/;

export interface Lossless {
  readonly value: unknown;
  /** Serializes an edited copy of `value`, putting every number's original text back. */
  stringify(edited: unknown): string;
}

/** Throws SyntaxError (like JSON.parse) on invalid JSON. */
export function parseLossless(text: string): Lossless {
  if (!LOSSY_HINT.test(text)) return { value: JSON.parse(text), stringify: (v) => JSON.stringify(v) };
  let doc;
  try {
    doc = tokenize(text);
  } catch {
    throw new SyntaxError('invalid JSON');
  }
  const raws: string[] = [];
  const parts: string[] = [];
  const nonce = randomBytes(6).toString('hex');
  let last = 0;
  for (let i = 0; i < doc.vStart.length; i++) {
    if (doc.vKind[i] !== 1) continue;
    const raw = text.slice(doc.vStart[i], doc.vEnd[i]);
    if (JSON.stringify(JSON.parse(raw)) === raw) continue;
    parts.push(text.slice(last, doc.vStart[i]), `"\\u0000${nonce}:${raws.length}\\u0000"`);
    raws.push(raw);
    last = doc.vEnd[i]!;
  }
  if (raws.length === 0) return { value: JSON.parse(text), stringify: (v) => JSON.stringify(v) };
  parts.push(text.slice(last));
  const sentinel = new RegExp(`"\\\\u0000${nonce}:(\\d+)\\\\u0000"`, 'g');
  return {
    value: JSON.parse(parts.join('')),
    stringify: (v) => JSON.stringify(v).replace(sentinel, (_, n: string) => raws[Number(n)]!),
  };
}
