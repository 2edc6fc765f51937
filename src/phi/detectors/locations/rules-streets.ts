/** Location rules for street addresses: US and European layouts, units, boxes, military addresses. */
import { CLINICAL, COMMON, isEnglishWord } from '../lexicon.js';
import { each, gate, push } from '../util.js';
import { FACILITY_STOP, addressTail, type LocationRule } from './context.js';

const SUFFIXES = 'street|st|str|avenue|ave|road|rd|boulevard|blvd|drive|dr|lane|ln|court|ct|way|place|pl|terrace|ter|circle|cir|parkway|pkwy|highway|hwy|square|sq|trail|trl|alley|crescent|plaza|pike|turnpike|expressway|freeway|heights|hts';
// British and other suffixes that are also ordinary words: Title case only ("119 Countess Close", not "50 WITH RISE")
const SUFFIXES_TITLE = 'Close|Mews|Grove|Gardens|Quay|Wharf|Parade|Esplanade|Promenade|Row|Rise';
// Suffix in Title case or ALL CAPS (never lower case: "3 way foley", "4 pt")
const SUFFIX = `(?:${SUFFIXES.split('|').map((w) => `${w[0]!.toUpperCase()}${w.slice(1)}|${w.toUpperCase()}`).join('|')}|${SUFFIXES_TITLE})`;
const TITLE_SUFFIX_END = new RegExp(`(?:${SUFFIXES_TITLE})\\.?$`);
const STREET_US = new RegExp(`(?<![\\d.,:/])(?:\\d{1,6}[ \\t]+)?\\d{1,6}[A-Za-z]?[ \\t]+(?:[NSEW]\\.?[ \\t]+)?(?:[A-Z][A-Za-z'-]*\\.?[ \\t]+){1,3}?${SUFFIX}\\b\\.?(?:,?[ \\t]+(?:[Aa]pt|APT|[Aa]partment|[Ss]uite|STE|[Ss]te|[Uu]nit|#|[Ff]l|[Ff]loor)\\.?[ \\t]*#?[ \\t]*[A-Za-z0-9-]{1,6})?`, 'g');
const STREET_INTL = /\b\p{Lu}[\p{L}-]{2,30}(?:katu|tie|gatan|gata|vej|vegen|vägen|veien|gade|straße|strasse|str\.|weg|laan|straat|gasse|platz|plein|utca|ulica|allee|dijk|kuja|polku|väylä|tee|iela|gatve)\s+\d{1,5}[A-Za-z]?\b/gu;
const STREET_PREFIX = /(?:\b\d{1,6}[ \t]+)?\b(?:Via|Viale|Rua|Avenida|Avda\.|Av\.|Calle|Rue|Boulevard|Piazza|Plaza|Largo|Travessa|Ulica|ul\.|Strada|Calea|Carrer|Paseo|Avinguda|Praça|Corso|Allee|Chemin|Route|Rambla)[ \t]+(?:(?:d[aeiou]s?|de[ \t]+la|del|di|della|delle|dei|degli|dello|des|du|le|la)[ \t]+)?\p{Lu}[\p{L}'-]*(?:[ \t]+\p{Lu}[\p{L}'-]*){0,2},?[ \t]+\d{1,5}[A-Za-z]?\b/gu;
// "74678 midtvollen 130 st.": house number, street name, numbered street ("130th St") in any case
const STREET_NUMBERED = /(?<![\d.,:/])\d{1,6}[ \t]+(?:\p{L}[\p{L}'-]{1,30}[ \t]+){1,3}\d{1,4}(?:st|nd|rd|th)?[ \t]+(?:st|street|ave|avenue|rd|road|blvd)\b\.?/giu;
// A named street without a house number after a preposition: "shows on Tarsicio Isle Street", "lives off Elm Road"
const NAMED_STREET = /\b(?:on|in|at|along|off|near|down|up|from|to|of)[ \t]+((?:\p{Lu}[\p{L}'’-]{1,30}[ \t]+){1,3}(?:Street|Avenue|Road|Boulevard|Lane|Drive|Court|Terrace|Crescent|Parkway|Highway|Alley|Place))\b/gud;
const NAMED_STREET_PRE = /(?:Street|Avenue|Road|Boulevard|Lane|Drive|Court|Terrace|Crescent|Parkway|Highway|Alley|Place)\b/;
// "4410 Bergvik 12", "Lindholm 7": house number + street name + number (European layouts)
const STREET_NUM_NAME_NUM = /(?<![\p{L}\d.,:/'-])(?:\d{1,6}[ \t]+)?\p{Lu}[\p{L}'-]{2,40}(?:[ \t]+\p{L}[\p{L}'-]{1,40}){0,3}[ \t]+\d{1,5}[A-Za-z]?\b(?=[ \t]*(?:,|\n|$|[ \t]+(?:Apt|Suite|Ste|Unit)\b))/gmu;
const STREET_NUM_GATE = /[A-Za-z\u00C0-\u024F]{3}[ \t]+\d{1,5}[A-Za-z]?[ \t]*(?:,|\n|$|[ \t]+(?:Apt|Suite|Ste|Unit)\b)/m;
const MILITARY = /\b(?:(?:PSC|Unit|CMR)\s+\d{1,5},?\s+Box\s+\d{1,5}|(?:APO|FPO|DPO)\s+(?:AA|AE|AP)\s+\d{5})\b/gi;
const UNIT = /\b(?:apt|apartment|suite|ste|unit)\.?[ \t]*#?[ \t]*\d{1,5}[A-Za-z]?\b/gi;
// Scandinavian/Dutch/German street words written apart: "Sorlie gate 14", "Ostre vej 9"
const STREET_WORD = /(?:(?<![\p{L}\d.,:/-])\d{1,6}[ \t]+)?(?<![\p{L}\d])\p{L}[\p{L}-]{2,30}(?:[ \t]+\p{L}[\p{L}-]{2,30}){0,2}?[ \t]+(?:gate|gata|gatan|vej|vei|veien|gade|katu|tie|weg|laan|straat|strasse|straße|utca|u\.|tér|ter|út|útja|str\.)[ \t]+\d{1,5}[A-Za-z]?(?![\p{L}\d])\.?/giu;
// literal pre-check for STREET_WORD (which would otherwise be tried at every letter)
const STREET_WORD_PRE = /[ \t](?:gate|gata|gatan|vej|vei|veien|gade|katu|tie|weg|laan|straat|strasse|straße|utca|u\.|tér|ter|út|útja|str\.)[ \t]+\d/i;
const PO_BOX = /(?:\b\d{1,6}[ \t]+)?\b(?:p\.?\s?o\.?\s?box|post\s+office\s+box)\s+\d{1,7}\b/gi;
const ADDRESS_CTX = /\b(?:lives?\s+(?:at|on)|(?:home\s+|new\s+)?address(?:\s+is)?:?|located\s+at|meet\s+(?:me|us)\s+at|(?:at\s+)?the\s+corner\s+of)[ \t]+([^\n.?!;]{4,80}?)(?=[ \t]*(?:[.?!;]\s|[.?!;]?$|\n| street\b| st\.))/gimud;

// Keyword gates (registered at module load, before any scan)
const GATE_1 = gate(['gate', 'gata', 'gatan', 'vej', 'vei', 'veien', 'gade', 'katu', 'weg', 'laan', 'straat', 'strasse', 'straße', 'utca', 'tér', 'ter', 'út', 'útja', 'tie', 'u', 'str']);
const GATE_2 = gate(['via', 'viale', 'rua', 'avenida', 'avda', 'av', 'calle', 'rue', 'boulevard', 'piazza', 'plaza', 'largo', 'travessa', 'ulica', 'ul', 'strada', 'calea', 'carrer', 'paseo', 'avinguda', 'praça', 'corso', 'allee', 'chemin', 'route', 'rambla']);
const GATE_3 = gate(['psc', 'unit', 'cmr', 'apo', 'fpo', 'dpo']);
const GATE_4 = gate(['apt', 'apartment', 'suite', 'ste', 'unit']);
const GATE_5 = gate(['box']);
const GATE_9 = gate(['lives', 'live', 'address', 'located', 'meet', 'corner']);
// one gate for the street-suffix and place-head rules (no free gate bits are left for separate ones)
export const GATE_NUMBERED = gate(['st', 'street', 'ave', 'avenue', 'rd', 'road', 'blvd', 'boulevard', 'lane', 'drive', 'court', 'terrace', 'crescent', 'parkway', 'highway', 'alley', 'place']);

export const streetUs: LocationRule = {
  id: 'location.street-us',
  description: 'house number, up to three street-name words and a street suffix, with an optional unit: "2437 Main St", "119 Countess Close, Apt 4"',
  type: 'LOCATION', detectors: ['regex:street', 'ctx:address-block'],
  examples: { finds: [['lives at 2437 Main St with wife', '2437 Main St'], ['Send to 119 Countess Close, Apt 4', '119 Countess Close, Apt 4']], ignores: ['3 WAY FOLEY IN PLACE', 'Day 5 Bilirubin Rise'] },
  run({ text, out, digits }) {
    if (!digits) return;
    each(STREET_US, text, (m) => {
      // "3 WAY FOLEY IN PLACE", "50 BY DR": some street-name word must be neither common nor clinical
      const names = (m[0].match(/\p{L}[\p{L}'-]*/gu) ?? []).slice(0, -1);
      // ... unless the words are in Title case in mixed-case text, the usual shape of a real street
      // ("2437 Main St", "5 Park Ave"), where caps-lock notes write "3 WAY FOLEY IN PLACE"
      const titled = names.length > 0 && names.every((w) => /^\p{Lu}\p{Ll}/u.test(w)) && /[a-z]/.test(text.slice(Math.max(0, m.index - 40), m.index));
      if (!titled && !names.some((w) => !CLINICAL.has(w.toLowerCase()) && (COMMON.get(w.toLowerCase()) ?? Infinity) >= 1500 && w.length > 1)) return;
      if (/\bin[ \t]+place\b\.?$/i.test(m[0])) return; // "3L CORDIS STILL IN PLACE"
      // a suffix that is also an ordinary word ("Rise", "Row", "Close") after a labelled number is a
      // heading or a seat, not a house number: "Day 5 Bilirubin Rise", "Seat 23 Exit Row"
      if (TITLE_SUFFIX_END.test(m[0]) && /\p{Lu}[\p{L}]*\.?[ \t]+$/u.test(text.slice(Math.max(0, m.index - 24), m.index))) return;
      push(out, 'LOCATION', m.index, m.index + m[0].length, 0.9, 'regex:street'); addressTail(text, m.index + m[0].length, out);
    });
  },
};

export const streetWord: LocationRule = {
  id: 'location.street-word',
  description: 'a Nordic, Dutch, German or Hungarian street word written apart, then a number: "Sorlie gate 14", "Ostre vej 9"',
  type: 'LOCATION', detectors: ['regex:street-word', 'ctx:address-block'],
  examples: { finds: [['moved to Sorlie gate 14 last year', 'Sorlie gate 14']], ignores: ['the main gate 2 is closed'] },
  run({ text, out, digits, words }) {
    if (!(digits && ((words & GATE_1) !== 0) && STREET_WORD_PRE.test(text))) return;
    each(STREET_WORD, text, (m) => {
      const w = /\p{L}[\p{L}-]*/u.exec(m[0])![0].toLowerCase();
      if (CLINICAL.has(w) || (COMMON.get(w) ?? Infinity) < 3000) return;
      push(out, 'LOCATION', m.index, m.index + m[0].length, 0.8, 'regex:street-word');
      addressTail(text, m.index + m[0].length, out);
    });
  },
};

export const streetNumbered: LocationRule = {
  id: 'location.street-numbered',
  description: 'house number, street name and a numbered street in any case: "74678 midtvollen 130 st."',
  type: 'LOCATION', detectors: ['regex:street-numbered'],
  examples: { finds: [['the bus drops you off at 74678 midtvollen 130 st.', '74678 midtvollen 130 st.']], ignores: ['took 3 days 2 st'] },
  run({ text, out, digits, words }) {
    if (!(digits && (words & GATE_NUMBERED) !== 0)) return;
    each(STREET_NUMBERED, text, (m) => {
      // the words must not be ordinary clinical shorthand ("3 days 2 st")
      const ws = m[0].match(/\p{L}[\p{L}'-]*/gu) ?? [];
      if (ws.slice(0, -1).some((w) => CLINICAL.has(w.toLowerCase()) || (COMMON.get(w.toLowerCase()) ?? Infinity) < 3000)) return;
      push(out, 'LOCATION', m.index, m.index + m[0].length, 0.8, 'regex:street-numbered');
    });
  },
};

export const namedStreet: LocationRule = {
  id: 'location.named-street',
  description: 'a named street without a house number after a preposition: "shows on Tarsicio Isle Street", "lives off Elm Road"',
  type: 'LOCATION', detectors: ['ctx:named-street'],
  examples: { finds: [['these early shows on Tarsicio Isle Street were important', 'Tarsicio Isle Street']], ignores: ['she went to the Court'] },
  run({ text, out, words }) {
    if (!((words & GATE_NUMBERED) !== 0 && NAMED_STREET_PRE.test(text))) return;
    each(NAMED_STREET, text, (m) => {
      const ix = m.indices?.[1];
      if (!ix) return;
      const ws = m[1]!.match(/\p{L}[\p{L}'’-]*/gu) ?? [];
      // "Wall Street", "Main Street": still a street; but not "the Court", "Sesame Street"-like titles need a lower-case lead-in
      if (ws.length < 2 || ws.slice(0, -1).some((w) => CLINICAL.has(w.toLowerCase()) || FACILITY_STOP.has(w.toLowerCase()))) return;
      push(out, 'LOCATION', ix[0], ix[1], 0.75, 'ctx:named-street');
    });
  },
};

export const streetIntl: LocationRule = {
  id: 'location.street-intl',
  description: 'a street name with a European street ending, then a number, with a house number before it: "Magasinsgatan 7", "07576 Magasinsgatan 7"',
  type: 'LOCATION', detectors: ['regex:street-intl', 'ctx:address-block'],
  examples: { finds: [['The bus drops you off at 07576 Magasinsgatan 7 St.', '07576 Magasinsgatan 7'], ['Adresse: Hauptstraße 12', 'Hauptstraße 12']], ignores: ['Magasinsgatan is long'] },
  run({ text, out, digits }) {
    if (!digits) return;
    each(STREET_INTL, text, (m) => {
      // a house number before the street name ("07576 Magasinsgatan 7")
      const hn = /(?<![\d.,:/])\d{1,6}[ \t]+$/.exec(text.slice(Math.max(0, m.index - 12), m.index));
      const start = hn ? m.index - hn[0].length : m.index;
      push(out, 'LOCATION', start, m.index + m[0].length, 0.85, 'regex:street-intl'); addressTail(text, m.index + m[0].length, out);
    });
  },
};

export const streetPrefix: LocationRule = {
  id: 'location.street-prefix',
  description: 'a Romance or Slavic street word before the name, then a number: "Via Garibaldi 12", "Rua das Flores 45", "ul. Długa 3"',
  type: 'LOCATION', detectors: ['regex:street-intl'],
  examples: { finds: [['she lives at Via Garibaldi 12 in town', 'Via Garibaldi 12'], ['send it to Rua das Flores 45', 'Rua das Flores 45']], ignores: ['via IV 12 times'] },
  run({ text, out, digits, words }) {
    if (!(digits && ((words & GATE_2) !== 0))) return;
    each(STREET_PREFIX, text, (m) => {
      push(out, 'LOCATION', m.index, m.index + m[0].length, 0.85, 'regex:street-intl');
    });
  },
};

export const streetNumNameNum: LocationRule = {
  id: 'location.street-num',
  description: 'house number, street name and number (European layouts), or street name and number alone on an address-block line: "4410 Bergvik 12", "Lindholm 7"',
  type: 'LOCATION', detectors: ['regex:street-num', 'ctx:address-block'],
  examples: { finds: [['Ship to:\n4410 Bergvik 12\n', '4410 Bergvik 12'], ['Please send it to\nLindholm 7\n', 'Lindholm 7']], ignores: ['Lasix 40, Psv 15\n', 'Pneumococcal conjugate PCV 13'] },
  run({ text, out, digits }) {
    if (!(digits && STREET_NUM_GATE.test(text))) return;
    each(STREET_NUM_NAME_NUM, text, (m) => {
      const t = m[0];
      // "Lasix 40", "Vent settings Psv 15": no word may be common or clinical, and without a house
      // number the match must be a whole line (an address block line)
      const words = t.match(/\p{L}[\p{L}'-]*/gu) ?? [];
      if (words.some((w) => CLINICAL.has(w.toLowerCase()) || (COMMON.get(w.toLowerCase()) ?? Infinity) < 6000 || /^\p{Lu}{2,}$/u.test(w) && words.length === 1 && !/^\d/.test(t))) return;
      // "Pneumococcal conjugate PCV 13": an abbreviation before the number, or only English words, is a product or code
      if (!/^\d/.test(t) && ((words.length > 1 && /^\p{Lu}{2,5}$/u.test(words[words.length - 1]!)) || words.every((w) => isEnglishWord(w.toLowerCase())))) return;
      if (!/^\d/.test(t)) {
        const ls = text.lastIndexOf('\n', m.index - 1) + 1;
        const le = text.indexOf('\n', m.index);
        if (text.slice(ls, m.index).trim() !== '' || text.slice(m.index + t.length, le < 0 ? text.length : le).trim() !== '') return;
      }
      push(out, 'LOCATION', m.index, m.index + t.length, /^\d/.test(t) ? 0.8 : 0.65, 'regex:street-num');
      addressTail(text, m.index + t.length, out);
    });
  },
};

export const military: LocationRule = {
  id: 'location.military',
  description: 'military addresses: "PSC 1234, Box 5678", "APO AE 09012"',
  type: 'LOCATION', detectors: ['regex:military-address'],
  examples: { finds: [['mail to PSC 1234, Box 5678 please', 'PSC 1234, Box 5678'], ['stationed at APO AE 09012 now', 'APO AE 09012']], ignores: ['a box of 12 gloves'] },
  run({ text, out, digits, words }) {
    if (!(digits && ((words & GATE_3) !== 0))) return;
    each(MILITARY, text, (m) => push(out, 'LOCATION', m.index, m.index + m[0].length, 0.9, 'regex:military-address'));
  },
};

export const unitNumber: LocationRule = {
  id: 'location.unit',
  description: 'an apartment, suite or unit number: "Apt. 3", "Suite 210"',
  type: 'LOCATION', detectors: ['regex:unit', 'ctx:address-block'],
  examples: { finds: [['moved to Suite 210 downtown', 'Suite 210'], ['4410 Bergvik 12, Apt. 3', 'Apt. 3']], ignores: ['the apartment is small'] },
  run({ text, out, digits, words }) {
    if (!(digits && ((words & GATE_4) !== 0))) return;
    each(UNIT, text, (m) => { push(out, 'LOCATION', m.index, m.index + m[0].length, 0.7, 'regex:unit'); addressTail(text, m.index + m[0].length, out); });
  },
};

export const poBox: LocationRule = {
  id: 'location.po-box',
  description: 'post office boxes: "PO Box 4411", "P.O. Box 12", "Post Office Box 7"',
  type: 'LOCATION', detectors: ['regex:po-box', 'ctx:address-block'],
  examples: { finds: [['write to PO Box 4411 instead', 'PO Box 4411'], ['or P.O. Box 12', 'P.O. Box 12']], ignores: ['a box of 12 gloves'] },
  run({ text, out, digits, words }) {
    if (!(digits && ((words & GATE_5) !== 0))) return;
    each(PO_BOX, text, (m) => { push(out, 'LOCATION', m.index, m.index + m[0].length, 0.9, 'regex:po-box'); addressTail(text, m.index + m[0].length, out); });
  },
};

export const addressCtx: LocationRule = {
  id: 'location.address-context',
  description: 'what follows "lives at", "address:", "meet me at", "the corner of" when it holds a number and a word: "lives at 12 ostre vej 9, odense"',
  type: 'LOCATION', detectors: ['ctx:address'],
  examples: { finds: [['she lives at 12 ostre vej 9, odense.', '12 ostre vej 9, odense'], ['meet me at 440 Lindholm 7.', '440 Lindholm 7']], ignores: ['at the corner of the bed 2 pillows.'] },
  run({ text, out, digits, words }) {
    if (!(digits && ((words & GATE_9) !== 0))) return;
    each(ADDRESS_CTX, text, (m) => {
      const ix = m.indices?.[1];
      if (!ix) return;
      const v = m[1]!;
      if (!/\d/.test(v) || !/\p{L}{3}/u.test(v)) return;
      // a street corner names two streets: "the corner of Elm 12 and Oak", not "the corner of the bed 2 pillows"
      if (/corner\s+of[ \t]+$/i.test(m[0].slice(0, ix[0] - m.index)) && (!/[ \t](?:and|&)[ \t]/i.test(v) || /^(?:the|a|an|my|his|her|their|our|this|that)\b/i.test(v))) return;
      push(out, 'LOCATION', ix[0], ix[1], 0.75, 'ctx:address');
    });
  },
};
