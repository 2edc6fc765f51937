import { describe, expect, it } from 'vitest';
import { scanText } from '../scan.js';

const dates = (s: string): string[] => scanText(s).filter((f) => f.type === 'DATE').map((f) => s.slice(f.start, f.end));

describe('dates with the day in words', () => {
  it.each([
    ['I was seen on the fifth of March.', 'the fifth of March'],
    ['my appointment is March fifth', 'March fifth'],
    ['pain since June twenty-third', 'June twenty-third'],
    ['DOB is the twelfth of august, 1961', 'the twelfth of august, 1961'],
    ['admitted on the thirty first of December', 'the thirty first of December'],
    ['born October the ninth 1950', 'October the ninth 1950'],
    ['she called on Jan twentieth', 'Jan twentieth'],
    ['the first of May was her last dose', 'the first of May'],
    ['we moved her visit to May second', 'May second'],
    ['SEEN ON THE SECOND OF FEBRUARY', 'THE SECOND OF FEBRUARY'],
    ['last period started sept. nineteenth', 'sept. nineteenth'],
    ['my birthday is March third, nineteen fifty-two', 'March third, nineteen fifty-two'],
    ['born the fourth of July nineteen oh five', 'the fourth of July nineteen oh five'],
    ['date of birth June first two thousand and three', 'June first two thousand and three'],
    ['it was on April tenth twenty twenty-one', 'April tenth twenty twenty-one'],
    ['my date of birth is march third nineteen forty two', 'march third nineteen forty two'],
    ['dob may fifth', 'may fifth'],
    ['uh born on march the ninth', 'march the ninth'],
    ['my date of birth is three twelve nineteen fifty', 'three twelve nineteen fifty'],
    ['dob oh four oh nine sixty one thanks', 'oh four oh nine sixty one'],
    ['birthday is uh 7 22 nineteen eighty', '7 22 nineteen eighty'],
  ])('%s', (s, want) => {
    expect(dates(s).some((d) => d.includes(want) && d.length <= want.length + 1), dates(s).join('|')).toBe(true);
  });

  it.each([
    'you may first try the inhaler',
    'the second may be worse than the first',
    'we will march fifth in line',
    'his first march was in the army',
    'the thirty-second week of gestation',
    'take the first dose in the morning and the second at night',
    'third of the patients had nausea',
    'He May first want to rest',

  ])('no date in: %s', (s) => {
    expect(dates(s).filter((d) => /first|second|third|fifth|thirty/i.test(d))).toEqual([]);
  });

  it.each(['born two weeks early', 'dob verified x2', 'born at thirty six weeks', 'birthday party for her one year old'])('no spoken date in: %s', (s) => {
    expect(dates(s)).toEqual([]);
  });
});
