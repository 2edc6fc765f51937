/**
 * Generated identifier suite: per family, N valid numbers (random digits + computed checksum, fixed
 * seed) in several sentences and layouts, and N negatives of the same shape with a wrong checksum or
 * a look-alike. Targets: >= 95 % of positives found, <= 5 % of negatives flagged.
 * No string here comes from the evaluation sets.
 */
import { describe, expect, it } from 'vitest';
import { scanText } from './scan.js';
import { isCardNumber, isIban, isItin, luhn } from './validators.js';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}
const R = rng(14);
const digits = (n: number): string => Array.from({ length: n }, () => String(Math.floor(R() * 10))).join('');
const pick = <T,>(a: readonly T[]): T => a[Math.floor(R() * a.length)]!;
const N = 200;

/** Luhn check digit appended to `body`. */
function withLuhn(body: string): string {
  for (let c = 0; c < 10; c++) if (luhn(body + c)) return body + c;
  throw new Error('unreachable');
}
const wrongLast = (s: string): string => s.slice(0, -1) + String((Number(s.at(-1)) + 1 + Math.floor(R() * 8)) % 10);

const ISSUERS: ReadonlyArray<[string, () => string, number]> = [
  ['visa', () => '4', 16], ['visa13', () => '4', 13], ['mastercard', () => String(51 + Math.floor(R() * 5)), 16],
  ['mastercard-2', () => String(2221 + Math.floor(R() * 500)), 16], ['amex', () => pick(['34', '37']), 15],
  ['discover', () => pick(['6011', '65', '644']), 16], ['jcb', () => String(3528 + Math.floor(R() * 62)), 16],
  ['diners', () => pick(['300', '36', '38']), 14], ['unionpay', () => '62', 19],
];
function group(d: string, sep: string): string {
  if (sep === '') return d;
  const parts = d.length === 15 || d.length === 14 ? [d.slice(0, 4), d.slice(4, 10), d.slice(10)] : d.match(/.{1,4}/g)!;
  return parts.join(sep);
}
const NEUTRAL = ['Paid {} on file.', 'ref {}', '{}', 'the value was {} today'];
const CARD_SENTENCES = ['card {}', 'Paid with {} on file.', 'billing: {} exp 04/29', '{}', 'the patient gave card number {} over the phone'];

function rateOf(items: Array<[string, string]>, type: string): number {
  let hit = 0;
  for (const [text, value] of items) {
    const s = text.indexOf(value), e = s + value.length;
    if (scanText(text).some((f) => f.type === type && f.start <= s && f.end >= e)) hit++;
  }
  return hit / items.length;
}
/** Share of negatives flagged as `type` (a labelled value is reported whatever its checksum, by design:
 * negatives therefore sit in unlabelled sentences). */
function flagged(items: Array<[string, string]>, type: string): number {
  let hit = 0;
  for (const [text, value] of items) {
    const s = text.indexOf(value), e = s + value.length;
    if (scanText(text).some((f) => f.type === type && f.start < e && f.end > s)) hit++;
  }
  return hit / items.length;
}
const rates: Record<string, [number, number]> = {};

describe('generated: payment cards (Luhn, issuer ranges, groupings)', () => {
  const pos: Array<[string, string]> = [], neg: Array<[string, string]> = [];
  for (let i = 0; i < N; i++) {
    const [, pre, len] = ISSUERS[i % ISSUERS.length]!;
    const p = pre();
    const d = withLuhn(p + digits(len - p.length - 1));
    const sep = pick(['', ' ', '-']);
    const tpl = pick(CARD_SENTENCES);
    pos.push([tpl.replace('{}', group(d, sep)), group(d, sep)]);
    const w = group(wrongLast(d), sep);
    neg.push([pick(NEUTRAL).replace('{}', w), w]);
  }
  for (const t of ['call 617-555-1212 ext 4410', 'order 2024-0311-7782', 'take 1000 mg 2 times daily', 'ICD-10 E11.9, LOINC 2345-7', 'at 14:30 glucose 112 mg/dL']) neg.push([t, t]);
  it('validator agrees with the generator', () => {
    for (const [, v] of pos) expect(isCardNumber(v), v).toBe(true);
  });
  it('>= 95 % of positives found, <= 5 % of negatives flagged', () => {
    const r: [number, number] = [rateOf(pos, 'ACCOUNT'), flagged(neg, 'ACCOUNT')];
    rates.card = r;
    expect(r[0]).toBeGreaterThanOrEqual(0.95);
    expect(r[1]).toBeLessThanOrEqual(0.05);
  });
});

