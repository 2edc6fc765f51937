/** What every name rule works on: the text, its tokens, the tokens already named, and the shared helpers. */
import type { Candidate } from '../../types.js';
import type { Tok } from '../tokens.js';
import { STATE_ABBR, TITLES } from '../lexicon.js';
import { push } from '../util.js';
import {
  EPONYM_NEXT, FOLLOWERS, LABEL_WORDS, NOT_NAME_SUFFIX, clinical, inFirst, inLast, isCommon, rawWord, spaceOnly, veryCommon,
} from '../name-words.js';
import type { Rule } from '../rules.js';

export type Support = 'title' | 'relation' | 'verb' | 'list' | 'none';

export interface NameCtx {
  readonly text: string;
  readonly toks: Tok[];
  readonly n: number;
  /** taken[i] = 1 once token i is part of an emitted name. */
  readonly taken: Uint8Array;
  readonly out: Candidate[];
  /** Number of emits that marked tokens (lets a step memoise what it computed for a token). */
  emits: number;
  /** Emit NAME over tokens i..j (label words trimmed off both ends) and mark them taken. */
  emit(i: number, j: number, score: number, det: string): void;
  /** Extend from i over qualifying tokens (max 4), return last index or -1. */
  run(i: number, support: 'title' | 'relation' | 'verb'): number;
  /** "Sons Abel, Morton and Cyrus": continue a name over ", X" / "and X" / "& X"; returns the last index. */
  listTail(j: number): number;
  /** A frequent given name that is also a word ("son Bill phoned") counts when what follows reads like a name's. */
  nameByFollower(k: number): boolean;
}

export type NameRule = Rule<NameCtx>;

