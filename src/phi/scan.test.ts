import { describe, expect, it } from 'vitest';
import { scanText } from './scan.js';
import type { PhiType } from './types.js';

/** Types found over exactly `needle` (first occurrence) in `text`. */
function typeAt(text: string, needle: string): PhiType | undefined {
  const s = text.indexOf(needle);
  if (s < 0) throw new Error('needle not in text');
  const f = scanText(text).find((x) => x.start <= s && x.end >= s + needle.length);
  return f?.type;
}

describe('scanText: identifiers with patterns and validation', () => {
  it('finds SSN only when valid', () => {
    expect(typeAt('SSN: 123-45-6780 on file', '123-45-6780')).toBe('SSN');
    expect(scanText('ref 666-45-6780 on file').some((f) => f.type === 'SSN')).toBe(false);
    // an explicit label wins over the SSA rules (a leak is a leak)
    expect(typeAt('SSN: 666-45-6780 on file', '666-45-6780')).toBe('SSN');
  });
  it('emails, URLs, IPv4, IPv6, MAC', () => {
    const t = 'mail jane.doe@example.org, see https://portal.example.com/p/123 from 10.20.30.40 or 2001:db8::8a2e:370:7334 mac 00:1A:2B:3C:4D:5E';
    expect(typeAt(t, 'jane.doe@example.org')).toBe('EMAIL');
    expect(typeAt(t, 'https://portal.example.com/p/123')).toBe('URL');
    expect(typeAt(t, '10.20.30.40')).toBe('IP');
    expect(typeAt(t, '2001:db8::8a2e:370:7334')).toBe('IP');
    expect(typeAt(t, '00:1A:2B:3C:4D:5E')).toBe('DEVICE');
  });
  it('phone and fax by context', () => {
    expect(typeAt('call (410) 555-1212 today', '(410) 555-1212')).toBe('PHONE');
    expect(typeAt('fax: 410-555-1213', '410-555-1213')).toBe('FAX');
    expect(typeAt('Pager #54321', '54321')).toBe('PHONE');
  });
  it('card, IBAN, MRN, account, VIN, NPI, health plan, UDI', () => {
    expect(typeAt('card 4111 1111 1111 1111 declined', '4111 1111 1111 1111')).toBe('ACCOUNT');
    expect(typeAt('IBAN GB82 WEST 1234 5698 7654 32.', 'GB82 WEST 1234 5698 7654 32')).toBe('ACCOUNT');
    expect(typeAt('MRN: 00123456 admitted', '00123456')).toBe('MRN');
    expect(typeAt('acct # 445566778', '445566778')).toBe('ACCOUNT');
    expect(typeAt('vehicle 1M8GDM9AXKP042788 towed', '1M8GDM9AXKP042788')).toBe('VEHICLE');
    expect(typeAt('Member ID: XQZ123456789', 'XQZ123456789')).toBe('HEALTH_PLAN_ID');
    expect(typeAt('MBI 1EG4-TE5-MK73 on card', '1EG4-TE5-MK73')).toBe('HEALTH_PLAN_ID');
    expect(typeAt('UDI (01)00844588003288(17)141120(10)7654321D', '(01)00844588003288')).toBe('DEVICE');
    expect(typeAt('NPI: 1234567893', '1234567893')).toBe('LICENSE');
  });
  it('does not report invalid look-alikes', () => {
    expect(scanText('vehicle 1M8GDM9A1KP042788 towed').some((f) => f.type === 'VEHICLE')).toBe(false);
    expect(scanText('IP 999.10.10.10').some((f) => f.type === 'IP')).toBe(false);
  });
});

describe('scanText: dates', () => {
  const cases = [
    ['admitted 2024-03-04T10:30:00Z today', '2024-03-04T10:30:00Z'],
    ['seen on 3/4/2024 10:30 AM by team', '3/4/2024 10:30 AM'],
    ['surgery 03/04/24 went well', '03/04/24'],
    ['transferred here on 7/22 with SOB', '7/22'],
    ['follow-up on March 3rd', 'March 3rd'],
    ['born the 3rd of March 2021', '3rd of March 2021'],
    ['specimen 03-MAR-2024 received', '03-MAR-2024'],
    ['last seen Mar 2024 in clinic', 'Mar 2024'],
    ['DOB: January 5, 1950.', 'January 5, 1950'],
    ['on 5 May 2020 she', '5 May 2020'],
  ] as const;
  for (const [text, d] of cases) it(`finds "${d}"`, () => expect(typeAt(text, d)).toBe('DATE'));
  it('does not read blood pressure, ratios or vent settings as dates', () => {
    for (const t of ['BP 120/80 HR 70', 'rales 1/3 up bilaterally', 'on PSV 10/5 overnight', 'BP 75/40 after dose']) {
      expect(scanText(t).filter((f) => f.type === 'DATE')).toEqual([]);
    }
  });
});

