import type { Candidate, PhiType } from '../types.js';
import { addGateBits } from './lexicon.js';

/** Lower-cased text immediately before `pos` (up to `n` chars), for context-word checks. */
export function before(text: string, pos: number, n = 32): string {
  return text.slice(Math.max(0, pos - n), pos).toLowerCase();
}

export function after(text: string, pos: number, n = 24): string {
  return text.slice(pos, pos + n).toLowerCase();
}

export function push(out: Candidate[], type: PhiType, start: number, end: number, score: number, detector: string): void {
  if (end > start) out.push({ type, start, end, score: Math.min(1, score), detector });
}

/** Run a global regex and call `fn` for each match (handles zero-length matches safely). */
export function each(re: RegExp, text: string, fn: (m: RegExpExecArray) => void): void {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0].length === 0) { re.lastIndex++; continue; }
    fn(m);
  }
}

/** Start index of capture group `g` using the `d` flag indices. */
export function groupSpan(m: RegExpExecArray, g: number): [number, number] | undefined {
  const ix = m.indices?.[g];
  return ix ? [ix[0], ix[1]] : undefined;
}

/**
 * Keyword gates: each keyword list used to skip a regex gets one bit; a text's gate mask is the OR
 * of the bits of its words (one hash lookup per distinct word), so each gate test is a bit test.
 */
const GATE_WORDS = new Map<string, number>();
const gateCache = new Map<string, number>();
let nextBit = 0;
function gateBit(keys: readonly string[]): number {
  const id = keys.join('|');
  let bit = gateCache.get(id);
  if (bit === undefined) {
    if (nextBit > 30) throw new Error('too many keyword gates');
    bit = 1 << nextBit++;
    gateCache.set(id, bit);
    for (const k of keys) { GATE_WORDS.set(k, (GATE_WORDS.get(k) ?? 0) | bit); addGateBits(k, bit); }
  }
  return bit;
}
/** Gate mask of a text from its distinct lower-cased words (all bits when unknown). */
export function gateMask(words: Iterable<string> | undefined): number {
  if (!words) return -1;
  let b = 0;
  for (const w of words) { const g = GATE_WORDS.get(w); if (g !== undefined) b |= g; }
  return b;
}
/** Gate mask straight from tokens' lower-cased words. */
export function gateMaskOf(toks: ReadonlyArray<{ gates: number }>): number {
  // the token's lexicon entry carries the gate bits: its one hash lookup serves every later detector too
  let b = 0;
  for (let i = 0; i < toks.length; i++) b |= toks[i]!.gates;
  return b;
}
/** A gate for `keys`: call once at module load, test with `(mask & gate) !== 0`. */
export function gate(keys: readonly string[]): number { return gateBit(keys); }

/** True when the mask (from gateMask) has any of `keys`. Registers the list on first use. */
export function anyWord(mask: number, keys: readonly string[]): boolean {
  return (mask & gateBit(keys)) !== 0;
}