/** Could this token be part of a name, given the support we have? */
export function qualifies(t: Tok, support: Support, text: string, cont = false): boolean {
  if (t.initial) return support !== 'none';
  if (cont === false && support === 'title' && t.low.length === 1 && /^[A-Z]$/.test(text.slice(t.start, t.end))) return true;
  // "Dr. Foley": after a title a capitalised surname wins over the clinical word
  if (support === 'title' && t.cap && inLast(t) && t.clinical && !TITLES.has(t.low)) return true;
  if (clinical(t) || /\d/.test(rawWord(text, t))) return false;
  const dict = inFirst(t) || inLast(t);
  if (veryCommon(t) && !(support === 'title' && dict && t.cap)) return false;
  const common = isCommon(t);
  const shaped = t.cap || (t.upper && t.capsZone);
  switch (support) {
    case 'title': return (dict || !common) && (cont || !(t.upper && t.capsZone && !dict));
    // caps-lock notes: a frequent English word after a relation is the next instruction ("DAUGHTER CALL AM")
    case 'relation': if (t.upper && t.capsZone && t.wordRank < 3000 && t.firstRank > 500) return false;
      return (dict && (!common || shaped) && !(t.lower && NOT_NAME_SUFFIX.test(t.low) && t.firstRank === Infinity)) || (t.wordRank === Infinity && !STATE_ABBR.has(t.low.toUpperCase()) && t.low.length > 2 && /^[\p{L}'’]+$/u.test(t.low) && !NOT_NAME_SUFFIX.test(t.low) && !(t.lower && t.low.endsWith('s')));
    case 'list': if (/['’]/.test(t.low) && !/^(?:o|d|l)['’]/.test(t.low)) return false;
      return (dict && !common && !t.lower) || (!common && (t.cap || t.upper) && t.low.length > 2);
    case 'verb': return dict && !common && (t.cap || (t.firstRank < 3000 && !NOT_NAME_SUFFIX.test(t.low)));
    default: return false;
  }
}

export function createNameCtx(text: string, toks: Tok[], out: Candidate[]): NameCtx {
  const n = toks.length;
  const taken = new Uint8Array(n);
  const ctx: NameCtx = {
    text, toks, n, taken, out, emits: 0,
    emit(i, j, score, det) {
      // label words ("SSN", "DOB", "Fax") are never part of a name
      while (i <= j && !toks[i]!.initial && LABEL_WORDS.has(toks[i]!.low)) i++;
      while (j >= i && !toks[j]!.initial && LABEL_WORDS.has(toks[j]!.low)) j--;
      if (j < i) return;
      const a = toks[i], b = toks[j];
      if (!a || !b) return;
      const end = b.initial ? b.end + 1 : b.end;
      push(out, 'NAME', a.start, end, score, det);
      for (let k = i; k <= j; k++) taken[k] = 1;
      ctx.emits++;
    },
    run(i, support) {
      let j = i - 1;
      for (let k = i; k < n && k < i + 4; k++) {
        const t = toks[k]!;
        const prev = toks[k - 1];
        if (k > i && prev && /[^\s.'’-]/.test(text.slice(prev.end, t.start).replace(/^\./, ''))) break;
        // a full stop ends the name unless it closes an initial ("J. Smith"): "Dr. Vasquez. Milrinone gtt"
        if (k > i && prev && !prev.initial && prev.low.length > 1 && text.charCodeAt(prev.end) === 46) break;
        if (k > i && prev && /\n/.test(text.slice(prev.end, t.start))) break;
        // mixed-case text keeps a name's case: "Dr. Smith gave" stops before "gave"
        if (k > i && t.lower && (toks[i]!.cap || (toks[i]!.upper && !toks[i]!.capsZone))) break;
        const s = k === i ? support : (t.cap || t.upper || t.initial || inLast(t) ? 'title' : 'verb');
        if (!qualifies(t, s, text, k > i)) break;
        if (k > i && s === 'title' && !t.initial && !(t.cap || t.upper) && !inLast(t) && !inFirst(t)) break;
        j = k;
        if (!t.initial && k > i && !(toks[k + 1]?.cap || toks[k + 1]?.upper)) break;
      }
      // an initial alone is not a name (but "Mr X" is)
      while (j >= i && toks[j]!.initial && j === i && support !== 'title') j--;
      return j;
    },
    listTail(j) {
      for (let g = 0; g < 4; g++) {
        // a third member of a list of names: a capitalised surname that is also a word ("Graves and Reed")
        const relaxed = (): boolean => g > 0 || (j > 0 && taken[j - 1] === 1 && /^\s*,\s*$/.test(text.slice(toks[j - 1]!.end, toks[j]!.start)));
        const a = toks[j], b = toks[j + 1];
        if (!a || !b) break;
        const gap = text.slice(a.end, b.start);
        let k = j + 1;
        if (/^\s*(?:,|&|\/)\s*$/.test(gap)) { /* k = j + 1 */ } else if (/^\s+$/.test(gap) && (b.low === 'and' || b.low === 'or')) {
          k = j + 2;
          const c = toks[k];
          if (!c || !/^\s+$/.test(text.slice(b.end, c.start))) break;
        } else break;
        const c = toks[k]!;
        if (!qualifies(c, 'list', text) && !(c.cap && (inLast(c) || inFirst(c)) && !clinical(c) && c.wordRank > 100 && relaxed())) break;
        const after = toks[k + 1];
        if (after && spaceOnly(text, c.end, after.start) && (after.clinical || EPONYM_NEXT.has(after.low))) break;
        ctx.emit(k, k, 0.75, 'ctx:name-list');
        j = k;
      }
      return j;
    },
    nameByFollower(k) {
      const t = toks[k]!;
      if (!inFirst(t) || t.firstRank > 800 || clinical(t) || t.wordRank < 100) return false;
      const nx = toks[k + 1];
      const gap = nx ? text.slice(t.end, nx.start) : text.slice(t.end, t.end + 2);
      if (/^\s*[,.;()]/.test(gap) || !nx) return true;
      if (!/^[ \t]+$/.test(gap)) return false;
      return FOLLOWERS.has(nx.low) || (inLast(nx) && !isCommon(nx) && !clinical(nx));
    },
  };
  return ctx;
}
