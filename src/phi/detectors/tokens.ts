import { HOT_LEX, LEX, isEnglishWord, isWorldName, type LexEntry } from './lexicon.js';

const NO_ENTRY: LexEntry = Object.freeze({ role: 0, firstRank: Infinity, lastRank: Infinity, wordRank: Infinity, clinical: false, place: false, multiFirst: false, gates: 0 });

/** Word tokens with the features the name and location detectors need. Lexicon facts are looked up lazily. */
export class Tok {
  private e: LexEntry | undefined = undefined;
  private en: boolean | undefined = undefined;
  constructor(
    readonly start: number,
    readonly end: number,
    /** lower-cased, possessive 's stripped */
    readonly low: string,
    /** Title case: upper then lower (Mary, McDonald, O'Neil) */
    readonly cap: boolean,
    /** ALL CAPS word of 2+ letters */
    readonly upper: boolean,
    /** first letter lower-case */
    readonly lower: boolean,
    /** Single capital letter followed by '.' */
    readonly initial: boolean,
    /** Has letters outside ASCII (diacritics, other scripts) */
    readonly foreign: boolean,
    /** Followed by '.' */
    readonly dot: boolean,
    /** First word of a sentence or line */
    readonly sentStart: boolean,
    /** First word on its line */
    readonly lineStart: boolean,
    /** Text around is mostly upper case (caps-lock notes) */
    readonly capsZone: boolean,
  ) {}
  private lex(): LexEntry { return (this.e ??= HOT_LEX.get(this.low) ?? LEX.get(this.low) ?? NO_ENTRY); }
  /** Rank in the given-name / surname / English word-frequency lists (Infinity when absent) */
  get firstRank(): number { return this.lex().firstRank; }
  get lastRank(): number { return this.lex().lastRank; }
  get wordRank(): number { return this.lex().wordRank; }
  /** An English dictionary word (any frequency); proper nouns and foreign words are not. */
  get english(): boolean { return (this.en ??= isEnglishWord(this.low)); }
  /** In the international names list (any country), by Bloom filter. */
  get worldName(): boolean { return isWorldName(this.low); }
  /** keyword-gate bits (util.gate) */
  get gates(): number { return this.lex().gates; }
  /** context-role bits (lexicon R) */
  get role(): number { return this.lex().role; }
  /** clinical vocabulary (lexicon CLINICAL) */
  get clinical(): boolean { return this.lex().clinical; }
  /** one-word city/state/country */
  get place(): boolean { return this.lex().place; }
  /** first word of a multi-word city/state */
  get multiFirst(): boolean { return this.lex().multiFirst; }
}

const SPLIT_HEAD = new Set(['daughter', 'dtr', 'son', 'wife', 'husband', 'sister', 'brother', 'mother', 'father', 'niece', 'nephew', 'friend', 'dr', 'mr', 'mrs', 'ms', 'pt', 'aunt', 'uncle', 'cousin', 'granddaughter', 'grandson', 'grandaughter', 'hcp', 'proxy']);
const isUpperCode = (c: number): boolean => c >= 65 && c <= 90;
const isLowerCode = (c: number): boolean => c >= 97 && c <= 122;

