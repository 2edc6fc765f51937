/**
 * Document-level propagation: a word found as part of a confident NAME (or a one-word place) is the
 * same identifier wherever else it occurs in the same text ("my name is Borna Jerković ... everyone
 * calls me borna", "Son, Ed, ... Ed called", "transfer to Quartermain 2 ... from quartermain").
 * De-identification systems do this because context is usually strongest at the first mention only.
 *
 * Guards: only words that cannot pass for ordinary vocabulary are carried over (not clinical, not a
 * label or title, not a frequent English word) unless the new occurrence keeps the capitalised shape
 * of a name in mixed-case text; one-letter and two-letter words are never carried.
 */
import type { Candidate, PhiType } from '../types.js';
import { TITLES } from './lexicon.js';
import { EPONYM_NEXT, LABEL_WORDS, inFirst, inLast, isCommon, veryCommon } from './name-words.js';
import type { Tok } from './tokens.js';
import { push } from './util.js';

const SEED_MIN = 0.7;
const CORROBORATE_MIN = 0.6;
const CARRIED = 0.6;

export function propagate(text: string, toks: readonly Tok[], out: Candidate[]): void {
  const n = toks.length;
  if (n < 3) return;
  // cheap exit: no candidate that could seed
  let any = false;
  for (let i = 0; i < out.length; i++) {
    const c = out[i]!;
    if ((c.type === 'NAME' || c.type === 'LOCATION') && c.score >= CORROBORATE_MIN && !c.detector.startsWith('regex:')) { any = true; break; }
  }
  if (!any) return;
  // 1: covered by a finding; 2: by a sub-threshold NAME candidate only (corroborated below)
  const covered = new Uint8Array(n);
  let seeds: Map<string, { type: PhiType; shaped: boolean; score: number }> | undefined;
  for (let i = 0; i < out.length; i++) {
    const c = out[i]!;
    if (c.score < 0.4) continue;
    const first = firstTokenAtOrAfter(toks, c.start);
    if (c.score < 0.5) {
      if (c.type === 'NAME') for (let k = first; k < n && toks[k]!.start < c.end; k++) if (!covered[k]) covered[k] = 2;
      continue;
    }
    let words = 0;
    for (let k = first; k < n && toks[k]!.start < c.end; k++) { covered[k] = 1; words++; }
    const person = c.type === 'NAME';
    if (!(person || c.type === 'LOCATION') || c.score < CORROBORATE_MIN || c.detector.startsWith('regex:') || (!person && words !== 1)) continue;
    for (let k = first; k < n && toks[k]!.start < c.end; k++) {
      const t = toks[k]!;
      if (!carryable(t)) continue;
      // acronyms and lower-case words make weak seeds: "RVAD", "milrinone"
      if (person ? !(t.cap || t.upper || c.score >= 0.8) : !t.cap) continue;
      const prev = seeds?.get(t.low);
      if (!prev || prev.score < c.score) (seeds ??= new Map()).set(t.low, { type: c.type, shaped: t.cap || t.upper, score: c.score });
    }
  }
  if (!seeds) return;
  for (let k = 0; k < n; k++) {
    if (covered[k] === 1) continue;
    const t = toks[k]!;
    const s = seeds.get(t.low);
    if (!s || !carryable(t)) continue;
    // a seed just above the threshold carries only to an occurrence that already looked like a name:
    // "Gerth had given Gerth his address" (subject of a person verb + a sub-threshold surname)
    if (s.score < SEED_MIN && !(covered[k] === 2 && s.type === 'NAME')) continue;
    // a word that is also ordinary vocabulary ("Rich", "Hope", "Harbor") only where it keeps a name's shape
    const shapedHere = t.cap || (t.upper && !t.capsZone);
    if ((t.english || isCommon(t)) && !(shapedHere && s.shaped && !t.sentStart)) continue;
    if (t.upper && t.capsZone && s.type === 'LOCATION') continue;
    // an eponym: the surname of a doctor in the note before a clinical noun ("Paget disease", "Amsel criteria")
    const nx = toks[k + 1];
    if (nx && s.type === 'NAME' && (nx.clinical || EPONYM_NEXT.has(nx.low)) && /^[ \t-]+$/.test(text.slice(t.end, nx.start))) continue;
    // a lower-case or caps-lock occurrence of a word no name list knows needs a strong first mention
    // ("my name is borna ... calls me borna")
    if ((t.lower || (t.upper && t.capsZone)) && s.score < 0.8 && !(inFirst(t) || inLast(t) || t.worldName)) continue;
    push(out, s.type, t.start, t.end, CARRIED, 'ctx:propagated');
  }
}

/** Index of the first token ending after `pos` (tokens are sorted and disjoint). */
function firstTokenAtOrAfter(toks: readonly Tok[], pos: number): number {
  let lo = 0, hi = toks.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (toks[mid]!.end <= pos) lo = mid + 1; else hi = mid; }
  return lo;
}

function carryable(t: Tok): boolean {
  return !t.initial && t.low.length >= 3 && !t.clinical && !LABEL_WORDS.has(t.low) && !TITLES.has(t.low) && !veryCommon(t) && !t.place;
}
