// Value makers for the held-out sets: people, dates, phones and identifiers in the shapes people write them.
// Each returns parts for Doc.add(): strings (unlabelled) and { t, v } spans.
import { GIVEN, SURNAMES, ORIGIN_WEIGHTS, PROV_PREFIX, PROV_SUFFIX, EMAIL_DOMAINS } from './fills.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MON3 = MONTHS.map((m) => m.slice(0, 3));
const pad = (n, k = 2) => String(n).padStart(k, '0');
const ord = (d) => d + (d % 10 === 1 && d !== 11 ? 'st' : d % 10 === 2 && d !== 12 ? 'nd' : d % 10 === 3 && d !== 13 ? 'rd' : 'th');

export function person(r, sex) {
  const origin = r.weighted(ORIGIN_WEIGHTS);
  const s = sex ?? (r.chance(0.5) ? 'f' : 'm');
  const first = r.pick(GIVEN[origin][s === 'f' ? 0 : 1]);
  const last = r.pick(SURNAMES[origin]);
  return { first, last, sex: s, origin, mi: r.letters(1) };
}

/** A person's name as parts; style: full | last-first | initial | first | last | formal. */
export function nameParts(r, p, type = 'NAME', style) {
  const st = style ?? r.weighted([[5, 'full'], [1, 'last-first'], [1, 'initial'], [1, 'first'], [1, 'last'], [2, 'formal']]);
  const F = { t: type, v: p.first }, L = { t: type, v: p.last };
  switch (st) {
    case 'last-first': return [L, ', ', F];
    case 'initial': return [F, ` ${p.mi}. `, L];
    case 'first': return [F];
    case 'last': return [L];
    case 'formal': return [p.sex === 'f' ? r.pick(['Mrs. ', 'Ms. ', 'Ms ', 'Mrs ', 'Miss ']) : r.pick(['Mr. ', 'Mr ']), L];
    default: return p.origin === 'vietnamese' && r.chance(0.4) ? [L, ' ', F] : [F, ' ', L];
  }
}

/** A clinician: title before, credentials after, or bare. */
export function provParts(r, p) {
  const st = r.weighted([[5, 'dr-last'], [2, 'dr-full'], [2, 'full-cred'], [1, 'last-cred'], [1, 'initial-last']]);
  const F = { t: 'PROVIDER_NAME', v: p.first }, L = { t: 'PROVIDER_NAME', v: p.last };
  const pre = r.pick(PROV_PREFIX) + ' ';
  switch (st) {
    case 'dr-full': return [pre, F, ' ', L];
    case 'full-cred': return [F, ' ', L, r.pick([', ', ' ']), r.pick(PROV_SUFFIX)];
    case 'last-cred': return [L, ' ', r.pick(PROV_SUFFIX)];
    case 'initial-last': return [pre, `${p.first[0]}. `, L];
    default: return [pre, L];
  }
}

