/** The compact word lists answer exactly what Map/Set over split('|') answered. */
import { describe, expect, it } from 'vitest';
import { CITIES, COMMON_WORDS, FIRST_NAMES, SURNAMES } from './data/dict.js';
import { CompactWords } from './detectors/compact-words.js';
import { CITY, COMMON, FIRST, LAST, LEX } from './detectors/lexicon.js';

function asMap(s: string): Map<string, number> {
  const m = new Map<string, number>();
  s.split('|').forEach((w, i) => m.set(w, i));
  return m;
}

describe('CompactWords', () => {
  it('gives the rank of the last occurrence, like Map.set in list order, and misses cleanly', () => {
    const c = new CompactWords('ann|bob|ann|zoë|');
    expect(c.get('ann')).toBe(2);
    expect(c.get('bob')).toBe(1);
    expect(c.get('zoë')).toBe(3);
    expect(c.get('')).toBe(4);
    expect(c.get('an')).toBeUndefined();
    expect(c.has('annx')).toBe(false);
    expect(c.size).toBe(4);
  });

  it.each([
    ['FIRST', FIRST, FIRST_NAMES],
    ['LAST', LAST, SURNAMES],
    ['CITY', CITY, CITIES],
    ['COMMON', COMMON, COMMON_WORDS],
  ] as const)('%s agrees with the Map over the whole list', (_name, compact, list) => {
    const m = asMap(list);
    expect(compact.size).toBe(m.size);
    for (const [w, i] of m) if (compact.get(w) !== i) expect.fail(`rank of list word #${i} differs`);
    for (const w of ['', 'x', 'qqqq', 'smithx', 'mary ', 'Mary', 'new yorkk']) expect(compact.has(w)).toBe(m.has(w));
  });

  it('LEX holds the ranks of any listed word and nothing for unknown words', () => {
    const first = asMap(FIRST_NAMES), last = asMap(SURNAMES), common = asMap(COMMON_WORDS);
    let checked = 0;
    for (const w of [...first.keys()].slice(0, 2000).concat([...last.keys()].filter((_, i) => i % 37 === 0))) {
      const e = LEX.get(w)!;
      expect(e.firstRank).toBe(first.get(w) ?? Infinity);
      expect(e.lastRank).toBe(last.get(w) ?? Infinity);
      expect(e.wordRank).toBe(common.get(w) ?? Infinity);
      checked++;
    }
    expect(checked).toBeGreaterThan(3000);
    expect(LEX.get('zzqxv')).toBeUndefined();
  });
});
