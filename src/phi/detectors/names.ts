import type { Candidate } from '../types.js';
import type { Tok } from './tokens.js';
import { R, CLINICAL, FIRST, LAST, PERSON_CTX, PERSON_VERB, STATE_ABBR, TITLES } from './lexicon.js';
import { push } from './util.js';
import {
  CREDENTIAL, EPONYM_NEXT, FOLLOWERS, CLAUSE_OPENERS, LABEL, LABEL_WORDS, LOWER_OK, PARTICLES, SUBJECT_NEXT, PERSON_PARTICIPLES, AGENT_VERBS, hasSurnameTail, SURNAME_SUFFIX, SURNAME_SUFFIX_STRONG, NOT_NAME_SUFFIX, PERSON_VERBS, PLURAL_VERBS, WEAK_CTX,
  clinical, inFirst, inLast, isCommon, rawWord, spaceOnly, veryCommon,
} from './name-words.js';
import { listOfGivenNames } from './name-lists.js';

export { EPONYM_NEXT, NOT_NAME_SUFFIX, inFirst, inLast, isCommon, veryCommon } from './name-words.js';

const MIDDLE_NOT_INITIAL = new Set(['a', 'i', 'c', 'w', 's', 'p', 'x', 'k', 'q']);
/** Verbs that take a person as indirect object before a possessive ("gave X his", "told X her"). */
const GIVE_VERBS = new Set(['gave', 'given', 'give', 'gives', 'giving', 'told', 'tell', 'tells', 'showed', 'shown', 'show', 'handed', 'hand', 'sent', 'send', 'offered', 'lent', 'asked', 'ask', 'owe', 'owed', 'wished']);
const POSSESSIVE_NEXT = new Set(['his', 'her', 'their']);

