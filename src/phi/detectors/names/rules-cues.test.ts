import { describe, expect, it } from 'vitest';
import { scanText } from '../../scan.js';

const names = (s: string): string[] => scanText(s).filter((f) => f.type === 'NAME').map((f) => s.slice(f.start, f.end));

describe('names after a role word', () => {
  it.each([
    ['pt: m. delacroix, 67M', 'm. delacroix'],
    ['triage rn: j. ferreira', 'j. ferreira'],
    ['NP: K. Abernathy-Lowe to see', 'K. Abernathy-Lowe'],
    ['Charge nurse Bongani aware', 'Bongani'],
    ['attending Thandiwe notified', 'Thandiwe'],
    ['report to rn s. okafor at 1900', 's. okafor'],
    ['Scribe for Dr. Quist: L. Moreau', 'L. Moreau'],
    ['Collected by: T. Nakashima-Ruiz', 'T. Nakashima-Ruiz'],
  ])('%s', (s, want) => {
    expect(names(s)).toContain(want);
  });

  it.each([
    'pt x. ray ordered', // an "x." is not an initial
    'Pt Zaroxolyn 10 mg given',
    'nurse Practitioner to follow',
    'pt a. fib noted on monitor',
    'RN: s. aureus in the wound culture',
    'Interpreter: Vietnamese, via phone line',
    'Dictated by PA-C',
    'rales R>L. Suctioned for copious secretions',
    'diminished on the R. Spo2 95%',
    'culture grew E. Coli and S. Aureus',
  ])('no name in: %s', (s) => {
    expect(names(s)).toEqual([]);
  });
});
