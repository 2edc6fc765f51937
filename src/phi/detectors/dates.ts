import { detectSpokenBirthDates, detectWordDates } from './dates-words.js';
import type { Candidate } from '../types.js';
import { isValidDate } from '../validators.js';
import { gate, before, after, each, push } from './util.js';

const MONTH_WORDS = ['jan', 'january', 'feb', 'february', 'mar', 'march', 'apr', 'april', 'may', 'jun', 'june', 'jul', 'july', 'aug', 'august', 'sep', 'sept', 'september', 'oct', 'october', 'nov', 'november', 'dec', 'december'];
const DAY_WORDS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'mondays', 'tuesdays', 'wednesdays', 'thursdays', 'fridays', 'saturdays', 'sundays'];
const HOLIDAY_WORDS = ['christmas', 'thanksgiving', 'new', 'easter', 'halloween', 'independence', 'memorial', 'labor', 'valentine', 'valentines', "valentine's"];

const MON = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const MON_STRICT = '(?:jan(?:uary)?|feb(?:ruary)?|march|mar\\.?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const ORD = '(?:st|nd|rd|th)';
const TIME = '(?:,?\\s*(?:at\\s+)?\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,6})?)?(?:\\s*[ap]\\.?m\\.?)?(?:\\s*(?:Z|[+-]\\d{2}:?\\d{2}|UTC|GMT|[ECMP][SD]T))?)?';
const WEEKDAY = '(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\\.?,?\\s+)?';

/**
 * A date glued to the date word before it by a typing slip ("labs on3/4", "DOB3/4/51", "onMar 4", "since'21"):
 * the date patterns run on a copy with such words blanked (same length, same offsets); contexts read the text.
 */
