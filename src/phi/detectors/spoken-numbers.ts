/**
 * Numbers said or typed in words (issue 14, text forms): telehealth chat, call transcripts and portal
 * messages give phone numbers and identifiers as digit words ("five five five, one two three, four five
 * six seven", "double five", "triple two", "oh" / "o" / "zero"), pairs ("twelve thirty-four"), "eight
 * hundred", and digit words mixed with digits ("five five five 12 34"), separated by spaces, commas,
 * hyphens, "dash" or a filler ("uh").
 *
 * A run of such tokens is read into digits, then (at least one token must be a word):
 * - 10 digits, or 11 with a leading 1: PHONE anywhere (not a count "one, two, three…");
 * - 7, 10 or 11 digits after a phone cue (call, phone, number, cell, reach me at, text me at, callback…)
 *   in a short window before: PHONE (FAX after "fax");
 * - 6+ digits after an identifier cue (member, id, policy, account, confirmation, MRN, record number…;
 *   the cue words and their types are context-ids.ts's): that id type; 9 digits after "social": SSN.
 * Doses, counts, times, blood pressures, lab values and dates in words stay short runs (or are split by
 * "over", "point", "or", "times", units) and never reach these lengths.
 *
 * Cost: one scan for a digit word (the gate); runs are read only around a hit. Every regex is linear:
 * alternations of fixed words between lookarounds, bounded repeats, no nested quantifiers.
 */
import type { Candidate, PhiType } from '../types.js';
import { ID_CUE_SOURCE, idCueType, isStrongIdCue } from './context-ids.js';
import { push } from './util.js';

const DIGITS: Readonly<Record<string, string>> = {
  zero: '0', oh: '0', o: '0', nought: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9',
};
const TEENS: Readonly<Record<string, string>> = {
  ten: '10', eleven: '11', twelve: '12', thirteen: '13', fourteen: '14', fifteen: '15', sixteen: '16', seventeen: '17', eighteen: '18', nineteen: '19',
};
const TENS: Readonly<Record<string, string>> = {
  twenty: '2', thirty: '3', forty: '4', fourty: '4', fifty: '5', sixty: '6', seventy: '7', eighty: '8', ninety: '9',
};
const NB = "(?<![\\p{L}\\p{N}'’])"; // not inside a word or a number ("o'clock", "someone", "2nd")
const NA = "(?![\\p{L}\\p{N}'’])";
const WORDS = 'zero|nought|oh|one|two|three|four|five|six|seven|eight|nine|double|triple|treble' +
  '|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|fou?rty|fifty|sixty|seventy|eighty|ninety';
/** The gate and seed: a digit word ("o" alone is no seed). */
const SEED = new RegExp(`${NB}(?:${WORDS})${NA}`, 'giu');
/** One token: a number word, "hundred"/"thousand", a multiplier, or a group of digits. */
const TOKEN = new RegExp(`${NB}(?:(${WORDS}|o)|(hundred|thousand)|(\\d{1,12}))${NA}`, 'giu');
/** What may sit between two tokens of one run: separators and at most one filler word. */
const GAP_PUNCT = /^[ \t,.()\-‐‑‒–—]*$/;
const GAP_WORD = /^([ \t,.()\-‐‑‒–—]*)(dash|hyphen|uh|um|umm|uhm|er|erm|ah|hmm|then)([ \t,.()\-‐‑‒–—]*)$/i;

