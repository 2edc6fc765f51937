/**
 * Phone numbers and identifiers in words (spoken-numbers.ts). Every sentence here was written for this
 * test from general knowledge of how people say and type numbers; none comes from evaluation text.
 * A positive passes when every letter and digit of the value is covered by a finding of its type;
 * a negative when no phone or identifier finding overlaps the sentence.
 */
import { describe, expect, it } from 'vitest';
import { scanText } from '../scan.js';
import type { PhiType } from '../types.js';
import { detectSpokenNumbers } from './spoken-numbers.js';
import type { Candidate } from '../types.js';

/** [sentence, value, type] */
const POSITIVE: Array<[string, string, PhiType]> = [
  ['my number is five five five, one two three, four five six seven', 'five five five, one two three, four five six seven', 'PHONE'],
  ['you can reach me at five five five one two three four', 'five five five one two three four', 'PHONE'],
  ['five five five one two three four five six seven is my cell', 'five five five one two three four five six seven', 'PHONE'],
  ['call me back at double five five, 12 34', 'double five five, 12 34', 'PHONE'],
  ['text me at triple two, four five six, seven eight nine oh', 'triple two, four five six, seven eight nine oh', 'PHONE'],
  ['it is one eight hundred five five five twelve thirty four', 'one eight hundred five five five twelve thirty four', 'PHONE'],
  ['the callback is five five five dash one two three dash four five six seven', 'five five five dash one two three dash four five six seven', 'PHONE'],
  ['Agent: what is the best number to reach you?\nCaller: uh, it is five five five, uh, two one two, oh one three four', 'five five five, uh, two one two, oh one three four', 'PHONE'],
  ['fax it to five five five one two three four five six seven', 'five five five one two three four five six seven', 'FAX'],
  ['call me back at five five five one two three four extension two two', 'five five five one two three four extension two two', 'PHONE'],
  ['my cell is 555 one two three 4567', '555 one two three 4567', 'PHONE'],
  ['member services number is one eight hundred five five five one two one two', 'one eight hundred five five five one two one two', 'PHONE'],
  ['Phone: Six One Seven, Five Five Five, Oh Nine Eight Two', 'Six One Seven, Five Five Five, Oh Nine Eight Two', 'PHONE'],
  ['my mobile is nine one seven - five five five - two two three three', 'nine one seven - five five five - two two three three', 'PHONE'],
  ['best way to reach me is four one five five five five zero one nine nine', 'four one five five five five zero one nine nine', 'PHONE'],
  ['pls text eight one eight 555 oh one one two', 'eight one eight 555 oh one one two', 'PHONE'],
  ['hi doc, my new phone is seven oh three, five five five, double two four one', 'seven oh three, five five five, double two four one', 'PHONE'],
  ['you can call my daughter at five five five six seven eight nine', 'five five five six seven eight nine', 'PHONE'],
  ['the pharmacy number is five five five, forty five sixty seven', 'five five five, forty five sixty seven', 'PHONE'],
  ['she said to ring her on five five five twenty-one eighty-nine', 'five five five twenty-one eighty-nine', 'PHONE'],
  ['her cell five five five, o one two three', 'five five five, o one two three', 'PHONE'],
  ['call the office at one, eight hundred, five five five, oh one nine nine', 'one, eight hundred, five five five, oh one nine nine', 'PHONE'],
  ['my husband can be reached at two oh six five five five one three one three', 'two oh six five five five one three one three', 'PHONE'],
  ['two one two five five five zero one four six, that is my home line', 'two one two five five five zero one four six', 'PHONE'],
  ['The patient gave three one two, five five five, seven seven eight eight as a contact', 'three one two, five five five, seven seven eight eight', 'PHONE'],
  ['leave a voicemail at five five five one triple seven', 'five five five one triple seven', 'PHONE'],
  ['my work phone is five five five, two thousand', 'five five five, two thousand', 'PHONE'],
  ['ring me on oh seven seven double oh nine oh oh one two three', 'oh seven seven double oh nine oh oh one two three', 'PHONE'],
  ['mobile is nought seven seven, nine double oh, one two three four', 'nought seven seven, nine double oh, one two three four', 'PHONE'],
  ['please dial six four six 555 twelve twelve', 'six four six 555 twelve twelve', 'PHONE'],
  ['number is 555-one-two-three-four', '555-one-two-three-four', 'PHONE'],
  ['my member id is one two three four five six seven eight', 'one two three four five six seven eight', 'HEALTH_PLAN_ID'],
  ['policy number is nine eight seven six five four three', 'nine eight seven six five four three', 'HEALTH_PLAN_ID'],
  ['my account number is four four two one nine eight seven', 'four four two one nine eight seven', 'ACCOUNT'],
  ['confirmation number: seven seven three two one nine', 'seven seven three two one nine', 'OTHER_ID'],
  ['my MRN is three three four five one two two', 'three three four five one two two', 'MRN'],
  ['record number is one one two two three three four', 'one one two two three three four', 'MRN'],
  ['my social is one two three four five six seven eight nine', 'one two three four five six seven eight nine', 'SSN'],
  ['social security number is one two three, four five, six seven eight nine', 'one two three, four five, six seven eight nine', 'SSN'],
  ['the member ID on my card is, um, double eight four two one nine seven', 'double eight four two one nine seven', 'HEALTH_PLAN_ID'],
  ['Claim number is five five 12 34 nine nine', 'five five 12 34 nine nine', 'OTHER_ID'],
  ['my medical record number would be two two four, six six one, nine', 'two two four, six six one, nine', 'MRN'],
  ['Policy # one two three four five six seven eight nine zero', 'one two three four five six seven eight nine zero', 'HEALTH_PLAN_ID'],
  ['my subscriber id is eight eight three two one four five five', 'eight eight three two one four five five', 'HEALTH_PLAN_ID'],
  ['account no. six six six one two three nine', 'six six six one two three nine', 'ACCOUNT'],
  ['ID number: zero zero four five six seven one', 'zero zero four five six seven one', 'OTHER_ID'],
  ['the reference number is triple four two one eight', 'triple four two one eight', 'OTHER_ID'],
];