const IBAN_COUNTRIES: ReadonlyArray<[string, number]> = [['DE', 22], ['GB', 22], ['FR', 27], ['NL', 18], ['ES', 24], ['IT', 27], ['NO', 15], ['CH', 21], ['PL', 28], ['BE', 16], ['MT', 31], ['SA', 24]];
function mod97(s: string): number {
  let rem = 0;
  for (const ch of s) { const v = /[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch; for (const c of v) rem = (rem * 10 + Number(c)) % 97; }
  return rem;
}
function makeIban(cc: string, len: number): string {
  const bban = (cc === 'GB' ? 'WEST' : '') + digits(len - 4 - (cc === 'GB' ? 4 : 0));
  const check = 98 - mod97(bban + cc + '00');
  return cc + String(check).padStart(2, '0') + bban;
}
describe('generated: IBAN (registry lengths, mod-97)', () => {
  const pos: Array<[string, string]> = [], neg: Array<[string, string]> = [];
  for (let i = 0; i < N; i++) {
    const [cc, len] = IBAN_COUNTRIES[i % IBAN_COUNTRIES.length]!;
    const ib = makeIban(cc, len);
    const grouped = R() < 0.5;
    const shown = grouped ? ib.match(/.{1,4}/g)!.join(' ') : ib;
    const tpl = pick(['Wire to {} please', 'IBAN {}', 'refund sent to account {}.', '{}']);
    pos.push([tpl.replace('{}', shown), shown]);
    const bad = wrongLast(ib);
    const badShown = grouped ? bad.match(/.{1,4}/g)!.join(' ') : bad;
    neg.push([pick(NEUTRAL).replace('{}', badShown), badShown]);
  }
  it('registry lengths are enforced', () => {
    expect(isIban('DE89370400440532013000')).toBe(true);
    expect(isIban('NO9386011117947')).toBe(true);
    expect(isIban('DE8937040044053201300')).toBe(false); // one digit short for DE
    expect(isIban('XY89370400440532013000')).toBe(false); // not in the registry
  });
  it('>= 95 % of positives found, <= 5 % of negatives flagged', () => {
    const r: [number, number] = [rateOf(pos, 'ACCOUNT'), flagged(neg, 'ACCOUNT')];
    rates.iban = r;
    expect(r[0]).toBeGreaterThanOrEqual(0.95);
    expect(r[1]).toBeLessThanOrEqual(0.05);
  });
});

describe('generated: ITIN', () => {
  const groups = [...Array.from({ length: 16 }, (_, k) => 50 + k), ...Array.from({ length: 19 }, (_, k) => 70 + k), 90, 91, 92, 94, 95, 96, 97, 98, 99];
  const pos: Array<[string, string]> = [], neg: Array<[string, string]> = [];
  for (let i = 0; i < N; i++) {
    const area = '9' + digits(2), serial = digits(3) + String(1 + Math.floor(R() * 9));
    const sep = pick(['-', ' ']);
    const v = `${area}${sep}${pick(groups)}${sep}${serial}`;
    const tpl = pick(['ITIN {}', 'taxpayer id {} on the W-7', 'filed under {}.']);
    pos.push([tpl.replace('{}', v), v]);
    const bad = `${area}${sep}${pick(['00', '10', '23', '45', '66', '89', '93'])}${sep}${serial}`;
    neg.push([pick(NEUTRAL).replace('{}', bad), bad]);
  }
  it('validator', () => {
    expect(isItin('912-70-1234')).toBe(true);
    expect(isItin('912-93-1234')).toBe(false);
    expect(isItin('812-70-1234')).toBe(false);
  });
  it('>= 95 % of positives found, <= 5 % of negatives flagged', () => {
    const r: [number, number] = [rateOf(pos, 'OTHER_ID'), flagged(neg, 'OTHER_ID')];
    rates.itin = r;
    expect(r[0]).toBeGreaterThanOrEqual(0.95);
    expect(r[1]).toBeLessThanOrEqual(0.05);
  });
  it('report', () => { console.log('identifier rates (found, flagged):', JSON.stringify(rates)); });
});
