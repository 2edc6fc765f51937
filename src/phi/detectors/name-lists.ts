/** Lists of given names in any case ("silvana, adam, christopher and caleb"); see names/rules-lists.ts. */
import type { Tok } from './tokens.js';
import { clinical, inFirst, isCommon, rawWord, veryCommon } from './name-words.js';

/**
 * A list of one-word items in any case, "silvana, adam, christopher, kristina, chad and caleb": when
 * most items are given names and none is clinical or ordinary vocabulary, every item is a name.
 */
export function listOfGivenNames(text: string, toks: Tok[], taken: Uint8Array, emit: (i: number, j: number, score: number, det: string) => void): void {
  const n = toks.length;
  for (let i = 0; i + 4 < n; i++) {
    if (text.charCodeAt(toks[i]!.end) !== 44) continue; // ","
    const items = [i];
    let k = i;
    let closed = false;
    while (k + 1 < n) {
      const gap = text.slice(toks[k]!.end, toks[k + 1]!.start);
      if (/^[ \t]*,[ \t]*$/.test(gap)) { k++; items.push(k); continue; }
      if (/^,?[ \t]+$/.test(gap) && (toks[k + 1]!.low === 'and' || toks[k + 1]!.low === 'or') && k + 2 < n && /^[ \t]+$/.test(text.slice(toks[k + 1]!.end, toks[k + 2]!.start))) {
        items.push(k + 2);
        closed = true;
      }
      break;
    }
    if (!closed || items.length < 3) { i = k; continue; }
    const last = toks[items[items.length - 1]!]!;
    // the last item must end the list: "... and caleb." not "... and caleb smith"
    if (!/^\s*(?:[.,;:!?)]|$)/.test(text.slice(last.end, last.end + 2))) { i = k; continue; }
    let given = 0, bad = false;
    for (const ix of items) {
      const t = toks[ix]!;
      if (clinical(t) || (t.place && !inFirst(t)) || /\d/.test(rawWord(text, t)) || (isCommon(t) && !(inFirst(t) && t.firstRank < 1500 && !veryCommon(t)))) { bad = true; break; }
      if (inFirst(t) && t.firstRank < 5000 && !t.place) given++; // "chad": a name and a country
    }
    // lower-case items that are mostly also frequent words are things, not people: "ruby, jade, amber and hazel"
    let wordish = 0;
    for (const ix of items) if (toks[ix]!.lower && toks[ix]!.wordRank !== Infinity) wordish++;
    if (wordish * 2 >= items.length) bad = true;
    if (!bad && given >= Math.max(2, Math.ceil(items.length * 0.6))) for (const ix of items) if (!taken[ix]) emit(ix, ix, 0.7, 'ctx:given-list');
    i = items[items.length - 1]!;
  }
}
