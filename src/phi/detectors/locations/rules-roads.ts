/**
 * Location rules for places with no cue word or house number: numbered streets and roads ("on 5th Ave",
 * "off Route 9"), counties, and named schools, churches and residences in any case ("lincoln high school").
 */
import { CLINICAL } from '../lexicon.js';
import { each, push } from '../util.js';
import { FACILITY_STOP, lowerBound, type LocationRule } from './context.js';

// "on 5th Ave", "at 3rd and Main": an ordinal street after a preposition (house number absent)
const ORDINAL_STREET = /\b(?:on|at|off|near|along|of|and|from|to|onto)[ \t]+(\d{1,3}(?:st|nd|rd|th)[ \t]+(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Pl|Place|Dr|Drive|Ter|Terrace|Way|Ln|Lane)\b\.?)/gd;
// "Route 9", "Hwy 101", "State Route 33", "County Road 12", "US-1": Title case or caps type word, then the number
const ROAD = /\b(?:(?:State|County|Farm|US|U\.S\.)[ \t]+)?(?:Route|ROUTE|Rte|RTE|Highway|HIGHWAY|Hwy|HWY|Road|Interstate|INTERSTATE)\.?[ \t]?(?:#[ \t]?)?\d{1,4}[A-Z]?\b(?![ \t]*(?:mg|ml|mcg|units?|%))/g;
// "lincoln high school", "Grace Baptist Church", "sunrise assisted living": up to three name words before an institution word
const INSTITUTION = /\b(high[ \t]+school|middle[ \t]+school|junior[ \t]+high|elementary(?:[ \t]+school)?|academy|college|university|church|chapel|cathedral|synagogue|temple|mosque|assisted[ \t]+living(?:[ \t]+(?:facility|center|community))?|senior[ \t]+(?:living|center|apartments)|group[ \t]+home|homeless[ \t]+shelter|shelter|apartments)\b/giu;
/** Words that end a place name read backwards from its institution word. */
const NAME_STOP = new Set(['a', 'an', 'the', 'his', 'her', 'their', 'our', 'my', 'your', 'this', 'that', 'local', 'same', 'new', 'old', 'nearby',
  'at', 'to', 'from', 'in', 'of', 'into', 'for', 'with', 'and', 'or', 'attends', 'attend', 'attended', 'goes', 'go', 'went', 'lives', 'live',
  'is', 'was', 'are', 'in', 'by', 'her', 'community', 'state', 'public', 'private', 'catholic', 'christian', 'medical', 'nursing', 'dental', 'law',
  'graduate', 'grad', 'some', 'no', 'any', 'every', 'which', 'what', 'whose']);
// "Cook County", "St. Tammany Parish", "Kings County": one to three capitalised words before the division word
const COUNTY = /(?<![\p{L}'’.-])((?:\p{Lu}[\p{L}'’.-]{1,30}[ \t]+){1,3})(?:County|COUNTY|Parish|PARISH|Borough|Township)\b/gu;

export const ordinalStreet: LocationRule = {
  id: 'location.ordinal-street',
  description: 'a numbered street with no house number after a preposition: "the clinic on 5th Ave", "at 3rd St and Pine"',
  type: 'LOCATION', detectors: ['ctx:ordinal-street'],
  examples: { finds: [['the clinic on 5th Ave', '5th Ave'], ['found down at 3rd Street and Pine', '3rd Street']], ignores: ['on 5th day of antibiotics', 'in the 3rd trimester'] },
  run({ text, out }) {
    if (!/\d(?:st|nd|rd|th)[ \t]/.test(text)) return;
    each(ORDINAL_STREET, text, (m) => {
      const ix = m.indices?.[1];
      if (ix) push(out, 'LOCATION', ix[0], ix[1], 0.75, 'ctx:ordinal-street');
    });
  },
};

export const road: LocationRule = {
  id: 'location.road',
  description: 'a numbered road or highway: "she works at the Walmart on Route 9", "live off Hwy 101", "County Road 12"',
  type: 'LOCATION', detectors: ['ctx:road'],
  examples: { finds: [['she works at the store on Route 9', 'Route 9'], ['we live off Hwy 101 near town', 'Hwy 101']], ignores: ['route of administration: PO', 'oral route 2 times'] },
  run({ text, out }) {
    if (!/(?:Route|ROUTE|Rte|RTE|Highway|HIGHWAY|Hwy|HWY|Road|Interstate|INTERSTATE)\.?[ \t]?#?[ \t]?\d/.test(text)) return;
    each(ROAD, text, (m) => push(out, 'LOCATION', m.index, m.index + m[0].length, 0.75, 'ctx:road'));
  },
};

export const county: LocationRule = {
  id: 'location.county',
  description: 'a county, parish, borough or township: "resident of Cook County", "St. Tammany Parish"',
  type: 'LOCATION', detectors: ['ctx:county'],
  examples: { finds: [['resident of Cook County since 2010', 'Cook County'], ['lives in St. Tammany Parish', 'St. Tammany Parish']], ignores: ['the county health department', 'The County offered rides'] },
  run({ text, out }) {
    if (!/(?:County|COUNTY|Parish|PARISH|Borough|Township)\b/.test(text)) return;
    each(COUNTY, text, (m) => {
      // a leading article or clinical word is no part of the name ("The Cook County", "ER County"): start after it
      let s = -1;
      for (const w of m[1]!.matchAll(/\S+/g)) {
        const lw = w[0].toLowerCase();
        if (s < 0 && (FACILITY_STOP.has(lw) || CLINICAL.has(lw))) continue;
        if (s < 0) s = m.index + w.index;
      }
      if (s < 0) return;
      push(out, 'LOCATION', s, m.index + m[0].length, 0.8, 'ctx:county');
    });
  },
};

export const institution: LocationRule = {
  id: 'location.institution',
  description: 'a named school, church or residence in any case: "attends lincoln high school", "member of grace baptist church", "Oberlin College"',
  type: 'LOCATION', detectors: ['ctx:institution'],
  examples: { finds: [['attends lincoln high school', 'lincoln high school'], ['member of grace baptist church', 'grace baptist church'], ['lives at sunrise assisted living', 'sunrise assisted living']], ignores: ['goes to church on sundays', 'dropped out of high school', 'a community college course'] },
  run({ text, toks, out }) {
    if (!/school|high|elementary|academy|college|university|church|chapel|cathedral|synagogue|temple|mosque|living|senior|group home|shelter|apartments/i.test(text)) return;
    each(INSTITUTION, text, (m) => {
      const kw = m[1]!;
      const multi = /[ \t]/.test(kw) || /^elementary/i.test(kw);
      let i = lowerBound(toks, m.index) - 1;
      let first = -1, words = 0, titled = 0;
      while (i >= 0 && words < 3) {
        const t = toks[i]!;
        const gap = text.slice(t.end, first < 0 ? m.index : toks[first]!.start);
        if (!/^[ \t]+$/.test(gap) && !(first >= 0 && /^[ \t]*['’]s?[ \t]+$/.test(gap))) break;
        if (NAME_STOP.has(t.low) || !/^[\p{L}'’.-]+$/u.test(text.slice(t.start, t.end))) break;
        if (t.cap || t.upper) titled++;
        first = i; words++; i--;
      }
      if (first < 0) return;
      // one lower-case word before a one-word institution is a kind, not a name ("baptist church" alone may be either)
      if (!multi && titled === 0 && words < 2) return;
      push(out, 'LOCATION', toks[first]!.start, m.index + kw.length, titled > 0 ? 0.8 : 0.65, 'ctx:institution');
    });
  },
};
