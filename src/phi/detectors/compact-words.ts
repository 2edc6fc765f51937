/**
 * Compact lookup over a '|'-separated word list (src/phi/data/dict.ts), instead of a `Map` or `Set`
 * with one heap string and one hash-table entry per word (~39 MB of heap per thread for the name,
 * city and word lists). The list string stays as it is; an open-addressing table of word indexes
 * (Int32Array) and the word start offsets are all that is added (~1.5 MB for all lists).
 *
 * Same answers as `rank()` / `toSet()` over `s.split('|')`: `get(w)` is the index of the LAST
 * occurrence of `w` in the list (what `Map.set` in list order leaves), `has(w)` whether it occurs.
 * Lookups allocate nothing.
 */
export class CompactWords {
  readonly #s: string;
  /** starts[i]: offset of word i in #s; starts[n] = #s.length + 1 (one past the last separator). */
  readonly #starts: Int32Array;
  /** Open addressing, linear probing: word index + 1, 0 = empty. */
  readonly #table: Int32Array;
  readonly #mask: number;
  readonly size: number;

  constructor(list: string) {
    this.#s = list;
    let n = 1;
    for (let i = 0; i < list.length; i++) if (list.charCodeAt(i) === 124) n++;
    const starts = new Int32Array(n + 1);
    let w = 1;
    for (let i = 0; i < list.length; i++) if (list.charCodeAt(i) === 124) starts[w++] = i + 1;
    starts[n] = list.length + 1;
    this.#starts = starts;
    let cap = 16;
    while (cap < n * 2) cap *= 2;
    this.#table = new Int32Array(cap);
    this.#mask = cap - 1;
    let distinct = 0;
    for (let i = 0; i < n; i++) {
      const a = starts[i]!, b = starts[i + 1]! - 1;
      let h = hashRange(list, a, b) & this.#mask;
      for (;;) {
        const e = this.#table[h]!;
        if (e === 0) {
          this.#table[h] = i + 1;
          distinct++;
          break;
        }
        if (this.#sameWord(e - 1, list, a, b)) {
          this.#table[h] = i + 1; // a later duplicate wins, as Map.set does
          break;
        }
        h = (h + 1) & this.#mask;
      }
    }
    this.size = distinct;
  }

  /** Index of `word` in the list (last occurrence), or undefined. */
  get(word: string): number | undefined {
    let h = hashRange(word, 0, word.length) & this.#mask;
    for (;;) {
      const e = this.#table[h]!;
      if (e === 0) return undefined;
      if (this.#sameWord(e - 1, word, 0, word.length)) return e - 1;
      h = (h + 1) & this.#mask;
    }
  }

  has(word: string): boolean {
    return this.get(word) !== undefined;
  }

  #sameWord(i: number, t: string, a: number, b: number): boolean {
    const s = this.#s;
    const ws = this.#starts[i]!;
    const len = this.#starts[i + 1]! - 1 - ws;
    if (len !== b - a) return false;
    for (let k = 0; k < len; k++) if (s.charCodeAt(ws + k) !== t.charCodeAt(a + k)) return false;
    return true;
  }
}

/** FNV-1a over UTF-16 code units of s[a, b). */
function hashRange(s: string, a: number, b: number): number {
  let h = 0x811c9dc5;
  for (let i = a; i < b; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