/** Could this token be part of a name, given the support we have? */
function qualifies(t: Tok, support: 'title' | 'relation' | 'verb' | 'list' | 'none', text: string, cont = false): boolean {
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

export function detectNames(text: string, toks: Tok[], out: Candidate[]): void {
  const n = toks.length;
  const taken = new Uint8Array(n);
  const emit = (i: number, j: number, score: number, det: string): void => {
    // label words ("SSN", "DOB", "Fax") are never part of a name
    while (i <= j && !toks[i]!.initial && LABEL_WORDS.has(toks[i]!.low)) i++;
    while (j >= i && !toks[j]!.initial && LABEL_WORDS.has(toks[j]!.low)) j--;
    if (j < i) return;
    const a = toks[i], b = toks[j];
    if (!a || !b) return;
    const end = b.initial ? b.end + 1 : b.end;
    push(out, 'NAME', a.start, end, score, det);
    for (let k = i; k <= j; k++) taken[k] = 1;
  };
  /** Extend from i over qualifying tokens (max 4), return last index or -1. */
  const run = (i: number, support: 'title' | 'relation' | 'verb'): number => {
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
  };

  /** A frequent given name that is also a word ("son Bill phoned") counts when what follows reads like a name's. */
  const nameByFollower = (k: number): boolean => {
    const t = toks[k]!;
    if (!inFirst(t) || t.firstRank > 800 || clinical(t) || t.wordRank < 100) return false;
    const nx = toks[k + 1];
    const gap = nx ? text.slice(t.end, nx.start) : text.slice(t.end, t.end + 2);
    if (/^\s*[,.;()]/.test(gap) || !nx) return true;
    if (!/^[ \t]+$/.test(gap)) return false;
    return FOLLOWERS.has(nx.low) || (inLast(nx) && !isCommon(nx) && !clinical(nx));
  };
  // "says Lindqvist.", "calls me Annik", "named him Otto"; possessives "Jurek's address"
  for (let i = 1; i < n; i++) {
    const t = toks[i]!;
    if (taken[i] || t.upper) continue;
    const possessive = text.charCodeAt(t.end - 2) === 39 || text.charCodeAt(t.end - 2) === 0x2019 || text.charCodeAt(t.end) === 39 || text.charCodeAt(t.end) === 0x2019;
    if (!possessive && !(toks[i - 1]!.role & R.SPEECH_PREV)) continue;
    if (!(t.cap || (t.lower && inFirst(t) && t.firstRank < 2000)) || clinical(t) || isCommon(t) || t.place) continue;
    const b = text.slice(Math.max(0, t.start - 24), t.start);
    const after = text.slice(/['’]s$/.test(text.slice(t.start, t.end)) ? t.end - 2 : t.end, t.end + 24);
    if (/\b(?:says|said|asked|told|wrote|named\s+(?:him|her)|calls\s+me|call\s+me|called\s+me|starring|featuring)[ \t]+$/iu.test(b) && /^\s*(?:[.,!?;:)"]|$|'s\b)/.test(after) && (t.cap || inFirst(t) || (!t.english && /\b(?:call|calls|called)\s+me[ \t]+$/i.test(b)))) {
      emit(i, i, 0.65, 'ctx:speech'); continue;
    }
    if (/^['’]s[ \t]+(?:kid|kids|son|daughter|wife|husband|mother|father|mom|dad|sister|brother|address|phone|email|birthday|house|home|family|friend|case|room|children|baby|parents?|partner|boyfriend|girlfriend)\b/i.test(after) && t.cap) {
      emit(i, i, 0.7, 'ctx:possessive');
    }
  }
  // Indirect object before a possessive: "had given Hakuba his address", "told Ilsabet her results"
  for (let i = 1; i + 1 < n; i++) {
    const t = toks[i]!;
    if (taken[i] || !GIVE_VERBS.has(toks[i - 1]!.low) || !POSSESSIVE_NEXT.has(toks[i + 1]!.low)) continue;
    if (!spaceOnly(text, toks[i - 1]!.end, t.start) || !spaceOnly(text, t.end, toks[i + 1]!.start)) continue;
    if (clinical(t) || isCommon(t) || t.place || t.low.length < 3 || /\d/.test(rawWord(text, t))) continue;
    if (!(t.cap || (t.lower && !t.english && !t.capsZone))) continue;
    emit(i, i, 0.7, 'ctx:indirect-object');
  }
  // Subject of a person verb: "Dzhemal spent a year", "Haruko is from", "ines varga lives at"
  for (let i = 0; i < n; i++) {
    const t = toks[i]!;
    if (taken[i] || !t.sentStart || t.clinical || t.upper) continue;
    let j = i;
    const t2 = toks[i + 1];
    if (t2 && spaceOnly(text, t.end, t2.start) && !t2.clinical && t2.cap === t.cap && t2.wordRank === Infinity && !(t2.role & R.TITLE)) j = i + 1;
    const v = toks[j + 1], v2 = toks[j + 2];
    if (!v || !spaceOnly(text, toks[j]!.end, v.start) || !v.lower) continue;
    const verb = PERSON_VERBS.has(v.low) || (v2 !== undefined && (((v.low === 'is' || v.low === 'was') && (v2.low === 'from' || v2.low === 'very' || v2.low === 'born'))
      || ((v.low === 'had' || v.low === 'has') && PERSON_PARTICIPLES.has(v2.low) && spaceOnly(text, v.end, v2.start))));
    if (!verb) continue;
    const known = inFirst(t) && t.firstRank < 3000;
    if (t.cap ? !(t.wordRank === Infinity || (known && !veryCommon(t))) : !(known && j > i)) continue;
    if (t.place || NOT_NAME_SUFFIX.test(t.low)) continue;
    // "Aetna refused", "Precedex started", "Optum has sent": an unknown word before a verb that things take too
    // unless what follows needs a person: a gerund ("Mourik began writing") or a personal object ("had given Gerth his")
    const pv = AGENT_VERBS.has(v.low) ? j + 1 : (v.low === 'had' || v.low === 'has') && AGENT_VERBS.has(v2?.low ?? '') ? j + 2 : -1;
    if (pv >= 0 && !known && !inLast(t) && !t.worldName && !(j > i && (inFirst(toks[j]!) || inLast(toks[j]!)))) {
      const o = toks[pv + 1];
      const personal = o !== undefined && spaceOnly(text, toks[pv]!.end, o.start)
        && ((o.lower && o.low.length > 4 && o.low.endsWith('ing') && !o.clinical) || /^(?:him|her|me|us|them|you)$/.test(o.low) || (o.cap && !o.clinical && !isCommon(o)));
      if (!personal) continue;
    }
    emit(i, j, known ? 0.75 : 0.6, 'ctx:subject');
  }
  // Dialogue transcripts: several "Name: ..." lines, at least one a known given name
  {
    const speakers: number[] = [];
    let knownSpeaker = false;
    for (let i = 0; i < n; i++) {
      const t = toks[i]!;
      if (!t.lineStart || !(t.cap || (t.lower && inFirst(t) && !t.english)) || t.clinical || isCommon(t) || text.charCodeAt(t.end) !== 58) continue;
      speakers.push(i);
      if (inFirst(t)) knownSpeaker = true;
    }
    // ... or the same unknown capitalised speaker on several lines ("Zuzana: ..." twice)
    const seen = new Map<string, number>();
    for (const i of speakers) seen.set(toks[i]!.low, (seen.get(toks[i]!.low) ?? 0) + 1);
    const repeated = (i: number): boolean => (seen.get(toks[i]!.low) ?? 0) >= 2 && !toks[i]!.english && toks[i]!.wordRank === Infinity && toks[i]!.low.length >= 3;
    if (speakers.length >= 2) for (const i of speakers) if (!taken[i] && (knownSpeaker || repeated(i))) emit(i, i, 0.65, 'ctx:speaker');
  }
  // "Okonkwo and Brennan were …": two capitalised non-English words joined by "and" as a plural subject
  for (let i = 0; i + 3 < n; i++) {
    const a = toks[i]!, and = toks[i + 1]!, b = toks[i + 2]!, v = toks[i + 3]!;
    if (and.low !== 'and' || !a.cap || !b.cap || !v.lower || !PLURAL_VERBS.has(v.low)) continue;
    const nameLike = (x: Tok): boolean => !x.clinical && (!x.place || x.worldName) && !x.english && !isCommon(x) && x.low.length > 2;
    if (nameLike(a) && (nameLike(b) || inLast(b))) { emit(i, i, 0.65, 'ctx:subject'); emit(i + 2, i + 2, 0.65, 'ctx:subject'); }
  }
  // Vocative at the start: "Sune, can I please speak to you"
  for (let i = 0; i < n; i++) {
    const t = toks[i]!;
    if (taken[i] || !t.lineStart || !t.cap || clinical(t) || isCommon(t) || t.place) continue;
    if (/^,[ \t]+(?:can|could|would|will|please|i|we|you|thanks|thank|do|did|are|is|have)\b/i.test(text.slice(t.end, t.end + 12))) emit(i, i, 0.65, 'ctx:vocative');
  }
  // Subject of a contact verb: "Linda called twice", "Carl visited"
  for (let i = 0; i + 1 < n; i++) {
    const t = toks[i]!, nx = toks[i + 1]!;
    if (taken[i] || !(nx.role & R.CONTACT) || !spaceOnly(text, t.end, nx.start)) continue;
    if (!inFirst(t) || clinical(t) || (veryCommon(t) && t.firstRank > 800) || (t.wordRank < 100)) continue;
    emit(i, i, 0.7, 'ctx:contact-verb');
  }
  /** "Sons Abel, Morton and Cyrus": continue a name over ", X" / "and X" / "& X". */
  const listTail = (j: number): number => {
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
      emit(k, k, 0.75, 'ctx:name-list');
      j = k;
    }
    return j;
  };
  for (let i = 0; i < n; i++) {
    const t = toks[i]!;
    const next = i + 1 < n ? i + 1 : -1;
    if (next < 0) break;
    if (!(t.role & (R.TITLE | R.PERSON_CTX))) continue;
    // "wife(?) Joellen": an uncertainty mark between the relation and the name
    const gap = text.slice(t.end, toks[next]!.start).replace(/^\(\?\)/, '');
    if (gap.length > 4 || /\n/.test(gap)) continue;
    if ((t.role & R.TITLE) && (t.dot || /^\s+$/.test(gap) || gap.startsWith('.'))) {
      // "MS" (mental status), "MR" (mitral regurgitation), "dr" in lower case: only before a known name
      if (!t.cap && (t.low === 'ms' || t.low === 'mr' || t.low === 'dr' || t.low === 'miss')) {
        const nt = toks[next]!;
        const known = (inFirst(nt) || inLast(nt)) && !isCommon(nt) && !clinical(nt);
        const unknownOk = !isCommon(nt) && !clinical(nt) && !NOT_NAME_SUFFIX.test(nt.low) && !(nt.lower && nt.low.endsWith('s')) && nt.low.length > 2;
        if (!known && !unknownOk && !nt.initial && !(nt.low.length === 1 && /[A-Z]/.test(text[nt.start]!) && t.low === 'mr')) continue;
      }
      if ((t.low === 'sister' || t.low === 'father') && !(toks[next]!.cap || toks[next]!.upper)) { /* relation handled below */ } else {
        const j = run(next, t.low === 'dr' || t.low === 'doctor' ? 'title' : 'title');
        if (j < next && (t.low === 'dr' || t.low === 'doctor')) {
          // doctors' names in caps-lock notes: an unknown word that is not a common or clinical one
          const nt = toks[next]!;
          if (nt.upper && nt.capsZone && !isCommon(nt) && !clinical(nt) && !NOT_NAME_SUFFIX.test(nt.low) && nt.low.length > 2) { emit(next, next, 0.85, 'ctx:title'); continue; }
        }
        if (j >= next) { emit(next, j, 0.92, 'ctx:title'); listTail(j); continue; }
      }
    }
    if ((t.role & R.PERSON_CTX) && /^[\s:,-]*(?:is\s+|was\s+)?$/.test(gap.replace(/\bis\b|\bwas\b/, ''))) {
      const weak = WEAK_CTX.has(t.low);
      const nt = toks[next]!;
      if (!weak && nt.lower && !LOWER_OK.has(t.low) && !inFirst(nt)) continue;
      if (nt.low.startsWith('in-')) continue; // sister-in-law
      let j = run(next, weak ? 'verb' : 'relation');
      if (j < next && !weak && nameByFollower(next)) {
        j = next;
        // "son don reid": the surname that made the given name read as one comes with it
        const f = toks[next + 1];
        if (f && spaceOnly(text, nt.end, f.start) && inLast(f) && !isCommon(f) && !clinical(f)) j = next + 1;
      }
      // "Son, Ed, was updated": a Title-case given name set off by commas after a relation, even when
      // it spells an abbreviation ("Ed", "Al", "Pa")
      if (j < next && !weak && /^[ \t]*,[ \t]*$/.test(gap) && nt.cap && !nt.capsZone && inFirst(nt) && text.charCodeAt(nt.end) === 44) j = next;
      if (j >= next) {
        emit(next, j, weak ? 0.7 : 0.85, 'ctx:relation');
        j = listTail(j);
        continue;
      }
    }
  }
  // Verb contexts: "spoke with X", "my name is X"
  for (let i = 1; i < n; i++) {
    if (taken[i] || !(toks[i - 1]!.role & R.VERB_LAST)) continue;
    // "him/her/them" only count in "named him X"
    const pl = toks[i - 1]!.low;
    if ((pl === 'him' || pl === 'her' || pl === 'them') && toks[i - 2]?.low !== 'named') continue;
    const t = toks[i]!;
    if (!PERSON_VERB.test(text.slice(Math.max(0, t.start - 24), t.start))) continue;
    const strong = /(?:name\s+is|named(?:\s+(?:him|her|them))?|call\s+me|i\s+am|i'm|dear|hi|hello|this\s+is|spoke\s+(?:with|to)|talked\s+(?:with|to)|called\s+by)\s*:?\s*$/i.test(text.slice(Math.max(0, t.start - 24), t.start));
    const shapedName = ((t.cap || (t.upper && !t.capsZone)) && !clinical(t) && (!isCommon(t) || (inFirst(t) && t.firstRank < 1000 && !veryCommon(t))))
      || (strong && t.lower && !t.english && !isCommon(t) && !clinical(t)); // "call me višeslav"
    const j = strong ? run(i, shapedName ? 'relation' : 'verb') : run(i, 'verb');
    if (j >= i && (strong || inFirst(t))) emit(i, j, strong ? 0.85 : 0.7, 'ctx:verb');
  }
  // Signature: name tokens right before a credential at end of line ("Jane Q. Doe, RN")
  for (let i = 0; i < n; i++) {
    const t = toks[i]!;
    if (taken[i] || t.initial) continue;
    const nxt = toks[i + 1];
    if (!nxt || !(nxt.role & R.CRED) || nxt.start - t.end > 4) continue;
    const cred = CREDENTIAL.exec(text.slice(t.end, t.end + 12));
    if (!cred || !/^[^\S\n]*(?:\n|$)/.test(text.slice(t.end + cred[0].length, t.end + cred[0].length + 3))) continue;
    const sigName = (p: Tok): boolean => p.initial || inFirst(p) || inLast(p);
    const sigOk = (p: Tok): boolean => p.initial || ((inFirst(p) || inLast(p)) && !veryCommon(p) && !CLINICAL.has(p.low) || !(clinical(p) || isCommon(p))) && p.low.length > 1 && !TITLES.has(p.low);
    if (!sigOk(t) || /\d/.test(rawWord(text, t))) continue;
    let k = i;
    while (k - 1 >= 0 && i - (k - 1) < 4) {
      const p = toks[k - 1]!;
      if (/[^\s.'’,-]/.test(text.slice(p.end, toks[k]!.start)) || /\n/.test(text.slice(p.end, toks[k]!.start))) break;
      if (!sigOk(p)) break;
      k--;
    }
    let named = false;
    for (let q = k; q <= i; q++) if (sigName(toks[q]!)) named = true;
    if (named) emit(k, i, 0.85, 'ctx:signature');
  }
  // Form labels and dialogue: "Name: Haruko Ide", "Directed By: X", "Ottla: Hello ...", "last name? Brennan"
  for (let i = 0; i < n; i++) {
    if (taken[i]) continue;
    const t = toks[i]!;
    // cheap gate: a label ends with ':' or '?' (or "name is") right before the value
    const prevEnd = i > 0 ? toks[i - 1]!.end : 0;
    let labelGap = false;
    for (let k = prevEnd; k < t.start; k++) { const c = text.charCodeAt(k); if (c === 58 || c === 63) { labelGap = true; break; } }
    if (!labelGap && !(i > 0 && toks[i - 1]!.low === 'is')) continue;
    const b = text.slice(Math.max(0, t.start - 32), t.start);
    let support: 'relation' | 'title' | undefined;
    if (LABEL.test(b)) support = t.cap && (inFirst(t) || inLast(t)) ? 'title' : 'relation';
    if (!support) continue;
    const j = run(i, support);
    if (j >= i) emit(i, j, 0.8, 'ctx:label');
  }
  for (let i = 0; i < n; i++) {
    const t = toks[i]!;
    if (taken[i] || !t.lineStart || !t.cap || clinical(t) || isCommon(t) || !(inFirst(t) || t.foreign)) continue;
    // "Speaker: text" at the start of a line
    let j = i;
    if (toks[i + 1] && toks[i + 1]!.cap && spaceOnly(text, t.end, toks[i + 1]!.start) && !isCommon(toks[i + 1]!)) j = i + 1;
    if (text.charCodeAt(toks[j]!.end) === 58 && /^:[ \t]+\S/.test(text.slice(toks[j]!.end, toks[j]!.end + 3))) emit(i, j, 0.6, 'ctx:speaker');
  }
  // A line holding only 1-3 dictionary names (sign-offs), and "Delgado family"
  for (let i = 0; i < n; i++) {
    if (taken[i]) continue;
    const t = toks[i]!;
    if (!t.lineStart) {
      const nx = toks[i + 1];
      if (nx && nx.low === 'family' && /^\s+$/.test(text.slice(t.end, nx.start)) && inLast(t) && !isCommon(t) && !clinical(t)) emit(i, i, 0.75, 'ctx:family');
      continue;
    }
    let j = i;
    while (j < n && j < i + 3 && !/\n/.test(text.slice(t.start, toks[j]!.end)) && (inFirst(toks[j]!) || inLast(toks[j]!) || toks[j]!.initial) && !clinical(toks[j]!) && !veryCommon(toks[j]!)) j++;
    const lineEnd = text.indexOf('\n', t.start);
    const restEnd = lineEnd < 0 ? text.length : lineEnd;
    if (j > i && inFirst(t) && !/[^\s.,]/.test(text.slice(toks[j - 1]!.end, restEnd))) emit(i, j - 1, 0.7, 'ctx:signoff');
  }
  // "Arvid K Solberg": Title, single capital, Title
  for (let i = 0; i + 2 < n; i++) {
    const a = toks[i]!, b = toks[i + 1]!, c = toks[i + 2]!;
    if (!a.cap || !c.cap || b.low.length !== 1 || !/[A-Z]/.test(text[b.start]!) || !spaceOnly(text, a.end, b.start)) continue;
    if (!/^\.?[ \t]+$/.test(text.slice(b.end, c.start)) || clinical(a) || clinical(c) || isCommon(a) || isCommon(c)) continue;
    emit(i, i + 2, 0.85, 'shape:initial-name');
  }
  // Two unknown capitalised words in a row (mixed-case text): "Haruko Ishimaru"
  for (let i = 0; i + 1 < n; i++) {
    const a = toks[i]!, b = toks[i + 1]!;
    if (taken[i] || taken[i + 1] || !a.cap || !b.cap || a.capsZone || !spaceOnly(text, a.end, b.start)) continue;
    if (clinical(a) || clinical(b) || isCommon(a) || isCommon(b) || a.place || b.place) continue;
    if (a.wordRank !== Infinity || b.wordRank !== Infinity) continue;
    if (toks[i + 2]?.cap && spaceOnly(text, b.end, toks[i + 2]!.start)) continue; // longer runs: titles, organisations
    if (NOT_NAME_SUFFIX.test(a.low) || NOT_NAME_SUFFIX.test(b.low)) continue;
    if (/^[A-Z]{2,}s$/.test(rawWord(text, b))) continue; // plural acronyms: "Pleural CTs"
    const dictHit = inFirst(a) || inLast(a) || inFirst(b) || inLast(b) || a.foreign || b.foreign;
    emit(i, i + 1, dictHit ? 0.75 : 0.55, 'shape:name-pair');
  }
  // Dictionary: Firstname [Initial] Lastname, or a lone capitalised given name.
  for (let i = 0; i < n; i++) {
    if (taken[i]) continue;
    const t = toks[i]!;
    if (t.initial || clinical(t)) continue;
    const shaped = t.cap || (t.upper && !t.capsZone && t.low.length > 2);
    const upperName = t.upper && t.capsZone;
    if (!shaped && !upperName) continue;
    const first = inFirst(t), common = isCommon(t);
    const follow = toks[i + 1];
    if (follow && EPONYM_NEXT.has(follow.low) && spaceOnly(text, t.end, follow.start)) continue;
    // Next name-shaped token (skip one initial)
    let j = i + 1;
    if (toks[j]?.initial && !/\n/.test(text.slice(t.end, toks[j]!.start))) j++;
    const nx = toks[j];
    const adj = nx && !/[^\s.]/.test(text.slice(toks[j - 1]!.end, nx.start)) && !/\n/.test(text.slice(toks[j - 1]!.end, nx.start));
    const nxName = adj && nx && !clinical(nx) && (nx.cap || (nx.upper && upperName)) && (inLast(nx) || (!isCommon(nx) && !STATE_ABBR.has(nx.low.toUpperCase())));
    if (first && nxName && (upperName ? !common && inLast(nx!) && !isCommon(nx!) : !common || !isCommon(nx!)) && !veryCommon(t)) {
      emit(i, j, upperName ? 0.75 : 0.88, 'dict:full-name'); i = j; continue;
    }
    if ((t.foreign || inLast(t)) && !common && nxName && nx && (nx.foreign || inLast(nx)) && t.cap) {
      emit(i, j, 0.75, 'dict:name-pair'); i = j; continue;
    }
    if (upperName) continue;
    if (first && !common && !t.sentStart) { emit(i, i, 0.7, 'dict:given'); continue; }
    if (first && !common && t.sentStart && FIRST.get(t.low)! < 1500) { emit(i, i, 0.6, 'dict:given'); continue; }
    if (t.cap && inLast(t) && !common && !t.sentStart && !inFirst(t) && (LAST.get(t.low) ?? 1e9) < 15000
      && !/^\s*[:=]?\s*\d/.test(text.slice(t.end, t.end + 4))) {
      emit(i, i, t.lastRank < 3000 && !t.clinical ? 0.55 : SURNAME_SUFFIX.test(t.low) && !t.english && !t.clinical ? 0.6 : 0.45, 'dict:surname'); continue;
    }
    if (t.foreign && t.cap && !common) { emit(i, i, 0.6, 'shape:foreign'); continue; }
    // A capitalised non-English word found in the international names list: "Why is Sigrun so…"
    if (t.cap && !t.sentStart && !t.capsZone && !common && !t.english && !t.place && t.low.length > 3 && /^[A-Z][a-z]+$/.test(text.slice(t.start, t.end))
      && !/^\s*\d/.test(text.slice(t.end, t.end + 3)) && text[t.start - 1] !== '/'
      && !(toks[i + 1] && EPONYM_NEXT.has(toks[i + 1]!.low)) && t.worldName) emit(i, i, 0.55, 'dict:world-name');
  }
  // One pass for the shape rules below (each token is tested by the cheapest feature first).
  for (let i = 0; i < n; i++) {
    const t = toks[i]!;
    const nx = toks[i + 1];
    // Mid-sentence subject: "that Kaczmarek was influenced", "but Akifumi just has" (unknown, non-English, mixed-case text)
    if (t.cap && nx && i > 0 && nx.lower && !t.sentStart && !t.capsZone && t.low.length >= 4 && (SUBJECT_NEXT.has(nx.low) || PERSON_VERBS.has(nx.low))
      && CLAUSE_OPENERS.has(toks[i - 1]!.low) && spaceOnly(text, t.end, nx.start) && spaceOnly(text, toks[i - 1]!.end, t.start)
      && !t.english && t.wordRank === Infinity && !t.place && !clinical(t) && !NOT_NAME_SUFFIX.test(t.low) && !/[^a-z\u00c0-\u024f'’-]/.test(t.low)) {
      // only right after a clause opener: after "and"/"on"/"given" it is a drug or an object
      emit(i, i, 0.6, 'ctx:subject-mid');
    }
    if (taken[i] || !nx && t.low.length < 5) continue;
    // Names with particles: "Willemine ten Pas", "Ludwig van Beethoven", "Maria de la Cruz"
    if (t.cap && nx && i + 2 < n && PARTICLES.has(nx.low) && !clinical(t) && !isCommon(t) && !t.place) {
      let k = i + 1;
      while (k < n && k < i + 4 && PARTICLES.has(toks[k]!.low) && toks[k]!.lower && spaceOnly(text, toks[k - 1]!.end, toks[k]!.start)) k++;
      const b = toks[k];
      if (k > i + 1 && b && b.cap && spaceOnly(text, toks[k - 1]!.end, b.start) && !clinical(b) && !(b.place && !inLast(b))
        && (inFirst(t) || t.worldName || t.foreign || (!t.english && t.wordRank === Infinity))
        && !(t.sentStart && !inFirst(t) && (t.english || t.wordRank !== Infinity))) {
        emit(i, k, inFirst(t) ? 0.8 : 0.65, 'shape:particle-name');
        i = k;
        continue;
      }
    }
    // Surname morphology: a non-English word with a characteristic family-name ending ("Kovalenko", "Lundberg")
    if (t.low.length >= 5 && hasSurnameTail(t.low) && !isCommon(t) && !t.clinical && !t.place && !(t.upper && t.capsZone)) {
      const strong = SURNAME_SUFFIX_STRONG.test(t.low);
      if ((t.cap || t.upper || strong) && SURNAME_SUFFIX.test(t.low) && !(t.sentStart && !strong && !inLast(t) && !inFirst(t))
        && !t.english && !isCommon(t) && !LABEL_WORDS.has(t.low) && !/\d/.test(text.slice(t.end, t.end + 3))
        && !(nx && EPONYM_NEXT.has(nx.low) && spaceOnly(text, t.end, nx.start))) {
        // take a given name (and an initial) right before it: "olga krylova", "eric g. samoylova"
        let k = i;
        for (let g = 0; g < 2 && k > 0; g++) {
          const p = toks[k - 1]!;
          if (taken[k - 1] || !spaceOnly(text, p.end, toks[k]!.start) && !(p.initial && /^\.[ \t]+$/.test(text.slice(p.end, toks[k]!.start)))) break;
          if (p.initial || (p.low.length === 1 && g === 0) || (inFirst(p) && !isCommon(p) && !clinical(p))) k--; else break;
          if (!toks[k]!.initial && toks[k]!.low.length > 1) break;
        }
        emit(k, i, k < i ? 0.75 : 0.6, 'shape:surname-suffix');
        continue;
      }
    }
    // Lower-case "given [initial] surname" with no cue: "leone mazzi", "emidio p lombardo"
    if (t.lower && nx && nx.lower && t.firstRank <= 3000 && !isCommon(t) && !clinical(t) && !t.place && !t.english) {
      let j = i + 1;
      if (nx.low.length === 1 && /^\.?[ \t]+$/.test(text.slice(nx.end, toks[j + 1]?.start ?? nx.end))) j++;
      const b = toks[j];
      if (b && b.lower && /^[.]?[ \t]+$/.test(text.slice(toks[j - 1]!.end, b.start))
        && !clinical(b) && !isCommon(b) && !b.english && !b.place && b.low.length >= 3 && !NOT_NAME_SUFFIX.test(b.low)
        && (inLast(b) || b.worldName || SURNAME_SUFFIX.test(b.low))) {
        emit(i, j, 0.65, 'shape:lower-name');
        i = j;
        continue;
      }
    }
    // ... and with a middle initial, names no list knows: "leidy t muris", "bertram m. jørgensen"
    // (a single letter other than "a"/"i" between two words that are neither English nor clinical)
    // "c", "w", "s", "p", "x" are clinical shorthand (with, without, after, times), not initials
    if (t.lower && nx && nx.low.length === 1 && !MIDDLE_NOT_INITIAL.has(nx.low) && !taken[i] && spaceOnly(text, t.end, nx.start)) {
      const b = toks[i + 2];
      const nameWord = (x: Tok): boolean => x.lower && !x.english && !isCommon(x) && !clinical(x) && !x.place && x.low.length >= 3 && /^[\p{L}'’]+$/u.test(x.low) && !NOT_NAME_SUFFIX.test(x.low);
      // one side must be known to a name list: "bertram" (given), "ross" (family), "-sen"/"-ova" endings
      const known = b !== undefined && (inFirst(t) || t.worldName || ((inLast(b) || b.worldName || SURNAME_SUFFIX.test(b.low)) && !isCommon(b)));
      if (b && known && /^\.?[ \t]+$/.test(text.slice(nx.end, b.start)) && nameWord(t) && (nameWord(b) || (b.lower && inLast(b) && !isCommon(b) && !clinical(b)))) {
        emit(i, i + 2, 0.65, 'shape:lower-initial-name');
        i += 2;
      }
    }
  }
  listOfGivenNames(text, toks, taken, emit);
  // Lists around any name: "Odile, Hannah, Bruno and Frieda"
  for (let i = 0; i < n; i++) {
    if (!taken[i] || (i + 1 < n && taken[i + 1])) continue;
    listTail(i);
  }
  for (let i = n - 1; i > 1; i--) {
    // "Okonkwo and Brennan": a capitalised unknown word joined by "and" to a name
    if (!taken[i] || taken[i - 2] || toks[i - 1]!.low !== 'and') continue;
    const p = toks[i - 2]!;
    if (p.cap && !p.sentStart && !clinical(p) && !isCommon(p) && !p.place && p.wordRank === Infinity && spaceOnly(text, p.end, toks[i - 1]!.start)) emit(i - 2, i - 2, 0.65, 'ctx:name-list');
  }
  for (let i = n - 1; i > 0; i--) {
    if (!taken[i] || taken[i - 1]) continue;
    const p = toks[i - 1]!;
    if (/^\s*,\s*$/.test(text.slice(p.end, toks[i]!.start)) && p.cap && !clinical(p) && !isCommon(p) && !p.place) emit(i - 1, i - 1, 0.7, 'ctx:name-list');

  }
}