export function dateVal(r, { from = 2018, to = 2026, style } = {}) {
  const y = r.int(from, to), m = r.int(1, 12), d = r.int(1, 28);
  const yy = pad(y % 100);
  const st = style ?? r.pick(['m/d', 'm/d/yy', 'mm/dd/yyyy', 'm/d/yyyy', 'm-d-yy', 'iso', 'Mon d', 'Mon d, yyyy', 'd Mon yyyy', 'Month dth', 'dth of Month', 'ddMONyyyy', 'd.m.yy', 'mm/yyyy', 'Month yyyy', 'Month d, yyyy', 'mm/dd']);
  switch (st) {
    case 'm/d': return `${m}/${d}`;
    case 'mm/dd': return `${pad(m)}/${pad(d)}`;
    case 'm/d/yy': return `${m}/${d}/${yy}`;
    case 'mm/dd/yyyy': return `${pad(m)}/${pad(d)}/${y}`;
    case 'm/d/yyyy': return `${m}/${d}/${y}`;
    case 'm-d-yy': return `${m}-${d}-${yy}`;
    case 'iso': return `${y}-${pad(m)}-${pad(d)}`;
    case 'Mon d': return `${MON3[m - 1]} ${d}`;
    case 'Mon d, yyyy': return `${MON3[m - 1]}${r.chance(0.3) ? '.' : ''} ${d}, ${y}`;
    case 'd Mon yyyy': return `${d} ${MON3[m - 1]} ${y}`;
    case 'Month dth': return `${MONTHS[m - 1]} ${ord(d)}`;
    case 'dth of Month': return `${ord(d)} of ${MONTHS[m - 1]}`;
    case 'ddMONyyyy': return `${pad(d)}${MON3[m - 1].toUpperCase()}${y}`;
    case 'd.m.yy': return `${d}.${m}.${yy}`;
    case 'mm/yyyy': return `${pad(m)}/${y}`;
    case 'Month yyyy': return `${MONTHS[m - 1]} ${y}`;
    default: return `${MONTHS[m - 1]} ${d}, ${y}`;
  }
}
export const date = (r, o) => ({ t: 'DATE', v: dateVal(r, o) });
export const dob = (r, o = {}) => date(r, { from: 1924, to: 2008, style: r.pick(['mm/dd/yyyy', 'm/d/yyyy', 'm/d/yy', 'iso', 'Month d, yyyy', 'd Mon yyyy', 'm-d-yy', 'Mon d, yyyy', 'ddMONyyyy']), ...o });

const WORD_AGES = { 90: 'ninety', 91: 'ninety-one', 92: 'ninety-two', 93: 'ninety-three', 94: 'ninety-four', 95: 'ninety-five', 96: 'ninety-six', 97: 'ninety-seven', 98: 'ninety-eight', 99: 'ninety-nine', 100: 'one hundred', 101: 'one hundred and one', 102: 'one hundred two' };
/** An age; `old` forces > 89 (about a third of ages otherwise). */
export function ageVal(r, { old, words = false } = {}) {
  const a = old ?? r.chance(0.35) ? r.int(90, 104) : r.int(19, 89);
  return words && WORD_AGES[a] ? WORD_AGES[a] : String(a);
}
export const age = (r, o) => ({ t: 'AGE', v: ageVal(r, o) });

/** NANP numbers (area and exchange codes 2-9xx) in many writing styles. */
export function phoneVal(r, style) {
  const a = `${r.int(2, 9)}${r.digits(2)}`, e = `${r.int(2, 9)}${r.digits(2)}`, n = r.digits(4);
  const st = style ?? r.pick(['(a) e-n', '(a)e-n', 'a-e-n', 'a.e.n', 'aen', 'a e n', '+1 a e n', '1-a-e-n', '+1 (a) e-n', 'e-n', 'a/e-n', '(a) e n', 'a-e-n x', 'a-en', '1 a e-n']);
  switch (st) {
    case '(a) e-n': return `(${a}) ${e}-${n}`;
    case '(a)e-n': return `(${a})${e}-${n}`;
    case 'a.e.n': return `${a}.${e}.${n}`;
    case 'aen': return `${a}${e}${n}`;
    case 'a e n': return `${a} ${e} ${n}`;
    case '+1 a e n': return `+1 ${a} ${e} ${n}`;
    case '1-a-e-n': return `1-${a}-${e}-${n}`;
    case '+1 (a) e-n': return `+1 (${a}) ${e}-${n}`;
    case 'e-n': return `${e}-${n}`;
    case 'a/e-n': return `${a}/${e}-${n}`;
    case '(a) e n': return `(${a}) ${e} ${n}`;
    case 'a-e-n x': return `${a}-${e}-${n} ${r.pick(['x', 'ext ', 'ext. ', 'x.'])}${r.digits(r.int(3, 4))}`;
    case 'a-en': return `${a}-${e}${n}`;
    case '1 a e-n': return `1 ${a} ${e}-${n}`;
    default: return `${a}-${e}-${n}`;
  }
}
export const phone = (r, s) => ({ t: 'PHONE', v: phoneVal(r, s) });
export const pager = (r) => ({ t: 'PHONE', v: r.pick([() => `${r.int(1, 9)}-${r.digits(4)}`, () => r.digits(5), () => `${r.digits(3)}-${r.digits(4)}`])() });

