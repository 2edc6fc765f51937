/** Name rules driven by the name lists and by the shape of capitalised words. */
import type { Tok } from '../tokens.js';
import { FIRST, LAST, STATE_ABBR } from '../lexicon.js';
import { CREDENTIAL, EPONYM_NEXT, NOT_NAME_SUFFIX, SPECIES, SURNAME_SUFFIX, clinical, inFirst, inLast, isCommon, rawWord, spaceOnly, veryCommon } from '../name-words.js';
import type { NameCtx, NameRule } from './context.js';

/** "the R.", "on L.": a side, not an initial. */
const SIDE_BEFORE = new Set(['the', 'on', 'to', 'at', 'of', 'in', 'from', 'and', 'or']);

export const initialName: NameRule = {
  id: 'name.initial-name',
  description: 'Title-case word, single capital, Title-case word: "Arvid K Solberg", "Arvid K. Solberg"; an initial and a surname that is no English word: "L. Moreau"',
  type: 'NAME', detectors: ['shape:initial-name'],
  examples: { finds: [['referred by Arvid K Solberg today', 'Arvid K Solberg'], ['Scribe for the visit: L. Moreau', 'L. Moreau']], ignores: ['Vitamin K Supplement', 'grew E. Coli and S. Aureus', 'served in the U. S. Army'] },
  run(ctx) {
    const { text, toks, n } = ctx;
    for (let i = 0; i + 1 < n; i++) {
      const a = toks[i]!, b = toks[i + 1]!;
      // "L. Moreau": capital initial, full stop, an unknown Title-case word (not the species of an organism)
      if (a.low.length === 1 && /[A-Z]/.test(text[a.start]!) && !ctx.taken[i] && /^\.[ \t]{1,2}$/.test(text.slice(a.end, b.start)) && b.cap && !b.capsZone
        && b.low.length > 2 && b.wordRank === Infinity && !b.english && !clinical(b) && !isCommon(b) && !b.place && !SPECIES.has(b.low)
        && !(i > 0 && toks[i - 1]!.low.length === 1 && /^\.[ \t]*$/.test(text.slice(toks[i - 1]!.end, a.start)))
        && (a.start === 0 || /[\s(:,;]/.test(text[a.start - 1]!)) && !(i > 0 && SIDE_BEFORE.has(toks[i - 1]!.low) && /[RL]/.test(text[a.start]!))) {
        ctx.emit(i, i + 1, 0.75, 'shape:initial-name');
        continue;
      }
      if (i + 2 >= n) continue;
      const c = toks[i + 2]!;
      if (!a.cap || !c.cap || b.low.length !== 1 || !/[A-Z]/.test(text[b.start]!) || !spaceOnly(text, a.end, b.start)) continue;
      if (!/^\.?[ \t]+$/.test(text.slice(b.end, c.start)) || clinical(a) || clinical(c) || isCommon(a) || isCommon(c)) continue;
      ctx.emit(i, i + 2, 0.85, 'shape:initial-name');
    }
  },
};

export const namePair: NameRule = {
  id: 'name.name-pair',
  description: 'two unknown capitalised words in a row in mixed-case text: "Haruko Ishimaru" (not three or more: titles, organisations)',
  type: 'NAME', detectors: ['shape:name-pair'],
  examples: { finds: [['we met Haruko Ishimaru at noon', 'Haruko Ishimaru']], ignores: ['Pleural CTs were read'] },
  run(ctx) {
    const { text, toks, n, taken } = ctx;
    for (let i = 0; i + 1 < n; i++) {
      const a = toks[i]!, b = toks[i + 1]!;
      if (taken[i] || taken[i + 1] || !a.cap || !b.cap || a.capsZone || !spaceOnly(text, a.end, b.start)) continue;
      if (clinical(a) || clinical(b) || isCommon(a) || isCommon(b) || a.place || b.place) continue;
      if (a.wordRank !== Infinity || b.wordRank !== Infinity) continue;
      if (toks[i + 2]?.cap && spaceOnly(text, b.end, toks[i + 2]!.start)) continue; // longer runs: titles, organisations
      if (NOT_NAME_SUFFIX.test(a.low) || NOT_NAME_SUFFIX.test(b.low)) continue;
      if (/^[A-Z]{2,}s$/.test(rawWord(text, b))) continue; // plural acronyms: "Pleural CTs"
      const dictHit = inFirst(a) || inLast(a) || inFirst(b) || inLast(b) || a.foreign || b.foreign;
      ctx.emit(i, i + 1, dictHit ? 0.75 : 0.55, 'shape:name-pair');
    }
  },
};

/** What the dictionary rules know about token i (undefined: no dictionary rule applies to it). */
interface DictHead {
  t: Tok;
  /** Title case, or ALL CAPS outside a caps-lock zone */
  shaped: boolean;
  /** ALL CAPS inside a caps-lock zone */
  upperName: boolean;
  first: boolean;
  common: boolean;
  /** index of the next name-shaped token (one initial skipped) */
  j: number;
  nx: Tok | undefined;
  nxName: boolean;
}
/** The dictionary steps share one walk: the head of token i is computed once per token (until an emit). */
const memos = new WeakMap<NameCtx, { i: number; emits: number; head: DictHead | undefined }>();

function dictHead(ctx: NameCtx, i: number): DictHead | undefined {
  let m = memos.get(ctx);
  if (m && m.i === i && m.emits === ctx.emits) return m.head;
  if (!m) { m = { i, emits: ctx.emits, head: undefined }; memos.set(ctx, m); }
  m.i = i; m.emits = ctx.emits; m.head = computeHead(ctx, i);
  return m.head;
}
function computeHead(ctx: NameCtx, i: number): DictHead | undefined {
  const { text, toks, taken } = ctx;
  if (taken[i]) return undefined;
  const t = toks[i]!;
  if (t.initial || clinical(t)) return undefined;
  const shaped = t.cap || (t.upper && !t.capsZone && t.low.length > 2);
  const upperName = t.upper && t.capsZone;
  if (!shaped && !upperName) return undefined;
  const first = inFirst(t), common = isCommon(t);
  const follow = toks[i + 1];
  if (follow && EPONYM_NEXT.has(follow.low) && spaceOnly(text, t.end, follow.start)) return undefined;
  // Next name-shaped token (skip one initial)
  let j = i + 1;
  if (toks[j]?.initial && !/\n/.test(text.slice(t.end, toks[j]!.start))) j++;
  const nx = toks[j];
  const adj = nx && !/[^\s.]/.test(text.slice(toks[j - 1]!.end, nx.start)) && !/\n/.test(text.slice(toks[j - 1]!.end, nx.start));
  const nxName = !!(adj && nx && !clinical(nx) && (nx.cap || (nx.upper && upperName)) && (inLast(nx) || (!isCommon(nx) && !STATE_ABBR.has(nx.low.toUpperCase()))));
  return { t, shaped, upperName, first, common, j, nx, nxName };
}

export const fullName: NameRule = {
  id: 'name.full-name',
  description: 'a known given name, an optional initial and a name-shaped word: "Maria Lopez", "John Q. Smith", "MARY JONES" in caps-lock notes',
  type: 'NAME', detectors: ['dict:full-name'], pass: 'dict',
  examples: { finds: [['Pt John Smith, SSN 536-22-1234', 'John Smith'], ['letter from Maria Q. Lopez today', 'Maria Q. Lopez']], ignores: ['Hickman catheter in place'] },
  step(ctx, i) {
    const h = dictHead(ctx, i);
    if (!h) return undefined;
    const { t, first, common, upperName, nx, nxName, j } = h;
    if (first && nxName && (upperName ? !common && inLast(nx!) && !isCommon(nx!) : !common || !isCommon(nx!)) && !veryCommon(t)) {
      ctx.emit(i, j, upperName ? 0.75 : 0.88, 'dict:full-name');
      return j;
    }
    return undefined;
  },
};

export const dictNamePair: NameRule = {
  id: 'name.dict-name-pair',
  description: 'a capitalised surname (or non-ASCII word) followed by another: "Okafor Nwosu", "Jørgensen Ødegård"',
  type: 'NAME', detectors: ['dict:name-pair'], pass: 'dict',
  examples: { finds: [['signed by Kowalski Nowak yesterday', 'Kowalski Nowak']], ignores: ['Hickman catheter in place'] },
  step(ctx, i) {
    const h = dictHead(ctx, i);
    if (!h) return undefined;
    const { t, common, nx, nxName, j } = h;
    if ((t.foreign || inLast(t)) && !common && nxName && nx && (nx.foreign || inLast(nx)) && t.cap) {
      ctx.emit(i, j, 0.75, 'dict:name-pair');
      return j;
    }
    return undefined;
  },
};

export const given: NameRule = {
  id: 'name.given',
  description: 'a capitalised given name that is not a common word (at a sentence start only the 1,500 most frequent): "asked Priya"',
  type: 'NAME', detectors: ['dict:given'], pass: 'dict',
  examples: { finds: [['asked Dorothy to wait', 'Dorothy']], ignores: ['asked Will to wait'] },
  step(ctx, i) {
    const h = dictHead(ctx, i);
    if (!h || h.upperName) return undefined;
    const { t, first, common } = h;
    // "PA-C", "NP", "RN" after a name are credentials, not a given name
    const cred = CREDENTIAL.exec(ctx.text.slice(t.start, t.end + 1));
    if (cred && cred[0].replace(/\.$/, '').length === t.end - t.start && t.end - t.start > 1) return undefined;
    if (first && !common && !t.sentStart) { ctx.emit(i, i, 0.7, 'dict:given'); return i; }
    if (first && !common && t.sentStart && FIRST.get(t.low)! < 1500) { ctx.emit(i, i, 0.6, 'dict:given'); return i; }
    return undefined;
  },
};

export const surname: NameRule = {
  id: 'name.surname',
  description: 'a capitalised frequent surname mid-sentence that is no given name and no common word (not before a number)',
  type: 'NAME', detectors: ['dict:surname'], pass: 'dict',
  examples: { finds: [['we met Kowalczyk yesterday', 'Kowalczyk']], ignores: ['we met Kowalczyk 12 times'] },
  step(ctx, i) {
    const h = dictHead(ctx, i);
    if (!h || h.upperName) return undefined;
    const { text } = ctx;
    const { t, common } = h;
    if (t.cap && inLast(t) && !common && !t.sentStart && !inFirst(t) && (LAST.get(t.low) ?? 1e9) < 15000
      && !/^\s*[:=]?\s*\d/.test(text.slice(t.end, t.end + 4))) {
      ctx.emit(i, i, t.lastRank < 3000 && !t.clinical ? 0.55 : SURNAME_SUFFIX.test(t.low) && !t.english && !t.clinical ? 0.6 : 0.45, 'dict:surname');
      return i;
    }
    return undefined;
  },
};

export const foreignWord: NameRule = {
  id: 'name.foreign',
  description: 'a capitalised word with non-ASCII letters that is not a common word: "Ødegård", "Đorđe"',
  type: 'NAME', detectors: ['shape:foreign'], pass: 'dict',
  examples: { finds: [['we told Ødegård about it', 'Ødegård']], ignores: ['we told a café about it'] },
  step(ctx, i) {
    const h = dictHead(ctx, i);
    if (!h || h.upperName) return undefined;
    const { t, common } = h;
    if (t.foreign && t.cap && !common) { ctx.emit(i, i, 0.6, 'shape:foreign'); return i; }
    return undefined;
  },
};

export const worldName: NameRule = {
  id: 'name.world-name',
  description: 'a capitalised non-English word in the international names list, mid-sentence: "Why is Sigrun so...", "then Solveig left"',
  type: 'NAME', detectors: ['dict:world-name'], pass: 'dict',
  examples: { finds: [['then Solveig left', 'Solveig']], ignores: ['then Tylenol left'] },
  step(ctx, i) {
    const h = dictHead(ctx, i);
    if (!h || h.upperName) return undefined;
    const { text, toks } = ctx;
    const { t, common } = h;
    if (t.cap && !t.sentStart && !t.capsZone && !common && !t.english && !t.place && t.low.length > 3 && /^[A-Z][a-z]+$/.test(text.slice(t.start, t.end))
      && !/^\s*\d/.test(text.slice(t.end, t.end + 3)) && text[t.start - 1] !== '/'
      && !(toks[i + 1] && EPONYM_NEXT.has(toks[i + 1]!.low)) && t.worldName) ctx.emit(i, i, 0.55, 'dict:world-name');
    return undefined;
  },
};
