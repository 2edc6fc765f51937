/**
 * Generated identifier-family suite (issue 14): for each family, valid values built from the published
 * format specifications with a fixed seed, shown in the layouts people write them (contiguous, grouped,
 * lower case), in sentence templates written for this suite and bare; negatives of the same shape
 * with a wrong check digit or an excluded character, in sentences without a cue; and a pool of
 * look-alikes (clinical codes, lab values, dosages, times, versions, uncued order numbers).
 * No string comes from an evaluation set. Used by src/phi/identifiers-families.test.ts and
 * scripts/eval-identifiers.js.
 */
import { IBAN_BBAN } from './registry.js';
import {
  ALNUM, B58_BTC, B58_XRP, BECH32, UPPER, abaDigit, base58check, deaDigit, digits, eip55, fromSet, int, luhnDigit, mod97,
  mutate, pick, randomBytes, rng, segwit, vinCheck, wrongLast, type Rand,
} from './specs.js';
import { idFamiliesMore } from './more.js';

export interface Item { text: string; value: string }
export interface Family {
  name: string;
  /** Finding types that count as found (a finding of one of these types covering the whole value). */
  types: readonly string[];
  pos: Item[];
  neg: Item[];
  /** Types a negative may carry without counting as flagged (a date is a DATE, not an identifier). */
  negAllow?: readonly string[];
}
export interface Finding { type: string; start: number; end: number }
export type Scan = (text: string) => Finding[];

export const put = (R: Rand, tpls: readonly string[], v: string): Item => ({ text: pick(R, tpls).replace('{}', v), value: v });
/** Sentences without any identifier cue: where the negatives (and the bare positives) sit. */
export const NEUTRAL = ['{}', 'value {} noted', 'see {} above', 'printed at the top: {}', '{} (pending)', 'the sheet lists {} twice.', 'Copied from the form: {}'];

/** Found: share of positives covered by one finding of an accepted type; flagged: share of negatives
 * overlapped by any finding whose type is not allowed for them. */
export function score(f: Family, scan: Scan): { found: number; flagged: number; pos: number; neg: number } {
  let found = 0, flagged = 0;
  for (const { text, value } of f.pos) {
    const s = text.indexOf(value), e = s + value.length;
    if (scan(text).some((x) => f.types.includes(x.type) && x.start <= s && x.end >= e)) found++;
  }
  for (const { text, value } of f.neg) {
    const s = text.indexOf(value), e = s + value.length;
    if (scan(text).some((x) => !(f.negAllow ?? []).includes(x.type) && x.start < e && x.end > s)) flagged++;
  }
  return { found: found / Math.max(1, f.pos.length), flagged: flagged / Math.max(1, f.neg.length), pos: f.pos.length, neg: f.neg.length };
}

const ISSUERS: ReadonlyArray<[string, (R: Rand) => string, readonly number[]]> = [
  ['visa', () => '4', [13, 16, 19]], ['mastercard', (R) => String(int(R, 51, 55)), [16]],
  ['mastercard-2', (R) => String(int(R, 2221, 2720)), [16]], ['amex', (R) => pick(R, ['34', '37']), [15]],
  ['discover', (R) => pick(R, ['6011', String(int(R, 644, 649)), '65', String(int(R, 622126, 622925))]), [16, 19]],
  ['diners', (R) => pick(R, [String(int(R, 300, 305)), '36', '38', '39', '3095']), [14, 16]],
  ['jcb', (R) => String(int(R, 3528, 3589)), [16, 19]], ['unionpay', () => '62', [16, 17, 18, 19]],
  ['maestro', (R) => pick(R, ['50', String(int(R, 56, 69)), '6759']), [13, 16, 19]],
  ['mir', (R) => String(int(R, 2200, 2204)), [16]], ['rupay', (R) => pick(R, ['60', '65', '81', '82', '508']), [16]],
];
function groupCard(R: Rand, d: string, sep: string): string {
  if (sep === '') return d;
  const cut = (sizes: number[]): string => { const p: string[] = []; let i = 0; for (const n of sizes) { p.push(d.slice(i, i + n)); i += n; } if (i < d.length) p.push(d.slice(i)); return p.join(sep); };
  if (d.length === 15) return cut([4, 6, 5]);
  if (d.length === 14) return cut([4, 6, 4]);
  if (d.length === 13) return pick(R, [cut([4, 4, 5]), cut([4, 3, 3, 3])]);
  if (d.length === 19) return pick(R, [cut([4, 4, 4, 4, 3]), cut([6, 13])]);
  return cut([4, 4, 4, 4]);
}
function cards(R: Rand, n: number): Family {
  const T = ['card {}', 'Paid with {} on file.', 'billing: {} exp 04/29', 'the patient read the card number {} over the phone', 'CC: {}', 'charged {} for the copay', 'Visa/MC {} declined', '{}', 'refund to {} (exp 11/27).'];
  const pos: Item[] = [], neg: Item[] = [];
  for (let i = 0; i < n; i++) {
    const [, pre, lens] = ISSUERS[i % ISSUERS.length]!;
    const p = pre(R);
    const len = pick(R, lens);
    const d = p + digits(R, len - p.length - 1);
    const ok = d + luhnDigit(d);
    const sep = pick(R, ['', ' ', '-']);
    pos.push(put(R, T, groupCard(R, ok, sep)));
    neg.push(put(R, NEUTRAL, groupCard(R, wrongLast(R, ok), sep)));
  }
  return { name: 'payment card', types: ['ACCOUNT'], pos, neg };
}

