/**
 * Location rules for the written forms of institutions and places in any case: a facility name read
 * back from its type words ("st. mary's hospital", "MAPLEWOOD COMMUNITY HEALTH CENTER", "fresno vna"),
 * a ward named after a person with a ward cue ("transferred to Ellison 12"), a town or state after a
 * residence or travel cue in lower or upper case ("born and raised in omaha"), and a street address
 * after an address cue in any case ("lives at 437 elm street").
 */
import type { Tok } from '../tokens.js';
import { CITY, CLINICAL, STATE_ABBR, US_STATES } from '../lexicon.js';
import { NOT_NAME_SUFFIX, inFirst, inLast, isCommon } from '../name-words.js';
import { push } from '../util.js';
import { FACILITY_STOP, lowerBound, spaceGap, type LocationRule } from './context.js';

/** Facility type words (the last word of a facility name) and the words that may come before them in the type. */
const TYPE_END = new Set(['hospital', 'center', 'centre', 'clinic', 'rehab', 'home', 'hospice', 'manor', 'vna', 'memorial', 'healthcare', 'infirmary', 'sanatorium']);
const TYPE_MID = new Set(['medical', 'health', 'community', 'general', 'memorial', 'nursing', 'rehabilitation', 'care', 'healthcare', 'and', 'regional', 'cancer', 'surgical', 'specialty', 'childrens', "children's"]);
/** Type words that name a facility only with a head word before them ("home", "center" alone are words). */
const WEAK_TYPE = new Set(['home', 'center', 'centre', 'memorial', 'manor', 'rehab', 'clinic', 'healthcare']);
/** Head words that are words, not names: generic facilities and services ("inpatient rehab", "pain clinic"). */
const NOT_HEAD = new Set(['inpatient', 'outpatient', 'acute', 'subacute', 'skilled', 'local', 'outside', 'nearby', 'area', 'geriatric', 'pediatric', 'psychiatric',
  'veterans', 'va', 'university', 'teaching', 'affiliated', 'urgent', 'primary', 'specialty', 'clinic', 'hospital', 'medicine', 'oncology', 'cardiology', 'methadone',
  'dental', 'eye', 'wound', 'pain', 'sleep', 'rehab', 'nursing', 'home', 'health', 'medical', 'the', 'a', 'an', 'his', 'her', 'their', 'our', 'your', 'my', 'same',
  'new', 'old', 'other', 'another', 'this', 'that', 'st', 'saint', 'assisted', 'living', 'group', 'day', 'adult', 'senior', 'cardiac', 'pulmonary', 'stroke',
  'trauma', 'burn', 'cancer', 'dialysis', 'transplant', 'womens', "women's", 'mens', "men's", 'state', 'county', 'city', 'private', 'public', 'free', 'walk-in',
  'family', 'community', 'general', 'regional', 'memorial', 'care', 'and', 'or', 'to', 'from', 'at', 'in', 'of', 'for', 'by', 'with', 'on']);
/** Two-word heads that are common words but usual facility names. */
const HEAD_PHRASES = new Set(['sacred heart', 'good samaritan', 'holy cross', 'holy family', 'holy name', 'mount sinai', 'beth israel', 'shady grove', 'pleasant valley', 'cedar ridge', 'mercy']);

const headOk = (t: Tok, text: string): boolean => {
  if (t.low.length < 2 || NOT_HEAD.has(t.low) || FACILITY_STOP.has(t.low) || CLINICAL.has(t.low) || /\d/.test(text.slice(t.start, t.end))) return false;
  if (t.cap && !t.capsZone) return !isCommon(t) || t.wordRank > 1500 || inLast(t) || inFirst(t) || CITY.has(t.low);
  // any case: a name-list or town word, or no frequent English word
  if (t.english && t.wordRank < 3000 && !CITY.has(t.low) && !HEAD_PHRASES.has(t.low)) return false;
  return ((inLast(t) || inFirst(t) || CITY.has(t.low) || t.place) && t.wordRank > 400) || (!isCommon(t) && !NOT_NAME_SUFFIX.test(t.low)) || t.wordRank > 8000 || HEAD_PHRASES.has(t.low);
};

