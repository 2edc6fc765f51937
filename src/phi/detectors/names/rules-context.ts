/** Name rules that read a word as a person from the sentence around it: speech, possessives, subjects, speakers. */
import type { Tok } from '../tokens.js';
import { R } from '../lexicon.js';
import {
  AGENT_VERBS, NOT_NAME_SUFFIX, PERSON_PARTICIPLES, PERSON_VERBS, PLURAL_VERBS,
  clinical, inFirst, inLast, isCommon, rawWord, spaceOnly, veryCommon,
} from '../name-words.js';
import type { NameCtx, NameRule } from './context.js';

/** Verbs that take a person as indirect object before a possessive ("gave X his", "told X her"). */
const GIVE_VERBS = new Set(['gave', 'given', 'give', 'gives', 'giving', 'told', 'tell', 'tells', 'showed', 'shown', 'show', 'handed', 'hand', 'sent', 'send', 'offered', 'lent', 'asked', 'ask', 'owe', 'owed', 'wished']);
const POSSESSIVE_NEXT = new Set(['his', 'her', 'their']);

/** Shared gate of the speech and possessive rules: a capitalised (or known given) word after a speech verb or with 's. */
function speechCandidate(ctx: NameCtx, i: number): Tok | undefined {
  const { text, toks, taken } = ctx;
  if (i < 1) return undefined;
  const t = toks[i]!;
  if (taken[i] || t.upper) return undefined;
  const possessive = text.charCodeAt(t.end - 2) === 39 || text.charCodeAt(t.end - 2) === 0x2019 || text.charCodeAt(t.end) === 39 || text.charCodeAt(t.end) === 0x2019;
  if (!possessive && !(toks[i - 1]!.role & R.SPEECH_PREV)) return undefined;
  if (!(t.cap || (t.lower && inFirst(t) && t.firstRank < 2000)) || clinical(t) || isCommon(t) || t.place) return undefined;
  return t;
}
const afterName = (text: string, t: Tok): string => text.slice(/['’]s$/.test(text.slice(t.start, t.end)) ? t.end - 2 : t.end, t.end + 24);

export const speech: NameRule = {
  id: 'name.speech',
  description: 'the object of a speech or naming verb at the end of a clause: "says Lindqvist.", "calls me Annik", "named him Otto"',
  type: 'NAME', detectors: ['ctx:speech'], pass: 'speech',
  examples: { finds: [['"Go home," says Lindqvist.', 'Lindqvist'], ['everyone here calls me Annik.', 'Annik']], ignores: ['she says nothing.'] },
  step(ctx, i) {
    const t = speechCandidate(ctx, i);
    if (!t) return undefined;
    const { text } = ctx;
    const b = text.slice(Math.max(0, t.start - 24), t.start);
    if (/\b(?:says|said|asked|told|wrote|named\s+(?:him|her)|calls\s+me|call\s+me|called\s+me|starring|featuring)[ \t]+$/iu.test(b) && /^\s*(?:[.,!?;:)"]|$|'s\b)/.test(afterName(text, t)) && (t.cap || inFirst(t) || (!t.english && /\b(?:call|calls|called)\s+me[ \t]+$/i.test(b)))) {
      ctx.emit(i, i, 0.65, 'ctx:speech');
      return i;
    }
    return undefined;
  },
};

export const possessive: NameRule = {
  id: 'name.possessive',
  description: 'a capitalised word with \'s before a family or personal noun: "Jurek\'s address", "Okafor\'s daughter"',
  type: 'NAME', detectors: ['ctx:possessive'], pass: 'speech',
  examples: { finds: [['I still have Jurek\'s address somewhere', 'Jurek\'s']], ignores: ['the hospital\'s address is on file'] },
  step(ctx, i) {
    const t = speechCandidate(ctx, i);
    if (!t) return undefined;
    if (/^['’]s[ \t]+(?:kid|kids|son|daughter|wife|husband|mother|father|mom|dad|sister|brother|address|phone|email|birthday|house|home|family|friend|case|room|children|baby|parents?|partner|boyfriend|girlfriend)\b/i.test(afterName(ctx.text, t)) && t.cap) {
      ctx.emit(i, i, 0.7, 'ctx:possessive');
    }
    return undefined;
  },
};

export const indirectObject: NameRule = {
  id: 'name.indirect-object',
  description: 'the indirect object of a giving or telling verb before a possessive: "had given Hakuba his address", "told Ilsabet her results"',
  type: 'NAME', detectors: ['ctx:indirect-object'],
  examples: { finds: [['the clerk had given Hakuba his address', 'Hakuba'], ['we told Ilsabet her results', 'Ilsabet']], ignores: ['we told them their results'] },
  run(ctx) {
    const { text, toks, n, taken } = ctx;
    for (let i = 1; i + 1 < n; i++) {
      const t = toks[i]!;
      if (taken[i] || !GIVE_VERBS.has(toks[i - 1]!.low) || !POSSESSIVE_NEXT.has(toks[i + 1]!.low)) continue;
      if (!spaceOnly(text, toks[i - 1]!.end, t.start) || !spaceOnly(text, t.end, toks[i + 1]!.start)) continue;
      if (clinical(t) || isCommon(t) || t.place || t.low.length < 3 || /\d/.test(rawWord(text, t))) continue;
      if (!(t.cap || (t.lower && !t.english && !t.capsZone))) continue;
      ctx.emit(i, i, 0.7, 'ctx:indirect-object');
    }
  },
};

export const subject: NameRule = {
  id: 'name.subject',
  description: 'the subject of a person verb at the start of a sentence: "Dzhemal spent a year", "Haruko is from", "ines varga lives at"',
  type: 'NAME', detectors: ['ctx:subject'],
  examples: { finds: [['Dzhemal spent a year at the plant.', 'Dzhemal'], ['Haruko is from the north.', 'Haruko']], ignores: ['Aetna refused the claim.'] },
  run(ctx) {
    const { text, toks, n, taken } = ctx;
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
      ctx.emit(i, j, known ? 0.75 : 0.6, 'ctx:subject');
    }
  },
};

export const dialogueSpeakers: NameRule = {
  id: 'name.dialogue-speakers',
  description: 'a transcript: several "Name: ..." lines, at least one a known given name, or the same unknown capitalised speaker twice',
  type: 'NAME', detectors: ['ctx:speaker'],
  examples: { finds: [['mika: "who are you?"\ntracy: "i\'m here"', 'tracy'], ['Zuzana: hello\nTom: hi\nZuzana: bye', 'Zuzana']], ignores: ['Plan: rest\nDiet: soft'] },
  run(ctx) {
    const { text, toks, n, taken } = ctx;
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
    if (speakers.length >= 2) for (const i of speakers) if (!taken[i] && (knownSpeaker || repeated(i))) ctx.emit(i, i, 0.65, 'ctx:speaker');
  },
};

export const pluralSubject: NameRule = {
  id: 'name.plural-subject',
  description: 'two capitalised non-English words joined by "and" as a plural subject: "Okonkwo and Brennan were ..."',
  type: 'NAME', detectors: ['ctx:subject'],
  examples: { finds: [['Okonkwo and Brennan were late.', 'Okonkwo'], ['Okonkwo and Brennan were late.', 'Brennan']], ignores: ['Tylenol and Motrin were given.'] },
  run(ctx) {
    const { toks, n } = ctx;
    for (let i = 0; i + 3 < n; i++) {
      const a = toks[i]!, and = toks[i + 1]!, b = toks[i + 2]!, v = toks[i + 3]!;
      if (and.low !== 'and' || !a.cap || !b.cap || !v.lower || !PLURAL_VERBS.has(v.low)) continue;
      const nameLike = (x: Tok): boolean => !x.clinical && (!x.place || x.worldName) && !x.english && !isCommon(x) && x.low.length > 2;
      if (nameLike(a) && (nameLike(b) || inLast(b))) { ctx.emit(i, i, 0.65, 'ctx:subject'); ctx.emit(i + 2, i + 2, 0.65, 'ctx:subject'); }
    }
  },
};

export const vocative: NameRule = {
  id: 'name.vocative',
  description: 'a capitalised word addressed at the start of a line: "Sune, can I please speak to you"',
  type: 'NAME', detectors: ['ctx:vocative'],
  examples: { finds: [['Sune, can I please speak to you', 'Sune']], ignores: ['Yes, can I please speak to you'] },
  run(ctx) {
    const { text, toks, n, taken } = ctx;
    for (let i = 0; i < n; i++) {
      const t = toks[i]!;
      if (taken[i] || !t.lineStart || !t.cap || clinical(t) || isCommon(t) || t.place) continue;
      if (/^,[ \t]+(?:can|could|would|will|please|i|we|you|thanks|thank|do|did|are|is|have)\b/i.test(text.slice(t.end, t.end + 12))) ctx.emit(i, i, 0.65, 'ctx:vocative');
    }
  },
};

export const contactVerb: NameRule = {
  id: 'name.contact-verb',
  description: 'a given name right before a contact verb: "Linda called twice", "Carl visited"',
  type: 'NAME', detectors: ['ctx:contact-verb'],
  examples: { finds: [['Linda called twice overnight.', 'Linda'], ['pt resting, Carl visited', 'Carl']], ignores: ['nurse called twice overnight.'] },
  run(ctx) {
    const { text, toks, n, taken } = ctx;
    for (let i = 0; i + 1 < n; i++) {
      const t = toks[i]!, nx = toks[i + 1]!;
      if (taken[i] || !(nx.role & R.CONTACT) || !spaceOnly(text, t.end, nx.start)) continue;
      if (!inFirst(t) || clinical(t) || (veryCommon(t) && t.firstRank > 800) || (t.wordRank < 100)) continue;
      ctx.emit(i, i, 0.7, 'ctx:contact-verb');
    }
  },
};
