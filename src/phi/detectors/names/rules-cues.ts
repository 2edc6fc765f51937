/** Name rules anchored on a cue word: titles, relations, verbs, credentials, form labels, line layouts. */
import type { Tok } from '../tokens.js';
import { CLINICAL, PERSON_VERB, R, TITLES } from '../lexicon.js';
import {
  CREDENTIAL, LABEL, LOWER_OK, NOT_NAME_SUFFIX, SPECIES, WEAK_CTX,
  clinical, inFirst, inLast, isCommon, rawWord, spaceOnly, veryCommon,
} from '../name-words.js';
import type { NameCtx, NameRule } from './context.js';

/** Languages an interpreter is named by ("Interpreter: Vietnamese"): no person. */
const LANGUAGES = new Set(('spanish vietnamese mandarin cantonese chinese korean russian arabic tagalog haitian creole french portuguese polish somali amharic tigrinya farsi persian dari pashto urdu hindi punjabi bengali gujarati nepali burmese karen hmong khmer lao thai japanese italian greek german ukrainian armenian albanian bosnian serbian croatian swahili kinyarwanda oromo asl navajo yoruba igbo twi wolof romanian turkish hebrew yiddish marshallese chuukese samoan tongan ilocano').split(' '));

/** The gap between a title/relation token i and the next token, or undefined when i is no cue or the gap is too wide. */
function cueGap(ctx: NameCtx, i: number): string | undefined {
  const { text, toks, n } = ctx;
  if (i + 1 >= n) return undefined;
  const t = toks[i]!;
  if (!(t.role & (R.TITLE | R.PERSON_CTX))) return undefined;
  // "wife(?) Joellen": an uncertainty mark between the relation and the name
  const gap = text.slice(t.end, toks[i + 1]!.start).replace(/^\(\?\)/, '');
  if (gap.length > 4 || /\n/.test(gap)) return undefined;
  return gap;
}

export const title: NameRule = {
  id: 'name.title',
  description: 'up to four name words after a title ("Dr. Vasquez", "Mrs Jane Q. Doe"), then a list after them ("Drs. Abel and Reyes")',
  type: 'NAME', detectors: ['ctx:title', 'ctx:name-list'], pass: 'cue',
  examples: { finds: [['Seen by Dr. Vasquez. Milrinone gtt', 'Vasquez'], ['Mrs Jane Doe came in', 'Jane Doe'], ['Dr. Smith gave Lovenox', 'Smith']], ignores: ['MS intact, no focal deficits'] },
  step(ctx, i) {
    const gap = cueGap(ctx, i);
    if (gap === undefined) return undefined;
    const { text, toks } = ctx;
    const t = toks[i]!;
    const next = i + 1;
    if (!((t.role & R.TITLE) && (t.dot || /^\s+$/.test(gap) || gap.startsWith('.') || /^[ \t]\.[ \t]?$/.test(gap)))) return undefined; // "Dr . smith"
    // "MS" (mental status), "MR" (mitral regurgitation), "dr" in lower case: only before a known name
    if (!t.cap && (t.low === 'ms' || t.low === 'mr' || t.low === 'dr' || t.low === 'miss')) {
      const nt = toks[next]!;
      const known = (inFirst(nt) || inLast(nt)) && !isCommon(nt) && !clinical(nt);
      const unknownOk = !isCommon(nt) && !clinical(nt) && !NOT_NAME_SUFFIX.test(nt.low) && !(nt.lower && nt.low.endsWith('s')) && nt.low.length > 2;
      if (!known && !unknownOk && !nt.initial && !(nt.low.length === 1 && /[A-Z]/.test(text[nt.start]!) && t.low === 'mr')) return i;
    }
    // "sister"/"father" before a lower-case word: the relation rule reads it
    if ((t.low === 'sister' || t.low === 'father') && !(toks[next]!.cap || toks[next]!.upper)) return undefined;
    const j = ctx.run(next, 'title');
    if (j < next && (t.low === 'dr' || t.low === 'doctor')) {
      // doctors' names in caps-lock notes: an unknown word that is not a common or clinical one
      const nt = toks[next]!;
      if (nt.upper && nt.capsZone && !isCommon(nt) && !clinical(nt) && !NOT_NAME_SUFFIX.test(nt.low) && nt.low.length > 2) { ctx.emit(next, next, 0.85, 'ctx:title'); return i; }
    }
    if (j >= next) { ctx.emit(next, j, 0.92, 'ctx:title'); ctx.listTail(j); return i; }
    return undefined;
  },
};

