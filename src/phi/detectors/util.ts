import type { Candidate, PhiType } from '../types.js';

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

/** True when `words` is unknown or holds any of `keys` (cheap gate before running a regex). */
export function anyWord(words: ReadonlySet<string> | undefined, keys: readonly string[]): boolean {
  if (!words) return true;
  for (const k of keys) if (words.has(k)) return true;
  return false;
}
