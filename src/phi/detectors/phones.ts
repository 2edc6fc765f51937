/**
 * Phone numbers by the shapes of the written language rather than by a few separator styles
 * (issue #14): North American numbers (NANP: optional +1 / 1 / 001, area code, exchange, line, extension)
 * with any separator among `-`, `.`, `/`, typographic dashes (`–`, `—`, as phones and chat apps type them)
 * and spaces, spaces around separators, a parenthesised area code, glued to the word before
 * ("call617-555-1234", "ph:617.555.1234"); numbers with digits run together, as 3-7 ("call 555 1234567")
 * or only 7 digits when a phone cue ("call", "cell is", "text me @", "sms") is right before them; vanity
 * numbers after a cue ("call 1-800-FLOWERS"); international numbers written with a `+` or `00` prefix.
 * Numbers in words are spoken-numbers.ts's. Everything here is linear: each repetition starts with a distinct character class and every
 * run of spaces is bounded.
 */
import type { Candidate } from '../types.js';
import { before, push } from './util.js';

/** One separator between digit groups: `-` `.` `/` (or a typographic dash) with up to two spaces each side, or 1-2 spaces. */
const DASHES = '\\u2010-\\u2015\\u2212';
const SEP = `(?:[ \\t]{0,2}[-./${DASHES}][ \\t]{0,2}|[ \\t]{1,2})`;
const EXT = '(?:[ \\t]{0,2},?[ \\t]{0,2}(?:x|ext|extn|extension)\\.?[ \\t]{0,2}[:#]?[ \\t]{0,2}\\d{1,6}(?!\\d))';
/**
 * NANP with any separators. May follow a letter (glued cue) but not a digit or a digit + separator
 * (part of a longer number: `afterNumber`, checked in code so the pattern starts with a plain class
 * and the engine can skip ahead); may not run on into more digits.
 */