export const relation: NameRule = {
  id: 'name.relation',
  description: 'a name after a relation or role word ("daughter Mary", "Son, Ed, was updated", "son don reid"), then a list after it ("Sons Abel, Morton and Cyrus")',
  type: 'NAME', detectors: ['ctx:relation', 'ctx:name-list'], pass: 'cue',
  examples: { finds: [['Son, Ed, was updated', 'Ed'], ['daughter Mary called', 'Mary'], ['Sons Abel, Morton and Cyrus', 'Abel']], ignores: ['DAUGHTER CALL AM'] },
  step(ctx, i) {
    const gap = cueGap(ctx, i);
    if (gap === undefined) return undefined;
    const { text, toks } = ctx;
    const t = toks[i]!;
    const next = i + 1;
    if (!((t.role & R.PERSON_CTX) && /^[\s:,-]*(?:is\s+|was\s+)?$/.test(gap.replace(/\bis\b|\bwas\b/, '')))) return undefined;
    const weak = WEAK_CTX.has(t.low);
    const nt = toks[next]!;
    if (!weak && nt.lower && !LOWER_OK.has(t.low) && !inFirst(nt)) return i;
    if (nt.low.startsWith('in-')) return i; // sister-in-law
    if (LANGUAGES.has(nt.low)) return i; // "Interpreter: Vietnamese", "Spanish interpreter"
    // "pt: m. delacroix", "triage rn: j. ferreira": an initial and a surname, in any case
    const sur = toks[next + 1];
    if ((nt.initial || (nt.low.length === 1 && nt.low !== 'x' && text.charCodeAt(nt.end) === 46)) && sur && /^\.[ \t]{1,2}$/.test(text.slice(nt.end, sur.start)) && sur.low.length > 2 && !isCommon(sur) && !clinical(sur) && /^[\p{L}'’-]+$/u.test(rawWord(text, sur))
      && (inLast(sur) || sur.cap || sur.wordRank === Infinity) && !SPECIES.has(sur.low)) {
      ctx.emit(next, next + 1, 0.8, 'ctx:relation');
      return i;
    }
    // "Charge nurse Bongani aware": after a role word, a capitalised word that is no English word
    const unknownCap = weak && nt.cap && !nt.capsZone && nt.wordRank === Infinity && !clinical(nt) && nt.low.length > 2
      && /^\p{Lu}\p{Ll}+$/u.test(rawWord(text, nt)) && !/^[ \t]*\d/.test(text.slice(nt.end, nt.end + 4)); // not a drug before its dose
    let j = ctx.run(next, weak && !unknownCap ? 'verb' : 'relation');
    if (j < next && !weak && ctx.nameByFollower(next)) {
      j = next;
      // "son don reid": the surname that made the given name read as one comes with it
      const f = toks[next + 1];
      if (f && spaceOnly(text, nt.end, f.start) && inLast(f) && !isCommon(f) && !clinical(f)) j = next + 1;
    }
    // "Son, Ed, was updated": a Title-case given name set off by commas after a relation, even when
    // it spells an abbreviation ("Ed", "Al", "Pa")
    if (j < next && !weak && /^[ \t]*,[ \t]*$/.test(gap) && nt.cap && !nt.capsZone && inFirst(nt) && text.charCodeAt(nt.end) === 44) j = next;
    if (j >= next) {
      ctx.emit(next, j, weak ? 0.7 : 0.85, 'ctx:relation');
      ctx.listTail(j);
      return i;
    }
    return undefined;
  },
};

export const verb: NameRule = {
  id: 'name.verb',
  description: 'a name after a verb context: "spoke with X", "my name is X", "called by X", "named him X"',
  type: 'NAME', detectors: ['ctx:verb'],
  examples: { finds: [['She named him Frank', 'Frank'], ['sometimes people call me višeslav', 'višeslav'], ['spoke with Abigail about the plan', 'Abigail']], ignores: ['spoke with the team about the plan'] },
  run(ctx) {
    const { text, toks, n, taken } = ctx;
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
      const j = strong ? ctx.run(i, shapedName ? 'relation' : 'verb') : ctx.run(i, 'verb');
      if (j >= i && (strong || inFirst(t))) ctx.emit(i, j, strong ? 0.85 : 0.7, 'ctx:verb');
    }
  },
};