export const mrn = (r) => ({ t: 'MRN', v: r.pick([() => r.digits(7), () => `00${r.digits(6)}`, () => `${r.digits(2)}-${r.digits(2)}-${r.digits(3)}`, () => r.digits(9), () => `${r.letters(1)}${r.digits(7)}`, () => `${r.digits(3)}-${r.digits(4)}-${r.digits(1)}`, () => `E${r.digits(8)}`])() });

function ssnVal(r) {
  let area;
  do { area = r.int(1, 899); } while (area === 666);
  const g = r.int(1, 99), s = r.int(1, 9999);
  return r.pick([`${pad(area, 3)}-${pad(g)}-${pad(s, 4)}`, `${pad(area, 3)} ${pad(g)} ${pad(s, 4)}`, `${pad(area, 3)}${pad(g)}${pad(s, 4)}`]);
}
export const ssn = (r) => ({ t: 'SSN', v: ssnVal(r) });

// Medicare Beneficiary Identifier layout (CMS): C A AN N A AN N A A N N, letters without S L O I B Z.
const MBI_L = 'ACDEFGHJKMNPQRTUVWXY', MBI_AN = MBI_L + '0123456789';
function mbi(r) {
  const c = () => r.pick(MBI_L), an = () => r.pick(MBI_AN), n = () => String(r.int(0, 9));
  const v = `${r.int(1, 9)}${c()}${an()}${n()}${c()}${an()}${n()}${c()}${c()}${n()}${n()}`;
  return r.chance(0.4) ? `${v.slice(0, 4)}-${v.slice(4, 7)}-${v.slice(7)}` : v;
}
export const memberId = (r) => ({ t: 'HEALTH_PLAN_ID', v: r.pick([() => `${r.letters(3)}${r.digits(9)}`, () => `W${r.digits(9)}`, () => mbi(r), () => `${r.digits(9)}${r.letters(1)}`, () => `${r.letters(2)}${r.digits(5)}${r.letters(1)}`, () => `${r.digits(3)}-${r.digits(2)}-${r.digits(4)}-${r.digits(2)}`, () => `M${r.digits(8)}0${r.int(1, 3)}`])() });
export const groupNo = (r) => ({ t: 'NOT_PHI:GROUP', v: r.pick([() => r.digits(6), () => `GRP-${r.digits(5)}`, () => `${r.digits(3)}${r.letters(1)}${r.digits(2)}`])() });