const NANP = new RegExp(
  `((?:\\+1|001|1)${SEP}?)?(?:\\(\\d{3}\\)[ \\t]{0,2}(?:[-.][ \\t]{0,2})?|(\\d{3})(${SEP}))(\\d{3})(${SEP})\\d{4}(?!\\d|[-/.${DASHES}]\\d)(${EXT})?`,
  'gi',
);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isBlank = (c: number): boolean => c === 32 || c === 9;
const isSep = (c: number): boolean => c === 45 || c === 46 || c === 47 || (c >= 0x2010 && c <= 0x2015) || c === 0x2212;
/** Does position i continue a number: after [digit + / .], "digit)", or a digit and one separator (SEP)? */
function afterNumber(text: string, i: number): boolean {
  const c = text.charCodeAt(i - 1);
  if (isDigit(c) || c === 43 || c === 47 || c === 46 || (c >= 0x2010 && c <= 0x2015) || c === 0x2212) return true;
  if (c === 41 && isDigit(text.charCodeAt(i - 2))) return true;
  let j = i - 1, n = 0;
  while (n < 2 && isBlank(text.charCodeAt(j))) { j--; n++; }
  const s = text.charCodeAt(j);
  if (isSep(s)) { j--; n = 0; while (n < 2 && isBlank(text.charCodeAt(j))) { j--; n++; } }
  else if (j === i - 1) return false; // no separator at all
  return isDigit(text.charCodeAt(j));
}
/** A phone cue word, then the filler that may sit between it and the number ("Cell phone - ", "Ph#", "call back # ", "reached at"). */
const CUE = /(?:\b(?:tel(?:ephone)?|ph(?:one)?|call(?:ed|ing)?|cell(?:ular)?|mobile|pager|pgr|beeper|bpr|fax|contact|reach(?:ed|able)?|home|work|office|text(?:ed|ing)?|txt|sms|whatsapp|dial(?:ed)?|ring)|#)(?:[ \t]{0,3}(?:(?:back|me|us|pt|him|her|them|at|on|phone|ph|number|num|no|is|was)\b\.?|#|:|\.|-|–|=|@)){0,4}[ \t]{0,3}/giy;
const CUE_START = /\b(?:tel|ph|call|cell|mobile|pager|pgr|beeper|bpr|fax|contact|reach|home|work|office|text|txt|sms|whatsapp|dial|ring)|#/gi;
/** What may follow a cue: any NANP shape, 7 digits (3-4), or 7-11 digits run together; then an extension. */
const CUED_VALUE = new RegExp(`(?:(?:\\+?1${SEP}?)?(?:\\(\\d{3}\\)[ \\t]{0,2}|\\d{3}${SEP})(?:\\d{3}${SEP}\\d{4}|\\d{7})|\\d{3}${SEP}\\d{4}|\\d{7,11})(?!\\d|[-/.${DASHES}]\\d)${EXT}?`, 'iy');
/**
 * A vanity number after a cue ("call 1-800-FLOWERS", "800-GET-WELL"): area code, then 7-10 letters and
 * digits (3+ letters) in up to four hyphenated groups; after a bare space only with a leading 1 and in
 * capitals ("phone 1 800 FLOWERS", not "CALL 988 ANYTIME"); no N11 codes ("call 911 EMERGENCY").
 */
const VANITY = /(1[ \t]?[-.]?[ \t]?)?(?:\(([2-9]\d\d)\)[ \t]?|([2-9]\d\d)([ \t]?[-.][ \t]?|[ \t]))([A-Za-z0-9]{1,10}(?:-[A-Za-z0-9]{1,10}){0,3})(?![\w-])/y;
const INTL = /(?=[+0])(?<![\d+_.])(?:\+|(?<![A-Za-z])00)[1-9]\d{0,2}(?:[ .-]?\(\d{1,4}\))?(?:[ \t.-]\d{1,8}){1,6}(?!\d|[-.]\d)/g;
const PLAIN_SEP = /^[-. \u2010-\u2015\u2212]$/;
const CTX = /\b(?:phone|ph|tel|telephone|cell|mobile|home|work|office|contact|call|called|pager|pgr|page|beeper|fax|number|reached|reachable)\b|#/;
const FAX_BEFORE = /\bfax\b|\bfacsimile\b|\bf:\s*$/;
/** Words that make a run of digits an identifier, not a phone ("MRN #1234567", "order #1234567"). */
const ID_BEFORE = /\b(?:mrn|mr|acct|account|order|claim|case|ref|invoice|id|room|rm|bed|lot|serial|member|policy|rx|ticket|batch)\s*(?:no\.?|number|num)?\s*[:#]?\s*#?\s*$/;
/** A measurement right after the number. */
const UNIT_AFTER = /^\s*(?:mg|mcg|ml|cc|kg|g\b|mm|cm|units?|%|mmhg|meq|copies|cells|iu\b|\/)/i;

function emit(text: string, out: Candidate[], start: number, end: number, score: number, det: string): void {
  const b = before(text, start, 24);
  const fax = FAX_BEFORE.test(b) || /^[ \t]*-?[ \t]*fax\b/i.test(text.slice(end, end + 8));
  push(out, fax ? 'FAX' : 'PHONE', start, end, score, fax ? det.replace('phone', 'fax') : det);
}

function vanity(text: string, at: number, out: Candidate[]): void {
  VANITY.lastIndex = at;
  const m = VANITY.exec(text);
  if (!m) return;
  const tail = m[5]!, letters = tail.replace(/[^A-Za-z]/g, '');
  const n = tail.replace(/-/g, '').length;
  if (n < 7 || n > 10 || letters.length < 3) return;
  if ((m[2] ?? m[3])!.endsWith('11')) return;
  if (m[4] !== undefined && !/[-.]/.test(m[4]) && (m[1] === undefined || letters !== letters.toUpperCase())) return; // "call 555 patients"
  emit(text, out, at, at + m[0].length, 0.85, 'ctx:phone-vanity');
}

/** Phone-number forms (see the module comment); candidates are added to `out`. */
export function detectPhoneForms(text: string, out: Candidate[]): void {
  if (!/\d\d/.test(text)) return;
  NANP.lastIndex = 0;
  if (/\d\d\d/.test(text)) for (let m = NANP.exec(text); m; m = NANP.exec(text)) {
    const start = m.index, end = start + m[0].length;
    if (afterNumber(text, start)) { NANP.lastIndex = start + 1; continue; }
    const b = before(text, start, 24);
    const cue = CTX.test(b);
    const prev = text.charCodeAt(start - 1);
    const glued = start > 0 && ((prev >= 65 && prev <= 90) || (prev >= 97 && prev <= 122));
    const p = m[0].indexOf('(');
    const area = m[2] ?? text.slice(start + p + 1, start + p + 4);
    const nanp = /^[2-9]/.test(area) && /^[2-9]/.test(m[4]!);
    const loose = (m[3] !== undefined && !PLAIN_SEP.test(m[3])) || !PLAIN_SEP.test(m[5]!);
    if (!cue && !nanp) continue; // 123-456-7890 shapes with loose separators: only with a cue
    if (!cue && ID_BEFORE.test(b)) continue;
    if (!cue && loose && /^\D*\d*0\D+\d*0\D+\d*0$/.test(m[0])) continue; // "450/600/1200": round amounts, not a line number
    if (UNIT_AFTER.test(text.slice(end, end + 8))) continue;
    const score = cue ? 0.95 : glued ? 0.7 : loose ? 0.8 : 0.85;
    emit(text, out, start, end, score, 'regex:phone-form');
  }
  CUE_START.lastIndex = 0;
  if (/\d\d\d/.test(text)) for (let c = CUE_START.exec(text); c; c = CUE_START.exec(text)) {
    CUE.lastIndex = c.index;
    const cm = CUE.exec(text);
    if (!cm) continue;
    const at = c.index + cm[0].length;
    const ch = text.charCodeAt(at);
    if (!(ch >= 48 && ch <= 57) && ch !== 40 && ch !== 43) continue; // a digit, ( or +
    CUED_VALUE.lastIndex = at;
    const v = CUED_VALUE.exec(text);
    if (!v) { vanity(text, at, out); continue; }
    const n = v[0].replace(/\D/g, '').length;
    if (n < 7) continue;
    const word = cm[0].toLowerCase();
    if (word.startsWith('#') && (ID_BEFORE.test(before(text, c.index, 24)) || n < 10)) continue; // "#" alone: only a full number
    if (UNIT_AFTER.test(text.slice(at + v[0].length, at + v[0].length + 8))) continue;
    emit(text, out, at, at + v[0].length, 0.9, 'ctx:phone-form');
  }
  if (text.includes('+') || /(?:^|[^\w])00[1-9]/.test(text)) {
    INTL.lastIndex = 0;
    for (let m = INTL.exec(text); m; m = INTL.exec(text)) {
      const n = m[0].replace(/\D/g, '').length;
      if (n >= 8 && n <= 15 && (m[0][0] === '+' || n >= 10)) emit(text, out, m.index, m.index + m[0].length, 0.8, 'regex:phone-intl');
    }
  }
}
