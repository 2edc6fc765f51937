/**
 * Address shapes that do not hang on a US street suffix: the street line of an address block (the
 * line above "Apt. 322" / "Suite 14"), Romance-language streets introduced by their type word with
 * the house number first ("2274 Via delle Coste 41", "8116 56 rue La Boétie"), house number + street
 * number + name after "at" ("at 9816 214 Pavlou Drandaki"), and a house number in front of a street
 * another rule found. Each rule starts from a cheap literal pre-check.
 */
import type { Candidate } from '../types.js';
import { CLINICAL, COMMON, isEnglishWord } from './lexicon.js';
import { each, push } from './util.js';

// "Apt. 931", "Suite 442", "Unit 1009", "Flat 3" alone on their line (after optional block markers)
const UNIT_LINE = /^[ \t]*(?:[>|]+|\?{2,}|[-*•])?[ \t]*(?:apt|apartment|suite|ste|unit|flat)\.?[ \t]*#?[ \t]*[A-Za-z0-9-]{1,6}[ \t]*$/gim;
// numbers only at the edges: house number(s) first and/or a number last, no digits among the words
// ("Tidal volume 450 Rate 14 Peep 5" is a list of settings, not a street)
const STREET_LINE = /^(?:\d{1,6}[A-Za-z]?[ \t]+(?:\d{1,5}[A-Za-z]?[ \t]+)?[^\d\s][^\d]{2,60}(?:[ \t]\d{1,5}[A-Za-z]?\.?)?|\p{L}[^\d]{2,60}[ \t]\d{1,5}[A-Za-z]?\.?)$/u;
// Street type words that open a street name in Romance and other European languages
const TYPE_WORDS = 'Via|Viale|Vicolo|Rua|Avenida|Avda\\.|Calle|Rue|Piazza|Largo|Travessa|Ulica|Strada|Calea|Carrer|Paseo|Praça|Corso|Chemin|Rambla|Camino|Estrada|Alameda|Impasse|Allée';
// literal pre-check: any street type word, in Title case or the lower-case forms the rule accepts
const TYPE_PRE = new RegExp(`(?<![\\p{L}])(?:${TYPE_WORDS}|rue|rua|calle)(?![\\p{L}])`, 'u');
const NUMBERED_TYPE_STREET = new RegExp(
  `(?<![\\p{L}\\d.,:/-])\\d{1,6}[ \\t]+(?:\\d{1,5}[A-Za-z]?[ \\t]+)?(?:${TYPE_WORDS}|rue|rua|calle)[ \\t]+\\p{L}[\\p{L}'’.-]*(?:[ \\t]+\\p{L}[\\p{L}'’.-]*){0,5}?(?:[ \\t]+\\d{1,5}[A-Za-z]?\\b)?(?=[ \\t]*(?:[,.;!?\\n]|$|[ \\t](?:St|Street|Ave|Apt|Suite|in|and)\\b))`, 'gu');
// "at 9816 214 Pavlou Drandaki": house number, street number, capitalised street name (mixed case); not after
// "to", where numbers are settings, ports or counts ("connect to 127 0 Localhost")
// (each word ends at a word boundary: "at 450 16 Fio2" is a setting)
const TWO_NUMBERS = /\b(?:at|address(?:\s+is)?:?)[ \t]+(\d{1,6}[ \t]+\d{1,5}[ \t]+\p{Lu}\p{Ll}[\p{L}'’-]*(?![\p{L}\d])(?:[ \t]+\p{Lu}\p{Ll}[\p{L}'’-]*(?![\p{L}\d])){0,3})/gud;
const TYPE_WORD_SET = new Set(TYPE_WORDS.toLowerCase().replace(/\\\./g, '').split('|'));

const ordinary = (w: string): boolean => CLINICAL.has(w.toLowerCase()) || (COMMON.get(w.toLowerCase()) ?? Infinity) < 2000;

export function detectAddresses(text: string, out: Candidate[]): void {
  // 1. The street line above a unit line in an address block
  if (/(?:apt|apartment|suite|ste|unit|flat)\b/i.test(text)) each(UNIT_LINE, text, (m) => {
    // a unit designator is a number or a short code ("Suite 14", "Unit B", "Apt 4C"), not a word ("Flat affect")
    const des = /([A-Za-z0-9-]{1,6})[ \t]*$/.exec(m[0])![1]!;
    if (!/\d/.test(des) && des.length > 2) return;
    const lineStart = m.index;
    if (lineStart < 2) return;
    const prevStart = text.lastIndexOf('\n', lineStart - 2) + 1;
    const raw = text.slice(prevStart, lineStart - 1);
    const lead = /^[ \t]*(?:[>|]+|\?{2,}|[-*•])?[ \t]*/.exec(raw)![0].length;
    const line = raw.slice(lead).replace(/[ \t\r]+$/, '');
    // a line that names a unit itself is one of a list of units ("Dialysis unit 3")
    if (!STREET_LINE.test(line) || /[!?:]$/.test(line) || /\b(?:apt|apartment|suite|ste|unit|flat)\b/i.test(line)) return;
    const words = line.match(/\p{L}[\p{L}'’-]*/gu) ?? [];
    if (words.length === 0 || words.length > 7 || words.every(ordinary)) return;
    push(out, 'LOCATION', prevStart + lead, prevStart + lead + line.length, 0.8, 'ctx:address-line');
  });
  // 2. "70248 31 Rue tachkent St.", "2274 Via delle Coste 41"
  if (TYPE_PRE.test(text)) each(NUMBERED_TYPE_STREET, text, (m) => {
    // a type word that is also English ("Via", "Impasse") needs a street name that is not: "2 Via Nebulizer", "4 Via IV Push"
    const ws = m[0].match(/\p{L}[\p{L}'’.-]*/gu) ?? [];
    const ti = ws.findIndex((w) => TYPE_WORD_SET.has(w.toLowerCase().replace(/\.$/, '')));
    if (ti >= 0 && isEnglishWord(ws[ti]!.toLowerCase()) && ws.slice(ti + 1).every((w) => w.length <= 2 || ordinary(w) || isEnglishWord(w.toLowerCase().replace(/\.$/, '')))) return;
    push(out, 'LOCATION', m.index, m.index + m[0].length, 0.85, 'regex:street-type');
  });
  // 3. "at 9816 214 Pavlou Drandaki"
  each(TWO_NUMBERS, text, (m) => {
    const ix = m.indices?.[1];
    if (!ix) return;
    const words = m[1]!.match(/\p{L}[\p{L}'’-]*/gu) ?? [];
    // "to 2 4 Liters": numbers before English words are quantities; a street name has a proper noun
    if (words.some(ordinary) || words.every((w) => isEnglishWord(w.toLowerCase()))) return;
    push(out, 'LOCATION', ix[0], ix[1], 0.75, 'ctx:house-numbers');
  });
}

/** A house number right before a street another rule found ("5521 119 Countess Close"): widen the street. */
export function houseNumbers(text: string, out: Candidate[]): void {
  const n = out.length;
  for (let i = 0; i < n; i++) {
    const c = out[i]!;
    if (c.type !== 'LOCATION' || c.score < 0.6 || !/^(?:regex:street|ctx:address|ctx:named-street)/.test(c.detector)) continue;
    const hn = /(?<![\d.,:/-])\d{1,6}[ \t]+$/.exec(text.slice(Math.max(0, c.start - 10), c.start));
    if (hn) push(out, 'LOCATION', c.start - hn[0].length, c.end, c.score, c.detector);
  }
}
