/**
 * Short strings that scanned clean, remembered per compiled redactor so that the boilerplate of
 * structured documents ("active", "Medical Record Number", "Not Hispanic or Latino") is scanned
 * once per process instead of once per response.
 *
 * Sound because `scanText` is a pure function of the text and the redactor's options (minScore,
 * sensitivity): a string that scanned clean once scans clean again. Only clean results are kept,
 * so the memo never holds a value the engine recognised as PHI; only strings up to MAX_LEN
 * characters, and at most 2 x MAX_ENTRIES of them (two generations: when the newer one is full
 * the older one is dropped, so the strings in use stay and the rest age out). A detector that
 * ever depends on more than the string itself (e.g. names seeded from other fields of the same
 * document) must bypass this memo.
 */
import type { CompiledRedactor } from '../redact.js';

export const MAX_LEN = 96;
export const MAX_ENTRIES = 2048;

export class CleanMemo {
  private young = new Set<string>();
  private old = new Set<string>();

  /** Whether `text` is known to scan clean. */
  has(text: string): boolean {
    if (text.length > MAX_LEN) return false;
    if (this.young.has(text)) return true;
    if (!this.old.has(text)) return false;
    this.remember(text); // still in use: promote it
    return true;
  }

  /** Records that `text` scanned clean (ignored for long strings). */
  remember(text: string): void {
    if (text.length > MAX_LEN) return;
    if (this.young.size >= MAX_ENTRIES) {
      this.old = this.young;
      this.young = new Set();
    }
    this.young.add(text);
  }

  get size(): number {
    return this.young.size + this.old.size;
  }
}

const memos = new WeakMap<CompiledRedactor, CleanMemo>();

export function cleanMemoOf(r: CompiledRedactor): CleanMemo {
  let m = memos.get(r);
  if (!m) memos.set(r, (m = new CleanMemo()));
  return m;
}