export const facilityPhrase: LocationRule = {
  id: 'location.facility-phrase',
  description: 'a facility name in any case, read back from its type words: "st. mary\'s hospital", "MAPLEWOOD COMMUNITY HEALTH CENTER", "fresno vna", "oakwood nursing home"',
  type: 'LOCATION', detectors: ['ctx:facility-phrase'],
  examples: {
    finds: [['transferred from st. mary\'s hospital today', 'st. mary\'s hospital'], ['FROM MAPLEWOOD COMMUNITY HEALTH CENTER FOR CARE', 'MAPLEWOOD COMMUNITY HEALTH CENTER'], ['referred by fresno vna for care', 'fresno vna']],
    ignores: ['screening for inpatient rehab', 'follow up in pain clinic', 'lives in a nursing home', 'discharged to home with services'],
  },
  run({ text, toks, out }) {
    const n = toks.length;
    for (let e = 1; e < n; e++) {
      const end = toks[e]!;
      if (!TYPE_END.has(end.low)) continue;
      // "nursing home", "medical center", "general hospital": the type words before the last one
      let s = e;
      while (s > 0 && e - s < 4 && TYPE_MID.has(toks[s - 1]!.low) && spaceGap(text, toks[s - 1]!.end, toks[s]!.start)) s--;
      if (s === e && end.low === 'home') continue; // "home" alone is a word
      if (WEAK_TYPE.has(end.low) && s === e && end.lower && end.low !== 'clinic' && end.low !== 'rehab' && end.low !== 'manor') continue;
      // the head: up to three name words before the type, with "st."/"saint" before a saint's name
      let h = s;
      for (let k = s - 1; k >= 0 && s - k <= 3; k--) {
        const t = toks[k]!;
        const gap = text.slice(t.end, toks[k + 1]!.start);
        if (!/^[ \t]+$/.test(gap) && !(/^(?:st|mt|ft)$/.test(t.low) && /^\.[ \t]*$/.test(gap))) break;
        if ((t.low === 'st' || t.low === 'saint' || t.low === 'mt' || t.low === 'mount') && h < s && k + 1 === h) { h = k; break; }
        if (k > 0 && HEAD_PHRASES.has(`${toks[k - 1]!.low} ${t.low}`) && spaceGap(text, toks[k - 1]!.end, t.start)) { h = k - 1; break; }
        // "new bedford vna": a two-word town whose first word is a stop word
        if (k > 0 && CITY.has(`${toks[k - 1]!.low} ${t.low}`) && spaceGap(text, toks[k - 1]!.end, t.start) && (headOk(t, text) || t.cap)) { h = k - 1; break; }
        if (HEAD_PHRASES.has(t.low) || headOk(t, text)) { h = k; continue; }
        break;
      }
      if (h === s) continue;
      // "rehab" is also a service: in caps-lock or lower-case text only after a listed name or town ("PULMONARY REHAB", "VOC REHAB")
      const hd = toks[h]!;
      if (end.low === 'rehab' && s === e && !(hd.cap && !hd.capsZone) && !(inLast(hd) || inFirst(hd) || CITY.has(hd.low))) continue;
      push(out, 'LOCATION', toks[h]!.start, end.end, 0.85, 'ctx:facility-phrase');
    }
  },
};

/** Verbs and nouns before "to/on/from" that make "<Name> 12" a ward or unit. */
const WARD_VERB = /\b(?:transferred|transfered|transfer|txf|tx|admitted|admit|adm|returned|return|back|moved|assigned|bed|called|report|sent|arrived|came|taken|brought|floated|boarding|boarded|upstairs)[ \t]+(?:\w+[ \t]+)?(?:to|on|from|at)[ \t]+$/i;
const WARD_AFTER = /^[ \t]+\d{1,2}(?:[ \t]*(?:[,.;)]|$|\n)|[ \t]+(?:in|for|from|at|after|when|with|charge|nurse|nursing|staff|ward|unit|floor|today|tonight|overnight|and|on|via|by|bed|room)\b)/i;