function luhnCard(r) {
  const base = (r.pick(['4', '51', '55', '6011']) + r.digits(14)).slice(0, 15);
  let sum = 0;
  for (let i = 0; i < base.length; i++) { let x = Number(base[base.length - 1 - i]); if (i % 2 === 0) { x *= 2; if (x > 9) x -= 9; } sum += x; }
  const full = base + String((10 - (sum % 10)) % 10);
  return r.chance(0.5) ? full.replace(/(\d{4})(?=\d)/g, '$1 ') : full;
}
export const account = (r) => ({ t: 'ACCOUNT', v: r.pick([() => r.digits(10), () => `${r.digits(4)}-${r.digits(4)}-${r.digits(2)}`, () => `00${r.digits(8)}`, () => `${r.letters(2)}${r.digits(8)}`, () => `${r.digits(3)}-${r.digits(6)}`, () => `PA${r.digits(7)}`, () => luhnCard(r)])() });
export const claimNo = (r) => ({ t: 'OTHER_ID', v: r.pick([() => `${r.int(2019, 2026)}${r.digits(3)}${r.digits(5)}`, () => `${r.letters(1)}${r.digits(11)}`, () => `CLM-${r.digits(8)}`, () => `${r.digits(2)}-${r.digits(7)}-${r.digits(3)}`])() });
export const license = (r) => ({ t: 'LICENSE', v: r.pick([() => `S${r.digits(8)}`, () => `${r.letters(1)}${r.digits(7)}`, () => `${r.letters(1)}${r.digits(3)}-${r.digits(4)}-${r.digits(4)}`, () => `${r.digits(3)} ${r.digits(3)} ${r.digits(3)}`, () => `${r.letters(2)}${r.digits(6)}`])() });
const VIN_CH = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
export const vin = (r) => ({ t: 'VEHICLE', v: r.pick(['1', '2', '3', '4', '5', 'J', 'W', 'K']) + Array.from({ length: 16 }, () => r.pick(VIN_CH)).join('') });
export const plate = (r) => ({ t: 'VEHICLE', v: r.pick([() => `${r.int(1, 9)}${r.letters(3)}${r.digits(3)}`, () => `${r.letters(3)}-${r.digits(4)}`, () => `${r.letters(3)} ${r.digits(3)}`, () => `${r.digits(3)}${r.letters(2)}${r.digits(1)}`])() });
export const serial = (r) => ({ t: 'DEVICE', v: r.pick([() => `${r.letters(3)}${r.digits(6)}${r.letters(1)}`, () => r.digits(8), () => `SN${r.digits(9)}`, () => `${r.letters(2)}-${r.digits(5)}-${r.digits(3)}`, () => `${r.digits(2)}${r.letters(1)}${r.digits(7)}`])() });
export const ip = (r) => ({ t: 'IP', v: r.chance(0.85) ? `${r.int(11, 223)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}` : `2601:${r.int(16, 999).toString(16)}:${r.int(4096, 65535).toString(16)}:${r.int(1, 4095).toString(16)}::${r.int(1, 255).toString(16)}` });
export const zip = (r) => ({ t: 'ZIP', v: r.chance(0.8) ? pad(r.int(1001, 99950), 5) : `${pad(r.int(1001, 99950), 5)}-${r.digits(4)}` });

const ascii = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ł/g, 'l').replace(/Ł/g, 'L').replace(/[^A-Za-z]/g, '').toLowerCase();
export function emailVal(r, p) {
  const f = ascii(p.first) || 'pt', l = ascii(p.last) || 'mail';
  const local = r.pick([`${f}.${l}`, `${f[0]}${l}`, `${f}${l}${r.int(1, 99)}`, `${f}_${l}`, `${l}.${f}${r.int(50, 99)}`, `${f}${r.int(1950, 2005)}`, `${l}${f[0]}`, `${f}.${l[0]}`]);
  return `${local}@${r.pick(EMAIL_DOMAINS)}`;
}
export const email = (r, p) => ({ t: 'EMAIL', v: emailVal(r, p) });
export function personalUrl(r, p) {
  const f = ascii(p.first) || 'pt', l = ascii(p.last) || 'x';
  return { t: 'URL', v: r.pick([`https://www.facebook.com/${f}.${l}.${r.int(1, 999)}`, `linkedin.com/in/${f}-${l}-${r.digits(3)}`, `www.instagram.com/${f}_${l}`, `https://${f}${l}.com`, `https://www.gofundme.com/f/help-${f}-${l}`, `https://twitter.com/${f}${l[0]}${r.int(1, 99)}`]) };
}
export const fax = (r) => ({ t: 'FAX', v: phoneVal(r, r.pick(['(a) e-n', 'a-e-n', 'a.e.n', '1-a-e-n'])) });
export const npi = (r) => ({ t: 'NOT_PHI:NPI', v: `1${r.digits(9)}` });
export { MONTHS, MON3 };