function bban(R: Rand, spec: string): string {
  let out = '';
  for (const [, num, cls] of spec.matchAll(/(\d+)([nac])/g)) out += fromSet(R, cls === 'n' ? '0123456789' : cls === 'a' ? UPPER : ALNUM, Number(num));
  return out;
}
const group4 = (s: string): string => s.match(/.{1,4}/g)!.join(' ');
function ibans(R: Rand, n: number): Family {
  const T = ['IBAN {}', 'Wire the refund to {} please.', 'bank account {} (SEPA)', '{}', 'paid from {} on Monday', 'transfer to {}, reference invoice'];
  const countries = Object.keys(IBAN_BBAN);
  const pos: Item[] = [], neg: Item[] = [];
  for (let i = 0; i < Math.max(n, countries.length); i++) {
    const cc = countries[i % countries.length]!;
    const b = bban(R, IBAN_BBAN[cc]!);
    const ib = cc + String(98 - mod97(b + cc + '00')).padStart(2, '0') + b;
    const layout = pick(R, ['plain', 'grouped', 'grouped', 'lower', 'lower-grouped']);
    const show = (s: string): string => layout === 'plain' ? s : layout === 'grouped' ? group4(s) : layout === 'lower' ? s.toLowerCase() : group4(s).toLowerCase();
    pos.push(put(R, T, show(ib)));
    // a wrong digit in the BBAN (mod 97 detects every single substitution)
    const k = [...ib].map((c, j) => (j > 3 && /\d/.test(c) ? j : -1)).filter((j) => j > 0);
    const at = k.length > 0 ? pick(R, k) : 2;
    const bad = ib.slice(0, at) + String((Number(ib[at]) + int(R, 1, 9)) % 10) + ib.slice(at + 1);
    neg.push(put(R, NEUTRAL, show(bad)));
  }
  return { name: 'IBAN (all registry countries)', types: ['ACCOUNT'], pos, neg };
}

const ABA_PREFIX = [...Array.from({ length: 13 }, (_, k) => k), ...Array.from({ length: 12 }, (_, k) => 21 + k), ...Array.from({ length: 12 }, (_, k) => 61 + k), 80];
function aba(R: Rand, n: number): Family {
  const CUED = ['routing number {}', 'ABA {}', 'RTN: {}', 'routing # {}', 'bank routing no. {}', 'transit number {}', 'ABA routing {} for the direct deposit'];
  const pos: Item[] = [], neg: Item[] = [];
  for (let i = 0; i < n; i++) {
    const body = String(pick(R, ABA_PREFIX)).padStart(2, '0') + digits(R, 6);
    const ok = body + abaDigit(body);
    const dashed = R() < 0.3;
    const show = (s: string): string => (dashed ? `${s.slice(0, 4)}-${s.slice(4, 8)}-${s[8]}` : s);
    pos.push(put(R, i % 2 === 0 ? CUED : NEUTRAL, show(ok)));
    neg.push(put(R, NEUTRAL, show(wrongLast(R, ok))));
  }
  return { name: 'ABA routing', types: ['ACCOUNT'], pos, neg };
}

function npi(R: Rand, n: number): Family {
  const CUED = ['NPI {}', 'NPI: {}', 'National Provider Identifier {}', 'ordering provider NPI #{}', 'prescriber npi {}', 'Rendering NPI {} on the claim'];
  const pos: Item[] = [], neg: Item[] = [];
  for (let i = 0; i < n; i++) {
    const body = pick(R, ['1', '2']) + digits(R, 8);
    const ok = body + luhnDigit('80840' + body);
    pos.push(put(R, i % 2 === 0 ? CUED : NEUTRAL, ok));
    neg.push(put(R, NEUTRAL, wrongLast(R, ok)));
  }
  return { name: 'NPI', types: ['LICENSE', 'OTHER_ID'], pos, neg };
}