export const namedWard: LocationRule = {
  id: 'location.named-ward',
  description: 'a ward named after a person or place with a ward cue, in any case: "transferred to Ellison 12", "pt returned to wang 9 after", "REPORT CALLED TO GRAY 17 CHARGE NURSE"',
  type: 'LOCATION', detectors: ['ctx:named-ward'],
  examples: { finds: [['Transferred to Ellison 12 in stable condition.', 'Ellison 12'], ['report called to gray 17 charge nurse', 'gray 17']], ignores: ['transferred to ICU 2 days ago', 'increased to lasix 40 mg', 'back to baseline 2 days later'] },
  run({ text, toks, out, digits }) {
    if (!digits) return;
    for (let i = 2; i < toks.length; i++) {
      const t = toks[i]!;
      const p = toks[i - 1]!.low;
      if (p !== 'to' && p !== 'on' && p !== 'from' && p !== 'at') continue;
      const c1 = text.charCodeAt(t.end + 1);
      if (text.charCodeAt(t.end) !== 32 || c1 < 48 || c1 > 57) continue; // "<Name> <digit>"
      if (t.low.length < 3 || t.clinical || CLINICAL.has(t.low) || FACILITY_STOP.has(t.low) || !/^\p{L}[\p{L}'’-]*$/u.test(t.low)) continue;
      if (!WARD_AFTER.test(text.slice(t.end, t.end + 14))) continue;
      // "pt on Ellison 12": after "pt on" only a listed family name (a drug would be a dose: "pt on Keppra 5")
      const ptOn = p === 'on' && (toks[i - 2]!.low === 'pt' || toks[i - 2]!.low === 'patient');
      if (!ptOn && !WARD_VERB.test(text.slice(Math.max(0, t.start - 30), t.start))) continue;
      // a name (family-name list, or no English word); a frequent word only as a listed surname ("Gray", "White")
      const named = (inLast(t) && t.lastRank < 20000) || (!ptOn && !t.english && t.wordRank === Infinity && !NOT_NAME_SUFFIX.test(t.low));
      if (!named || (isCommon(t) && !(t.lastRank < 3000)) || (t.wordRank < 1000 && t.lastRank > 300)) continue;
      const num = /^[ \t]+\d{1,2}/.exec(text.slice(t.end, t.end + 4))!;
      push(out, 'LOCATION', t.start, t.end + num[0].length, 0.7, 'ctx:named-ward');
    }
  },
};

/** Residence and travel cues that make a town or state of the next words in lower or upper case. */
const PLACE_CUE = /\b(?:lives?|living|lived|resides?|residing|raised|born|grew[ \t]+up|works?|worked|home|moved|moving|relocated|visiting|visited|drove(?:[ \t]+up|[ \t]+down)?|flew|traveled|travelled|returned|return|originally|native|family)[ \t]+(?:\w+[ \t]+){0,2}?(?:in|to|from|of|near)[ \t]+$/i;

export const placeCue: LocationRule = {
  id: 'location.place-cue',
  description: 'a town (one to three words) or state in any case after a residence or travel cue, and its ", ST": "born and raised in omaha", "VISITING FROM NEW HAMPSHIRE", "lives in tucson, NH"',
  type: 'LOCATION', detectors: ['ctx:place-cue'],
  examples: { finds: [['born and raised in omaha.', 'omaha'], ['VISITING FROM NEW HAMPSHIRE FOR THE HOLIDAYS', 'NEW HAMPSHIRE']], ignores: ['lives in an apartment with son', 'moved to chair with assist', 'born in march'] },
  run({ text, toks, out }) {
    for (let i = 1; i < toks.length; i++) {
      const t = toks[i]!;
      const p = toks[i - 1]!.low;
      if (p !== 'in' && p !== 'to' && p !== 'from' && p !== 'of' && p !== 'near') continue;
      // one-word towns and states carry the lexicon's place flag, multi-word ones start with a multiFirst word
      if (!(t.place || t.multiFirst) || t.clinical || t.low.length < 3) continue;
      let key = t.low, j = -1;
      for (let w = 0; w < (t.multiFirst ? 3 : 1) && i + w < toks.length; w++) {
        if (w > 0) { if (!spaceGap(text, toks[i + w - 1]!.end, toks[i + w]!.start)) break; key += ' ' + toks[i + w]!.low; }
        if (CITY.has(key) || US_STATES.has(key)) j = i + w;
      }
      if (j < 0 || (j === i && FACILITY_STOP.has(t.low))) continue;
      // a one-word town that is a frequent English word ("mobile", "hope") only in Title case (other rules read those)
      if (j === i && (isCommon(t) || (t.english && t.wordRank < 5000))) continue;
      if (!PLACE_CUE.test(text.slice(Math.max(0, t.start - 40), t.start))) continue;
      let end = toks[j]!.end;
      const st = /^,[ \t]*([A-Za-z]{2})\b(?![.'’-]?\p{L})/u.exec(text.slice(end, end + 6));
      if (st && STATE_ABBR.has(st[1]!.toUpperCase()) && !US_STATES.has(key)) end += st[0].length;
      push(out, 'LOCATION', t.start, end, US_STATES.has(key) ? 0.5 : 0.8, 'ctx:place-cue');
      i = j;
    }
  },
};

const STREET_TYPE = /^(?:street|st|avenue|ave|road|rd|lane|ln|drive|dr|boulevard|blvd|court|ct|terrace|ter|place|pl|way|circle|cir|parkway|pkwy|highway|hwy|square|trail|path|row|pike)$/;
const ADDRESS_CUE = /\b(?:lives?[ \t]+at|living[ \t]+at|resides?[ \t]+at|residing[ \t]+at|address(?:[ \t]+is)?:?|located[ \t]+at|home[ \t]+at|outside(?:[ \t]+of)?|found[ \t]+(?:down[ \t]+)?(?:at|on|near)|moved[ \t]+to|in[ \t]+front[ \t]+of)[ \t]+$/i;

const ADDRESS_NUMBER = /^(?:[ \t]+(?:at|on|near|of|to|is|down))*:?[ \t]+(\d{1,6}[A-Za-z]?[ \t]+)(?=\p{L})/iu;
const ADDRESS_WORDS = new Set(['lives', 'live', 'living', 'resides', 'reside', 'residing', 'address', 'located', 'home', 'outside', 'found', 'moved', 'front']);

export const streetAnyCase: LocationRule = {
  id: 'location.street-any-case',
  description: 'a house number, one to three street-name words and a street type in any case, after an address cue: "lives at 437 elm street", "OUTSIDE 920 SUMMER LANE"',
  type: 'LOCATION', detectors: ['ctx:street-any-case'],
  examples: { finds: [['pt lives at 437 elm street with son', '437 elm street'], ['FOUND DOWN OUTSIDE 920 SUMMER LANE BY EMS', '920 SUMMER LANE']], ignores: ['needs 3 way foley', 'at 10 pm rd dose given', 'outside 2 way stopcock'] },
  run({ text, toks, out, digits }) {
    if (!digits) return;
    for (let c = 0; c < toks.length; c++) {
      if (!ADDRESS_WORDS.has(toks[c]!.low)) continue;
      // the house number right after the cue phrase
      const m = ADDRESS_NUMBER.exec(text.slice(toks[c]!.end, toks[c]!.end + 32));
      if (!m) continue;
      const numAt = toks[c]!.end + m[0].length - m[1]!.length;
      if (!ADDRESS_CUE.test(text.slice(Math.max(0, numAt - 30), numAt))) continue;
      const mIndex = numAt;
      const mLen = m[1]!.length;
      // words after the number: up to three street-name words, then the type
      let k = lowerBound(toks, mIndex + mLen);
      if (k >= toks.length) break;
      const first = k;
      let named = false;
      for (; k < toks.length && k - first < 4; k++) {
        const t = toks[k]!;
        if (k > first && !spaceGap(text, toks[k - 1]!.end, t.start)) break;
        if (k > first && STREET_TYPE.test(t.low)) {
          if (!named) break;
          push(out, 'LOCATION', mIndex, t.end + (text[t.end] === '.' && t.low.length <= 4 ? 1 : 0), 0.85, 'ctx:street-any-case');
          break;
        }
        if (t.clinical || CLINICAL.has(t.low) || t.low.length < 2) break;
        if (!(t.wordRank > 400 || inLast(t) || inFirst(t) || CITY.has(t.low))) break;
        named = true;
      }
    }
  },
};
