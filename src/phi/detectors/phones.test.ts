/**
 * Written-digit phone forms common in chat and portal messages (phones.ts). Own sentences, written for
 * this test; none comes from evaluation text.
 */
import { describe, expect, it } from 'vitest';
import { scanText } from '../scan.js';

/** [sentence, value]: every letter and digit of the value must be covered by a PHONE (or FAX) finding. */
const POSITIVE: Array<[string, string]> = [
  ['you can reach me at 555 123 4567 after five', '555 123 4567'],
  ['I am at 555 123 4567 all day', '555 123 4567'],
  ['my cell is (555)123-4567', '(555)123-4567'],
  ['office 555.123.4567 ext 22', '555.123.4567 ext 22'],
  ['my number is +1 555 123 4567', '+1 555 123 4567'],
  ['call 555 1234567 when you can', '555 1234567'],
  ['call (555) 1234567', '(555) 1234567'],
  ['my cell is 555 1234567', '555 1234567'],
  ['cell 555–123–4567', '555–123–4567'],
  ['number 555 — 123 — 4567', '555 — 123 — 4567'],
  ['her number: 617–555–0182', '617–555–0182'],
  ['text 5551234567 pls', '5551234567'],
  ['txt me 5551234567', '5551234567'],
  ['call me @5551234567', '5551234567'],
  ['sms 555 123 4567 for updates', '555 123 4567'],
  ['please call 1-800-FLOWERS', '1-800-FLOWERS'],
  ['call us at 1-800-MY-APPLE', '1-800-MY-APPLE'],
  ['phone 1 800 FLOWERS', '1 800 FLOWERS'],
  ['call 800-GET-WELL any time', '800-GET-WELL'],
  ['call 1-800-flowers tonight', '1-800-flowers'],
  ['tel (800) GO-FEDEX', '(800) GO-FEDEX'],
  ['fax 1-888-FAX-NOTE', '1-888-FAX-NOTE'],
];
const NEGATIVE: string[] = [
  'call 555 patients before noon',
  'CALL 911 EMERGENCY',
  'CALL 988 ANYTIME',
  'call 911 immediately if chest pain returns',
  'text 2 of 3 was unclear',
  'dial 411 for information',
  'the range was 120–180 over the week',
  'doses 100—200—300 mg were tried',
  'ring 4 of the tube was cracked',
];

describe('written phone forms in chat', () => {
  for (const [text, value] of POSITIVE) {
    it(text, () => {
      const at = text.indexOf(value);
      const fs = scanText(text).filter((f) => f.type === 'PHONE' || f.type === 'FAX');
      for (let i = at; i < at + value.length; i++) {
        if (/[A-Za-z0-9]/.test(text[i]!)) expect(fs.some((f) => f.start <= i && f.end > i), `offset ${i - at}`).toBe(true);
      }
    });
  }
  for (const text of NEGATIVE) {
    it(`clean: ${text}`, () => {
      expect(scanText(text).filter((f) => f.type === 'PHONE' || f.type === 'FAX').length).toBe(0);
    });
  }
  it('fax cue makes a vanity number FAX', () => {
    expect(scanText('fax 1-888-FAX-NOTE').map((f) => f.type)).toEqual(['FAX']);
  });
});