function dea(R: Rand, n: number): Family {
  const CUED = ['DEA {}', 'DEA #: {}', 'DEA registration {}', 'prescriber DEA number {}', 'Rx signed, DEA {}'];
  const pos: Item[] = [], neg: Item[] = [];
  for (let i = 0; i < n; i++) {
    const d6 = digits(R, 6);
    const ok = pick(R, [...'ABFGMPRX']) + (R() < 0.1 ? '9' : pick(R, [...UPPER])) + d6 + deaDigit(d6);
    pos.push(put(R, i % 2 === 0 ? CUED : NEUTRAL, ok));
    neg.push(put(R, NEUTRAL, wrongLast(R, ok)));
  }
  return { name: 'DEA', types: ['LICENSE'], pos, neg };
}

const MBI_L = 'ACDEFGHJKMNPQRTUVWXY'; // CMS: letters except S L O I B Z
function mbi(R: Rand, n: number): Family {
  const CUED = ['MBI {}', 'Medicare ID: {}', 'Medicare Beneficiary Identifier {}', 'medicare # {}', 'new Medicare card shows {}'];
  const an = MBI_L + '0123456789';
  const pos: Item[] = [], neg: Item[] = [];
  for (let i = 0; i < n; i++) {
    const c = [String(int(R, 1, 9)), fromSet(R, MBI_L, 1), fromSet(R, an, 1), digits(R, 1), fromSet(R, MBI_L, 1), fromSet(R, an, 1), digits(R, 1), fromSet(R, MBI_L, 2), digits(R, 2)].join('');
    const dashed = R() < 0.4;
    const show = (s: string): string => (dashed ? `${s.slice(0, 4)}-${s.slice(4, 7)}-${s.slice(7)}` : s);
    pos.push(put(R, i % 2 === 0 ? CUED : NEUTRAL, show(c)));
    const at = pick(R, [1, 4, 7, 8]);
    neg.push(put(R, NEUTRAL, show(c.slice(0, at) + pick(R, [...'SLOIBZ']) + c.slice(at + 1))));
  }
  return { name: 'MBI', types: ['HEALTH_PLAN_ID'], pos, neg };
}

function vin(R: Rand, n: number): Family {
  const CH = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
  const YEAR = 'ABCDEFGHJKLMNPRSTVWXY123456789';
  const T = ['VIN {}', 'vehicle VIN: {}', 'car VIN {}', "the patient's car ({}) was towed", '{}', 'The insurer lists {} on the accident claim form for the second driver.', 'registered truck {}'];
  const pos: Item[] = [], neg: Item[] = [];
  for (let i = 0; i < n; i++) {
    const v = pick(R, [...'12345JKLSTVWYZ']) + fromSet(R, CH, 7) + '0' + fromSet(R, YEAR, 1) + fromSet(R, CH, 1) + digits(R, 6);
    const ok = v.slice(0, 8) + vinCheck(v) + v.slice(9);
    pos.push(put(R, T, ok));
    const c = ok[8]!;
    const bad = R() < 0.7 ? ok.slice(0, 8) + (c === 'X' ? '0' : c === '9' ? 'X' : String(Number(c) + 1)) + ok.slice(9) : ok.slice(0, 3) + pick(R, [...'IOQ']) + ok.slice(4);
    neg.push(put(R, NEUTRAL, bad));
  }
  return { name: 'VIN', types: ['VEHICLE'], pos, neg };
}

function imei(R: Rand, n: number): Family {
  const T = ['IMEI {}', 'IMEI: {}', 'device IMEI {}', 'phone IMEI number {}', '{}', 'the glucose meter uplink modem ({}) was replaced'];
  const pos: Item[] = [], neg: Item[] = [];
  for (let i = 0; i < n; i++) {
    const b = digits(R, 14);
    const ok = b + luhnDigit(b);
    const layout = pick(R, ['plain', '2-6-6-1', '2 6 6 1', '8-6-1']);
    const show = (s: string): string => layout === 'plain' ? s : layout === '2-6-6-1' ? [s.slice(0, 2), s.slice(2, 8), s.slice(8, 14), s[14]].join('-')
      : layout === '2 6 6 1' ? [s.slice(0, 2), s.slice(2, 8), s.slice(8, 14), s[14]].join(' ') : [s.slice(0, 8), s.slice(8, 14), s[14]].join('-');
    pos.push(put(R, T, show(ok)));
    neg.push(put(R, NEUTRAL, show(wrongLast(R, ok))));
  }
  return { name: 'IMEI', types: ['DEVICE', 'ACCOUNT'], pos, neg };
}

