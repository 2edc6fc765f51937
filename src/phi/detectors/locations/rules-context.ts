/** Location rules that read a word as a place from the words before it, and the city/state/country lists. */
import type { Tok } from '../tokens.js';
import { CITY, CLINICAL, COUNTRIES, R, TITLES, US_STATES, nearKnownWord } from '../lexicon.js';
import { EPONYM_NEXT, NOT_NAME_SUFFIX, isCommon } from '../name-words.js';
import { push } from '../util.js';
import { FACILITY_STOP, spaceGap, type LocCtx, type LocationRule } from './context.js';

const LOC_VERB = /\b(?:transferred|transfered|transfer|trans|txd|tx'd|admitted|admit|adm|sent|went|taken|brought|presented|arrived|came|returned|returning|discharged|d\/c'd|dc'd|d\/ced|accepted|screened|seen|followed|referred|going|go|back)\s+(?:in)?(?:to|from|at|by|into|@)\s+(?:the\s+)?$|\b(?:at|@|from)\s+(?:the\s+)?$/i;
const STRONG_LOC_VERB = /\b(?:transferred|transfered|transfer|trans|txd|tx'd|admitted|admit|adm|sent|taken|brought|presented|arrived|came|returned|returning|discharged|d\/c'd|dc'd|d\/ced|accepted|screened|referred|osh)\s+(?:in)?(?:to|from|at|into|@)?\s*(?:the\s+)?$/i;
const STRONG_PLACE_CTX = /\b(?:lives?\b[^.\n]{0,40}?\bin|based\s+in|located\s+in|headquartered\s+in|city\s+of|town\s+of|office\s+in|offices\s+in|grew\s+up\s+in|i'?m\s+in|am\s+in|flew\s+(?:to|from)|trip\s+to|travel(?:l?ed|ing)?\s+to|visit(?:ed|ing)?|lives?\s+in|living\s+in|lived\s+in|resides?\s+in|resident\s+of|native\s+of|moved\s+to|moving\s+to|born\s+in|originally\s+from|trip\s+to|flew\s+to|drove\s+to|transferred\s+(?:to|from)|transfer\s+(?:to|from)|admitted\s+to|adm\s+to|osh\s+in|hospital\s+in|from)\s+(?:the\s+)?$/i;
const PLACE_CTX = /\b(?:lives?\s+in|living\s+in|lived\s+in|resides?\s+in|resident\s+of|native\s+of|moved\s+to|moving\s+to|born\s+in|originally\s+from|from|to|in|near|visiting|trip\s+to|flew\s+to|drove\s+to|went\s+to|transferred\s+(?:to|from)|transfer\s+(?:to|from)|admitted\s+to|adm\s+to|came\s+(?:in)?to|osh|at)\s+(?:the\s+)?$/i;
const COMMON_TIME = new Set(['am', 'pm', 'noon', 'midnight', 'mn', 'noc', 'hs', 'night', 'today', 'tomorrow', 'yesterday', 'tonight', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'baseline', 'goal', 'least', 'times', 'time', 'rest', 'risk', 'bedside', 'chair', 'commode', 'bathroom', 'side', 'touch', 'pain', 'stimuli', 'voice', 'name', 'person', 'place', 'self', 'his', 'her', 'him', 'them', 'me', 'us', 'you', 'it', 'gtt', 'prn', 'max', 'min']);

export const locative: LocationRule = {
  id: 'location.locative',
  description: 'unknown words after locative verbs: "transferred to Pemberton", "seen at UH", "TRANSFERRED FROM PEMBERTON TODAY", "went to Harbor"',
  type: 'LOCATION', detectors: ['ctx:locative'],
  examples: { finds: [['TRANSFERRED FROM PEMBERTON TODAY', 'PEMBERTON'], ['we returned to kiel by helicopter', 'kiel']], ignores: ['ABG STABLE AT BASLINE S/P EXTUBATION', 'TRANSFERRED TO THE MCIU. ON ARRIVAL'] },
  run({ text, toks, out }) {
    for (let i = 1; i < toks.length; i++) {
      const t = toks[i]!;
      const pl = toks[i - 1]!.low;
      if (!(toks[i - 1]!.role & R.LOC_PREV) && !(pl === 'the' && i > 1 && (toks[i - 2]!.role & R.LOC_PREV))) continue;
      const b = text.slice(Math.max(0, t.start - 30), t.start);
      const acronymLike = t.low.length <= 4 && /h$|mc$/.test(t.low) && !isCommon(t) && !t.clinical;
      if (!LOC_VERB.test(b) && !(acronymLike && /\bto\s+(?:the\s+)?$/i.test(b))) continue;
      const strong = STRONG_LOC_VERB.test(b);
      const ok = (x: Tok): boolean => !CLINICAL.has(x.low) && !FACILITY_STOP.has(x.low) && !/\d/.test(text.slice(x.start, x.end))
        && x.low.length > 1 && (!isCommon(x) || (x.cap && !x.sentStart)) && !COMMON_TIME.has(x.low);
      if (!ok(t)) continue;
      if (t.lower && (NOT_NAME_SUFFIX.test(t.low) || (t.english && t.wordRank !== Infinity))) continue;
      // a state or country alone is not a Safe Harbor identifier; "from Quinton cath" is a device
      if (US_STATES.has(t.low) || COUNTRIES.has(t.low) || (toks[i + 1] && EPONYM_NEXT.has(toks[i + 1]!.low))) continue;
      if (TITLES.has(t.low) || (t.low.length <= 3 && /^[ \t]*\d+(?![\d/])/.test(text.slice(t.end, t.end + 5)))) continue;
      if ((t.upper || t.lower) && t.low.length <= 3 && !/h$|mc$/.test(t.low)) continue;
      const hospAcronym = t.low.length <= 4 && /h$|mc$/.test(t.low) && !isCommon(t) && !t.clinical;
      const capsUnknown = t.upper && t.capsZone && t.wordRank === Infinity && t.low.length >= 4 && t.firstRank === Infinity && !t.english && !/-/.test(t.low);
      if (!strong && !hospAcronym && !capsUnknown && !((t.cap && !t.sentStart) || (t.upper && !t.capsZone))) continue;
      const nx = toks[i + 1];
      const titlePair = !!nx && t.cap && nx.cap && spaceGap(text, t.end, nx.start) && !nx.clinical && !FACILITY_STOP.has(nx.low);
      // a capitalised ordinary word mid-sentence after to/at/from ("went to Harbor") in mixed-case text
      const titleWord = t.cap && !t.sentStart && !t.capsZone && t.wordRank > 1500 && !t.clinical;
      if (!strong && isCommon(t) && !titlePair && !titleWord) continue;
      let j = i;
      if (titlePair && isCommon(t)) j = i + 1;
      if (nx && spaceGap(text, t.end, nx.start) && ok(nx) && (nx.cap === t.cap) && (nx.upper === t.upper)) j = i + 1;
      // a misspelt ordinary or clinical word in caps-lock or lower-case text ("AT BASLINE", "TO THE MCIU")
      if ((t.lower || (t.upper && t.capsZone)) && t.wordRank === Infinity && !t.english && !t.place && nearKnownWord(t.low)) continue;
      push(out, 'LOCATION', t.start, toks[j]!.end, strong ? 0.7 : 0.6, 'ctx:locative');
      i = j;
    }
  },
};

/** The place-word steps skip clinical words unless they are capitalised. */
const skip = (ctx: LocCtx, i: number): boolean => { const t = ctx.toks[i]!; return t.clinical && !(t.cap || t.upper); };

export const placeWord: LocationRule = {
  id: 'location.place-word',
  description: 'cities (one to three words, by shape or place context), US states and countries (score 0.5) from the GeoNames and state lists',
  type: 'LOCATION', detectors: ['dict:city', 'dict:state', 'dict:country'], pass: 'place-words',
  examples: { finds: [['she lives in Worcester with her son', 'Worcester'], ['moved to New Bedford last year', 'New Bedford'], ['a trip to Ohio', 'Ohio']], ignores: ['she lives alone with her son'] },
  step(ctx, i) {
    if (skip(ctx, i)) return undefined;
    const { text, toks, out } = ctx;
    const t = toks[i]!;
    // multi-word city first (up to 3 tokens)
    let key = t.low;
    const keys: string[] = [key];
    if (t.multiFirst) {
      for (let w = 2; w <= 3; w++) {
        const nx = toks[i + w - 1];
        if (!nx || !spaceGap(text, toks[i + w - 2]!.end, nx.start)) break;
        key += ' ' + nx.low;
        keys.push(key);
      }
    }
    for (let w = keys.length; w >= 1; w--) {
      const last = toks[i + w - 1]!;
      key = keys[w - 1]!;
      if (w === 1 ? !t.place : !CITY.has(key) && !US_STATES.has(key)) continue;
      const shaped = t.cap || t.upper || (t.foreign && !t.lower);
      const inCtx = PLACE_CTX.test(text.slice(Math.max(0, t.start - 28), t.start));
      const strongCtx = inCtx && STRONG_PLACE_CTX.test(text.slice(Math.max(0, t.start - 28), t.start));
      if (CITY.has(key) && ((shaped && !t.sentStart) || (strongCtx && (shaped || w > 1 || !t.english))) && (inCtx || !t.capsZone)) {
        const common = w === 1 && isCommon(t);
        if (common && !strongCtx) continue;
        if (t.capsZone && t.upper && !strongCtx) continue;
        if (w === 1 && CLINICAL.has(t.low)) continue;
        push(out, 'LOCATION', t.start, last.end, common ? 0.55 : inCtx ? 0.85 : 0.7, 'dict:city');
        return i + w - 1;
      } else if (US_STATES.has(key) && shaped) {
        push(out, 'LOCATION', t.start, last.end, 0.5, 'dict:state');
        return i + w - 1;
      } else if (w === 1 && COUNTRIES.has(key) && (shaped || strongCtx)) {
        push(out, 'LOCATION', t.start, last.end, 0.5, 'dict:country');
        return i;
      }
    }
    return undefined;
  },
};

export const facilityAcronym: LocationRule = {
  id: 'location.facility-acronym',
  description: 'hospital-style acronyms after locative verbs: "admitted to MGH", "transferred from BWH"',
  type: 'LOCATION', detectors: ['ctx:facility-acronym'], pass: 'place-words',
  examples: { finds: [['pt was admitted to MGH overnight', 'MGH'], ['transferred from BWH today', 'BWH']], ignores: ['admitted to ICU overnight'] },
  step(ctx, i) {
    if (skip(ctx, i)) return undefined;
    const { text, toks, out } = ctx;
    const t = toks[i]!;
    if (t.upper && /^[A-Z]{2,5}$/.test(text.slice(t.start, t.end)) && /h$|mc$/.test(t.low) && !CLINICAL.has(t.low) && !isCommon(t)
      && /\b(?:admitted|admit|adm|transferred|transfered|transfer|trans|txd|sent|came|arrived|brought|went|taken|returned|returning|presented|seen|followed|back|discharged|screened|accepted|evaluated|w\/u)\s+(?:in)?(?:to|from|at|into|in|by|@)\s+(?:the\s+)?$/i.test(text.slice(Math.max(0, t.start - 30), t.start))) {
      push(out, 'LOCATION', t.start, t.end, 0.6, 'ctx:facility-acronym');
    }
    return undefined;
  },
};

export const placeAfterCue: LocationRule = {
  id: 'location.place-after-cue',
  description: 'a word after a residence or travel phrase ("lives in", "born in", "trip to", "city of"), or a non-ASCII proper noun after "from/in"',
  type: 'LOCATION', detectors: ['ctx:place'], pass: 'place-words',
  examples: { finds: [['she was born in Tvedestrand and moved', 'Tvedestrand'], ['he came from Üsküdar last year', 'Üsküdar']], ignores: ['she was born in March and moved'] },
  step(ctx, i) {
    if (skip(ctx, i)) return undefined;
    const { text, toks, out } = ctx;
    const t = toks[i]!;
    if (i === 0 || !(toks[i - 1]!.role & R.PLACE_PREV)) return undefined;
    // Unknown foreign-script or diacritic proper nouns after "from/in"
    if ((t.cap || t.upper) && t.foreign && PLACE_CTX.test(text.slice(Math.max(0, t.start - 28), t.start))) {
      push(out, 'LOCATION', t.start, t.end, 0.65, 'ctx:place');
    } else if ((t.cap || t.upper || (t.lower && t.low.length > 3 && !NOT_NAME_SUFFIX.test(t.low))) && t.low.length > 1 && !isCommon(t) && !t.clinical && /\b(?:lives?\b[^.\n]{0,40}?\bin|lives?\s+in|living\s+in|resides?\s+in|resident\s+of|native\s+of|moved\s+to|born\s+in|originally\s+from|hometown\s+(?:is|of)|grew\s+up\s+in|i'?m\s+in|am\s+in|flew\s+(?:to|from)|trip\s+to|travel(?:l?ed|ing)?\s+to|city\s+of|town\s+of|village\s+of|based\s+in|located\s+in|headquartered\s+in|offices?\s+in)\s+$/i.test(text.slice(Math.max(0, t.start - 48), t.start))) {
      push(out, 'LOCATION', t.start, t.end, 0.75, 'ctx:place');
    }
    return undefined;
  },
};