/** Doses, counts, times, pressures, lab values, dates in words, ordinary prose: no phone or id. */
const NEGATIVE: string[] = [
  'take two five milligram tablets one or two times a day',
  'use one or two puffs every four to six hours as needed',
  'see you at two thirty on Thursday',
  'bp one twenty over eighty, pulse seventy two',
  'blood pressure was one forty two over ninety one this morning',
  'born in nineteen eighty five',
  'count one, two, three, four, five, six, seven, eight, nine, ten',
  'count backwards ten, nine, eight, seven, six, five, four, three, two, one',
  'he walks one one block and stops, one one more and rests',
  'one one thousand, two one thousand, three one thousand',
  'potassium three point five, sodium one thirty eight',
  'a1c was seven point two, down from eight point one',
  'appointment on the fifth of May two thousand twenty three at nine',
  'take one tablet at eight, one at noon and one at eight again',
  'the call is at three fifteen, please be ready five minutes early',
  'I can call you back in five or ten minutes',
  'please call the clinic if the fever lasts more than two or three days',
  'my phone died so I missed two calls at one and one thirty',
  'weight went from one ninety to one eighty five in six weeks',
  'she had two or three drinks, four or five nights a week',
  'the number of episodes went from five to two to one',
  'temperature ninety eight point six, respirations sixteen',
  'glucose one twenty six fasting, one eighty after lunch',
  'he was seen on march twenty first and april second',
  'room two oh four, bed one',
  'oh, one more thing about the two pills',
  'I take five, sometimes six, of the one milligram tabs',
  'twenty twenty was a hard year for us',
  'the kids are five, seven and nine',
  'dose is ten units at bedtime and six units with meals',
  'my member card says group plan gold, tier two',
  'the policy covers one visit every two years',
  'three times a day for seven days, then twice a day for five days',
  'she scored twenty six out of thirty on the exam',
  'heart rate one ten, oxygen ninety four percent on two liters',
  'rate your pain from zero to ten: I would say a six or a seven',
  'set the timer for four five minutes, one two hours max',
  'one two three, go: the patient stood up on the third try',
  'it happened two, maybe three weeks ago, around one or two in the morning',
  'take the twelve, then the two, then the one with food',
  'I called four times and was on hold for forty five minutes',
  'text me when you get there, five or six is fine',
  'my account of what happened is that I fell two or three times',
  'she drinks eight glasses of water and walks two miles',
  'cholesterol two ten, LDL one thirty, HDL forty five',
  'pain scores this week were six, seven, five, eight, six, seven, seven, six, five, eight',
  'grades were eighty, ninety, seventy five, eighty two, ninety one, sixty',
  'scores: 3 4 five 2 1 4 3 2 5 4',
  'one two three four five six seven eight nine ten, ready or not',
];

