import { describe, expect, it } from 'vitest';
import { PhiPolicyError } from './errors.js';
import { generalizeDate, generalizeZip } from './generalize.js';
import { compileRedactionPolicy, hashToken, redactText } from './redact.js';

const KEY = Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 0xff);

describe('redaction actions', () => {
  const text = 'SSN 123-45-6780, seen 3/4/2024, call 410-555-1212.';
  it('remove replaces each identifier with its [TYPE] label', () => {
    const r = redactText(text, compileRedactionPolicy({ default: 'remove' }));
    expect(r.text).toBe('SSN [SSN], seen [DATE], call [PHONE].');
    expect(r.findings.map((f) => f.type)).toEqual(['SSN', 'DATE', 'PHONE']);
  });
  it('mask uses a fixed-length mask; partial keeps the last N characters; keep leaves it', () => {
    const r = redactText(text, compileRedactionPolicy({ default: 'mask', actions: { SSN: { action: 'partial', keep: 4 }, PHONE: 'keep' } }));
    expect(r.text).toBe('SSN ***-**-6780, seen ********, call 410-555-1212.');
  });
  it('hash: keyed, consistent across calls and formats, different per key', () => {
    const r = compileRedactionPolicy({ default: 'hash', hashKey: KEY });
    const a = redactText('SSN 123-45-6780', r).text;
    const b = redactText('SSN 123-45-6780', compileRedactionPolicy({ default: 'hash', hashKey: KEY })).text;
    expect(a).toBe(b);
    expect(a).toMatch(/^SSN tok_[a-z2-7]{16}$/);
    expect(hashToken(KEY, 'SSN', '123-45-6780')).toBe(hashToken(KEY, 'SSN', '123456780'));
    expect(hashToken(KEY, 'NAME', 'SMITH')).toBe(hashToken(KEY, 'NAME', 'Smith'));
    expect(hashToken(Uint8Array.from({ length: 32 }, (_, i) => i + 1), 'SSN', '123-45-6780')).not.toBe(hashToken(KEY, 'SSN', '123-45-6780'));
    expect(a).not.toContain('6780');
  });
  it('generalize: dates to year, ages over 89 to 90+, ZIP to 3 digits', () => {
    const r = compileRedactionPolicy({ default: 'generalize' });
    expect(redactText('admitted 3/4/2024; a 93 yo man', r).text).toBe('admitted 2024; a 90+ yo man');
    expect(redactText('Springfield, IL 62704', r).text).toBe('[LOCATION], IL 627');
    expect(redactText('seen on March 3rd, 2021 at noon', r).text).toBe('seen on 2021 at noon');
  });
  it('Safe Harbor restricted 3-digit ZIP prefixes become 000', () => {
    for (const z of ['03601', '05901', '06390', '10201', '20301', '55601', '69201', '79001', '82101', '82301', '83001', '83101', '87801', '87901', '88401', '89001', '89301']) {
      expect(generalizeZip(z)).toBe('000');
    }
    expect(generalizeZip('02139')).toBe('021');
    expect(generalizeZip('02139-4307')).toBe('021');
    expect(generalizeZip('abc')).toBeUndefined();
    expect(generalizeDate('1950-01-05')).toBe('1950');
    expect(generalizeDate('3/4/92')).toBe('1992');
    expect(generalizeDate('7/22')).toBeUndefined();
    expect(generalizeDate('5/71')).toBe('1971');
    expect(generalizeDate('03-MAR-24')).toBe('2024');
    expect(generalizeDate("'92")).toBe('1992');
  });
  it('a date with no year cannot be generalized and is removed', () => {
    expect(redactText('transferred here on 7/22 with SOB', compileRedactionPolicy({ default: 'generalize' })).text).toBe('transferred here on [DATE] with SOB');
  });
});

describe('compileRedactionPolicy', () => {
  it('validates and freezes', () => {
    const r = compileRedactionPolicy({ default: 'mask', actions: { SSN: 'remove' } });
    expect(Object.isFrozen(r)).toBe(true);
    expect(Object.isFrozen(r.actions)).toBe(true);
    expect(r.actions.SSN.action).toBe('remove');
    expect(r.actions.NAME.action).toBe('mask');
  });
  it('rejects unknown types and actions, bad keep, hash without key, short keys', () => {
    expect(() => compileRedactionPolicy({ default: 'nope' as never })).toThrow(PhiPolicyError);
    expect(() => compileRedactionPolicy({ default: 'mask', actions: { SOCIAL: 'mask' } as never })).toThrow(/phi\.actions\.SOCIAL/);
    expect(() => compileRedactionPolicy({ default: 'mask', actions: { SSN: { action: 'partial', keep: -1 } } })).toThrow(/keep/);
    expect(() => compileRedactionPolicy({ default: 'hash' })).toThrow(/hashKey/);
    expect(() => compileRedactionPolicy({ default: 'hash', hashKey: new Uint8Array(4) })).toThrow(/16 bytes/);
    // A known key makes tokens reversible: constant byte strings (all zeros) are refused outright.
    expect(() => compileRedactionPolicy({ default: 'hash', hashKey: new Uint8Array(32) })).toThrow(/repeated/);
    expect(() => compileRedactionPolicy({ default: 'hash', hashKey: new Uint8Array(64).fill(0xff) })).toThrow(/repeated/);
    expect(() => compileRedactionPolicy({ default: 'mask', minScore: 2 })).toThrow(/minScore/);
    expect(() => compileRedactionPolicy({ default: 'mask', fields: { ignore: ['meta'] } })).toThrow(/paths start with \$/);
  });
});