/** A phone cue ("call", "my number", "reach me at", "text me", "callback", "fax"); "number of" is not one. */
const PHONE_CUE = /(?<![\p{L}])(?:call(?:ed|ing|back|-back)?|phone|ph|telephone|tel|cell(?:phone)?|mobile|landline|number(?![ \t]+of\b)|num|text(?:ed|ing)?|txt|sms|whatsapp|reach(?:ed|able)?|contact|dial(?:ed)?|ring|voicemail|fax|pager)(?![\p{L}])/giu;
const ID_CUE = new RegExp(`(?<![\\w-])(${ID_CUE_SOURCE})(?![a-z])\\.?`, 'gi');
const SSN_CUE = /(?<![\w-])(?:ssn|ss#|social(?:[ \t]+security)?)(?![a-z])/gi;
/** Words allowed between an id cue and its number ("member id is, uh, …", "policy number would be …"). */
const ID_GAP_WORDS = new Set([
  'id', 'no', 'nbr', 'num', 'number', 'numbers', 'is', "it's", 'it’s', 'its', 'it', 'was', 'be', 'will', 'would', 'should', 'going',
  'to', 'uh', 'um', 'umm', 'er', 'ah', 'ok', 'okay', 'yes', 'yeah', 'sure', 'so', 'that', "that's", 'that’s', 'thats', 'the', 'my',
  'his', 'her', 'their', 'your', 'our', 'on', 'card', 'security',
]);
const NUM_WORD = /(?:^|[^\p{L}])(?:id|no|nbr|num|number|is)(?![\p{L}])|[#:]/u;
const EXT_AFTER = /[ \t,]{0,3}(?:extension|ext\.?|x)[ \t.:#]{0,3}/iy;

/** `big`: 1 for "… hundred", 2 for "… thousand"; `mark`: a comma or period in the gap before. */
interface Unit { start: number; end: number; digits: string; word: boolean; value: number; big: number; mark: boolean }
interface Cue { kind: 'phone' | 'fax' | 'id' | 'ssn'; type: PhiType; end: number }

/** Detect spoken/typed-in-words phone numbers and identifiers; candidates are added to `out`. */
export function detectSpokenNumbers(text: string, out: Candidate[]): void {
  SEED.lastIndex = 0;
  let done = 0;
  for (let s = SEED.exec(text); s; s = SEED.exec(text)) {
    if (s.index < done) continue;
    // read runs from a little before the seed (digit groups may lead: "555 one two three…")
    done = readRuns(text, Math.max(done, s.index - 40), s.index, out);
    SEED.lastIndex = Math.max(SEED.lastIndex, done);
  }
}

/** Read the runs from `from` until one ends after `seed`; returns where reading stopped. */
function readRuns(text: string, from: number, seed: number, out: Candidate[]): number {
  TOKEN.lastIndex = from;
  let run: RegExpExecArray[] = [];
  for (;;) {
    const t = TOKEN.exec(text);
    const joins = t && run.length > 0 && gapOk(text, run[run.length - 1]!, t);
    if (run.length > 0 && !joins) {
      const last = run[run.length - 1]!;
      if (last.index + last[0].length > seed) { judgeRun(text, units(text, run), out); return last.index + last[0].length; }
      run = [];
    }
    if (!t) return text.length;
    if (run.length === 0 && t.index > seed) return t.index; // no run holds the seed
    run.push(t);
    if (run.length > 60) { const e = t.index + t[0].length; return e; } // a table of numbers, not a phone
  }
}

function gapOk(text: string, prev: RegExpExecArray, t: RegExpExecArray): boolean {
  const a = prev.index + prev[0].length;
  if (t.index - a > 14) return false;
  const g = text.slice(a, t.index);
  // a decimal or a thousands separator between two digit groups ("3.5", "1,200") ends the run
  if ((g === '.' || g === ',') && prev[3] !== undefined && t[3] !== undefined) return false;
  if (GAP_PUNCT.test(g)) return punctOk(g, 1);
  const w = GAP_WORD.exec(g);
  return w !== null && punctOk(w[1]! + w[3]!, 2); // "five five five, uh, two one two"
}
/** At most `n` + 1 punctuation marks, no more than `n` of them commas or periods. */
function punctOk(g: string, n: number): boolean {
  const p = g.replace(/[ \t]/g, '');
  return p.length <= n + 1 && p.replace(/[^,.]/g, '').length <= n;
}

/** Tokens to units of digits: "double five" → 55, "forty-five" → 45, "eight hundred" → 800. */
function units(text: string, run: RegExpExecArray[]): Unit[] {
  const res: Unit[] = [];
  for (let i = 0; i < run.length; i++) {
    const t = run[i]!, w = t[1]?.toLowerCase();
    const start = t.index;
    const p = run[i - 1];
    const mark = p !== undefined && /[,.]/.test(text.slice(p.index + p[0].length, start));
    let end = start + t[0].length;
    let digits: string;
    if (t[3] !== undefined) digits = t[3];
    else if (t[2] !== undefined) { if (res.length > 0) break; continue; } // "hundred" with no digit before it
    else if (w === 'double' || w === 'triple' || w === 'treble') {
      const n = run[i + 1];
      const d = n ? (n[1] ? DIGITS[n[1].toLowerCase()] : n[3]?.length === 1 ? n[3] : undefined) : undefined;
      if (d === undefined) { if (res.length > 0) break; continue; }
      digits = d.repeat(w === 'double' ? 2 : 3);
      end = n!.index + n![0].length; i++;
    } else if (TENS[w!] !== undefined) {
      const n = run[i + 1];
      const u = n?.[1] ? DIGITS[n[1].toLowerCase()] : undefined;
      if (u !== undefined && u !== '0') { digits = TENS[w!]! + u; end = n!.index + n![0].length; i++; } else digits = TENS[w!]! + '0';
    } else digits = TEENS[w!] ?? DIGITS[w!]!;
    const n = run[i + 1];
    let big = 0;
    if (n?.[2] !== undefined && t[3] === undefined && digits.length <= 2) { // "eight hundred", "twelve hundred", "two thousand"
      big = n[2].toLowerCase() === 'hundred' ? 1 : 2;
      digits += big === 1 ? '00' : '000';
      end = n.index + n[0].length; i++;
    }
    res.push({ start, end, digits, word: t[3] === undefined, value: Number(digits), big, mark });
  }
  return res;
}

/** Find the best window of the run (up to 2 leading units dropped, trailing units dropped) and emit it. */
function judgeRun(text: string, us: Unit[], out: Candidate[]): void {
  if (us.length < 2 || !us.some((u) => u.word)) return;
  const pre = [0];
  for (const u of us) pre.push(pre[pre.length - 1]! + u.digits.length);
  for (let i = 0; i < Math.min(3, us.length - 1); i++) {
    if (pre[us.length]! - pre[i]! < 6) return;
    const cue = cueBefore(text, us[i]!.start);
    for (let j = us.length; j > i + 1; j--) {
      const n = pre[j]! - pre[i]!;
      if (n < 6) break;
      const win = us.slice(i, j);
      if (!win.some((u) => u.word) || !bigOk(win) || !pairsOk(win, n)) continue;
      const digits = win.map((u) => u.digits).join('');
      const start = us[i]!.start;
      const end = us[j - 1]!.end;
      if (cue && (cue.kind === 'id' || cue.kind === 'ssn')) {
        if (cue.kind === 'ssn' ? n !== 9 : n > 20) continue;
        push(out, cue.type, start, end, 0.85, 'ctx:spoken-id');
        return;
      }
      const eleven = n === 11 && digits[0] === '1';
      if (cue) {
        if (n !== 7 && n !== 10 && n !== 11) continue; // 11 with any lead after a cue ("oh seven seven oh oh…")
        if (counting(win)) continue;
        push(out, cue.type, start, extension(text, end), n === 7 ? 0.85 : 0.9, cue.kind === 'fax' ? 'ctx:spoken-fax' : 'ctx:spoken-phone');
        return;
      }
      if (n !== 10 && !eleven) continue;
      const area = eleven ? digits[1]! : digits[0]!;
      if (area < '2' || counting(win) || /^(\d)\1*$/.test(digits) || listLike(win)) continue;
      push(out, 'PHONE', start, extension(text, end), 0.75, 'regex:spoken-phone');
      return;
    }
  }
}

/** At most one "hundred"/"thousand" ("one eight hundred…", "…five five five two thousand"), a thousand only last. */
function bigOk(win: Unit[]): boolean {
  let n = 0;
  for (let k = 0; k < win.length; k++) if (win[k]!.big && (++n > 1 || (win[k]!.big === 2 && k !== win.length - 1))) return false;
  return true;
}

/** Pairs ("twelve", "forty five") are said for the last four digits; one more at most ("two twelve…"). */
function pairsOk(win: Unit[], n: number): boolean {
  let at = 0, early = 0;
  for (const u of win) {
    if (u.word && !u.big && u.digits.length === 2 && u.value >= 10 && at + 2 <= n - 4) early++;
    at += u.digits.length;
  }
  return early <= 1;
}
/** With no cue: "six, seven, five, eight, …" or "3 4 five 2 1…" are lists (more than 3 marks, 2+ lone numerals). */
function listLike(win: Unit[]): boolean {
  let marks = 0, lone = 0;
  for (let k = 1; k < win.length; k++) if (win[k]!.mark) marks++;
  for (const u of win) if (!u.word && u.digits.length === 1) lone++;
  return marks > 3 || lone > 1;
}

/** "one, two, three, four…" (or backwards): a count, not a number. */
function counting(win: Unit[]): boolean {
  if (win.length < 4) return false;
  const d = win[1]!.value - win[0]!.value;
  if (d !== 1 && d !== -1) return false;
  for (let k = 2; k < win.length; k++) if (win[k]!.value - win[k - 1]!.value !== d) return false;
  return true;
}

/** "… extension two two" / "ext 22" after a phone: the extension joins the span. */
function extension(text: string, end: number): number {
  EXT_AFTER.lastIndex = end;
  if (!EXT_AFTER.exec(text)) return end;
  TOKEN.lastIndex = EXT_AFTER.lastIndex;
  let e = end, n = 0, at = EXT_AFTER.lastIndex;
  for (let t = TOKEN.exec(text); t && t.index - at <= 2 && n < 6 && t[2] === undefined; t = TOKEN.exec(text)) {
    if (t[1] && /^(?:double|triple|treble)$/i.test(t[1])) { at = t.index + t[0].length; continue; }
    n += t[3]?.length ?? 1;
    e = at = t.index + t[0].length;
  }
  return e;
}

/** The nearest cue in the short window before `pos`, if any. */
function cueBefore(text: string, pos: number): Cue | undefined {
  let from = Math.max(0, pos - 60);
  while (from > 0 && from < pos && /[\p{L}\p{N}]/u.test(text[from - 1]!)) from++; // start on a word boundary
  const b = text.slice(from, pos);
  // A valid id cue wins (only number words and fillers lie between it and the value), the first of a
  // chain ("member id number is…": member), then the nearest phone cue.
  let best: Cue | undefined;
  const take = (c: Cue): void => { if (!best || (c.kind === 'phone' || c.kind === 'fax' ? c.end >= best.end : c.end < best.end)) best = c; };
  for (const m of b.matchAll(ID_CUE)) {
    const cue = m[1]!.toLowerCase().replace(/[ \t]+/g, ' ');
    const gap = b.slice(m.index + m[0].length);
    if (!idGapOk(gap)) continue;
    if (!isStrongIdCue(cue) && !NUM_WORD.test(gap)) continue;
    take({ kind: 'id', type: idCueType(cue), end: m.index + m[0].length });
  }
  for (const m of b.matchAll(SSN_CUE)) {
    if (idGapOk(b.slice(m.index + m[0].length))) take({ kind: 'ssn', type: 'SSN', end: m.index + m[0].length });
  }
  if (best) return best;
  for (const m of b.matchAll(PHONE_CUE)) {
    const gap = b.slice(m.index + m[0].length);
    if (gap.length > 45 || /\d/.test(gap) || /[.!;]\s/.test(gap.replace(/\b(?:no|ph|tel|num)\./gi, '')) || gap.split('\n').length > 2) continue;
    const fax = m[0].toLowerCase() === 'fax';
    take({ kind: fax ? 'fax' : 'phone', type: fax ? 'FAX' : 'PHONE', end: m.index + m[0].length });
  }
  return best;
}

/** Between an id cue and its value: up to six gap words and a little punctuation ("id number is, uh,"). */
function idGapOk(gap: string): boolean {
  if (gap.length > 40) return false;
  const words = gap.toLowerCase().split(/[^\p{L}'’]+/u).filter(Boolean);
  if (words.length > 6 || !words.every((w) => ID_GAP_WORDS.has(w))) return false;
  return gap.replace(/[\p{L}'’\s]/gu, '').length <= 3;
}