export const signature: NameRule = {
  id: 'name.signature',
  description: 'name tokens right before a credential at the end of a line: "Jane Q. Doe, RN"',
  type: 'NAME', detectors: ['ctx:signature'],
  examples: { finds: [['Note by\nMarta Q. Kowalski, RN\n', 'Marta Q. Kowalski']], ignores: ['Pt seen by RN\n'] },
  run(ctx) {
    const { text, toks, n, taken } = ctx;
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
      if (named) ctx.emit(k, i, 0.85, 'ctx:signature');
    }
  },
};

export const formLabel: NameRule = {
  id: 'name.form-label',
  description: 'the value of a name label: "Name: Haruko Ide", "Directed By: X", "last name? Brennan"',
  type: 'NAME', detectors: ['ctx:label'],
  examples: { finds: [['Name: Haruko Ide', 'Haruko Ide'], ['and your last name? Brennan', 'Brennan']], ignores: ['Name: unknown'] },
  run(ctx) {
    const { text, toks, n, taken } = ctx;
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
      const j = ctx.run(i, support);
      if (j >= i) ctx.emit(i, j, 0.8, 'ctx:label');
    }
  },
};

export const lineSpeaker: NameRule = {
  id: 'name.line-speaker',
  description: '"Speaker: text" at the start of a line, the speaker a given name or a word with non-ASCII letters',
  type: 'NAME', detectors: ['ctx:speaker'],
  examples: { finds: [['Anneliese: are you there?', 'Anneliese'], ['Søren Holm: see you', 'Søren Holm']], ignores: ['Plan: are you there?'] },
  run(ctx) {
    const { text, toks, n, taken } = ctx;
    for (let i = 0; i < n; i++) {
      const t = toks[i]!;
      if (taken[i] || !t.lineStart || !t.cap || clinical(t) || isCommon(t) || !(inFirst(t) || t.foreign)) continue;
      let j = i;
      if (toks[i + 1] && toks[i + 1]!.cap && spaceOnly(text, t.end, toks[i + 1]!.start) && !isCommon(toks[i + 1]!)) j = i + 1;
      if (text.charCodeAt(toks[j]!.end) === 58 && /^:[ \t]+\S/.test(text.slice(toks[j]!.end, toks[j]!.end + 3))) ctx.emit(i, j, 0.6, 'ctx:speaker');
    }
  },
};

export const family: NameRule = {
  id: 'name.family',
  description: 'a surname before "family", not at the start of a line: "the Delgado family"',
  type: 'NAME', detectors: ['ctx:family'], pass: 'line',
  examples: { finds: [['met with the Delgado family today', 'Delgado']], ignores: ['met with the whole family today'] },
  step(ctx, i) {
    const { text, toks, taken } = ctx;
    if (taken[i]) return undefined;
    const t = toks[i]!;
    if (t.lineStart) return undefined;
    const nx = toks[i + 1];
    if (nx && nx.low === 'family' && /^\s+$/.test(text.slice(t.end, nx.start)) && inLast(t) && !isCommon(t) && !clinical(t)) ctx.emit(i, i, 0.75, 'ctx:family');
    return i;
  },
};

export const signoff: NameRule = {
  id: 'name.signoff',
  description: 'a line holding only one to three dictionary names, the first a given name (a sign-off): "Thanks,\\nMarta Kowalski"',
  type: 'NAME', detectors: ['ctx:signoff'], pass: 'line',
  examples: { finds: [['See you soon.\nMarta Kowalski\n', 'Marta Kowalski']], ignores: ['See you soon.\nThanks\n'] },
  step(ctx, i) {
    const { text, toks, n, taken } = ctx;
    if (taken[i]) return undefined;
    const t = toks[i]!;
    if (!t.lineStart) return undefined;
    let j = i;
    while (j < n && j < i + 3 && !/\n/.test(text.slice(t.start, toks[j]!.end)) && (inFirst(toks[j]!) || inLast(toks[j]!) || toks[j]!.initial) && !clinical(toks[j]!) && !veryCommon(toks[j]!)) j++;
    const lineEnd = text.indexOf('\n', t.start);
    const restEnd = lineEnd < 0 ? text.length : lineEnd;
    if (j > i && inFirst(t) && !/[^\s.,]/.test(text.slice(toks[j - 1]!.end, restEnd))) ctx.emit(i, j - 1, 0.7, 'ctx:signoff');
    return undefined;
  },
};