function mac(R: Rand, n: number): Family {
  const T = ['MAC {}', 'device MAC address {}', 'wifi adapter {} registered', '{}', 'pump network card {} dropped off'];
  const HEX = '0123456789abcdef';
  const pos: Item[] = [], neg: Item[] = [];
  for (let i = 0; i < n; i++) {
    let h = fromSet(R, HEX, 12);
    if (R() < 0.5) h = h.toUpperCase();
    const layout = pick(R, [':', '-', '.']);
    const v = layout === '.' ? h.match(/.{4}/g)!.join('.') : h.match(/.{2}/g)!.join(layout);
    pos.push(put(R, T, v));
    // same separators, five groups, or a time of day
    neg.push(put(R, NEUTRAL, pick(R, [h.slice(0, 10).match(/.{2}/g)!.join(':'), `${int(R, 0, 23)}:${String(int(R, 0, 59)).padStart(2, '0')}:${String(int(R, 0, 59)).padStart(2, '0')}`, h.slice(0, 8).match(/.{4}/g)!.join('.')])));
  }
  return { name: 'MAC', types: ['DEVICE'], pos, neg };
}

/** EIP-55 address with the case of one letter flipped: the same characters, a wrong checksum. */
function flipCase(R: Rand, a: string): string {
  const at = [...a].map((c, j) => (j > 1 && /[a-fA-F]/.test(c) ? j : -1)).filter((j) => j > 1);
  if (at.length === 0) return a.slice(0, 2) + 'g' + a.slice(3); // all digits (rare): not hex any more
  const j = pick(R, at), c = a[j]!;
  return a.slice(0, j) + (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()) + a.slice(j + 1);
}
function wallets(R: Rand, n: number): Family {
  const T = ['refund to wallet {}', 'Paid via {} yesterday.', 'address: {}', '{}', 'patient sent crypto to {} for the copay'];
  const pos: Item[] = [], neg: Item[] = [];
  const kinds: ReadonlyArray<() => [string, string]> = [
    () => { const a = base58check(pick(R, [0, 5]), randomBytes(R, 20)); return [a, mutate(R, a, B58_BTC)]; }, // BTC P2PKH / P2SH
    () => { const v = pick(R, [0, 0, 1]); const a = segwit(pick(R, ['bc', 'tb']), v, randomBytes(R, v === 0 ? pick(R, [20, 32]) : 32)); return [R() < 0.2 ? a.toUpperCase() : a, mutate(R, a, BECH32, 4)]; },
    () => { const a = eip55(randomBytes(R, 20)); const form = R(); const shown = form < 0.5 ? a : form < 0.8 ? a.toLowerCase() : '0x' + a.slice(2).toUpperCase(); return [shown, flipCase(R, a)]; },
    () => { const a = base58check(pick(R, [0x30, 0x32]), randomBytes(R, 20)); return [a, mutate(R, a, B58_BTC)]; }, // Litecoin L / M
    () => { const a = segwit('ltc', 0, randomBytes(R, 20)); return [a, mutate(R, a, BECH32, 5)]; },
    () => { const a = base58check(0x1e, randomBytes(R, 20)); return [a, mutate(R, a, B58_BTC)]; }, // Dogecoin D
    () => { const a = base58check(0x41, randomBytes(R, 20)); return [a, mutate(R, a, B58_BTC)]; }, // Tron T
    () => { const a = base58check(0x6f, randomBytes(R, 20)); return [a, mutate(R, a, B58_BTC)]; }, // BTC testnet m / n
    () => { const a = base58check(0, randomBytes(R, 20), B58_XRP); return [a, mutate(R, a, B58_XRP)]; }, // XRP r
  ];
  for (let i = 0; i < n; i++) {
    const [good, bad] = kinds[i % kinds.length]!();
    pos.push(put(R, T, good));
    neg.push(put(R, NEUTRAL, bad));
  }
  return { name: 'crypto wallet', types: ['ACCOUNT'], pos, neg };
}

/** Every family, generated with `seed` and `n` positives (and n negatives) each. */
export function idFamilies(seed = 14, n = 200): Family[] {
  const R = rng(seed);
  return [cards(R, n), ibans(R, n), aba(R, n), npi(R, n), dea(R, n), mbi(R, n), vin(R, n), imei(R, n), mac(R, n), wallets(R, n), ...idFamiliesMore(R, n)];
}
