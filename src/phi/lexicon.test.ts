import { describe, expect, it } from 'vitest';
import { isEnglishWord, isWorldName } from './detectors/lexicon.js';

describe('generated lexicon', () => {
  it('tells English words from proper nouns (Bloom filter: no false negatives)', () => {
    for (const w of ['laceration', 'sheath', 'groin', 'weaning', 'harbor', 'depression']) expect(isEnglishWord(w), w).toBe(true);
    for (const w of ['baltimore', 'wojciechowski', 'szczepanik', 'antecubital']) expect(isEnglishWord(w), w).toBe(false);
  });
  it('knows international given names', () => {
    for (const w of ['giovanni', 'ingrid', 'dmitri', 'siobhan']) expect(isWorldName(w), w).toBe(true);
    expect(isWorldName('xq')).toBe(false);
  });
});
