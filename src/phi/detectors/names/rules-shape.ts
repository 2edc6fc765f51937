/** Name rules that read a name from word shape alone: clause subjects, particles, surname endings, lower-case names. */
import type { Tok } from '../tokens.js';
import {
  CLAUSE_OPENERS, EPONYM_NEXT, LABEL_WORDS, NOT_NAME_SUFFIX, PARTICLES, PERSON_VERBS, SUBJECT_NEXT, SURNAME_SUFFIX, SURNAME_SUFFIX_STRONG,
  clinical, hasSurnameTail, inFirst, inLast, isCommon, spaceOnly,
} from '../name-words.js';
import type { NameCtx, NameRule } from './context.js';

/** "c", "w", "s", "p", "x" are clinical shorthand (with, without, after, times), not initials; "a"/"i" are words. */
const MIDDLE_NOT_INITIAL = new Set(['a', 'i', 'c', 'w', 's', 'p', 'x', 'k', 'q']);

/** The shape rules after subject-mid skip tokens already named, and a short last token. */
const skip = (ctx: NameCtx, i: number): boolean => !!ctx.taken[i] || (!ctx.toks[i + 1] && ctx.toks[i]!.low.length < 5);

export const subjectMid: NameRule = {
  id: 'name.subject-mid',
  description: 'an unknown capitalised non-English word right after a clause opener, before a subject word: "that Kaczmarek was influenced", "but Akifumi just has"',
  type: 'NAME', detectors: ['ctx:subject-mid'], pass: 'shape',
  examples: { finds: [['He said that Kaczmarek was influenced', 'Kaczmarek']], ignores: ['given Lasix and Diamox was held'] },
  step(ctx, i) {
    const { text, toks } = ctx;
    const t = toks[i]!;
    const nx = toks[i + 1];
    // only right after a clause opener: after "and"/"on"/"given" it is a drug or an object
    if (t.cap && nx && i > 0 && nx.lower && !t.sentStart && !t.capsZone && t.low.length >= 4 && (SUBJECT_NEXT.has(nx.low) || PERSON_VERBS.has(nx.low))
      && CLAUSE_OPENERS.has(toks[i - 1]!.low) && spaceOnly(text, t.end, nx.start) && spaceOnly(text, toks[i - 1]!.end, t.start)
      && !t.english && t.wordRank === Infinity && !t.place && !clinical(t) && !NOT_NAME_SUFFIX.test(t.low) && !/[^a-z\u00c0-\u024f'’-]/.test(t.low)) {
      ctx.emit(i, i, 0.6, 'ctx:subject-mid');
    }
    return undefined;
  },
};

export const particleName: NameRule = {
  id: 'name.particle-name',
  description: 'a name with lower-case particles: "Willemine ten Pas", "Ludwig van Beethoven", "Maria de la Cruz"',
  type: 'NAME', detectors: ['shape:particle-name'], pass: 'shape',
  examples: { finds: [['Willemine ten Pas will be talking', 'Willemine ten Pas']], ignores: ['Return to the ward'] },
  step(ctx, i) {
    if (skip(ctx, i)) return undefined;
    const { text, toks, n } = ctx;
    const t = toks[i]!;
    const nx = toks[i + 1];
    if (!(t.cap && nx && i + 2 < n && PARTICLES.has(nx.low) && !clinical(t) && !isCommon(t) && !t.place)) return undefined;
    let k = i + 1;
    while (k < n && k < i + 4 && PARTICLES.has(toks[k]!.low) && toks[k]!.lower && spaceOnly(text, toks[k - 1]!.end, toks[k]!.start)) k++;
    const b = toks[k];
    if (k > i + 1 && b && b.cap && spaceOnly(text, toks[k - 1]!.end, b.start) && !clinical(b) && !(b.place && !inLast(b))
      && (inFirst(t) || t.worldName || t.foreign || (!t.english && t.wordRank === Infinity))
      && !(t.sentStart && !inFirst(t) && (t.english || t.wordRank !== Infinity))) {
      ctx.emit(i, k, inFirst(t) ? 0.8 : 0.65, 'shape:particle-name');
      return k;
    }
    return undefined;
  },
};

export const surnameSuffix: NameRule = {
  id: 'name.surname-suffix',
  description: 'a non-English word with a family-name ending ("Kovalenko", "Lundberg"), with a given name and initial before it ("olga krylova", "eric g. samoylova")',
  type: 'NAME', detectors: ['shape:surname-suffix'], pass: 'shape',
  examples: { finds: [['We met Kovalenko yesterday', 'Kovalenko'], ['olga krylova was sentenced', 'olga krylova']], ignores: ['the patient is resting'] },
  step(ctx, i) {
    if (skip(ctx, i)) return undefined;
    const { text, toks, taken } = ctx;
    const t = toks[i]!;
    const nx = toks[i + 1];
    if (!(t.low.length >= 5 && hasSurnameTail(t.low) && !isCommon(t) && !t.clinical && !t.place && !(t.upper && t.capsZone))) return undefined;
    const strong = SURNAME_SUFFIX_STRONG.test(t.low);
    if (!((t.cap || t.upper || strong) && SURNAME_SUFFIX.test(t.low) && !(t.sentStart && !strong && !inLast(t) && !inFirst(t))
      && !t.english && !isCommon(t) && !LABEL_WORDS.has(t.low) && !/\d/.test(text.slice(t.end, t.end + 3))
      && !(nx && EPONYM_NEXT.has(nx.low) && spaceOnly(text, t.end, nx.start)))) return undefined;
    // take a given name (and an initial) right before it: "olga krylova", "eric g. samoylova"
    let k = i;
    for (let g = 0; g < 2 && k > 0; g++) {
      const p = toks[k - 1]!;
      if (taken[k - 1] || !spaceOnly(text, p.end, toks[k]!.start) && !(p.initial && /^\.[ \t]+$/.test(text.slice(p.end, toks[k]!.start)))) break;
      if (p.initial || (p.low.length === 1 && g === 0) || (inFirst(p) && !isCommon(p) && !clinical(p))) k--; else break;
      if (!toks[k]!.initial && toks[k]!.low.length > 1) break;
    }
    ctx.emit(k, i, k < i ? 0.75 : 0.6, 'shape:surname-suffix');
    return i;
  },
};

export const lowerName: NameRule = {
  id: 'name.lower-name',
  description: 'lower-case given name, optional initial, surname with no cue: "leone mazzi", "emidio p lombardo"',
  type: 'NAME', detectors: ['shape:lower-name'], pass: 'shape',
  examples: { finds: [['i think leone mazzi was there', 'leone mazzi']], ignores: ['i think the bed was there'] },
  step(ctx, i) {
    if (skip(ctx, i)) return undefined;
    const { text, toks } = ctx;
    const t = toks[i]!;
    const nx = toks[i + 1];
    if (!(t.lower && nx && nx.lower && t.firstRank <= 3000 && !isCommon(t) && !clinical(t) && !t.place && !t.english)) return undefined;
    let j = i + 1;
    if (nx.low.length === 1 && /^\.?[ \t]+$/.test(text.slice(nx.end, toks[j + 1]?.start ?? nx.end))) j++;
    const b = toks[j];
    if (b && b.lower && /^[.]?[ \t]+$/.test(text.slice(toks[j - 1]!.end, b.start))
      && !clinical(b) && !isCommon(b) && !b.english && !b.place && b.low.length >= 3 && !NOT_NAME_SUFFIX.test(b.low)
      && (inLast(b) || b.worldName || SURNAME_SUFFIX.test(b.low))) {
      ctx.emit(i, j, 0.65, 'shape:lower-name');
      return j;
    }
    return undefined;
  },
};

export const lowerInitialName: NameRule = {
  id: 'name.lower-initial-name',
  description: 'lower-case word, single-letter initial, lower-case word, one side known to a name list: "leidy t muris", "bertram m. jørgensen"',
  type: 'NAME', detectors: ['shape:lower-initial-name'], pass: 'shape',
  examples: { finds: [['letter to bertram m. jørgensen today', 'bertram m. jørgensen']], ignores: ['ambulate c assist today'] },
  step(ctx, i) {
    if (skip(ctx, i)) return undefined;
    const { text, toks, taken } = ctx;
    const t = toks[i]!;
    const nx = toks[i + 1];
    if (!(t.lower && nx && nx.low.length === 1 && !MIDDLE_NOT_INITIAL.has(nx.low) && !taken[i] && spaceOnly(text, t.end, nx.start))) return undefined;
    const b = toks[i + 2];
    const nameWord = (x: Tok): boolean => x.lower && !x.english && !isCommon(x) && !clinical(x) && !x.place && x.low.length >= 3 && /^[\p{L}'’]+$/u.test(x.low) && !NOT_NAME_SUFFIX.test(x.low);
    // one side must be known to a name list: "bertram" (given), "ross" (family), "-sen"/"-ova" endings
    const known = b !== undefined && (inFirst(t) || t.worldName || ((inLast(b) || b.worldName || SURNAME_SUFFIX.test(b.low)) && !isCommon(b)));
    if (b && known && /^\.?[ \t]+$/.test(text.slice(nx.end, b.start)) && nameWord(t) && (nameWord(b) || (b.lower && inLast(b) && !isCommon(b) && !clinical(b)))) {
      ctx.emit(i, i + 2, 0.65, 'shape:lower-initial-name');
      return i + 2;
    }
    return undefined;
  },
};
