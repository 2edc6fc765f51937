import { describe, expect, it } from 'vitest';
import { scanText } from './scan.js';

/** The finding covering the `nth` occurrence of `needle` (0-based), or undefined. */
function at(text: string, needle: string, nth = 0): string | undefined {
  let s = -1;
  for (let k = 0; k <= nth; k++) s = text.indexOf(needle, s + 1);
  if (s < 0) throw new Error('needle not in text');
  return scanText(text).find((x) => x.start <= s && x.end >= s + needle.length)?.type;
}

describe('document-level propagation', () => {
  it('carries a name found in context to its other mentions', () => {
    const t = 'My name is Oskarina Veltheim. Later that week everyone called me oskarina at the clinic.';
    expect(at(t, 'Oskarina')).toBe('NAME');
    expect(at(t, 'oskarina')).toBe('NAME');
    const caps = 'SPOKE WITH DAUGHTER BERNADINE TODAY. PLAN DISCUSSED. BERNADINE WILL CALL BACK.';
    expect(at(caps, 'BERNADINE', 1)).toBe('NAME');
  });
  it('corroborates two weak signals: a person-verb subject and a surname later', () => {
    const t = 'Hollowell had told Hollowell everything about the move.';
    expect(at(t, 'Hollowell', 0)).toBe('NAME');
    expect(at(t, 'Hollowell', 1)).toBe('NAME');
  });
  it('does not carry clinical words, labels or ordinary vocabulary', () => {
    // "Rich" is a name after a title, an adjective elsewhere; drug names stay drugs
    const t = 'Seen by Dr. Rich today. Diet rich in protein. Started heparin per Dr. Okafor. heparin held at 2200.';
    expect(at(t, 'Rich')).toBe('NAME');
    expect(at(t, 'rich')).toBeUndefined();
    expect(at(t, 'heparin', 1)).toBeUndefined();
  });
  it('a title name stops at a full stop: "Dr. Vasquez. Milrinone gtt"', () => {
    const t = 'Plan per Dr. Vasquez. Milrinone gtt at 0.5 mcg/kg/min.';
    expect(at(t, 'Vasquez')).toBe('NAME');
    expect(at(t, 'Milrinone')).toBeUndefined();
    expect(at('Seen by Dr. J. Okafor today', 'Okafor')).toBe('NAME');
  });
});

describe('lists of given names in any case', () => {
  it('names every item when most are given names', () => {
    const t = 'the grandchildren are: maribel, joshua, tiffany, wendell and dolores.';
    for (const w of ['maribel', 'joshua', 'tiffany', 'wendell', 'dolores']) expect(at(t, w)).toBe('NAME');
  });
  it('leaves lists of things and of diagnoses alone', () => {
    expect(scanText('brought eggs, milk, bread and apples from the store.')).toEqual([]);
    expect(scanText('pmh: htn, dm, cad and chf.')).toEqual([]);
  });
});
