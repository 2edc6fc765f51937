/**
 * Generated text-form cases for phone and date detection (issue #14): every separator, spacing, glue
 * and casing form of North American / common international phone numbers and of numeric and worded
 * dates, in clinical-note contexts written for this suite (not taken from any data set), plus the
 * clinical numbers that look like them (ratios, scores, doses, labs, times, codes, versions, rooms).
 *
 * Two splits: `tune` (seed 1, the even-numbered context templates) and `heldout` (seed 2, the odd
 * ones). The value forms are the same in both (they are what is being tested); the sentences around
 * them and the random values differ. Tune only on `tune`.
 */
export type Split = 'tune' | 'heldout';
export interface FormCase { kind: 'PHONE' | 'DATE' | 'NEG'; form: string; text: string; start: number; end: number }

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}
type R = () => number;
const int = (r: R, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T,>(r: R, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const digits = (r: R, n: number): string => Array.from({ length: n }, () => String(int(r, 0, 9))).join('');
const pad = (n: number): string => String(n).padStart(2, '0');

// ---- phones: value forms (a = area code, e = exchange, l = line) ----
type Ph = { a: string; e: string; l: string; x: string };
const PHONE_FORMS: ReadonlyArray<[form: string, cueOnly: boolean, f: (p: Ph, r: R) => string]> = [
  ['dash', false, (p) => `${p.a}-${p.e}-${p.l}`],
  ['dash-spaced', false, (p) => `${p.a} - ${p.e} - ${p.l}`],
  ['dash-space-after', false, (p) => `${p.a}- ${p.e}-${p.l}`],
  ['dash-space-before', false, (p) => `${p.a} -${p.e} -${p.l}`],
  ['paren-space', false, (p) => `(${p.a}) ${p.e}-${p.l}`],
  ['paren-glued', false, (p) => `(${p.a})${p.e}-${p.l}`],
  ['paren-dot', false, (p) => `(${p.a}) ${p.e}.${p.l}`],
  ['slash-dash', false, (p) => `${p.a}/${p.e}-${p.l}`],
  ['slash', false, (p) => `${p.a}/${p.e}/${p.l}`],
  ['dot', false, (p) => `${p.a}.${p.e}.${p.l}`],
  ['dot-spaced', false, (p) => `${p.a} . ${p.e} . ${p.l}`],
  ['space', false, (p) => `${p.a} ${p.e} ${p.l}`],
  ['plus1-space', false, (p) => `+1 ${p.a} ${p.e} ${p.l}`],
  ['plus1-dash', false, (p) => `+1-${p.a}-${p.e}-${p.l}`],
  ['one-dash', false, (p) => `1-${p.a}-${p.e}-${p.l}`],
  ['one-paren', false, (p) => `1 (${p.a}) ${p.e}-${p.l}`],
  ['ext-x', false, (p) => `${p.a}-${p.e}-${p.l} x${p.x}`],
  ['ext-X-space', false, (p) => `(${p.a}) ${p.e}-${p.l} X ${p.x}`],
  ['ext-dot', false, (p) => `${p.a}.${p.e}.${p.l} ext. ${p.x}`],
  ['ext-word', false, (p) => `${p.a}-${p.e}-${p.l}, ext ${p.x}`],
  ['intl-uk', false, (_p, r) => `+44 20 ${digits(r, 4)} ${digits(r, 4)}`],
  ['intl-fr', false, (_p, r) => `+33 ${int(r, 1, 9)} ${digits(r, 2)} ${digits(r, 2)} ${digits(r, 2)} ${digits(r, 2)}`],
  ['intl-de', false, (_p, r) => `+49 30 ${digits(r, 7)}`],
  ['intl-mx', false, (_p, r) => `+52 55 ${digits(r, 4)} ${digits(r, 4)}`],
  ['intl-in', false, (_p, r) => `+91 9${digits(r, 4)} ${digits(r, 5)}`],
  ['intl-00', false, (_p, r) => `0044 20 ${digits(r, 4)} ${digits(r, 4)}`],
  ['run10', true, (p) => `${p.a}${p.e}${p.l}`],
  ['run11', true, (p) => `1${p.a}${p.e}${p.l}`],
  ['seven-dash', true, (p) => `${p.e}-${p.l}`],
  ['seven-dot', true, (p) => `${p.e}.${p.l}`],
  ['seven-run', true, (p) => `${p.e}${p.l}`],
];
// Contexts with a phone cue (any form), glued or spaced; {P} is the number.
const PHONE_CUED: readonly string[] = [
  'ph:{P}', 'Pt can be reached at {P} after 5pm.', 'tel.{P}', 'Call {P} with results.', 'call{P} to schedule',
  'Daughter (cell) {P}', 'Pager {P}', 'Beeper: {P}', 'Cell# {P}', 'Mobile {P} - ok to leave msg', 'PHONE: {P}',
  'fax {P} attn records', 'Contact: {P}', 'Contact # {P}', 'Ph {P}', 'Tel:{P}', 'HOME PH {P}', 'cell:{P}',
  'Wife reachable on mobile {P}.', 'Please call back at {P}', 'Phone no. {P}', 'Fax:{P}', 'Telephone {P}',
  'contact number {P}', 'pt\'s cell {P}, home {P}', 'Called pt at {P}, no answer.', 'PCP office ph. {P}',
  'pgr {P}', 'mobile:{P}', 'Tel. no {P}', 'Ph#{P}', 'call back # {P}', 'Cell phone - {P}',
];
// Contexts without a cue word: only self-evidently phone-shaped forms go here.
const PHONE_BARE: readonly string[] = [
  'Daughter Anna {P}.', 'Pharmacy CVS {P}', 'Emergency: husband {P}', '{P} (home)', 'PCP Dr. Okafor {P}',
  'Spoke with son ({P}).', 'Left msg for sister {P} re: appt', 'VNA {P}, RN Kim', 'Next of kin: brother, {P}.',
  'Cardiology clinic {P}; f/u 2 wks', 'Referred to PT {P}', 'Interpreter svc {P}',
];

// ---- dates: value forms ----
type Dt = { m: number; d: number; y: number; d2: number };
const MON3 = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const ord = (d: number): string => (d % 10 === 1 && d !== 11 ? 'st' : d % 10 === 2 && d !== 12 ? 'nd' : d % 10 === 3 && d !== 13 ? 'rd' : 'th');
const monCase = (r: R, s: string): string => pick(r, [s, s.toUpperCase(), s.toLowerCase()]);
const yy = (y: number): string => pad(y % 100);
// [form, needs a date context (ambiguous without one), value]
const DATE_FORMS: ReadonlyArray<[form: string, ctxOnly: boolean, f: (t: Dt, r: R) => string]> = [
  ['md', true, (t) => `${t.m}/${t.d}`],
  ['md-pad', true, (t) => `${pad(t.m)}/${pad(t.d)}`],
  ['mdy2', false, (t) => `${t.m}/${t.d}/${yy(t.y)}`],
  ['mdy4', false, (t) => `${t.m}/${t.d}/${t.y}`],
  ['mdy4-dash', false, (t) => `${t.m}-${t.d}-${t.y}`],
  ['mdy2-dot', false, (t) => `${t.m}.${t.d}.${yy(t.y)}`],
  ['my4', false, (t) => `${pad(t.m)}/${t.y}`],
  ['my4-short', false, (t) => `${t.m}/${t.y}`],
  ['my2', true, (t) => `${t.m}/${yy(t.y)}`],
  ['iso', false, (t) => `${t.y}-${pad(t.m)}-${pad(t.d)}`],
  ['d-mon-y', false, (t, r) => `${t.d} ${monCase(r, MON3[t.m - 1]!)} ${t.y}`],
  ['dd-mon-yyyy', false, (t, r) => `${pad(t.d)}-${monCase(r, MON3[t.m - 1]!)}-${t.y}`],
  ['mon-d', false, (t, r) => `${monCase(r, MON3[t.m - 1]!)} ${t.d}`],
  ['mon.-d', false, (t, r) => `${monCase(r, t.m === 9 ? 'Sept' : MON3[t.m - 1]!)}. ${t.d}`],
  ['month-d-y', false, (t, r) => `${monCase(r, MONTH[t.m - 1]!)} ${t.d}, ${t.y}`],
  ['month-dth', false, (t, r) => `${monCase(r, MONTH[t.m - 1]!)} ${t.d}${ord(t.d)}`],
  ['dth-of-month', false, (t, r) => `${t.d}${ord(t.d)} of ${monCase(r, MONTH[t.m - 1]!)}`],
  ['mon-yy', false, (t, r) => `${monCase(r, MON3[t.m - 1]!)}-${yy(t.y)}`],
  ['mon-apos-yy', false, (t, r) => `${monCase(r, MON3[t.m - 1]!)} '${yy(t.y)}`],
  ['month-yyyy', false, (t, r) => `${monCase(r, MONTH[t.m - 1]!)} ${t.y}`],
  ['sept', false, (t, r) => `${pick(r, ['SEPT', 'sept.', 'Sept', 'SEP.'])} ${t.d}`],
  ['apos-yy', true, (t) => `'${yy(t.y)}`],
  ['md-range', false, (t) => `${t.m}/${t.d}-${t.m}/${t.d2}`],
  ['md-range-spaced', false, (t) => `${t.m}/${t.d} - ${t.m}/${t.d2}`],
  ['mdy-range', false, (t) => `${t.m}/${t.d}/${yy(t.y)}-${t.m}/${t.d2}/${yy(t.y)}`],
];
// Date contexts (a context word, a clinical event, or punctuation around); {D} is the date.
const DATE_CTX: readonly string[] = [
  'Seen on {D} for f/u.', 'admitted {D} with CP', 's/p CABG {D}', 'labs on{D} were wnl', 'Echo ({D}) EF 55%',
  '{D}: labs drawn, K ok', 'on {D}, pt fell at home', 'since {D} c/o SOB', 'DOB {D}', 'Last visit {D}.',
  'Discharged {D} to rehab', 'd/c\'d foley {D}', 'CXR from {D} clear', 'Pt seen {D}am by team', 'Dated {D}',
  'Surgery scheduled for {D}.', 'Abx started {D}', 'f/u appt {D} w/ PCP', 'until {D} then taper', 'Cx drawn {D} - NGTD',
  'intubated {D}, extubated later', 'Last colonoscopy {D}', 'transferred {D} from OSH', 'BCx {D} neg',
  'Note dated:{D}', 'Onset of sx ~{D}', 'MRI brain {D}: no acute', 'next dose due {D}', 'rec\'d flu shot {D}',
  'Hx of MI in {D}', 'PICC placed {D}; CXR ok', 'ED visit on {D} for fall',
  'Rx refilled on{D} per pharmacy', 'Pt last seen{D} in clinic',
  'LMP {D}', 'Tdap given {D}', 'Last BM {D}', 'Dx\'d with DM2 {D}', 'RTC {D} for suture removal', 'Biopsy {D} benign',
  'Hospitalized {D} for PNA', 'Prior to {D} pt was independent', 'CT A/P {D}: no abscess', 'As of {D}, off pressors',
  'POD#2 ({D})', 'flu vaccine {D}', 'Diagnosed {D}', 'Scheduled for EGD {D}',
];
// Contexts with no context word: only self-evident forms go here.
const DATE_BARE: readonly string[] = [
  '{D} CXR: no infiltrate', 'Hgb trend {D} stable', 'Pt called {D} re: refills', 'Will recheck CBC {D}.',
  'EKG {D} NSR', 'Wound care {D} as ordered', 'Note {D} reviewed', 'Plan reviewed with family {D}',
];

// ---- negatives: clinical numbers shaped like phones or dates; {V} is the value that must stay clean ----
const NEG: ReadonlyArray<[form: string, tpl: string, v: (r: R) => string]> = [
  ['half-tab', 'take {V} tab PO qhs', (r) => pick(r, ['1/2', '1/4', '3/4', '1/3'])],
  ['bp', 'BP {V} HR 78', (r) => `${int(r, 90, 180)}/${int(r, 50, 110)}`],
  ['murmur', '{V} systolic murmur at LUSB', (r) => `${int(r, 1, 4)}/6`],
  ['bp-was', 'B/P was {V} sitting', (r) => `${int(r, 90, 180)}/${int(r, 50, 110)}`],
  ['strength', '{V} strength in all extremities', (r) => `${int(r, 3, 5)}/5`],
  ['strength-after', 'motor strength {V} bilat', (r) => `${int(r, 3, 5)}/5`],
  ['portion', '{V} of the dose given', (r) => pick(r, ['3/4', '1/2', '2/3'])],
  ['pain', 'reports {V} pain', (r) => `${int(r, 0, 10)}/10`],
  ['pain-after', 'pain score {V} after meds', (r) => `${int(r, 0, 10)}/10`],
  ['freq', 'Tylenol 650 mg x{V}', (r) => `${int(r, 2, 4)}/day`],
  ['vision', 'vision {V} OU', (r) => `20/${pick(r, ['20', '25', '30', '40', '60', '200'])}`],
  ['vision-snellen', '{V} vision R eye', (r) => `20/${pick(r, ['20', '40', '70'])}`],
  ['k', 'K {V}, Na 138', (r) => `${int(r, 3, 5)}.${int(r, 0, 9)}`],
  ['hgb', 'Hgb {V} stable', (r) => `${int(r, 7, 16)}.${int(r, 0, 9)}`],
  ['time', 'meds given at {V}', (r) => `${int(r, 0, 23)}:${pad(int(r, 0, 59))}`],
  ['mil-time', '{V} vitals stable', (r) => `${pad(int(r, 0, 23))}${pick(r, ['00', '15', '30', '45'])}`],
  ['icd10', 'Dx: {V} HTN', (r) => `I${int(r, 10, 99)}.${int(r, 0, 9)}`],
  ['loinc', 'LOINC {V} glucose', (r) => `${int(r, 1000, 99999)}-${int(r, 0, 9)}`],
  ['snomed', 'SNOMED CT {V}', (r) => digits(r, 1) .replace(/0/, '1') + digits(r, 7)],
  ['icd9', 'ICD-9 {V} DM2', (r) => `${int(r, 100, 999)}.${pad(int(r, 0, 99))}`],
  ['version', 'Epic version {V} upgrade', (r) => `${int(r, 1, 12)}.${int(r, 0, 9)}.${int(r, 0, 30)}`],
  ['version-v', 'interface v{V} deployed', (r) => `${int(r, 1, 9)}.${int(r, 0, 12)}.${int(r, 0, 31)}`],
  ['room', 'moved to room {V}', (r) => String(int(r, 100, 1299))],
  ['room-dash', 'Rm {V} bed A', (r) => `${int(r, 1, 9)}-${int(r, 10, 60)}`],
  ['dose-range', '{V} tabs q4-6h prn', (r) => `${int(r, 1, 2)}-${int(r, 2, 3)}`],
  ['cultures', '{V} bottles positive', (r) => { const n = int(r, 1, 4); return `${int(r, 1, n)}/${n}`; }],
  ['gcs', 'GCS {V}', (r) => `${int(r, 3, 15)}`],
  ['ratio', 'I:E ratio {V}', (r) => `1:${int(r, 2, 4)}`],
  ['peep', 'CPAP {V} FiO2 40%', (r) => `${int(r, 5, 12)}/${int(r, 5, 10)}`],
  ['wbc-plt', 'WBC {V} Plt 245', (r) => `${int(r, 3, 20)}.${int(r, 0, 9)}`],
  ['ef', 'EF {V}%', (r) => `${int(r, 20, 60)}-${int(r, 25, 65)}`],
  ['spine', 'disc bulge {V}', (r) => pick(r, ['L4-5', 'L5-S1', 'C5-6', 'C6-7'])],
  ['ivf', 'NS at {V} ml/hr', (r) => String(int(r, 50, 200))],
  ['io', 'I/O {V} ml', (r) => `${int(r, 500, 3000)}/${int(r, 300, 2500)}`],
  ['score', 'Braden {V}', (r) => `${int(r, 9, 23)}/23`],
  ['apgar', 'Apgars {V}', (r) => `${int(r, 6, 9)}/${int(r, 8, 9)}`],
  ['count', 'voided {V} times', (r) => String(int(r, 2, 8))],
  ['bp-range', 'SBP {V} overnight', (r) => `${int(r, 100, 120)}-${int(r, 130, 160)}/${int(r, 60, 70)}-${int(r, 75, 90)}`],
  ['reflexes', 'DTRs {V} symmetric', (r) => `${int(r, 1, 3)}/4`],
  ['edema-grade', 'grade {V} pitting edema', (r) => `${int(r, 1, 4)}/4`],
  ['pulses', 'DP pulses {V} bilat', (r) => `${int(r, 1, 2)}/${pick(r, ['2', '4'])}`],
  ['dilution', 'ANA positive at 1:{V}', (r) => pick(r, ['40', '80', '160', '320'])],
  ['pain-range', 'pain rated {V} with activity', (r) => `${int(r, 1, 4)}/10-${int(r, 5, 9)}/10`],
  ['strength-range', 'grip {V} strength', (r) => `${int(r, 3, 4)}/5-5/5`],
  ['amp', 'given {V} amp D50', (r) => pick(r, ['1/2', '1', '2'])],
  ['volumes', 'I/O {V} over 3 shifts', (r) => `${int(r, 2, 9)}${int(r, 0, 9)}0/${int(r, 2, 9)}${int(r, 0, 9)}0/${int(r, 1, 2)}${int(r, 0, 9)}00`],
  ['titer', 'ANA titer {V}', (r) => `1/${pick(r, ['40', '80', '160', '320', '640', '1280'])}`],
  ['volumes-spaced', 'UOP {V} ml', (r) => `${int(r, 2, 9)}50 - ${int(r, 2, 9)}00 - ${int(r, 1, 2)}${int(r, 0, 9)}00`],
];

function fill(r: R, tpl: string, value: string, kind: FormCase['kind'], form: string): FormCase {
  const at = tpl.indexOf('{V}');
  const pre = tpl.slice(0, at), post = tpl.slice(at + 3);
  const style = r();
  const cs = (s: string): string => (style < 0.15 ? s.toUpperCase() : style < 0.3 ? s.toLowerCase() : s);
  const text = cs(pre) + value + cs(post);
  return { kind, form, text, start: pre.length, end: pre.length + value.length };
}

const half = <T,>(xs: readonly T[], split: Split): T[] => xs.filter((_x, i) => (i % 2 === 0) === (split === 'tune'));

/** The cases of one split (deterministic). */
export function generate(split: Split, perForm = 24): FormCase[] {
  const r = rng(split === 'tune' ? 1 : 2);
  const out: FormCase[] = [];
  const cued = half(PHONE_CUED, split), bare = half(PHONE_BARE, split);
  for (const [form, cueOnly, f] of PHONE_FORMS) {
    for (let k = 0; k < perForm; k++) {
      const p: Ph = { a: `${int(r, 2, 9)}${digits(r, 2)}`, e: `${int(r, 2, 9)}${digits(r, 2)}`, l: digits(r, 4), x: digits(r, int(r, 2, 5)) };
      const tpl = (cueOnly || r() < 0.6 ? pick(r, cued) : pick(r, bare)).replace('{P}', '{V}').replace('{P}', `${p.a}-${digits(r, 3)}-${p.l}`);
      out.push(fill(r, tpl, f(p, r), 'PHONE', form));
    }
  }
  const dctx = half(DATE_CTX, split), dbare = half(DATE_BARE, split);
  for (const [form, ctxOnly, f] of DATE_FORMS) {
    for (let k = 0; k < perForm; k++) {
      const m = int(r, 1, 12), d = int(r, 1, 28);
      const t: Dt = { m, d, y: int(r, 1950, 2029), d2: Math.min(28, d + int(r, 1, 5)) };
      const tpl = (ctxOnly || r() < 0.7 ? pick(r, dctx) : pick(r, dbare)).replace('{D}', '{V}');
      out.push(fill(r, tpl, f(t, r), 'DATE', form));
    }
  }
  for (const [form, tpl, v] of half(NEG, split)) for (let k = 0; k < perForm; k++) out.push(fill(r, tpl, v(r), 'NEG', form));
  return out;
}