const GLUE = /\b(?:on|from|since|dated|dob|until|thru|s\/p|admitted|seen)(?=\d|'\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))/gi;
function unglue(text: string): string {
  GLUE.lastIndex = 0;
  if (!GLUE.test(text)) return text;
  return text.replace(GLUE, (w) => ' '.repeat(w.length));
}
const ISO = new RegExp(`(?<![\\d-])\\d{4}-(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12]\\d|3[01])(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?(?![\\d])`, 'g');
const YMD_SLASH = /(?<![\d/.])\d{4}[/.](?:0?[1-9]|1[0-2])[/.](?:0?[1-9]|[12]\d|3[01])(?![\d/])/g;
const NUMERIC = new RegExp(`(?<![\\w/.]|\\d:|[\\d/.:]-)(\\d{1,2})([/.-])(\\d{1,2})\\2(\\d{4}|\\d{2})(?![\\d/%]|\\.\\d)${TIME}`, 'gi');
const GLUED_DATE = /(?=\d)(?<=\b(?:on|at|of|from|since|dated|dob|seen|until|thru|s\/p|admitted|visit|date))((\d{1,2})\/(\d{1,2})\/(?:\d{4}|\d{2}))(?![\d/])/gid;
// month/4-digit year: "03/2021", "1/2020"
const MY4 = /(?<![\w/.,-]|\d:)(0?[1-9]|1[0-2])\/((?:19|20)\d{2})(?![\d/%]|[.,]\d)/g;
// a range of m/d or m/d/y: "3/4-3/6", "12/3 - 12/5", "9/6/85-9/10/85", "3/4 to 3/6"
const RANGE = /(?<![\w/.,-]|\d:)(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?[ \t]{0,2}(?:[-–]|to|thru|through)[ \t]{0,2}(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?(?![\d/%]|\.\d)/gi;
// month name and a 2- or 4-digit year: "Mar-21", "JUN-1950", "Oct '11", "Dec/2020"
const MON_YY = new RegExp(`\\b(${MON_STRICT})(?:[-/]|\\.?[ \\t]?')(\\d{4}|\\d{2})(?![\\w'])`, 'gi');
const MD_PAIR = /(?<![\w/.,-])(\d{1,2})\/(\d{1,2})\/(\d{1,2})\/(\d{1,2})(?![\d/%])/g;
const MD = /(?<![\w/.,-]|\d:)(\d{1,2})\/(\d{1,2})(?![\d/%]|\.\d|-\d)/g;
const MON_D_Y = new RegExp(`\\b${WEEKDAY}${MON_STRICT}\\.?\\s+(?:the\\s+)?(\\d{1,2})${ORD}?(?:,?\\s+(?:(?:of\\s+)?(\\d{4})|'(\\d{2})))?(?!\\d)${TIME}`, 'gi');
const D_MON_Y = new RegExp(`\\b${WEEKDAY}(?:the\\s+)?(\\d{1,2})${ORD}?(?:\\s+of)?[\\s-]+${MON}\\.?(?:,?[\\s-]+(\\d{4}|\\d{2}))?\\b${TIME}`, 'gi');
const MON_Y = new RegExp(`\\b${MON_STRICT}\\.?,?\\s+(?:of\\s+)?(\\d{4})\\b`, 'gi');
const DDMONYY = new RegExp(`\\b(\\d{1,2})-?${MON}-?(\\d{4}|\\d{2})\\b`, 'gi');
const MD_DASH = /(?=\d)(?<=\b(?:on|since|dated)[ \t]{1,3})(\d{1,2})-(\d{1,2})(?=[ \t]*(?:[.,;]|$|\n|for\b|at\b|with\b|when\b))/gid;
const WEEKDAY_ONLY = /\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b/gi;
const YEAR = /(?<![\d$.,/#-])(?:19|20)\d{2}(?!\d|[%/.,]\d|\s?(?:mg|ml|cc|kg|units?|mcg|meq)\b)/g;
const APOS_YEAR = /(?<![\w'])'\d{2}(?![\w'])/g;
const ORDINAL_DAY = /(?=\d)(?<=\b(?:on|the|of|by|until|since|from)[ \t]{1,3}(?:the[ \t]{1,3})?)((?:[12]?\d|3[01])(?:st|nd|rd|th))\b(?=\s*(?:[.,;)]|$|of\b|at\b|and\b|\n))/gid;
const MONTH_ALONE = new RegExp(`\\b(?:in|since|by|until|early|late|mid|during|last|next|this|of|from|through)[ -]+(${MON_STRICT}\\.?)(?![\\w])`, 'gid');
const HOLIDAY = /\b(?:christmas(?:\s+(?:eve|day))?|thanksgiving|new\s+year'?s(?:\s+(?:eve|day))?|easter|halloween|independence\s+day|memorial\s+day|labor\s+day|valentine'?s\s+day)\b/gi;

const VERSION_BEFORE = /(?:\bv|\bversion|\bbuild|\brelease|\bver|\brev)\.?\s*$/;
// Measurements that look like m/d: blood pressure, ratios, doses, scores.
const NOT_DATE_BEFORE = /(?:\b(?:bp|b\/p|abp|nbp|sbp|dbp|art|cvp|pap|pas|pad|map|peep|cpap|bipap|ps|ie|i:e|ratio|gcs|x|dose|day|days|pod|psv|ps|flowby|flow-by|flow by|settings?|vent|ac|simv|cmv|imv|a\/c|ventilator|changed to|increased to|decreased to|weaned to|wean to|c\/o|tabs?|caps?|qty|hr|rr|vs|vt|fio2|pa|rate|pressure|pressures|strength|grade|scores?|of|scales?|titers?|titres?|dilutions?|motor|power|murmurs?|apgars?|braden|mmse|moca|nihss|phq-?\d*|gad-?\d*|morse|rass|cpot|flacc|vas|audit-?c?|edema|reflexe?s?|pulses?|lochia|fundus|i\/o|sats?|o2|range|pain|pos|neg|total)\s*:?\s*(?:of\s+)?(?:was|is|=|~|@|up to|down to|to)?\s*|[<>~=+]\s*)$/;
const NOT_DATE_AFTER = /^\s*(?:[a-z]{0,12}\s?murmur|bottles?\b|vials?\b|sets\b|amps?\b|tsp\b|tbsp\b|cups?\b|mm|mmhg|cm|ml|cc|mg|mcg|kg|hr|h\b|units?|strength|power|ratio|murmur|sys|scale|tabs?|%|\d+\s*(?:mm|cm|ml|cc|mg|%|x\b)|of\b|times|x\b|dilut|split|pack|ppd|assist|nc\b|ns\b|str\b|strength|[a-z ]{0,10}pain|cp\b|peep|fio2|ps\b|psv|cpap|bipap)/;
const DATE_CTX = /(?:[-–]|\bpod\s?#?\s?\d{1,2}\W*|\b(?:lmp|edc|edd|rtc|as of|prior to|dx'?d|diagnosed|hospitali[sz]ed|scheduled|planned|biopsy|vaccinated|on|or|post|pre|since|from|until|till|dated?|admit(?:ted)?|adm|discharged?|d\/c|dc|born|dob|birth|transferred|transfer|surgery|s\/p|placed|started|began|begun|stopped|done|drawn|cultures?|cx|ct|mri|echo|cxr|xray|x-ray|pod|hd|by|last|next|due|before|after|thru|through|and|to|-|ed|visit|appt|appointment|of|night|nights?|am|pm|neg|pos|seen|rec'd|received|given|changed|inserted|removed|d\/ced|dc'd|intubated|extubated|sent|done|resited|dressing|change))\W*$/;

/** A clinical event one or two words back: "s/p CABG 3/4", "MRI brain 6/10", "admitted to ICU 3/4". */
const EVENT_CTX = /\b(?:s\/p|status post|admit(?:ted)?|seen|dated?|mri|ct|cta|echo|cxr|ekg|ecg|egd|eeg|surgery|placed|started|stopped|drawn|since|until|visit|discharged|d\/c'?d|dc'?d|rec'd|received|last|next|prior|previous|recent|dx'?d|diagnosed|biopsy|bx|hospitali[sz]ed|scheduled|planned|vaccine|given|rtc)\b(?:[ \t]+[a-z][\w'-]*){1,2}[ \t]*[(:]?[ \t]*$/;
/** A date word earlier in the same clause (no digits or clause punctuation since). */
const CLAUSE_CTX = /\b(?:since|until|till|dated?|admit(?:ted)?|admission|discharged?|s\/p|status post|seen|visit|onset|hx|history|diagnosed|dx'?d|scheduled|planned|last|next|prior|due|born|dob|lmp|started|stopped|placed|removed|inserted|received|rec'd|surgery|procedure|vaccine|vaccinated|hospitali[sz]ed|returned|rtc|f\/u|follow[- ]up|appt|appointment)\b[^\d\n.;:]{0,24}$/;
/** Words that make an m/d a date even in a ventilation note. */
const STRONG_DATE_CTX = /\b(?:since|dated?|admit(?:ted)?|adm|discharged?|born|dob|birth|transferred|surgery|s\/p|until|till|thru|through|appt|appointment|visit)\W*$/;
const VENT_WORDS = /\b(?:cpap|peep|psv|bipap|vent|ventilator|simv|imv|fio2|trach|wean(?:ed|ing)?|extubat(?:ed|ion)|intubated|rsbi|a\/c)\b/i;
let ventText = '', ventHit = false;
/** Does the note talk about mechanical ventilation? (cached for the text being scanned) */
function ventNote(text: string): boolean {
  if (text !== ventText) { ventText = text; ventHit = VENT_WORDS.test(text); }
  return ventHit;
}

function mdScore(text: string, start: number, end: number, m: number, d: number): number {
  const b = before(text, start, 28);
  const a = after(text, end, 14);
  if (NOT_DATE_AFTER.test(a)) return 0;
  // "as of 3/4", "Hx of MI in 3/4", "onset ~3/4": a preposition or "~" that a date word earlier in the clause makes a date
  const clause = CLAUSE_CTX.test(b);
  if (NOT_DATE_BEFORE.test(b) && !/\bas of\s*$/.test(b) && !(clause && /(?:~|\bin|\bof)\s*$/.test(b))) return 0;
  // a date word, an event a word or two back ("s/p CABG 3/4", "MRI brain 6/10:"), or a line-leading "3/4:" header
  const ctx = clause || DATE_CTX.test(b) || EVENT_CTX.test(b) || (/^:\s/.test(a) && (start === 0 || /\n[ \t]*$/.test(b)));
  // month/2-digit-year: "5/71", "10/64"
  if (m >= 1 && m <= 12 && d >= 32 && end - start >= 4 && text[end - 3] === '/') return ctx ? 0.75 : 0.6;
  if (d === 0 && m >= 1 && m <= 12 && text[end - 3] === '/' && ctx) return 0.75; // "5/00": May 2000
  if (!isValidDate(m, d)) return 0;
  let s = 0.55;
  // Common fractions (1/2, 2/3, 3/4 ...) read as amounts unless clearly a date
  if (m < d && d <= 4 && !ctx) return 0;
  const range = /^\s*[-–]\s*\d{1,2}\/\d{1,2}/.test(a) || /\d{1,2}\/\d{1,2}\s*[-–]\s*$/.test(b);
  // 5/5 strength, 10/10 pain, 8/10 pain scale: scores, not dates, without a date context
  if ((m === d || d === 10) && !ctx && !range) return 0;
  // "remained on 5/5", "tried on 10/5": pressure support / PEEP pairs in a note about ventilation
  if (d <= 25 && m <= 12 && !range && (m === d || /^\s*,?\s*\d{2,3}\s*%/.test(a)) && !STRONG_DATE_CTX.test(b) && ventNote(text)) return 0;
  if (ctx) s = 0.75;
  if (/^\s*[-–]\s*\d{1,2}\/\d{1,2}/.test(a) || /\d{1,2}\/\d{1,2}\s*[-–]\s*$/.test(b)) s = 0.8;
  if (/^\s*(?:@|at)?\s*\d{1,2}(?::?\d{2})?\s*(?:[ap]m?|hrs?|h)\b/.test(a) || /^\s*[ap]m\b/.test(a) || /^\s*\d{1,2}[ap]?\s*-\s*\d{1,2}[ap]\b/.test(a)) s = Math.max(s, 0.7);
  if (d === 0 || m === 0) return 0;
  return s;
}

function monthAlone(m: RegExpExecArray, out: Candidate[]): void {
  const ix = m.indices?.[1];
  if (!ix) return;
  const w = m[1]!.toLowerCase();
  if (w === 'may' || (w === 'march' && !/^M/.test(m[1]!))) return;
  push(out, 'DATE', ix[0], ix[1], 0.6, 'regex:month');
}

export function detectDates(text: string, out: Candidate[], words: number = -1): void {
  try { detectDatesIn(text, out, words); } finally { ventText = ''; ventHit = false; } // keep no reference to the text
}

function detectDatesIn(text: string, out: Candidate[], words: number): void {
  let months = ((words & GATE_1) !== 0);
  if (months) detectWordDates(text, out);
  detectSpokenBirthDates(text, out);
  if (!/\d/.test(text)) {
    if (months) each(MONTH_ALONE, text, (m) => monthAlone(m, out));
    if (((words & GATE_2) !== 0)) each(WEEKDAY_ONLY, text, (m) => push(out, 'DATE', m.index, m.index + m[0].length, 0.45, 'regex:weekday'));
    if (((words & GATE_3) !== 0)) each(HOLIDAY, text, (m) => push(out, 'DATE', m.index, m.index + m[0].length, 0.6, 'regex:holiday'));
    return;
  }
  const t = unglue(text); // match on t (glue words blanked), read contexts from text
  if (t !== text) months = true;
  each(ISO, t, (m) => push(out, 'DATE', m.index, m.index + m[0].length, 0.95, 'regex:date-iso'));
  each(YMD_SLASH, t, (m) => {
    // "version 2024.03.1", "v2024.3.1", "build 2024.03.01": release numbers, not dates
    if (m[0].includes('.') && /(?:\bv|\bversion|\bbuild|\brelease|\bver|\brev)\s*$/i.test(text.slice(Math.max(0, m.index - 10), m.index))) return;
    push(out, 'DATE', m.index, m.index + m[0].length, 0.9, 'regex:date-ymd');
  });
  each(NUMERIC, t, (m) => {
    const a = Number(m[1]), b = Number(m[3]);
    const yy = Number(m[4]);
    const year = m[4]!.length === 4 ? yy : undefined;
    if (year !== undefined && (year < 1880 || year > 2150)) return;
    if (!isValidDate(a, b, year) && !isValidDate(b, a, year)) return;
    const sep = m[2];
    const ctx = before(text, m.index, 20);
    if (sep === '.' && VERSION_BEFORE.test(ctx)) return; // "version 10.7.15": a release number
    if (sep !== '/' && m[4]!.length === 2 && !DATE_CTX.test(ctx)) {
      // 1-2-12 / 3.4.24 style: plausible but also versions and lab values
      push(out, 'DATE', m.index, m.index + m[0].length, 0.55, 'regex:date-numeric');
      return;
    }
    push(out, 'DATE', m.index, m.index + m[0].length, 0.9, 'regex:date-numeric');
  });
  // Typing slips: a full date glued to the word before it ("labs on10/14/82"), and two m/d dates run
  // together ("treatments 10/03/10/04"): both month/day pairs valid
  if (text.includes('/')) each(GLUED_DATE, text, (m) => {
    const ix = m.indices?.[1];
    if (!ix || !isValidDate(Number(m[2]), Number(m[3]))) return;
    push(out, 'DATE', ix[0], ix[1], 0.8, 'regex:date-glued');
  });
  if (text.includes('/')) each(MD_PAIR, t, (m) => {
    if (!isValidDate(Number(m[1]), Number(m[2])) || !isValidDate(Number(m[3]), Number(m[4]))) return;
    if (Number(m[3]) * 100 + Number(m[4]) < Number(m[1]) * 100 + Number(m[2])) return; // a range runs forward
    // "1/2/3/4", "vent 10/5/8/4": single digits throughout, or a ratio / setting context, are not dates
    if (m[0].length < 9 || NOT_DATE_BEFORE.test(before(text, m.index, 28))) return;
    push(out, 'DATE', m.index, m.index + m[0].length, 0.75, 'regex:date-md-pair');
  });
  each(MD_DASH, text, (m) => {
    const ix = m.indices?.[1];
    const mo = Number(m[1]), d = Number(m[2]);
    if (ix && isValidDate(mo, d) && mo !== d) push(out, 'DATE', ix[0], ix[0] + m[1]!.length + 1 + m[2]!.length, 0.6, 'regex:date-md');
  });
  if (text.includes('/')) {
    each(RANGE, t, (m) => {
      const [a, b, c, d] = [Number(m[1]), Number(m[2]), Number(m[4]), Number(m[5])];
      if (!isValidDate(a, b) || !isValidDate(c, d)) return;
      if (c * 100 + d < a * 100 + b && !(a === 12 && c === 1)) return; // a range runs forward (or over New Year)
      const rb = before(text, m.index, 28);
      if (NOT_DATE_BEFORE.test(rb) || NOT_DATE_AFTER.test(after(text, m.index + m[0].length, 14))) return;
      // amounts and scores on either side ("1/2-1/3 tab", "3/10-5/10", "4/5-5/5"): dates only after a date word
      const scoreLike = (x: number, y: number): boolean => (x < y && y <= 4) || x === y || y === 10 || y === 5;
      if (m[3] === undefined && (scoreLike(a, b) || scoreLike(c, d)) && !DATE_CTX.test(rb) && !EVENT_CTX.test(rb)) return;
      push(out, 'DATE', m.index, m.index + m[0].length, m[3] !== undefined ? 0.9 : 0.8, 'regex:date-range');
    });
  }
  if (text.includes('/')) each(MY4, t, (m) => {
    // "~3/2019": an approximate month, not a comparison
    if (NOT_DATE_BEFORE.test(before(text, m.index, 28).replace(/~\s*$/, '')) || NOT_DATE_AFTER.test(after(text, m.index + m[0].length, 14))) return;
    push(out, 'DATE', m.index, m.index + m[0].length, 0.8, 'regex:date-month-year');
  });
  each(MD, t, (m) => {
    const s = mdScore(text, m.index, m.index + m[0].length, Number(m[1]), Number(m[2]));
    if (s > 0) push(out, 'DATE', m.index, m.index + m[0].length, s, 'regex:date-md');
  });
  if (months) each(MON_D_Y, t, (m) => {
    const d = Number(m[1]);
    if (d < 1 || d > 31) return;
    const head = m[0].slice(0, 4).toLowerCase();
    // "may 5" needs a year or clear date-ness; "mar" may be a word in some contexts
    const hasYear = m[2] !== undefined || m[3] !== undefined;
    let score = hasYear ? 0.95 : 0.8;
    if (/^may\s/i.test(m[0]) && !hasYear && !/^May/.test(m[0])) score = 0.5;
    if (head === 'mar ' && !hasYear) score = 0.6;
    push(out, 'DATE', m.index, m.index + m[0].length, score, 'regex:date-text');
  });
  if (months) each(D_MON_Y, t, (m) => {
    const d = Number(m[1]);
    if (d < 1 || d > 31) return;
    // "5 may", "2-may": a year or a written ordinal ("27th of May") makes it a date
    if (/\bmay\b/i.test(m[0]) && m[2] === undefined && !(/\d(?:st|nd|rd|th)\b/i.test(m[0]) && /\bMay\b|\bMAY\b/.test(m[0]))) return;
    push(out, 'DATE', m.index, m.index + m[0].length, m[2] ? 0.95 : 0.75, 'regex:date-text');
  });
  if (months) each(DDMONYY, t, (m) => push(out, 'DATE', m.index, m.index + m[0].length, 0.9, 'regex:date-dmy'));
  if (months) each(MON_YY, t, (m) => {
    push(out, 'DATE', m.index, m.index + m[0].length, 0.8, 'regex:date-month-year');
  });
  if (months) each(MON_Y, t, (m) => {
    if (/^may/.test(m[0]) && !/\b(?:in|on|since|of|from|until|by|last|early|late|mid)\s*$/i.test(before(text, m.index, 10))) return;
    push(out, 'DATE', m.index, m.index + m[0].length, 0.85, 'regex:date-month-year');
  });
  // A weekday alone does not identify a date: below the default threshold.
  if (((words & GATE_4) !== 0)) each(WEEKDAY_ONLY, text, (m) => push(out, 'DATE', m.index, m.index + m[0].length, 0.45, 'regex:weekday'));
  each(APOS_YEAR, t, (m) => push(out, 'DATE', m.index, m.index + m[0].length, 0.55, 'regex:year-apostrophe'));
  each(ORDINAL_DAY, text, (m) => { const ix = m.indices?.[1]; if (ix) push(out, 'DATE', ix[0], ix[1], 0.6, 'regex:date-ordinal'); });
  if (months) each(MONTH_ALONE, text, (m) => monthAlone(m, out));
  if (((words & GATE_5) !== 0)) each(HOLIDAY, text, (m) => push(out, 'DATE', m.index, m.index + m[0].length, 0.6, 'regex:holiday'));
  each(YEAR, text, (m) => {
    // A year alone is not a Safe Harbor identifier (years are kept); reported at low
    // score so that `generalize` leaves it as is and strict callers can lower minScore.
    if (/^\s*(?:-|to)\s*(?:2[1-4]\d\d)\b/.test(text.slice(m.index + 4, m.index + 14))) return; // "from 2000 to 2400": clock times
    const b = before(text, m.index, 16);
    const ctx = /\b(?:in|since|of|from|year|born|until|by|during|circa|early|late|mid|summer|winter|spring|fall|autumn|class)\s*$/.test(b);
    push(out, 'DATE', m.index, m.index + 4, ctx ? 0.55 : 0.45, 'regex:year');
  });
}


// Keyword gates (registered at module load, before any scan)
const GATE_1 = gate(MONTH_WORDS);
const GATE_2 = gate(DAY_WORDS);
const GATE_3 = gate(HOLIDAY_WORDS);
const GATE_4 = gate(DAY_WORDS);
const GATE_5 = gate(HOLIDAY_WORDS);
