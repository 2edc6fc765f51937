import type { Candidate } from '../types.js';
import type { Tok } from './tokens.js';
import { COMMON, isEnglishWord, nearKnownWord } from './lexicon.js';
import { FIRST, R, TITLES } from './lexicon.js';
import { CITY, CLINICAL, COUNTRIES, COUNTRY_PHRASES, STATE_ABBR, US_STATES } from './lexicon.js';
import { EPONYM_NEXT, NOT_NAME_SUFFIX, isCommon } from './name-words.js';
import { gate, before, each, push } from './util.js';

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
// literal pre-checks (fast scans) for the region, campus and place-head rules
const REGION_PRE = /Shore|Coast|Valley|Hills|Islands|Peninsula|Highlands|Panhandle|Plains|Keys|Uplands|Lowlands|SHORE|COAST|VALLEY|HILLS|ISLANDS|PENINSULA|HIGHLANDS|PANHANDLE|PLAINS|KEYS/;
const PLACE_HEAD_PRE = /(?:Port|Fort|Mount|Lake|Cape|Glen|Isle|Isla|Puerto|Porto|Villa|Ciudad|Sankt|Bandar|Kota|Castel|Castle|Ville) /;
// Regions and campuses: "from the Eastern Shore", "FROM THE EASTERN SHORE", "on North Campus"
const REGION = /\b(?:the|The|THE)[ \t]+((?:\p{Lu}[\p{L}'’-]{2,20}[ \t]+){1,2}(?:Shore|Coast|Valley|Hills|Islands|Peninsula|Highlands|Panhandle|Plains|Keys|Uplands|Lowlands|SHORE|COAST|VALLEY|HILLS|ISLANDS|PENINSULA|HIGHLANDS|PANHANDLE|PLAINS|KEYS))\b/gud;
const CAMPUS = /\b(?:North|South|East|West|Main|Central|Upper|Lower|NORTH|SOUTH|EAST|WEST|MAIN)[ \t]+(?:Campus|CAMPUS)\b/g;
// Place-name heads: "Port Paien", "Fort Wenlock", "Puerto Asis", "Sankt Olof" (a capitalised non-English word after)
const PLACE_HEAD = /\b(?:Port|Fort|Mount|Lake|Cape|Glen|Isle|Isla|Puerto|Porto|Villa|Ciudad|Sankt|Bandar|Kota|Castel|Castle|Ville)[ \t]+(\p{Lu}[\p{L}'’-]{2,30})\b/gu;
// "4410 Bergvik 12", "Lindholm 7": house number + street name + number (European layouts)
const STREET_NUM_NAME_NUM = /(?<![\p{L}\d.,:/'-])(?:\d{1,6}[ \t]+)?\p{Lu}[\p{L}'-]{2,40}(?:[ \t]+\p{L}[\p{L}'-]{1,40}){0,3}[ \t]+\d{1,5}[A-Za-z]?\b(?=[ \t]*(?:,|\n|$|[ \t]+(?:Apt|Suite|Ste|Unit)\b))/gmu;
const STREET_NUM_GATE = /[A-Za-z\u00C0-\u024F]{3}[ \t]+\d{1,5}[A-Za-z]?[ \t]*(?:,|\n|$|[ \t]+(?:Apt|Suite|Ste|Unit)\b)/m;
const MILITARY = /\b(?:(?:PSC|Unit|CMR)\s+\d{1,5},?\s+Box\s+\d{1,5}|(?:APO|FPO|DPO)\s+(?:AA|AE|AP)\s+\d{5})\b/gi;
const COUNTRY_LINE = /(?<=\n)[ \t]*(?:[>|]+|\?{2,})?[ \t]*(\p{Lu}[\p{L}]+(?:[ \t]+\p{Lu}[\p{L}]+)?)[ \t]*(?:\d{3,6}[ \t]*)?(?=\n|$)/gu;
const COUNTRY_POSTAL = /\b(\p{Lu}[\p{L}]+(?:[ \t]+\p{Lu}[\p{L}]+)?)[ \t]+(\d{4,6}|\d{2,4}-\d{3,4})\b/gud;
const UNIT = /\b(?:apt|apartment|suite|ste|unit)\.?[ \t]*#?[ \t]*\d{1,5}[A-Za-z]?\b/gi;
// Scandinavian/Dutch/German street words written apart: "Sorlie gate 14", "Ostre vej 9"
const STREET_WORD = /(?:(?<![\p{L}\d.,:/-])\d{1,6}[ \t]+)?(?<![\p{L}\d])\p{L}[\p{L}-]{2,30}(?:[ \t]+\p{L}[\p{L}-]{2,30}){0,2}?[ \t]+(?:gate|gata|gatan|vej|vei|veien|gade|katu|tie|weg|laan|straat|strasse|straße|utca|u\.|tér|ter|út|útja|str\.)[ \t]+\d{1,5}[A-Za-z]?(?![\p{L}\d])\.?/giu;
// literal pre-check for STREET_WORD (which would otherwise be tried at every letter)
const STREET_WORD_PRE = /[ \t](?:gate|gata|gatan|vej|vei|veien|gade|katu|tie|weg|laan|straat|strasse|straße|utca|u\.|tér|ter|út|útja|str\.)[ \t]+\d/i;
const EMPLOYER_PRE = /\b(?:ceo|cfo|coo|president|owner|founder|employee|works?|worked|working|employed)\b/i;
// ("work of breathing" is clinical: only a job title takes "of")
const EMPLOYER = /\b(?:(?:ceo|cfo|coo|president|owner|founder|employee)[ \t]+(?:of|at|for)|(?:works?|worked|working|employed)[ \t]+(?:at|for|by))[ \t]+(?:the[ \t]+)?(\p{L}[\p{L}&'-]*(?:[ \t]+\p{L}[\p{L}&'-]*){0,2}?)(?=[ \t]*(?:[.,;:!?)]|$|\n|[ \t]+(?:in|and|as|since|for|until|where|when|but)\b))/gimud;
const PO_BOX = /(?:\b\d{1,6}[ \t]+)?\b(?:p\.?\s?o\.?\s?box|post\s+office\s+box)\s+\d{1,7}\b/gi;
const STATE_AFTER_COMMA = /,[ \t]*([A-Z]{2})\b\.?(?:[ \t]+(\d{5}(?:-\d{4})?))?/g;
const CITY_BEFORE = /(\p{Lu}[\p{L}'.-]*(?:[ \t]+\p{Lu}[\p{L}'.-]*){0,2})$/u;
const ZIP_CTX = /(?<![\d-])\d{5}(?:-\d{4})?(?![\d-])/g;
const FACILITY = /\b(?:hospital|hosp|medical\s+center|med\s+ctr|health\s+center|healthcare|health\s+system|clinic|nursing\s+home|nursing\s+facility|rehab|rehabilitation(?:\s+(?:center|hospital))?|memorial|regional|infirmary|sanatorium|hospice|manor|house|village|gardens|lodge|center|centre|institute|campus|pavilion|snf|nh|ltc|ltac|vna)\b/gi;
const FACILITY_STOP = new Set(['the', 'a', 'an', 'to', 'from', 'at', 'in', 'into', 'of', 'his', 'her', 'their', 'our', 'my', 'this', 'that', 'local', 'outside', 'other', 'another', 'same', 'nursing', 'rehab', 'and', 'or', 'for', 'with', 'home', 'go', 'going', 'went', 'back', 'was', 'is', 'be', 'will', 'been', 'transfer', 'transferred', 'admitted', 'adm', 'discharged', 'd/c', 'dc', 'by', 'per', 'on', 'via', 'for', 'community', 'state', 'private', 'teaching', 'acute', 'chronic', 'care', 'long', 'term', 'day', 'pt', 'patient', 'pts', 'no', 'not', 'any', 'all', 'new', 'own', 'family', 'nurse', 'nurses', 'call', 'called', 'visiting', 'club', 'group', 'follow', 'up', 'f/u', 'screen', 'screened', 'eval', 'accept', 'accepted', 'bed', 'beds', 'available', 'placement', 'possible', 'poss', 'plan', 'planned', 'return', 'returned', 'discharge', 'floor', 'unit', 'icu', 'er', 'ed', 'ew', 'or', 'open', 'cardiac', 'surgical', 'medical', 'cancer', 'eye', 'children', 'women', 'veterans', 'mental', 'health', 'left', 'leave', 'leaving', 'stay', 'admission', 'readmission', 'outside', 'previous', 'prior', 'recent', 'current', 'this', 'that', 'these', 'those', 'any', 'same', 'psychiatric', 'psych', 'dialysis', 'hd', 'wound', 'pain', 'sleep', 'trauma', 'burn', 'stroke', 'transplant', 'vascular', 'infusion', 'senior', 'assisted', 'living', 'group', 'halfway', 'respite', 'alf', 'awaiting', 'await', 'awaits', 'start', 'started', 'prev', 'anxiously', 'today', 'tomorrow', 'resides', 'reside', 'lives', 'live', 'placement', 'needs', 'need', 'ready', 'anxious', 'txr', 'txf', 'opt', 'met', 'area', 'staff', 'breast', 'she', 'he', 'they', 'we', 'it', 'had', 'has', 'have', 'while', 'when', 'then', 'after', 'before', 'since', 'there', 'here', 'where']);
const SAINT = /\b(?:St|ST|Saint|SAINT)\.?[ \t]+\p{Lu}[\p{L}'’]*(?:[ \t]+\p{Lu}[\p{L}'’]*)?/gu;
const LOC_VERB = /\b(?:transferred|transfered|transfer|trans|txd|tx'd|admitted|admit|adm|sent|went|taken|brought|presented|arrived|came|returned|returning|discharged|d\/c'd|dc'd|d\/ced|accepted|screened|seen|followed|referred|going|go|back)\s+(?:in)?(?:to|from|at|by|into|@)\s+(?:the\s+)?$|\b(?:at|@|from)\s+(?:the\s+)?$/i;
const STRONG_LOC_VERB = /\b(?:transferred|transfered|transfer|trans|txd|tx'd|admitted|admit|adm|sent|taken|brought|presented|arrived|came|returned|returning|discharged|d\/c'd|dc'd|d\/ced|accepted|screened|referred|osh)\s+(?:in)?(?:to|from|at|into|@)?\s*(?:the\s+)?$/i;
const STRONG_PLACE_CTX = /\b(?:lives?\b[^.\n]{0,40}?\bin|based\s+in|located\s+in|headquartered\s+in|city\s+of|town\s+of|office\s+in|offices\s+in|grew\s+up\s+in|i'?m\s+in|am\s+in|flew\s+(?:to|from)|trip\s+to|travel(?:l?ed|ing)?\s+to|visit(?:ed|ing)?|lives?\s+in|living\s+in|lived\s+in|resides?\s+in|resident\s+of|native\s+of|moved\s+to|moving\s+to|born\s+in|originally\s+from|trip\s+to|flew\s+to|drove\s+to|transferred\s+(?:to|from)|transfer\s+(?:to|from)|admitted\s+to|adm\s+to|osh\s+in|hospital\s+in|from)\s+(?:the\s+)?$/i;
const PLACE_CTX = /\b(?:lives?\s+in|living\s+in|lived\s+in|resides?\s+in|resident\s+of|native\s+of|moved\s+to|moving\s+to|born\s+in|originally\s+from|from|to|in|near|visiting|trip\s+to|flew\s+to|drove\s+to|went\s+to|transferred\s+(?:to|from)|transfer\s+(?:to|from)|admitted\s+to|adm\s+to|came\s+(?:in)?to|osh|at)\s+(?:the\s+)?$/i;

export function detectLocations(text: string, toks: Tok[], out: Candidate[], words: number = -1): void {
  const digits = /\d/.test(text);
  if (digits) each(STREET_US, text, (m) => {
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
    push(out, 'LOCATION', m.index, m.index + m[0].length, 0.9, 'regex:street'); addressTail(text, m.index + m[0].length, out); });
  if (digits && ((words & GATE_1) !== 0) && STREET_WORD_PRE.test(text)) each(STREET_WORD, text, (m) => {
    const w = /\p{L}[\p{L}-]*/u.exec(m[0])![0].toLowerCase();
    if (CLINICAL.has(w) || (COMMON.get(w) ?? Infinity) < 3000) return;
    push(out, 'LOCATION', m.index, m.index + m[0].length, 0.8, 'regex:street-word');
    addressTail(text, m.index + m[0].length, out);
  });
  if (digits && (words & GATE_NUMBERED) !== 0) each(STREET_NUMBERED, text, (m) => {
    // the words must not be ordinary clinical shorthand ("3 days 2 st")
    const ws = m[0].match(/\p{L}[\p{L}'-]*/gu) ?? [];
    if (ws.slice(0, -1).some((w) => CLINICAL.has(w.toLowerCase()) || (COMMON.get(w.toLowerCase()) ?? Infinity) < 3000)) return;
    push(out, 'LOCATION', m.index, m.index + m[0].length, 0.8, 'regex:street-numbered');
  });
  const streetWords = (words & GATE_NUMBERED) !== 0;
  if (streetWords && NAMED_STREET_PRE.test(text)) each(NAMED_STREET, text, (m) => {
    const ix = m.indices?.[1];
    if (!ix) return;
    const ws = m[1]!.match(/\p{L}[\p{L}'’-]*/gu) ?? [];
    // "Wall Street", "Main Street": still a street; but not "the Court", "Sesame Street"-like titles need a lower-case lead-in
    if (ws.length < 2 || ws.slice(0, -1).some((w) => CLINICAL.has(w.toLowerCase()) || FACILITY_STOP.has(w.toLowerCase()))) return;
    push(out, 'LOCATION', ix[0], ix[1], 0.75, 'ctx:named-street');
  });
  if (REGION_PRE.test(text)) each(REGION, text, (m) => {
    const ix = m.indices?.[1];
    if (!ix) return;
    const ws = (m[1]!.match(/\p{L}[\p{L}'’-]*/gu) ?? []).slice(0, -1);
    if (ws.some((w) => CLINICAL.has(w.toLowerCase()) || FACILITY_STOP.has(w.toLowerCase()))) return;
    push(out, 'LOCATION', ix[0], ix[1], 0.65, 'ctx:region');
  });
  if (text.includes('Campus') || text.includes('CAMPUS')) each(CAMPUS, text, (m) => push(out, 'LOCATION', m.index, m.index + m[0].length, 0.6, 'ctx:campus'));
  if (PLACE_HEAD_PRE.test(text)) each(PLACE_HEAD, text, (m) => {
    const w = m[1]!.toLowerCase();
    if ((COMMON.get(w) ?? Infinity) < 20000 || isEnglishWord(w) || CLINICAL.has(w)) return;
    push(out, 'LOCATION', m.index, m.index + m[0].length, 0.65, 'ctx:place-head');
  });
  if (digits) each(STREET_INTL, text, (m) => {
    // a house number before the street name ("07576 Magasinsgatan 7")
    const hn = /(?<![\d.,:/])\d{1,6}[ \t]+$/.exec(text.slice(Math.max(0, m.index - 12), m.index));
    const start = hn ? m.index - hn[0].length : m.index;
    push(out, 'LOCATION', start, m.index + m[0].length, 0.85, 'regex:street-intl'); addressTail(text, m.index + m[0].length, out);
  });
  if (digits && ((words & GATE_2) !== 0)) each(STREET_PREFIX, text, (m) => {
    push(out, 'LOCATION', m.index, m.index + m[0].length, 0.85, 'regex:street-intl');
  });
  if (digits && STREET_NUM_GATE.test(text)) each(STREET_NUM_NAME_NUM, text, (m) => {
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
  if (digits && ((words & GATE_3) !== 0)) each(MILITARY, text, (m) => push(out, 'LOCATION', m.index, m.index + m[0].length, 0.9, 'regex:military-address'));
  const countries = ((words & GATE_COUNTRY) !== 0);
  if (countries) each(COUNTRY_LINE, text, (m) => {
    const key = m[1]!.toLowerCase();
    if (!COUNTRIES.has(key) && !/^(?:united kingdom|united states|new zealand|south africa|czech republic)$/.test(key)) return;
    const prevEnd = m.index - 1;
    const prevStart = text.lastIndexOf('\n', prevEnd - 1) + 1;
    const prev = text.slice(prevStart, prevEnd).trim().replace(/^(?:[>|]+|\?{2,})[ \t]*/, '');
    if (!prev || prev.length > 40 || prev.split(/\s+/).length > 4 || !/^\p{Lu}/u.test(prev) || /[.!?:]$/.test(prev)) return;
    const s = text.indexOf(prev, prevStart);
    push(out, 'LOCATION', s, s + prev.length, 0.65, 'ctx:address-block');
  });
  if (digits && countries) each(COUNTRY_POSTAL, text, (m) => {
    if (!COUNTRIES.has(m[1]!.toLowerCase()) && !/^(?:united kingdom|united states|new zealand|south africa|czech republic)$/i.test(m[1]!)) return;
    const ix = m.indices![2]!;
    push(out, 'LOCATION', ix[0], ix[1], 0.85, 'regex:postal-code');
  });
  if (digits && ((words & GATE_4) !== 0)) each(UNIT, text, (m) => { push(out, 'LOCATION', m.index, m.index + m[0].length, 0.7, 'regex:unit'); addressTail(text, m.index + m[0].length, out); });
  if (digits && ((words & GATE_5) !== 0)) each(PO_BOX, text, (m) => { push(out, 'LOCATION', m.index, m.index + m[0].length, 0.9, 'regex:po-box'); addressTail(text, m.index + m[0].length, out); });
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
  if (digits) each(ZIP_CTX, text, (m) => {
    const b = before(text, m.index, 24);
    if (/\b(?:zip|zipcode|zip\s+code|postal\s+code|postcode)\b\W*$/.test(b) || /\b[A-Z]{2}\s+$/.test(text.slice(Math.max(0, m.index - 4), m.index)) && STATE_ABBR.has(text.slice(m.index - 3, m.index - 1))) {
      push(out, 'LOCATION', m.index, m.index + m[0].length, 0.9, 'regex:zip');
    }
  });
  if (((words & GATE_6) !== 0)) each(COUNTRY_PHRASES, text, (m) => push(out, 'LOCATION', m.index, m.index + m[0].length, 0.5, 'dict:country'));
  // Facilities: up to three name words before a facility keyword ("Saint Benedict Hospital")
  if (((words & GATE_7) !== 0)) each(FACILITY, text, (m) => {
    const kw = m[0].toLowerCase();
    const strongKw = /^(?:hospital|hosp|medical|med|health|clinic|nursing|rehab|rehabilitation|memorial|regional|infirmary|hospice)/.test(kw);
    let i = lowerBound(toks, m.index) - 1;
    let first = -1;
    let count = 0;
    while (i >= 0 && count < 3) {
      const t = toks[i]!;
      const gap = text.slice(t.end, count === 0 ? m.index : toks[first]!.start);
      if (!/^[ \t.'’-]*$/.test(gap) || (/\.[ \t]/.test(gap) && !/^(?:st|mt|ft)$/.test(t.low)) || FACILITY_STOP.has(t.low) || CLINICAL.has(t.low) || /\d/.test(text.slice(t.start, t.end))) break;
      if (t.lower && isCommon(t) && !t.capsZone && !(strongKw && kw !== 'rehab' && kw !== 'rehabilitation')) break;
      if (!/^[a-z][a-z-]*$/.test(t.low) && !t.cap) break;
      if (t.low.length < 2) break;
      if (!strongKw && (isCommon(t) || t.low.length < 3 || (t.lower && !t.capsZone))) break;
      if (t.capsZone && t.upper && isCommon(t) && count === 0 && !/^(?:hospital|hosp|medical|memorial|regional)/.test(kw)) break;
      first = i; count++; i--;
    }
    if (first < 0) return;
    const strong = /^(?:hospital|hosp|medical|med|health|clinic|nursing|rehab|rehabilitation|memorial|regional|infirmary|hospice)/.test(kw);
    const short = kw.length <= 3;
    if (!strong && count < 1) return;
    if (short && !toks[first]!.cap && !toks[first]!.upper) return;
    push(out, 'LOCATION', toks[first]!.start, m.index + m[0].length, strong ? 0.9 : 0.65, 'ctx:facility');
  });
  if (((words & GATE_8) !== 0)) each(SAINT, text, (m) => {
    const name = /[ \t]+(\p{L}+)/u.exec(m[0])?.[1]?.toLowerCase() ?? '';
    if (CLINICAL.has(name) || (COMMON.get(name) ?? Infinity) < 1000) return;
    if (/\d[ \t]*$/.test(text.slice(Math.max(0, m.index - 3), m.index)) || (m[0] === m[0].toUpperCase() && (COMMON.get(name) ?? Infinity) < 6000 && !FIRST.has(name))) return; // "1 ST DEGREE", "ST DEPRESSION"
    // "27 Birchwood St. Apt 4": a street suffix after a capitalised street name, not a saint
    const prev = /(\p{L}+)[ \t]+$/u.exec(text.slice(Math.max(0, m.index - 30), m.index))?.[1];
    if (prev && /^\p{Lu}/u.test(prev) && (COMMON.get(prev.toLowerCase()) ?? Infinity) >= 1000) return;
    push(out, 'LOCATION', m.index, m.index + m[0].length, 0.7, 'ctx:saint');
  });
  // An employer named after a job or work phrase: "husband CEO of IBM", "works at Raytheon"
  if (EMPLOYER_PRE.test(text)) each(EMPLOYER, text, (m) => {
    const ix = m.indices?.[1];
    if (!ix) return;
    const ws = m[1]!.match(/\p{L}[\p{L}&'-]*/gu) ?? [];
    // a proper name: every word capitalised ("IBM", "General Dynamics"), none ordinary or clinical
    if (!ws.every((w) => /^\p{Lu}/u.test(w))) return;
    if (ws.some((w) => CLINICAL.has(w.toLowerCase()) || FACILITY_STOP.has(w.toLowerCase()) || ((COMMON.get(w.toLowerCase()) ?? Infinity) < 3000 && !/^\p{Lu}{2,}$/u.test(w)))) return;
    push(out, 'LOCATION', ix[0], ix[1], 0.6, 'ctx:employer');
  });
  // "lives at 12 ostre vej 9, odense", "meet me at 440 Lindholm 7"
  if (digits && ((words & GATE_9) !== 0)) each(ADDRESS_CTX, text, (m) => {
    const ix = m.indices?.[1];
    if (!ix) return;
    const v = m[1]!;
    if (!/\d/.test(v) || !/\p{L}{3}/u.test(v)) return;
    // a street corner names two streets: "the corner of Elm 12 and Oak", not "the corner of the bed 2 pillows"
    if (/corner\s+of[ \t]+$/i.test(m[0].slice(0, ix[0] - m.index)) && (!/[ \t](?:and|&)[ \t]/i.test(v) || /^(?:the|a|an|my|his|her|their|our|this|that)\b/i.test(v))) return;
    push(out, 'LOCATION', ix[0], ix[1], 0.75, 'ctx:address');
  });
  // "in KESSELRING,", "in Vallorbe, which", "in Tvedestrand 4900": an unknown proper noun right after "in"
  for (let i = 1; i < toks.length; i++) {
    const t = toks[i]!;
    if (toks[i - 1]!.low !== 'in' || t.capsZone || t.clinical || t.low.length < 4) continue;
    if (!(t.cap || (t.upper && t.low.length >= 6)) || t.wordRank !== Infinity || t.firstRank !== Infinity || t.english || !/^[\p{L}-]+$/u.test(t.low)) continue;
    if (/(?:ian|ese|ish|ic|ics)$/.test(t.low)) continue; // languages, nationalities, adjectives
    if (!/^(?:[ \t]*[,.;]|[ \t]+\d|[ \t]*\n|[ \t]*$)/.test(text.slice(t.end, t.end + 3))) continue;
    push(out, 'LOCATION', t.start, t.end, 0.55, 'ctx:in-place');
  }
  // "towson maryland's facility", "Towson, Maryland": a known city followed by a full state name, any case
  for (let i = 0; i + 1 < toks.length; i++) {
    const t = toks[i]!, st = toks[i + 1]!;
    if (!t.place || !US_STATES.has(st.low) || US_STATES.has(t.low) || !/^,?[ \t]+$/.test(text.slice(t.end, st.start))) continue;
    if (!CITY.has(t.low) || t.clinical) continue;
    push(out, 'LOCATION', t.start, st.end, 0.8, 'ctx:city-state');
  }
  // Another hospital's emergency ward: "from kernan ew", "-> GH EW", "at Lakeside ER"
  for (let i = 0; i + 1 < toks.length; i++) {
    const t = toks[i]!, w = toks[i + 1]!;
    if (w.low !== 'ew' && w.low !== 'er' && w.low !== 'ed') continue;
    if (!spaceGap(text, t.end, w.start) || t.clinical || isCommon(t) || FACILITY_STOP.has(t.low) || t.low.length < 2 || /\d/.test(text.slice(t.start, t.end))) continue;
    if (!/(?:\b(?:from|to|at|in|via|@)|->|>)[ \t]*$/i.test(text.slice(Math.max(0, t.start - 8), t.start))) continue;
    // a lower-case word must be one no word list knows (a surrogate or real hospital name)
    if (t.lower && (t.english || t.wordRank !== Infinity)) continue;
    push(out, 'LOCATION', t.start, t.end, 0.65, 'ctx:facility-ward');
  }
  // Hospital units with a floor/number: "transfer to Pemberton 2", "TRANSFER PEMBERTON 2", "from westwing 5"
  for (let i = 1; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.low.length < 5 || t.clinical || isCommon(t) || t.wordRank !== Infinity || NOT_NAME_SUFFIX.test(t.low) || TITLES.has(t.low)) continue;
    if (!/^[ \t]+\d\b(?![.:\/-]\d)/.test(text.slice(t.end, t.end + 4))) continue;
    const prev = toks[i - 1]!.low;
    if (!UNIT_PREV.has(prev)) continue;
    // lower case only after "from"/"transfer" ("from quartermain 5"; "to transfuse 2" is a verb)
    if (!(t.cap || t.upper) && !(t.lower && /^(?:from|transfer(?:red)?)$/.test(prev) && !/^[ \t]+\d{1,2}[ \t]*(?:mg|ml|cc|units?|%|x|days?|hrs?|hours?|min)/i.test(text.slice(t.end, t.end + 12)))) continue;
    // a lower-case clipped clinical word is a department, not a named unit: "from bronch 2", "from stepdown 4"
    if (t.lower && nearKnownWord(t.low)) continue;
    const digitEnd = t.end + /^[ \t]+\d/.exec(text.slice(t.end, t.end + 4))![0].length;
    push(out, 'LOCATION', t.start, digitEnd, 0.6, 'ctx:unit');
  }
  // "University of Uppsala", "College of Cluj": the town of an institution
  if ((words & GATE_UNIV) !== 0) each(UNIV_OF, text, (m) => { const ix = m.indices?.[1]; if (ix) push(out, 'LOCATION', ix[0], ix[1], 0.6, 'ctx:university-of'); });
  // "Where: X", "Address: X", "Location: X" — the rest of the line
  if (((words & GATE_10) !== 0)) each(LOC_LABEL, text, (m) => {
    const ix = m.indices?.[1];
    if (ix) push(out, 'LOCATION', ix[0], ix[1], 0.75, 'ctx:location-label');
  });
  // Unknown words after locative verbs: "transferred to Pemberton", "seen at UH"
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
  // Place words after locative context, cities, states, countries
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.clinical && !(t.cap || t.upper)) continue;
    // multi-word city first (up to 3 tokens)
    let matched = false;
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
    for (let w = keys.length; w >= 1 && !matched; w--) {
      const last = toks[i + w - 1]!;
      key = keys[w - 1]!;
      if (w === 1 ? !t.place : !CITY.has(key) && !US_STATES.has(key)) continue;
      const shaped = t.cap || t.upper || (t.foreign && !t.lower);
      const ctx = PLACE_CTX.test(text.slice(Math.max(0, t.start - 28), t.start));
      const strongCtx = ctx && STRONG_PLACE_CTX.test(text.slice(Math.max(0, t.start - 28), t.start));
      if (CITY.has(key) && ((shaped && !t.sentStart) || (strongCtx && (shaped || w > 1 || !t.english))) && (ctx || !t.capsZone)) {
        const common = w === 1 && isCommon(t);
        if (common && !strongCtx) continue;
        if (t.capsZone && t.upper && !strongCtx) continue;
        if (w === 1 && CLINICAL.has(t.low)) continue;
        push(out, 'LOCATION', t.start, last.end, common ? 0.55 : ctx ? 0.85 : 0.7, 'dict:city');
        matched = true; i += w - 1;
      } else if (US_STATES.has(key) && shaped) {
        push(out, 'LOCATION', t.start, last.end, 0.5, 'dict:state');
        matched = true; i += w - 1;
      } else if (w === 1 && COUNTRIES.has(key) && (shaped || strongCtx)) {
        push(out, 'LOCATION', t.start, last.end, 0.5, 'dict:country');
        matched = true;
      }
    }
    if (matched) continue;
    // Hospital-style acronyms after locative verbs: "admitted to MGH", "transferred from BWH"
    if (t.upper && /^[A-Z]{2,5}$/.test(text.slice(t.start, t.end)) && /h$|mc$/.test(t.low) && !CLINICAL.has(t.low) && !isCommon(t)
      && /\b(?:admitted|admit|adm|transferred|transfered|transfer|trans|txd|sent|came|arrived|brought|went|taken|returned|returning|presented|seen|followed|back|discharged|screened|accepted|evaluated|w\/u)\s+(?:in)?(?:to|from|at|into|in|by|@)\s+(?:the\s+)?$/i.test(text.slice(Math.max(0, t.start - 30), t.start))) {
      push(out, 'LOCATION', t.start, t.end, 0.6, 'ctx:facility-acronym');
    }
    const pl = i > 0 ? toks[i - 1]!.low : '';
    if (i === 0 || !(toks[i - 1]!.role & R.PLACE_PREV)) continue;
    // Unknown foreign-script or diacritic proper nouns after "from/in"
    if ((t.cap || t.upper) && t.foreign && PLACE_CTX.test(text.slice(Math.max(0, t.start - 28), t.start))) {
      push(out, 'LOCATION', t.start, t.end, 0.65, 'ctx:place');
    } else if ((t.cap || t.upper || (t.lower && t.low.length > 3 && !NOT_NAME_SUFFIX.test(t.low))) && !isCommon(t) && !t.clinical && /\b(?:lives?\b[^.\n]{0,40}?\bin|lives?\s+in|living\s+in|resides?\s+in|resident\s+of|native\s+of|moved\s+to|born\s+in|originally\s+from|hometown\s+(?:is|of)|grew\s+up\s+in|i'?m\s+in|am\s+in|flew\s+(?:to|from)|trip\s+to|travel(?:l?ed|ing)?\s+to|city\s+of|town\s+of|village\s+of|based\s+in|located\s+in|headquartered\s+in|offices?\s+in)\s+$/i.test(text.slice(Math.max(0, t.start - 48), t.start))) {
      push(out, 'LOCATION', t.start, t.end, 0.75, 'ctx:place');
    }
  }
  void STATE_ABBR;
}

const PLACE_PREV = new Set(['in', 'from', 'of', 'to', 'near', 'visiting', 'visit', 'visited', 'is', 'at', 'the', 'city']);
function spaceGap(text: string, a: number, b: number): boolean {
  if (b <= a) return false;
  for (let k = a; k < b; k++) { const c = text.charCodeAt(k); if (c !== 32 && c !== 9) return false; }
  return true;
}
const ADDRESS_CTX = /\b(?:lives?\s+(?:at|on)|(?:home\s+|new\s+)?address(?:\s+is)?:?|located\s+at|meet\s+(?:me|us)\s+at|(?:at\s+)?the\s+corner\s+of)[ \t]+([^\n.?!;]{4,80}?)(?=[ \t]*(?:[.?!;]\s|[.?!;]?$|\n| street\b| st\.))/gimud;
const UNIV_OF = /\b(?:University|Universität|Universidad|Università|Université|College|Polytechnic|Institute)\s+(?:of|de|di|du)\s+(\p{Lu}[\p{L}'-]+(?:[ \t]+\p{Lu}[\p{L}'-]+)?)/gud;
const LOC_LABEL = /\b(?:where|address|home\s+address|billing\s+address|shipping\s+address|location|city|hometown|residence)\s*:[ \t]*\n?[ \t]*([\p{L}\d][^\n]{1,80}?)[ \t]*(?=\n|$|\.(?:\s|$))/giud;
const UNIT_PREV = new Set(['to', 'from', 'or', 'per', 'transfer', 'transferred', 'transfered', 'plan', 'on', 'at', 'in', 'tx', 'txf', 'txfr', 'return', 'returned']);
const LOC_PREV = new Set(['to', 'from', 'at', 'into', 'in']);
const COMMON_TIME = new Set(['am', 'pm', 'noon', 'midnight', 'mn', 'noc', 'hs', 'night', 'today', 'tomorrow', 'yesterday', 'tonight', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'baseline', 'goal', 'least', 'times', 'time', 'rest', 'risk', 'bedside', 'chair', 'commode', 'bathroom', 'side', 'touch', 'pain', 'stimuli', 'voice', 'name', 'person', 'place', 'self', 'his', 'her', 'him', 'them', 'me', 'us', 'you', 'it', 'gtt', 'prn', 'max', 'min']);

/** After a street line: ", City" on the same line and up to 3 short following lines (city, region, country, postcode). */
function addressTail(text: string, pos: number, out: Candidate[]): void {
  const same = /^,[ \t]*(\p{Lu}[\p{L}'.-]*(?:[ \t]+\p{L}[\p{L}'.-]*){0,3})/u.exec(text.slice(pos, pos + 80));
  if (same) push(out, 'LOCATION', pos + same[0].length - same[1]!.length, pos + same[0].length, 0.7, 'ctx:address-block');
  let p = text.indexOf('\n', pos);
  for (let k = 0; k < 4 && p >= 0; k++) {
    const nl = text.indexOf('\n', p + 1);
    const line = text.slice(p + 1, nl < 0 ? text.length : nl);
    const trimmed = line.trim().replace(/^(?:[>|]+|\?{2,})[ \t]*/, '');
    if (!trimmed || trimmed.length > 40 || !/^[\p{L}\d][\p{L}\p{M}\d .,'()-]*$/u.test(trimmed) || /[.!?]$/.test(trimmed) && trimmed.split(/\s+/).length > 3) break;
    const s = p + 1 + line.indexOf(trimmed);
    push(out, 'LOCATION', s, s + trimmed.length, 0.65, 'ctx:address-block');
    p = nl;
  }
}

function lowerBound(toks: Tok[], pos: number): number {
  let lo = 0, hi = toks.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (toks[mid]!.start < pos) lo = mid + 1; else hi = mid; }
  return lo;
}


// Keyword gates (registered at module load, before any scan)
const GATE_UNIV = gate(['university', 'universität', 'universidad', 'università', 'université', 'college', 'polytechnic', 'institute']);
const GATE_COUNTRY = gate([...COUNTRIES, 'united', 'new', 'south', 'czech']);
const GATE_1 = gate(['gate', 'gata', 'gatan', 'vej', 'vei', 'veien', 'gade', 'katu', 'weg', 'laan', 'straat', 'strasse', 'straße', 'utca', 'tér', 'ter', 'út', 'útja', 'tie', 'u', 'str']);
const GATE_2 = gate(['via', 'viale', 'rua', 'avenida', 'avda', 'av', 'calle', 'rue', 'boulevard', 'piazza', 'plaza', 'largo', 'travessa', 'ulica', 'ul', 'strada', 'calea', 'carrer', 'paseo', 'avinguda', 'praça', 'corso', 'allee', 'chemin', 'route', 'rambla']);
const GATE_3 = gate(['psc', 'unit', 'cmr', 'apo', 'fpo', 'dpo']);
const GATE_4 = gate(['apt', 'apartment', 'suite', 'ste', 'unit']);
const GATE_5 = gate(['box']);
const GATE_6 = gate(['united', 'new', 'south', 'north', 'czech', 'dominican', 'costa', 'el', 'saudi', 'sri', 'great', 'hong', 'puerto']);
const GATE_7 = gate(['hospital', 'hosp', 'medical', 'med', 'health', 'healthcare', 'clinic', 'nursing', 'rehab', 'rehabilitation', 'memorial', 'regional', 'infirmary', 'sanatorium', 'hospice', 'manor', 'house', 'village', 'gardens', 'lodge', 'center', 'centre', 'institute', 'campus', 'pavilion', 'snf', 'nh', 'ltc', 'ltac', 'vna']);
const GATE_8 = gate(['st', 'saint']);
const GATE_9 = gate(['lives', 'live', 'address', 'located', 'meet', 'corner']);
const GATE_10 = gate(['where', 'address', 'location', 'city', 'hometown', 'residence']);
// one gate for the street-suffix and place-head rules (no free gate bits are left for separate ones)
const GATE_NUMBERED = gate(['st', 'street', 'ave', 'avenue', 'rd', 'road', 'blvd', 'boulevard', 'lane', 'drive', 'court', 'terrace', 'crescent', 'parkway', 'highway', 'alley', 'place']);