describe('scanText: ages, names, locations', () => {
  it('ages over 89 are reported, younger ages only below the default threshold', () => {
    expect(typeAt('a 93 yo woman', '93')).toBe('AGE');
    expect(scanText('a 45 yo woman').some((f) => f.type === 'AGE')).toBe(false);
    expect(scanText('a 45 yo woman', { minScore: 0.4 }).some((f) => f.type === 'AGE')).toBe(true);
  });
  it('names by title, relation, dictionary and sign-off', () => {
    expect(typeAt('Seen by Dr. Alvarez today', 'Alvarez')).toBe('NAME');
    expect(typeAt('MR. WALTER KOWALCZYK IS AN 83 YO', 'WALTER KOWALCZYK')).toBe('NAME');
    expect(typeAt('daughter Rosalind will call', 'Rosalind')).toBe('NAME');
    expect(typeAt('husband dragoslav at bedside', 'dragoslav')).toBe('NAME');
    expect(typeAt('Patient John Smith was admitted', 'John Smith')).toBe('NAME');
    expect(typeAt('vent weaned.\nJane Q. Hartley, RN\n', 'Hartley')).toBe('NAME');
    expect(typeAt('vent weaned.\n Kowalczyk RRT\n', 'Kowalczyk')).toBe('NAME');
  });
  it('addresses, city/state/ZIP, facilities', () => {
    const t = 'Lives at 27 Birchwood St. Apt 4, Springfield, IL 62704 and was transferred from Saint Benedict Hospital.';
    expect(typeAt(t, '27 Birchwood St')).toBe('LOCATION');
    expect(typeAt(t, 'Springfield')).toBe('LOCATION');
    expect(typeAt(t, '62704')).toBe('LOCATION');
    expect(typeAt(t, 'Saint Benedict Hospital')).toBe('LOCATION');
  });
  it('clinical prose without identifiers yields nothing', () => {
    const t = 'Pt alert and oriented x3. Lungs clear bilaterally. Lasix 40 mg IV given, good urine output. Foley in place. Plan: continue to wean vent as tolerated.';
    expect(scanText(t)).toEqual([]);
  });
  it('findings are sorted, non-overlapping, with UTF-16 offsets', () => {
    const t = '😀 Dr. Alvarez called 410-555-1212 on 3/4/2024';
    const f = scanText(t);
    for (let i = 1; i < f.length; i++) expect(f[i]!.start).toBeGreaterThanOrEqual(f[i - 1]!.end);
    const phone = f.find((x) => x.type === 'PHONE')!;
    expect(t.slice(phone.start, phone.end)).toBe('410-555-1212');
  });
  it('types and minScore filter', () => {
    const t = 'SSN 123-45-6780 on 3/4/2024';
    expect(scanText(t, { types: ['DATE'] }).map((f) => f.type)).toEqual(['DATE']);
    expect(scanText(t, { minScore: 0.99 })).toEqual([]);
  });
  // No wall clock here (speed lives in `npm run bench`, bench/redos.js): each input is ~400 KB, where
  // any super-linear path (quadratic: ~1.6e11 steps) cannot finish before the per-test timeout, while
  // the linear scanner needs well under a second. The timeout is a hang guard, not a speed threshold.
  it('stays linear on hostile input (no catastrophic backtracking)', () => {
    const evil = [
      '1'.repeat(400_000), 'a-'.repeat(200_000), '+1 '.repeat(130_000), 'Aa '.repeat(130_000), '(01)' + '1'.repeat(400_000), 'x@'.repeat(200_000),
      'A'.repeat(400_000) + '1\nabc 1\n', 'A-'.repeat(200_000) + '\n, MA', '\n'.repeat(400_000) + '1', ' '.repeat(400_000) + 'on 3-4',
      'É'.repeat(400_000) + ' 12\n', 'Dr. '.repeat(100_000), ', MA '.repeat(80_000) + '02139',
    ];
    for (const s of evil) expect(Array.isArray(scanText(s)), JSON.stringify(s.slice(0, 12))).toBe(true);
  }, 60_000);
});

describe('scanText: international layouts and shapes', () => {
  it('European address blocks: street + number, unit, city line, country + postcode', () => {
    const t = 'Ship to:\n4410 Bergvik 12\n Apt. 3\n Halden\n Norway 17733\n';
    for (const part of ['4410 Bergvik 12', 'Apt. 3', 'Halden', '17733']) expect(typeAt(t, part), part).toBe('LOCATION');
  });
  it('spaced phone numbers near phone words, and not elsewhere', () => {
    expect(typeAt('you can call me on 4821 7733 tonight', '4821 7733')).toBe('PHONE');
    expect(scanText('gave 4821 7733 units').some((f) => f.type === 'PHONE')).toBe(false);
  });
  it('dialogue speakers and subjects of person verbs', () => {
    const t = 'Anneliese: are you there?\nTom: yes.\n';
    expect(typeAt(t, 'Anneliese')).toBe('NAME');
    expect(typeAt('Dzhemal spent a year at the plant.', 'Dzhemal')).toBe('NAME');
  });
  it('unknown words after locatives are places only when they are not English words', () => {
    expect(typeAt('PT TRANSFERRED FROM KESSELRING TODAY', 'KESSELRING')).toBe('LOCATION');
    expect(scanText('PT PULLS AWAY FROM NOXIOUS STIMULI').some((f) => f.type === 'LOCATION')).toBe(false);
  });
});
