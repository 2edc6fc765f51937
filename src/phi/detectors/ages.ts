import type { Candidate } from '../types.js';
import { each, gate, push } from './util.js';

// "93 yo", "93 y/o", "93-year-old", "93 yrs old", "aged 93", "age: 93", "93M", "turned 93"
const AGE_AFTER = /(?<![\d.])(\d{1,3})(?:\s*|-)(?:yo\b|y\/o\b|y\.o\.?|yr?s?\.?\s*old\b|-?years?[- ]old\b|years?\s+of\s+age\b|yrs?\b|y\s*o\b|year\b)/gid;
const AGE_BEFORE = /\b(?:aged?|age\s+of|turned|turning|turn|i'?m|i\s+am)\s*:?\s*(\d{1,3})(?![\d:/]|[.,]\d|\s*(?:mg|kg|lbs?|%|am|pm|minutes|min|hours|hrs|cm|days|weeks|months))/gid;
// "94 s/p fall", "93 female with": a number opening a line, then s/p, sex or y/o
const AGE_LINE_START = /(?:^|\n)[ \t]*(\d{2,3})[ \t]+(?:s\/p|y\/?o\b|female|male|woman|man|w\/|with\b|f\b|m\b)/gid;
// "92-y-o"
const AGE_YDASH = /(?<![\d.])(\d{2,3})-y-o\b/gid;
// ages over 89 in words: "ninety-three year old", "ninety three y/o", "one hundred and one years old", "aged ninety-four"
const OVER_89 = '(?:one[- ]hundred(?:[- ]+and)?(?:[- ]+(?:one|two|three|four|five|six|seven|eight|nine|ten))?|ninety(?:[- ]+(?:one|two|three|four|five|six|seven|eight|nine))?)';
const AGE_WORDS = new RegExp(`\\b(${OVER_89})(?:[- ]+(?:years?|yrs?)[- ]+old\\b|[- ]+y\\/o\\b|[- ]+yo\\b|[- ]+y\\.o\\.?|[- ]+years?\\s+of\\s+age\\b)|\\b(?:aged?|age\\s+of)\\s+(${OVER_89})\\b`, 'gid');
const AGE_SEX = /(?<![\w.])(\d{2,3})\s?(?:m|f|yom|yof|yowm|yowf)\b(?![\w/])/gid;

/**
 * Ages. Safe Harbor requires ages over 89 to be removed; younger ages are reported with
 * score 0.4 (below the default minScore 0.5), so strict callers can opt in with minScore 0.4.
 */
export function detectAges(text: string, out: Candidate[], words: number = -1): void {
  if (!/\d/.test(text)) return;
  const add = (m: RegExpExecArray, det: string): void => {
    const ix = m.indices?.[1];
    if (!ix) return;
    const age = Number(m[1]);
    if (age > 125) return;
    push(out, 'AGE', ix[0], ix[1], age > 89 ? 0.95 : 0.4, det);
  };
  each(AGE_AFTER, text, (m) => add(m, 'regex:age'));
  if ((words & GATE_AGE) !== 0) each(AGE_BEFORE, text, (m) => add(m, 'ctx:age'));
  each(AGE_SEX, text, (m) => add(m, 'regex:age-sex'));
  each(AGE_LINE_START, text, (m) => add(m, 'regex:age-line'));
  if (text.includes('-y-o')) each(AGE_YDASH, text, (m) => add(m, 'regex:age'));
}

/** Ages over 89 written in words (no digit needed): always Safe Harbor identifiers. */
export function detectWordAges(text: string, out: Candidate[]): void {
  if (!/ninety|hundred/i.test(text)) return;
  each(AGE_WORDS, text, (m) => {
    const ix = m.indices?.[1] ?? m.indices?.[2];
    if (ix) push(out, 'AGE', ix[0], ix[1], 0.95, 'regex:age-words');
  });
}

const GATE_AGE = gate(['age', 'aged', 'turned', 'turning', 'turn', "i'm", 'im', 'i']);
