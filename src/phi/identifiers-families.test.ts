/**
 * Identifier families of issue 14, generated from the published format specifications with a fixed
 * seed (test/helpers/id-families): per family >= 95 % of positives found (one finding of the family's
 * type covering the value) and <= 5 % of negatives flagged (any finding overlapping the value).
 * `node scripts/eval-identifiers.js` prints the same figures as a table.
 */
import { describe, expect, it } from 'vitest';
import { idFamilies, score } from '../../test/helpers/id-families/index.js';
import { scanText } from './scan.js';
import { isAbaRouting, isDea, isIban, isMbi, isNpi, isVin } from './validators.js';

const families = idFamilies(14, 200);
const scan = (t: string) => scanText(t);

describe('generated identifier families', () => {
  for (const f of families) {
    it(`${f.name}: at least 95 percent found, at most 5 percent of negatives flagged`, () => {
      const r = score(f, scan);
      if (f.pos.length > 0) expect(r.found).toBeGreaterThanOrEqual(0.95);
      expect(r.flagged).toBeLessThanOrEqual(0.05);
    });
  }

  it('the generator and the validators agree (a generator bug cannot hide a validator bug)', () => {
    const by = (name: string) => families.find((f) => f.name.startsWith(name))!;
    const compact = (v: string) => v.replace(/[\s-]/g, '');
    expect(by('IBAN').pos.every((p) => isIban(p.value))).toBe(true);
    expect(by('IBAN').neg.some((p) => isIban(p.value))).toBe(false);
    expect(by('ABA').pos.every((p) => isAbaRouting(p.value))).toBe(true);
    expect(by('NPI').pos.every((p) => isNpi(p.value))).toBe(true);
    expect(by('DEA').pos.every((p) => isDea(p.value))).toBe(true);
    expect(by('MBI').pos.every((p) => isMbi(p.value))).toBe(true);
    expect(by('MBI').neg.some((p) => isMbi(p.value))).toBe(false);
    expect(by('VIN').pos.every((p) => isVin(compact(p.value)))).toBe(true);
    expect(by('IBAN').pos.length).toBeGreaterThanOrEqual(89); // every registry country at least once
  });
});

describe('bare values: what is reported without a cue', () => {
  const types = (t: string) => scanText(t).map((f) => f.type);
  it('a bare number passing the ABA checksum is an account number; after a code-system word it is a code', () => {
    expect(types('ref 021000021 ok')).toContain('ACCOUNT');
    expect(types('SNOMED CT 021000021')).toEqual([]);
    expect(types('ref 021000022 ok')).toEqual([]); // wrong check digit
  });
  it('a bare 10-digit number passing the NPI check (80840 prefix) is reported; a wrong check digit is not', () => {
    expect(types('signed 1234567893')).toContain('LICENSE');
    expect(types('signed 1234567894')).toEqual([]);
  });
  it('9 digits run together with no cue are not an SSN or ITIN (no check digit), but are after a cue', () => {
    expect(types('see 912781234 above')).toEqual([]);
    expect(types('ITIN 912781234')).toContain('OTHER_ID');
    expect(types('SSN 123456789')).toContain('SSN');
    expect(types('ssn is 123.45.6789')).toContain('SSN');
  });
  it('a URL is reported whole, UUID and all; a bare UUID is not an identifier here', () => {
    const t = 'see https://portal.example.org/records/0f8fad5b-d9cb-469f-a165-70867728950e now';
    const f = scanText(t).find((x) => x.type === 'URL')!;
    expect(t.slice(f.start, f.end)).toBe('https://portal.example.org/records/0f8fad5b-d9cb-469f-a165-70867728950e');
    expect(types('request 0f8fad5b-d9cb-469f-a165-70867728950e failed')).toEqual([]);
  });
  it('digit groups of a card-shaped or IBAN-shaped run with a bad checksum are not half-masked as phones', () => {
    expect(scanText('see 8101 0684 5458 7055 above')).toEqual([]);
    expect(scanText('value CR15 2464 2773 0933 3224 58 noted')).toEqual([]);
  });
});
