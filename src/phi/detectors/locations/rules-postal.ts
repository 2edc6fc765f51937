/** Location rules for postal parts of an address: countries in address blocks, postcodes, "City, ST 12345", ZIP codes. */
import { CITY, CLINICAL, COMMON, COUNTRIES, COUNTRY_PHRASES, STATE_ABBR, US_STATES } from '../lexicon.js';
import { before, each, gate, push } from '../util.js';
import type { LocationRule } from './context.js';

const COUNTRY_LINE = /(?<=\n)[ \t]*(?:[>|]+|\?{2,})?[ \t]*(\p{Lu}[\p{L}]+(?:[ \t]+\p{Lu}[\p{L}]+)?)[ \t]*(?:\d{3,6}[ \t]*)?(?=\n|$)/gu;
const COUNTRY_POSTAL = /\b(\p{Lu}[\p{L}]+(?:[ \t]+\p{Lu}[\p{L}]+)?)[ \t]+(\d{4,6}|\d{2,4}-\d{3,4})\b/gud;
const STATE_AFTER_COMMA = /,[ \t]*([A-Z]{2})\b\.?(?:[ \t]+(\d{5}(?:-\d{4})?))?/g;
const CITY_BEFORE = /(\p{Lu}[\p{L}'.-]*(?:[ \t]+\p{Lu}[\p{L}'.-]*){0,2})$/u;
const ZIP_CTX = /(?<![\d-])\d{5}(?:-\d{4})?(?![\d-])/g;
const ZIP9 = /(?<![\d-])\d{9}(?![\d-])/g;
const ZIP_CUE = /\b(?:zip|zipcode|zip\s+code|postal\s+code|postcode)(?:\s+(?:is|was|#))?\W{0,3}$/;
/** Two-letter state abbreviations that are also English words: in lower case only after a comma ("austin, tx 78701"). */
const WORD_ABBR = new Set(['in', 'or', 'me', 'hi', 'ok', 'oh', 'pa', 'ma', 'al', 'de', 'la', 'co', 'id', 'mo', 'ga', 'wa', 'ne', 'nd', 'md', 'ms', 'mt', 'ct', 'va', 'ar', 'ia', 'ky', 'ri', 'sc', 'vt', 'wi', 'mn', 'nh']);
const STATE_BEFORE = /(?:^|[^\p{L}])(\p{L}+(?:[ \t]\p{L}+)?)\.?,?[ \t]+$/u;
/** The state (name or abbreviation, any case) right before a ZIP: "idaho 83702", "chicago il 60614", "Austin, TX 78701". */
function stateBefore(text: string, at: number): boolean {
  const m = STATE_BEFORE.exec(text.slice(Math.max(0, at - 24), at));
  if (!m) return false;
  const words = m[1]!.split(/[ \t]/);
  const last = words[words.length - 1]!;
  if (US_STATES.has(m[1]!.toLowerCase()) || (words.length === 2 && US_STATES.has(last.toLowerCase()))) return true;
  if (last.length !== 2 || !STATE_ABBR.has(last.toUpperCase())) return false;
  const wordAbbr = WORD_ABBR.has(last.toLowerCase());
  const comma = /,[ \t]*\p{L}{2}\.?,?[ \t]+$/u.test(text.slice(Math.max(0, at - 8), at));
  // "IN 12000" in a caps-lock note is a word: a word-like abbreviation needs "City," or a Title-case city before it
  if (last === last.toUpperCase()) return !wordAbbr || comma || (words.length === 2 && /^\p{Lu}\p{Ll}/u.test(words[0]!));
  // lower-case abbreviation: after "city," or when it is not an English word, with a word before it
  return comma || (words.length === 2 && !wordAbbr);
}
const TWO_WORD_COUNTRY = /^(?:united kingdom|united states|new zealand|south africa|czech republic)$/;

const GATE_COUNTRY = gate([...COUNTRIES, 'united', 'new', 'south', 'czech']);
const GATE_6 = gate(['united', 'new', 'south', 'north', 'czech', 'dominican', 'costa', 'el', 'saudi', 'sri', 'great', 'hong', 'puerto']);

export const countryLine: LocationRule = {
  id: 'location.country-line',
  description: 'in an address block, the short line before a line holding only a country (and a postcode): "Halden\\nNorway"',
  type: 'LOCATION', detectors: ['ctx:address-block'],
  examples: { finds: [['Send it here\nHalden\nNorway\n', 'Halden']], ignores: [['I love it.\nNorway\n', 'I love it.']] },
  run({ text, out, words }) {
    if ((words & GATE_COUNTRY) === 0) return;
    each(COUNTRY_LINE, text, (m) => {
      const key = m[1]!.toLowerCase();
      if (!COUNTRIES.has(key) && !TWO_WORD_COUNTRY.test(key)) return;
      const prevEnd = m.index - 1;
      const prevStart = text.lastIndexOf('\n', prevEnd - 1) + 1;
      const prev = text.slice(prevStart, prevEnd).trim().replace(/^(?:[>|]+|\?{2,})[ \t]*/, '');
      if (!prev || prev.length > 40 || prev.split(/\s+/).length > 4 || !/^\p{Lu}/u.test(prev) || /[.!?:]$/.test(prev)) return;
      const s = text.indexOf(prev, prevStart);
      push(out, 'LOCATION', s, s + prev.length, 0.65, 'ctx:address-block');
    });
  },
};

export const countryPostal: LocationRule = {
  id: 'location.country-postal',
  description: 'the postcode after a country name: "Norway 17733", "Poland 00-950"',
  type: 'LOCATION', detectors: ['regex:postal-code'],
  examples: { finds: [['Ship to: Norway 17733', '17733'], ['sent from Poland 00-950 today', '00-950']], ignores: [['Norway had 1500 visitors', '1500']] },
  run({ text, out, digits, words }) {
    if (!(digits && (words & GATE_COUNTRY) !== 0)) return;
    each(COUNTRY_POSTAL, text, (m) => {
      if (!COUNTRIES.has(m[1]!.toLowerCase()) && !/^(?:united kingdom|united states|new zealand|south africa|czech republic)$/i.test(m[1]!)) return;
      const ix = m.indices![2]!;
      push(out, 'LOCATION', ix[0], ix[1], 0.85, 'regex:postal-code');
    });
  },
};

export const cityStateAbbr: LocationRule = {
  id: 'location.city-state-abbr',
  description: '"City, ST" and "City, ST 12345": the city (known, or Title case with no common word) and the ZIP',
  type: 'LOCATION', detectors: ['regex:city-state', 'regex:zip'],
  examples: { finds: [['from Boston, MA 02139 originally', 'Boston'], ['from Boston, MA 02139 originally', '02139'], ['grew up in Quillbrook, VT', 'Quillbrook']], ignores: ['BP STABLE, MA', 'Pain, MD'] },
  run({ text, out }) {
    each(STATE_AFTER_COMMA, text, (m) => {
      const st = m[1]!;
      if (!STATE_ABBR.has(st)) return;
      const head = CITY_BEFORE.exec(text.slice(Math.max(0, m.index - 40), m.index));
      if (!head) return;
      const city = head[1]!;
      const cityStart = m.index - city.length;
      const zip = m[2];
      if (!zip && !CITY.has(city.toLowerCase()) && (city === city.toUpperCase() || city.split(/\s+/).some((w) => COMMON.has(w.toLowerCase()) || CLINICAL.has(w.toLowerCase()) || !/^\p{Lu}\p{Ll}/u.test(w)))) return;
      push(out, 'LOCATION', cityStart, m.index, zip ? 0.9 : 0.75, 'regex:city-state');
      if (zip) { const zi = m.index + m[0].length - zip.length; push(out, 'LOCATION', zi, zi + zip.length, 0.95, 'regex:zip'); }
    });
  },
};

export const zip: LocationRule = {
  id: 'location.zip',
  description: 'a ZIP code after "zip"/"postal code" or after a state abbreviation: "zip 02139", "MA 02139"',
  type: 'LOCATION', detectors: ['regex:zip'],
  examples: { finds: [['zip code 02139 on file', '02139'], ['Cambridge MA 02139', '02139'], ['her zip is 60614', '60614'], ['moved to boise, idaho 83702', '83702']], ignores: ['order 02139 units', 'wbc in 12000 range'] },
  run({ text, out, digits }) {
    if (!digits) return;
    each(ZIP_CTX, text, (m) => {
      const b = before(text, m.index, 24);
      if (ZIP_CUE.test(b) || stateBefore(text, m.index)) {
        push(out, 'LOCATION', m.index, m.index + m[0].length, 0.9, 'regex:zip');
      }
    });
    // ZIP+4 run together after a zip cue: "Zip: 021394455"
    each(ZIP9, text, (m) => { if (ZIP_CUE.test(before(text, m.index, 24))) push(out, 'LOCATION', m.index, m.index + 9, 0.9, 'regex:zip'); });
  },
};

export const countryPhrase: LocationRule = {
  id: 'location.country-phrase',
  description: 'multi-word country names: "United Kingdom", "Sri Lanka" (score 0.5: a country alone is not a Safe Harbor identifier)',
  type: 'LOCATION', detectors: ['dict:country'],
  examples: { finds: [['she flew in from Sri Lanka', 'Sri Lanka']], ignores: ['a new south wing'] },
  run({ text, out, words }) {
    if ((words & GATE_6) === 0) return;
    each(COUNTRY_PHRASES, text, (m) => push(out, 'LOCATION', m.index, m.index + m[0].length, 0.5, 'dict:country'));
  },
};

export const cityStateName: LocationRule = {
  id: 'location.city-state-name',
  description: 'a known city followed by a full state name, any case: "towson maryland\'s facility", "Towson, Maryland"',
  type: 'LOCATION', detectors: ['ctx:city-state'],
  examples: { finds: [['moved to towson maryland last year', 'towson maryland'], ['Towson, Maryland', 'Towson, Maryland']], ignores: ['Maryland, Virginia'] },
  run({ text, toks, out }) {
    for (let i = 0; i + 1 < toks.length; i++) {
      const t = toks[i]!, st = toks[i + 1]!;
      if (!t.place || !US_STATES.has(st.low) || US_STATES.has(t.low) || !/^,?[ \t]+$/.test(text.slice(t.end, st.start))) continue;
      if (!CITY.has(t.low) || t.clinical) continue;
      push(out, 'LOCATION', t.start, st.end, 0.8, 'ctx:city-state');
    }
  },
};