const ID_TYPES = new Set<PhiType>(['PHONE', 'FAX', 'MRN', 'HEALTH_PLAN_ID', 'ACCOUNT', 'OTHER_ID', 'SSN']);

describe('spoken numbers: positives', () => {
  it('has at least 40 own sentences', () => expect(POSITIVE.length).toBeGreaterThanOrEqual(40));
  for (const [text, value, type] of POSITIVE) {
    it(`${type}: ${text.replace(/\n/g, ' / ')}`, () => {
      const at = text.indexOf(value);
      expect(at).toBeGreaterThanOrEqual(0);
      const fs = scanText(text).filter((f) => f.type === type);
      for (let i = at; i < at + value.length; i++) {
        if (!/[A-Za-z0-9]/.test(text[i]!)) continue;
        expect(fs.some((f) => f.start <= i && f.end > i), `offset ${i - at} of the value`).toBe(true);
      }
    });
  }
});

describe('spoken numbers: negatives', () => {
  it('has at least 40 own sentences', () => expect(NEGATIVE.length).toBeGreaterThanOrEqual(40));
  for (const text of NEGATIVE) {
    it(text, () => {
      expect(scanText(text).filter((f) => ID_TYPES.has(f.type)).map((f) => f.type)).toEqual([]);
    });
  }
});

describe('spoken numbers: the detector alone', () => {
  const run = (t: string): Candidate[] => { const out: Candidate[] = []; detectSpokenNumbers(t, out); return out; };
  it('needs at least one word: digits alone are the written-phone rules', () => {
    expect(run('call 555 123 4567')).toEqual([]);
  });
  it('7 digits only with a phone cue, 10 anywhere', () => {
    expect(run('it was five five five one two three four')).toEqual([]);
    expect(run('it was five five five one two three four five six seven').map((c) => c.type)).toEqual(['PHONE']);
  });
  it('6 digits after an id cue, not after a phone cue', () => {
    expect(run('member id one two three four five six').map((c) => c.type)).toEqual(['HEALTH_PLAN_ID']);
    expect(run('my number is one two three four five six')).toEqual([]);
  });
  it('a valid id cue wins over "number" inside it; a phone cue wins when the id cue is not right before', () => {
    expect(run('account number is five five five one two three four').map((c) => c.type)).toEqual(['ACCOUNT']);
    expect(run('call member services at five five five one two three four').map((c) => c.type)).toEqual(['PHONE']);
  });
  it('a sentence end between cue and number breaks the cue', () => {
    expect(run('I will call. Five five five one two three four was the count.')).toEqual([]);
  });
  it('offsets cover the words and never echo the value in the detector name', () => {
    const t = 'call me at five five five one two three four';
    const [c] = run(t);
    expect(t.slice(c!.start, c!.end)).toBe('five five five one two three four');
    expect(c!.detector).toBe('ctx:spoken-phone');
  });
  // Completes on adversarial input (a super-linear pattern would hang past the test timeout); speed is measured in bench/redos.js, not here.
  it('completes on adversarial input', () => {
    const inputs = [
      'five '.repeat(50000), 'one, '.repeat(40000), 'o '.repeat(60000), 'double '.repeat(40000),
      '1 two '.repeat(30000), 'call '.repeat(30000) + 'five five five', 'member id is '.repeat(15000) + 'one',
      'five uh '.repeat(30000), 'twenty-'.repeat(40000),
    ];
    for (const t of inputs) {
      expect(Array.isArray(run(t)), t.slice(0, 12)).toBe(true);
    }
  });
});
