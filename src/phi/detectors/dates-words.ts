/**
 * Days written as ordinal words, the way people say dates: "the fifth of March", "March fifth",
 * "June twenty-third, 2021", "on the twelfth of august". Only with a month name next to the day; the
 * lower-case verb "march" and the modal "may" count only when capitalised and not after a pronoun
 * ("you may first call"). One regex per order, linear (bounded blanks, no nested repeats).
 */
import type { Candidate } from '../types.js';
import { push } from './util.js';

const UNIT = 'first|second|third|fourth|fifth|sixth|seventh|eighth|ninth';
const ORDW = `(?:(?:twenty|thirty)(?:-|[ \\t]{1,2})?(?:${UNIT})|${UNIT}|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)`;
const MONTH = '(?:jan(?:uary)?|feb(?:ruary)?|march|mar\\.|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
// a year in digits or in words: "1961", "nineteen sixty-one", "nineteen oh five", "two thousand and three", "twenty twenty-one"
const TENS = '(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?';
const TEENS = 'ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen';
const YEAR_WORDS = `(?:nineteen[- ](?:${TENS}|${TEENS}|(?:oh|o)[- ](?:one|two|three|four|five|six|seven|eight|nine)|hundred)|two[- ]thousand(?:[- ](?:and[- ])?(?:one|two|three|four|five|six|seven|eight|nine|${TEENS}|${TENS}))?|twenty[- ](?:${TEENS}|${TENS}|(?:oh|o)[- ](?:one|two|three|four|five|six|seven|eight|nine)))`;
const YEAR = `(?:,?[ \\t]{1,2}(?:of[ \\t]{1,2})?((?:19|20)\\d{2}(?!\\d)|${YEAR_WORDS}(?![a-z-])))?`;
const DAY_MONTH = new RegExp(`\\b(?:the[ \\t]{1,2})?(${ORDW})[ \\t]{1,2}(?:of[ \\t]{1,2})?(${MONTH})(?![a-z])${YEAR}`, 'gi');
const MONTH_DAY = new RegExp(`\\b(${MONTH})\\.?[ \\t]{1,2}(?:the[ \\t]{1,2})?(${ORDW})(?![a-z])${YEAR}`, 'gi');
const PRONOUN_BEFORE = /\b(?:i|you|we|they|he|she|it|who|that|this|which|one|patient|pt)[ \t]*$/i;

/** A birth-date cue right before: "born", "dob", "date of birth is", "birthday's". */
const BIRTH_BEFORE = /\b(?:born(?:[ \t]+on)?|dob|d\.o\.b\.?|date[ \t]+of[ \t]+birth|birth[ \t]?day|birth[ \t]+date)(?:[ \t]+(?:is|was|'s))?[ \t:,-]*$/i;

/**
 * "may" and "march" as a month: capitalised and (month first) not after a pronoun, or in any case with a
 * year after the day ("march third nineteen forty-two") or a birth-date cue before it ("dob may fifth").
 */
function ambiguous(month: string, text: string, at: number, start: number, year: boolean): boolean {
  const m = month.toLowerCase();
  if (m !== 'may' && m !== 'march') return false;
  if (year || BIRTH_BEFORE.test(text.slice(Math.max(0, start - 24), start))) return false;
  if (!/^M/.test(month)) return true;
  return at >= 0 && PRONOUN_BEFORE.test(text.slice(Math.max(0, at - 12), at));
}

function valid(ord: string): boolean {
  // "thirty-second" is no day of a month
  return !/^thirty[- \t]*(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth)$/i.test(ord);
}

export function detectWordDates(text: string, out: Candidate[]): void {
  DAY_MONTH.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DAY_MONTH.exec(text)) !== null) {
    if (!valid(m[1]!) || ambiguous(m[2]!, text, -1, m.index, m[3] !== undefined)) continue;
    push(out, 'DATE', m.index, m.index + m[0].length, 0.8, 'regex:date-words');
  }
  MONTH_DAY.lastIndex = 0;
  while ((m = MONTH_DAY.exec(text)) !== null) {
    if (!valid(m[2]!) || ambiguous(m[1]!, text, m.index, m.index, m[3] !== undefined)) continue;
    push(out, 'DATE', m.index, m.index + m[0].length, 0.8, 'regex:date-words');
  }
}

// "date of birth is three twelve nineteen fifty", "dob oh four oh nine sixty one", "born 3 12 nineteen fifty":
// after a birth-date cue, a run of three or more numbers in words or digits is the date
const NUMW = '(?:zero|oh|o|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|\\d{1,4})';
const SPOKEN_DOB = new RegExp(`\\b(?:born(?:[ \\t]+on)?|dob|date[ \\t]+of[ \\t]+birth|birth[ \\t]?day|birth[ \\t]+date)(?:[ \\t]+(?:is|was|'s))?[ \\t:,-]{0,3}(?:(?:uh|um)[ \\t,]+)?(${NUMW}(?:(?:[ \\t]{1,2}|[ \\t]?[-,/][ \\t]?)(?:and[ \\t]+)?${NUMW}){2,8})(?![\\p{L}\\d])`, 'giud');

export function detectSpokenBirthDates(text: string, out: Candidate[]): void {
  if (!/born|dob|birth/i.test(text)) return;
  SPOKEN_DOB.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SPOKEN_DOB.exec(text)) !== null) {
    const ix = m.indices?.[1];
    // written dates ("3/12/1950") are the numeric rules' job; this reads the ones with words in them
    if (ix && /\p{L}/u.test(m[1]!)) push(out, 'DATE', ix[0], ix[1], 0.8, 'regex:date-spoken');
  }
}
