/** Location rules for named places: regions, campuses, place-name heads, facilities, saints, employers, units. */
import { CLINICAL, COMMON, FIRST, TITLES, isEnglishWord, nearKnownWord } from '../lexicon.js';
import { NOT_NAME_SUFFIX, isCommon } from '../name-words.js';
import { each, gate, push } from '../util.js';
import { FACILITY_STOP, lowerBound, spaceGap, type LocationRule } from './context.js';

// literal pre-checks (fast scans) for the region and place-head rules
const REGION_PRE = /Shore|Coast|Valley|Hills|Islands|Peninsula|Highlands|Panhandle|Plains|Keys|Uplands|Lowlands|SHORE|COAST|VALLEY|HILLS|ISLANDS|PENINSULA|HIGHLANDS|PANHANDLE|PLAINS|KEYS/;
const PLACE_HEAD_PRE = /(?:Port|Fort|Mount|Lake|Cape|Glen|Isle|Isla|Puerto|Porto|Villa|Ciudad|Sankt|Bandar|Kota|Castel|Castle|Ville) /;
// Regions and campuses: "from the Eastern Shore", "FROM THE EASTERN SHORE", "on North Campus"
const REGION = /\b(?:the|The|THE)[ \t]+((?:\p{Lu}[\p{L}'’-]{2,20}[ \t]+){1,2}(?:Shore|Coast|Valley|Hills|Islands|Peninsula|Highlands|Panhandle|Plains|Keys|Uplands|Lowlands|SHORE|COAST|VALLEY|HILLS|ISLANDS|PENINSULA|HIGHLANDS|PANHANDLE|PLAINS|KEYS))\b/gud;
const CAMPUS = /\b(?:North|South|East|West|Main|Central|Upper|Lower|NORTH|SOUTH|EAST|WEST|MAIN)[ \t]+(?:Campus|CAMPUS)\b/g;
// Place-name heads: "Port Paien", "Fort Wenlock", "Puerto Asis", "Sankt Olof" (a capitalised non-English word after)
const PLACE_HEAD = /\b(?:Port|Fort|Mount|Lake|Cape|Glen|Isle|Isla|Puerto|Porto|Villa|Ciudad|Sankt|Bandar|Kota|Castel|Castle|Ville)[ \t]+(\p{Lu}[\p{L}'’-]{2,30})\b/gu;
const FACILITY = /\b(?:hospital|hosp|medical\s+center|med\s+ctr|health\s+center|healthcare|health\s+system|clinic|nursing\s+home|nursing\s+facility|rehab|rehabilitation(?:\s+(?:center|hospital))?|memorial|regional|infirmary|sanatorium|hospice|manor|house|village|gardens|lodge|center|centre|institute|campus|pavilion|snf|nh|ltc|ltac|vna)\b/gi;
const SAINT = /\b(?:St|ST|Saint|SAINT)\.?[ \t]+\p{Lu}[\p{L}'’]*(?:[ \t]+\p{Lu}[\p{L}'’]*)?/gu;
const EMPLOYER_PRE = /\b(?:ceo|cfo|coo|president|owner|founder|employee|works?|worked|working|employed)\b/i;
// ("work of breathing" is clinical: only a job title takes "of")
const EMPLOYER = /\b(?:(?:ceo|cfo|coo|president|owner|founder|employee)[ \t]+(?:of|at|for)|(?:works?|worked|working|employed)[ \t]+(?:at|for|by))[ \t]+(?:the[ \t]+)?(\p{L}[\p{L}&'-]*(?:[ \t]+\p{L}[\p{L}&'-]*){0,2}?)(?=[ \t]*(?:[.,;:!?)]|$|\n|[ \t]+(?:in|and|as|since|for|until|where|when|but)\b))/gimud;
const UNIV_OF = /\b(?:University|Universität|Universidad|Università|Université|College|Polytechnic|Institute)\s+(?:of|de|di|du)\s+(\p{Lu}[\p{L}'-]+(?:[ \t]+\p{Lu}[\p{L}'-]+)?)/gud;
const LOC_LABEL = /\b(?:where|address|home\s+address|billing\s+address|shipping\s+address|location|city|hometown|residence)\s*:[ \t]*\n?[ \t]*([\p{L}\d][^\n]{1,80}?)[ \t]*(?=\n|$|\.(?:\s|$))/giud;
const UNIT_PREV = new Set(['to', 'from', 'or', 'per', 'transfer', 'transferred', 'transfered', 'plan', 'on', 'at', 'in', 'tx', 'txf', 'txfr', 'return', 'returned']);

const GATE_UNIV = gate(['university', 'universität', 'universidad', 'università', 'université', 'college', 'polytechnic', 'institute']);
const GATE_7 = gate(['hospital', 'hosp', 'medical', 'med', 'health', 'healthcare', 'clinic', 'nursing', 'rehab', 'rehabilitation', 'memorial', 'regional', 'infirmary', 'sanatorium', 'hospice', 'manor', 'house', 'village', 'gardens', 'lodge', 'center', 'centre', 'institute', 'campus', 'pavilion', 'snf', 'nh', 'ltc', 'ltac', 'vna']);
const GATE_8 = gate(['st', 'saint']);
const GATE_10 = gate(['where', 'address', 'location', 'city', 'hometown', 'residence']);

export const region: LocationRule = {
  id: 'location.region',
  description: 'a named region after "the": "from the Eastern Shore", "FROM THE EASTERN SHORE"',
  type: 'LOCATION', detectors: ['ctx:region'],
  examples: { finds: [['FAMILY ARRIVED AT 2 AM FROM THE EASTERN SHORE- DAUGHTER', 'EASTERN SHORE']], ignores: ['PT FROM THE SAME VALLEY'] },
  run({ text, out }) {
    if (!REGION_PRE.test(text)) return;
    each(REGION, text, (m) => {
      const ix = m.indices?.[1];
      if (!ix) return;
      const ws = (m[1]!.match(/\p{L}[\p{L}'’-]*/gu) ?? []).slice(0, -1);
      if (ws.some((w) => CLINICAL.has(w.toLowerCase()) || FACILITY_STOP.has(w.toLowerCase()))) return;
      push(out, 'LOCATION', ix[0], ix[1], 0.65, 'ctx:region');
    });
  },
};

export const campus: LocationRule = {
  id: 'location.campus',
  description: 'a hospital campus: "on North Campus", "MAIN CAMPUS"',
  type: 'LOCATION', detectors: ['ctx:campus'],
  examples: { finds: [['radiation planning on North Campus followed by', 'North Campus']], ignores: ['a campus visit'] },
  run({ text, out }) {
    if (!(text.includes('Campus') || text.includes('CAMPUS'))) return;
    each(CAMPUS, text, (m) => push(out, 'LOCATION', m.index, m.index + m[0].length, 0.6, 'ctx:campus'));
  },
};

export const placeHead: LocationRule = {
  id: 'location.place-head',
  description: 'a place-name head and a rare capitalised word: "Port Paien", "Fort Wenlock", "Puerto Asis", "Sankt Olof"',
  type: 'LOCATION', detectors: ['ctx:place-head'],
  examples: { finds: [['songwriters from around the world to Port Paien to share', 'Port Paien']], ignores: ['the Lake House'] },
  run({ text, out }) {
    if (!PLACE_HEAD_PRE.test(text)) return;
    each(PLACE_HEAD, text, (m) => {
      const w = m[1]!.toLowerCase();
      if ((COMMON.get(w) ?? Infinity) < 20000 || isEnglishWord(w) || CLINICAL.has(w)) return;
      push(out, 'LOCATION', m.index, m.index + m[0].length, 0.65, 'ctx:place-head');
    });
  },
};

export const facility: LocationRule = {
  id: 'location.facility',
  description: 'up to three name words before a facility keyword: "Saint Benedict Hospital", "Lakeview Manor"',
  type: 'LOCATION', detectors: ['ctx:facility'],
  examples: { finds: [['transferred from Saint Benedict Hospital today', 'Saint Benedict Hospital'], ['lives at Lakeview Manor now', 'Lakeview Manor']], ignores: ['went to the hospital today'] },
  run({ text, toks, out, words }) {
    if ((words & GATE_7) === 0) return;
    each(FACILITY, text, (m) => {
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
  },
};

export const saint: LocationRule = {
  id: 'location.saint',
  description: 'a saint\'s name (hospitals, parishes): "St. Brigid\'s", "Saint Jude" (not "1 ST DEGREE", "ST DEPRESSION", "Birchwood St. Apt")',
  type: 'LOCATION', detectors: ['ctx:saint'],
  examples: { finds: [['she was born at St. Brigid\'s', 'St. Brigid\'s']], ignores: ['1 ST DEGREE AV BLOCK', '27 birchwood st'] },
  run({ text, out, words }) {
    if ((words & GATE_8) === 0) return;
    each(SAINT, text, (m) => {
      const name = /[ \t]+(\p{L}+)/u.exec(m[0])?.[1]?.toLowerCase() ?? '';
      if (CLINICAL.has(name) || (COMMON.get(name) ?? Infinity) < 1000) return;
      if (/\d[ \t]*$/.test(text.slice(Math.max(0, m.index - 3), m.index)) || (m[0] === m[0].toUpperCase() && (COMMON.get(name) ?? Infinity) < 6000 && !FIRST.has(name))) return; // "1 ST DEGREE", "ST DEPRESSION"
      // "27 Birchwood St. Apt 4": a street suffix after a capitalised street name, not a saint
      const prev = /(\p{L}+)[ \t]+$/u.exec(text.slice(Math.max(0, m.index - 30), m.index))?.[1];
      if (prev && /^\p{Lu}/u.test(prev) && (COMMON.get(prev.toLowerCase()) ?? Infinity) >= 1000) return;
      push(out, 'LOCATION', m.index, m.index + m[0].length, 0.7, 'ctx:saint');
    });
  },
};

export const employer: LocationRule = {
  id: 'location.employer',
  description: 'an employer named after a job or work phrase: "husband CEO of IBM", "works at Raytheon" (not "work of breathing")',
  type: 'LOCATION', detectors: ['ctx:employer'],
  examples: { finds: [['her husband is CEO OF IBM.', 'IBM'], ['he works at Raytheon.', 'Raytheon']], ignores: ['increased work of breathing.', 'he works at home.'] },
  run({ text, out }) {
    if (!EMPLOYER_PRE.test(text)) return;
    each(EMPLOYER, text, (m) => {
      const ix = m.indices?.[1];
      if (!ix) return;
      const ws = m[1]!.match(/\p{L}[\p{L}&'-]*/gu) ?? [];
      // a proper name: every word capitalised ("IBM", "General Dynamics"), none ordinary or clinical
      if (!ws.every((w) => /^\p{Lu}/u.test(w))) return;
      if (ws.some((w) => CLINICAL.has(w.toLowerCase()) || FACILITY_STOP.has(w.toLowerCase()) || ((COMMON.get(w.toLowerCase()) ?? Infinity) < 3000 && !/^\p{Lu}{2,}$/u.test(w)))) return;
      push(out, 'LOCATION', ix[0], ix[1], 0.6, 'ctx:employer');
    });
  },
};

export const inPlace: LocationRule = {
  id: 'location.in-place',
  description: 'an unknown proper noun right after "in", before punctuation, a number or the end: "in KESSELRING,", "in Vallorbe, which", "in Tvedestrand 4900"',
  type: 'LOCATION', detectors: ['ctx:in-place'],
  examples: { finds: [['she grew up in Vallorbe, which is small', 'Vallorbe']], ignores: ['written in Swedish, which is hard'] },
  run({ text, toks, out }) {
    for (let i = 1; i < toks.length; i++) {
      const t = toks[i]!;
      if (toks[i - 1]!.low !== 'in' || t.capsZone || t.clinical || t.low.length < 4) continue;
      if (!(t.cap || (t.upper && t.low.length >= 6)) || t.wordRank !== Infinity || t.firstRank !== Infinity || t.english || !/^[\p{L}-]+$/u.test(t.low)) continue;
      if (/(?:ian|ese|ish|ic|ics)$/.test(t.low)) continue; // languages, nationalities, adjectives
      if (!/^(?:[ \t]*[,.;]|[ \t]+\d|[ \t]*\n|[ \t]*$)/.test(text.slice(t.end, t.end + 3))) continue;
      push(out, 'LOCATION', t.start, t.end, 0.55, 'ctx:in-place');
    }
  },
};

export const facilityWard: LocationRule = {
  id: 'location.facility-ward',
  description: 'another hospital\'s emergency ward: "from kernan ew", "-> GH EW", "at Lakeside ER"',
  type: 'LOCATION', detectors: ['ctx:facility-ward'],
  examples: { finds: [['pt came from kernan ew last night', 'kernan'], ['seen at Lakeside ER first', 'Lakeside']], ignores: ['seen in the ER first'] },
  run({ text, toks, out }) {
    for (let i = 0; i + 1 < toks.length; i++) {
      const t = toks[i]!, w = toks[i + 1]!;
      if (w.low !== 'ew' && w.low !== 'er' && w.low !== 'ed') continue;
      if (!spaceGap(text, t.end, w.start) || t.clinical || isCommon(t) || FACILITY_STOP.has(t.low) || t.low.length < 2 || /\d/.test(text.slice(t.start, t.end))) continue;
      if (!/(?:\b(?:from|to|at|in|via|@)|->|>)[ \t]*$/i.test(text.slice(Math.max(0, t.start - 8), t.start))) continue;
      // a lower-case word must be one no word list knows (a surrogate or real hospital name)
      if (t.lower && (t.english || t.wordRank !== Infinity)) continue;
      push(out, 'LOCATION', t.start, t.end, 0.65, 'ctx:facility-ward');
    }
  },
};

export const hospitalUnit: LocationRule = {
  id: 'location.hospital-unit',
  description: 'a named hospital unit with a floor number after a transfer word: "transfer to Pemberton 2", "TRANSFER PEMBERTON 2", "from quartermain 5"',
  type: 'LOCATION', detectors: ['ctx:unit'],
  examples: { finds: [['plan transfer to Pemberton 2 today', 'Pemberton 2'], ['came from quartermain 5 overnight', 'quartermain 5']], ignores: ['went to transfuse 2 units'] },
  run({ text, toks, out }) {
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
  },
};

export const universityOf: LocationRule = {
  id: 'location.university-of',
  description: 'the town of an institution: "University of Uppsala", "College of Cluj"',
  type: 'LOCATION', detectors: ['ctx:university-of'],
  examples: { finds: [['she studied at the University of Uppsala for years', 'Uppsala']], ignores: ['she studied at the university for years'] },
  run({ text, out, words }) {
    if ((words & GATE_UNIV) === 0) return;
    each(UNIV_OF, text, (m) => { const ix = m.indices?.[1]; if (ix) push(out, 'LOCATION', ix[0], ix[1], 0.6, 'ctx:university-of'); });
  },
};

export const locationLabel: LocationRule = {
  id: 'location.label',
  description: 'the rest of the line after a place label: "Where: X", "Address: X", "Location: X"',
  type: 'LOCATION', detectors: ['ctx:location-label'],
  examples: { finds: [['Where: the old mill by the river\nWhen: noon', 'the old mill by the river']], ignores: ['Where are you?'] },
  run({ text, out, words }) {
    if ((words & GATE_10) === 0) return;
    each(LOC_LABEL, text, (m) => {
      const ix = m.indices?.[1];
      if (ix) push(out, 'LOCATION', ix[0], ix[1], 0.75, 'ctx:location-label');
    });
  },
};
