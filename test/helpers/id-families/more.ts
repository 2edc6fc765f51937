/**
 * The families without a check digit (found after a cue, or by a distinctive shape), IP and URL, and
 * the look-alike pool (clinical code systems from their published formats, lab values, dosages, times,
 * versions, uncued order numbers). See ./index.ts.
 */
import type { Family, Item } from './index.js';
import { DL_FORMATS } from './registry.js';
import { ALNUM, UPPER, digits, fromSet, int, luhnDigit, pick, verhoeffDigit, type Rand } from './specs.js';

const put = (R: Rand, tpls: readonly string[], v: string): Item => ({ text: pick(R, tpls).replace('{}', v), value: v });
const NEUTRAL = ['{}', 'value {} noted', 'see {} above', 'printed at the top: {}', '{} (pending)', 'the sheet lists {} twice.', 'Copied from the form: {}'];

/** Expand a shape (`a` letter, `9` digit, `#` letter or digit, capitals literal, `{n}` repeat). */
export function shape(R: Rand, s: string): string {
  let out = '';
  for (const [, cls, rep] of s.matchAll(/([a9#A-Z])(?:\{(\d+)\})?/g)) {
    const k = rep ? Number(rep) : 1;
    out += cls === 'a' ? fromSet(R, UPPER, k) : cls === '9' ? digits(R, k) : cls === '#' ? fromSet(R, ALNUM, k) : cls!.repeat(k);
  }
  return out;
}

function accounts(R: Rand, n: number): Family {
  const T = ['checking account {}', 'Acct # {}', 'a/c {}', 'savings {}', 'deposit to checking {}', 'account number: {}', 'Acct: {}', 'savings acct {}', 'bank account no. {} at the credit union', 'a/c no. {}'];
  const pos: Item[] = [], neg: Item[] = [];
  const NEG = ['checking BP every {} hours', 'accounts for {} % of admissions', 'savings of {} dollars a month', 'checking glucose at {}', 'taking into account the {} mg dose'];
  for (let i = 0; i < n; i++) {
    const d = String(int(R, 1, 9)) + digits(R, int(R, 5, 16));
    pos.push(put(R, T, R() < 0.15 && d.length >= 8 ? `${d.slice(0, 4)}-${d.slice(4)}` : d));
    neg.push(R() < 0.5 ? put(R, NEG, String(int(R, 2, 2400))) : put(R, NEUTRAL, String(int(R, 1, 9)) + digits(R, int(R, 5, 7))));
  }
  return { name: 'bank account (cued)', types: ['ACCOUNT'], pos, neg };
}

function members(R: Rand, n: number): Family {
  const T = ['Medicaid ID {}', 'member ID: {}', 'subscriber # {}', 'policy number {}', 'insurance ID {}', 'group # {}', 'Medicaid #{}', 'plan member id {}', 'BCBS member ID {} (primary)', 'Medi-Cal ID {}'];
  const SHAPES = ['aaa9{9}', 'W9{9}', '9{9}a', 'aa9{5}a', '9{8}a', '9{10}', 'aa9{8}', 'a9{7}', '9{11}', 'aaa9{8}a9'];
  const NEG = ['insurance covers {} % of the stay', 'plan to recheck in {} weeks', 'member of the team for {} years', 'group therapy for {} minutes'];
  const pos: Item[] = [], neg: Item[] = [];
  for (let i = 0; i < n; i++) {
    pos.push(put(R, T, shape(R, pick(R, SHAPES))));
    neg.push(put(R, NEG, String(int(R, 2, 90))));
  }
  return { name: 'Medicaid / member id (cued)', types: ['HEALTH_PLAN_ID', 'MRN', 'OTHER_ID', 'ACCOUNT'], pos, neg };
}

const ITIN_GROUPS = [...Array.from({ length: 16 }, (_, k) => 50 + k), ...Array.from({ length: 19 }, (_, k) => 70 + k), 90, 91, 92, 94, 95, 96, 97, 98, 99];
function itin(R: Rand, n: number): Family {
  const CUED = ['ITIN {}', 'taxpayer id {} on the W-7', 'ITIN: {}', 'TIN {}', 'tax id {} for the 1099'];
  const pos: Item[] = [], neg: Item[] = [];
  for (let i = 0; i < n; i++) {
    const area = '9' + digits(R, 2), serial = digits(R, 3) + String(int(R, 1, 9));
    const sep = pick(R, ['-', ' ', '']);
    pos.push(put(R, sep === '' || i % 2 === 0 ? CUED : NEUTRAL, `${area}${sep}${pick(R, ITIN_GROUPS)}${sep}${serial}`));
    neg.push(put(R, NEUTRAL, `${area}${sep || '-'}${pick(R, ['00', '10', '23', '45', '66', '89', '93'])}${sep || '-'}${serial}`));
  }
  return { name: 'ITIN', types: ['OTHER_ID', 'SSN'], pos, neg };
}

function ssn(R: Rand, n: number): Family {
  const CUED = ['SSN {}', 'social security number: {}', 'SS# {}', 'Social Security No. {}', 'ssn is {}'];
  const pos: Item[] = [], neg: Item[] = [];
  for (let i = 0; i < n; i++) {
    let area = int(R, 1, 899);
    if (area === 666) area = 667;
    const a = String(area).padStart(3, '0'), g = String(int(R, 1, 99)).padStart(2, '0'), s = String(int(R, 1, 9999)).padStart(4, '0');
    const sep = pick(R, ['-', ' ', '.', '']);
    pos.push(put(R, sep === '' || i % 2 === 0 ? CUED : NEUTRAL, [a, g, s].join(sep)));
    // area 000 only with dashes: spaced or dotted, a 0-led number reads as a phone number (PHI, not a negative)
    const bad = pick(R, [[sep === '-' || sep === '' ? '000' : '666', g, s], ['666', g, s], [a, '00', s], [a, g, '0000']]);
    neg.push(put(R, NEUTRAL, bad.join(sep || '-')));
  }
  return { name: 'SSN', types: ['SSN'], pos, neg };
}

function passports(R: Rand, n: number): Family {
  const T = ['passport {}', 'US passport no. {}', 'passport number: {}', 'Passport # {}', 'travels on passport {} (expires 2031)'];
  const NEG = ['passport photo taken {} days ago', 'passport renewal in {} weeks'];
  const pos: Item[] = [], neg: Item[] = [];
  for (let i = 0; i < n; i++) {
    pos.push(put(R, T, R() < 0.5 ? digits(R, 9) : fromSet(R, UPPER, 1) + digits(R, 8)));
    neg.push(put(R, NEG, String(int(R, 2, 60))));
  }
  return { name: 'US passport (cued)', types: ['LICENSE', 'OTHER_ID'], pos, neg };
}

function licences(R: Rand, n: number): Family {
  const states = Object.keys(DL_FORMATS);
  const T = ["driver's license {}", 'DL: {}', 'driver license no. {}', "{ST} driver's license {}", 'drivers lic # {}', 'license number {}', 'state ID {}', "Driver's License Number: {}", 'DL# {} ({ST})'];
  const NEG = ['licensed for {} years', 'license renewal due in {} days', 'hemoglobin 13.{} g/dL', 'creatinine 1.{} mg/dL this morning'];
  const pos: Item[] = [], neg: Item[] = [];
  for (let i = 0; i < n; i++) {
    const st = states[i % states.length]!;
    let v = shape(R, pick(R, DL_FORMATS[st]!));
    if (st === 'NY' && /^\d{9}$/.test(v) && R() < 0.5) v = `${v.slice(0, 3)} ${v.slice(3, 6)} ${v.slice(6)}`; // as printed on NY cards
    pos.push({ text: pick(R, T).replace('{ST}', st).replace('{}', v), value: v });
    neg.push(put(R, NEG, String(int(R, 1, 9))));
  }
  return { name: "driver's licence (cued, per state)", types: ['LICENSE'], pos, neg };
}

function certs(R: Rand, n: number): Family {
  const T = ['license # {}', 'cert no. {}', 'board certification {}', 'medical license {}', 'RN license {}', 'state license no. {}', 'Board certification number: {}', 'certificate #{}', 'NYS medical license # {}', 'nursing license: {}'];
  const SHAPES = ['a9{6}', 'aa-9{5}', '9{5}-aa', 'aa9{7}', 'a-9{5}', '9{6}', 'aa.9{7}', 'aaa-9{4}-9{6}', 'a9{5}', '9{9}'];
  const NEG = ['certified for {} years', 'board certified since the {}s', 'license renewal due in {} days', 'certification course of {} hours'];
  const pos: Item[] = [], neg: Item[] = [];
  for (let i = 0; i < n; i++) {
    pos.push(put(R, T, shape(R, pick(R, SHAPES))));
    neg.push(put(R, NEG, String(int(R, 2, 40))));
  }
  return { name: 'licence / certificate (cued)', types: ['LICENSE', 'OTHER_ID'], pos, neg };
}

function ips(R: Rand, n: number): Family {
  const T = ['IP {}', 'login from {} at 02:14', 'client address {}', '{}', 'host {} refused the connection', 'the portal logged {} for this session'];
  const hex = (): string => int(R, 0, 0xffff).toString(16);
  const pos: Item[] = [], neg: Item[] = [];
  for (let i = 0; i < n; i++) {
    const v4 = Array.from({ length: 4 }, () => String(int(R, 0, 255))).join('.');
    const g = Array.from({ length: 8 }, hex);
    const k = int(R, 1, 6);
    const v = pick(R, [v4, v4, g.join(':'), `${g.slice(0, k).join(':')}::${g.slice(k + 1).join(':')}`, `fe80::${g.slice(5).join(':')}`, `::ffff:${v4}`, g.join(':').toUpperCase()]);
    pos.push(put(R, T, v));
    neg.push(put(R, NEUTRAL, pick(R, [`${int(R, 256, 999)}.${int(R, 0, 255)}.${int(R, 0, 255)}.${int(R, 0, 255)}`, `${int(R, 1, 9)}.${int(R, 0, 20)}.${int(R, 0, 20)}`, `v${int(R, 1, 9)}.${int(R, 0, 20)}.${int(R, 0, 20)}.${int(R, 0, 200)}`, `${int(R, 1, 9)}.${int(R, 0, 9)} mg`])));
  }
  return { name: 'IP v4/v6', types: ['IP'], pos, neg, negAllow: ['DATE'] }; // "5.10.17" is a date
}

function urls(R: Rand, n: number): Family {
  const T = ['see {}', 'portal: {}', 'Uploaded to {} yesterday.', '{}', 'results at {} (login required)', 'her blog {} mentions the diagnosis'];
  const word = (): string => fromSet(R, 'abcdefghijklmnopqrstuvwxyz', int(R, 3, 10));
  const uuid = (): string => [8, 4, 4, 4, 12].map((k) => fromSet(R, '0123456789abcdef', k)).join('-');
  const pos: Item[] = [], neg: Item[] = [];
  for (let i = 0; i < n; i++) {
    const host = `${word()}${R() < 0.3 ? '-' + word() : ''}.${pick(R, ['com', 'org', 'net', 'edu', 'gov', 'io', 'info', 'us', 'co.uk'])}`;
    const path = pick(R, ['', `/${word()}`, `/patient/${digits(R, 6)}`, `/records/${uuid()}`, `/${word()}?id=${digits(R, 5)}&v=2`]);
    const scheme = pick(R, ['https://', 'http://', 'https://www.', 'www.', '']);
    const v = scheme === '' ? host + path : scheme + host + path;
    pos.push(put(R, T, pick(R, [v, v, `https://${word()}.${pick(R, ['de', 'ca', 'fr', 'health', 'clinic', 'nhs.uk'])}${path}`])));
    neg.push(put(R, NEUTRAL, pick(R, ['e.g.', 'i.e.', `${word()}.pdf`, `${word()}.txt`, 'b.i.d.', 'q.d.', 'p.o.', `${word()}.${word()}`, `${int(R, 1, 9)}.${int(R, 0, 9)}`, uuid()])));
  }
  return { name: 'URL', types: ['URL'], pos, neg, negAllow: ['DATE'] };
}

/** Clinical codes, lab values, dosages, times, versions and uncued order numbers: nothing to flag. */
function lookalikes(R: Rand, n: number): Family {
  const neg: Item[] = [];
  const icd = (): string => fromSet(R, 'ABCDEFGHIJKLMNOPQRSTVWXYZ', 1) + digits(R, 2) + pick(R, ['', `.${digits(R, 1)}`, `.${digits(R, 2)}`, `.${digits(R, 3)}${pick(R, ['A', 'D', 'S'])}`]);
  const loinc = (): string => { const b = String(int(R, 1000, 99999)); return `${b}-${luhnDigit(b)}`; };
  const snomed = (): string => { const b = String(int(R, 10000, 99999999)) + '00'; return b + verhoeffDigit(b); };
  const ndc = (): string => pick(R, [`${digits(R, 4)}-${digits(R, 4)}-${digits(R, 2)}`, `${digits(R, 5)}-${digits(R, 3)}-${digits(R, 2)}`, `${digits(R, 5)}-${digits(R, 4)}-${digits(R, 1)}`, `${digits(R, 5)}-${digits(R, 4)}-${digits(R, 2)}`]);
  const gen: ReadonlyArray<() => Item> = [
    () => put(R, ['ICD-10 {}', 'dx {}', 'Assessment: {}', '{}'], icd()),
    () => put(R, ['LOINC {}', 'LOINC code {} resulted', '{}'], loinc()),
    () => put(R, ['SNOMED CT {}', 'SCTID {}', 'concept {}', 'SNOMED {} (disorder)'], snomed()),
    () => put(R, ['CPT {}', 'billed CPT {} x1', '{}'], pick(R, [String(int(R, 10000, 99499)), `${digits(R, 4)}F`, `${digits(R, 4)}T`])),
    () => put(R, ['NDC {}', 'dispensed NDC {}', '{}'], ndc()),
    () => put(R, ['RxNorm {}', 'RxCUI {}'], String(int(R, 1000, 2999999))),
    () => put(R, ['take {} daily', 'given {} IV', '{} PO BID'], `${pick(R, ['5', '10', '25', '250', '500', '1000', '0.5', '12.5'])} ${pick(R, ['mg', 'mcg', 'mL', 'units', 'mg/kg'])}`),
    () => put(R, ['WBC {}', 'glucose {}', 'K {}', 'HbA1c {}', 'INR {}', 'Plt {}'], pick(R, [`${int(R, 2, 20)}.${int(R, 0, 9)}`, `${int(R, 60, 400)} mg/dL`, `${int(R, 4, 12)}.${int(R, 0, 9)} %`, `${int(R, 100, 450)} x10^9/L`])),
    () => put(R, ['at {}', 'seen {}', 'meds given at {}'], pick(R, [`${int(R, 0, 23)}:${String(int(R, 0, 59)).padStart(2, '0')}`, `${String(int(R, 0, 23)).padStart(2, '0')}${pick(R, ['00', '15', '30', '45'])}`, `${int(R, 1, 12)}:${String(int(R, 0, 59)).padStart(2, '0')} pm`])),
    () => put(R, ['version {}', 'app {}', 'firmware {}'], pick(R, [`v${int(R, 1, 12)}.${int(R, 0, 30)}.${int(R, 0, 99)}`, `${int(R, 1, 12)}.${int(R, 0, 30)}`, `${int(R, 1, 9)}.${int(R, 0, 9)}.${int(R, 0, 9)}-beta.${int(R, 1, 9)}`])),
    () => put(R, ['shipment {} arrived', 'box {} on the shelf', 'batch of {} swabs', 'the kit {} was opened'], String(int(R, 1, 9)) + digits(R, int(R, 5, 11))),
    () => put(R, ['BP {}', 'vitals {}'], `${int(R, 90, 180)}/${int(R, 50, 110)}`),
  ];
  for (let i = 0; i < n * 2; i++) neg.push(gen[i % gen.length]!());
  return { name: 'look-alikes (codes, labs, doses, times, versions, order no.)', types: [], pos: [], neg };
}

export function idFamiliesMore(R: Rand, n: number): Family[] {
  return [accounts(R, n), members(R, n), itin(R, n), ssn(R, n), passports(R, n), licences(R, n), certs(R, n), ips(R, n), urls(R, n), lookalikes(R, n)];
}