const NON_ASCII_LETTER = /[\p{L}\p{M}]/u;
const isWordStart = (text: string, i: number, c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c > 127 && NON_ASCII_LETTER.test(text[i]!) && !/\p{M}/u.test(text[i]!));
const isWordChar = (text: string, i: number, c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 39 || c === 45 || c === 0x2019 || (c > 127 && NON_ASCII_LETTER.test(text[i]!));

export function tokenize(text: string): Tok[] {
  const toks: Tok[] = [];
  let lastEnd = 0;
  let upperRun = 0, lowerRun = 0;
  const n = text.length;
  let pos = 0;
  while (pos < n) {
    const c1 = text.charCodeAt(pos);
    if (!isWordStart(text, pos, c1)) { pos++; continue; }
    let stop = pos + 1;
    while (stop < n && isWordChar(text, stop, text.charCodeAt(stop))) stop++;
    const mIndex = pos;
    let w = text.slice(pos, stop);
    pos = stop;
    let wl = w.length;
    while (wl > 0) { const c = w.charCodeAt(wl - 1); if (c === 45 || c === 39 || c === 0x2019) wl--; else break; }
    if (wl === 0) continue;
    if (wl !== w.length) w = w.slice(0, wl);
    // "DAUGHTER-ROSA": a relation word glued to a name by a hyphen is two tokens
    const hy = w.indexOf('-');
    if (hy > 1 && hy < wl - 2 && SPLIT_HEAD.has(w.slice(0, hy).toLowerCase())) {
      wl = hy;
      w = w.slice(0, hy);
      pos = mIndex + hy + 1;
    } else if (hy > 1) {
      // "COPING-SISTER": a relation word glued after a hyphen starts a new token
      const hz = w.lastIndexOf('-');
      if (hz < wl - 2 && SPLIT_HEAD.has(w.slice(hz + 1).toLowerCase())) {
        wl = hz;
        w = w.slice(0, hz);
        pos = mIndex + hz + 1;
      }
    }
    const start = mIndex, end = start + wl;
    // gap features without allocating
    let sentStart = toks.length === 0, lineStart = toks.length === 0, bullet = true;
    for (let k = lastEnd; k < start; k++) {
      const c = text.charCodeAt(k);
      if (c === 10) { lineStart = true; sentStart = true; bullet = true; } else if (c === 46 || c === 33 || c === 63 || c === 58 || c === 59) { sentStart = true; if (!lineStart) bullet = false; } else if (c !== 32 && c !== 9 && c !== 13 && c !== 45 && c !== 42 && c !== 0x2022) bullet = false;
    }
    if (toks.length === 0) {
      for (let k = 0; k < start; k++) { const c = text.charCodeAt(k); if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 45 && c !== 42) { lineStart = false; break; } }
    } else if (lineStart && !bullet) {
      // something other than spaces/bullets between the newline and the word
      const nl = text.lastIndexOf('\n', start);
      for (let k = nl + 1; k < start; k++) { const c = text.charCodeAt(k); if (c !== 32 && c !== 9 && c !== 45 && c !== 42 && c !== 0x2022) { lineStart = false; break; } }
    }
    let hasUpper = false;
    for (let k = 0; k < wl; k++) { const c = w.charCodeAt(k); if ((c >= 65 && c <= 90) || c > 127) { hasUpper = true; break; } }
    const low0 = hasUpper ? w.toLowerCase() : w;
    const low = low0.endsWith("'s") || low0.endsWith('’s') ? low0.slice(0, -2) : low0;
    const c0 = w.charCodeAt(0);
    let ascii = true;
    for (let k = 0; k < wl; k++) if (w.charCodeAt(k) > 127) { ascii = false; break; }
    let upper: boolean, cap: boolean, lowerFirst: boolean;
    if (ascii) {
      let allUp = wl >= 2;
      for (let k = 0; k < wl && allUp; k++) { const c = w.charCodeAt(k); if (isLowerCode(c)) allUp = false; }
      upper = allUp && w !== low0;
      cap = !upper && isUpperCode(c0);
      lowerFirst = isLowerCode(c0);
    } else {
      upper = wl >= 2 && w === w.toUpperCase() && w !== low0;
      cap = !upper && /^\p{Lu}/u.test(w);
      lowerFirst = /^\p{Ll}/u.test(w);
    }
    if (upper) { upperRun++; lowerRun = Math.max(0, lowerRun - 1); } else if (wl > 1) { lowerRun++; upperRun = Math.max(0, upperRun - 1); }
    const dot = text.charCodeAt(end) === 46;
    toks.push(new Tok(start, end, low, cap, upper, lowerFirst, wl === 1 && (ascii ? isUpperCode(c0) : /\p{Lu}/u.test(w)) && dot,
      !ascii, dot, sentStart, lineStart, upperRun > lowerRun + 1));
    lastEnd = end;
  }
  return toks;
}

/** Lower-cased words present in the text, for gating keyword-anchored regexes. */
export function wordSet(toks: readonly Tok[]): Set<string> {
  const s = new Set<string>();
  for (const t of toks) s.add(t.low);
  return s;
}
