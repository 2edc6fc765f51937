// Identifier and date formats (with valid check digits where the format has one).
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MON3 = MONTHS.map((m) => m.slice(0, 3));
const p2 = (n) => String(n).padStart(2, '0');

/** A date object {y, m, d}; m 1-12. */
export function date(r, y0 = 2023, y1 = 2026) {
  const y = r.int(y0, y1), m = r.int(1, 12);
  const dim = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { y, m, d: r.int(1, dim) };
}
export const dob = (r) => date(r, r.chance(0.15) ? 1928 : 1938, r.chance(0.2) ? 2021 : 1999);
export const ageOn = (b, on) => on.y - b.y - (on.m < b.m || (on.m === b.m && on.d < b.d) ? 1 : 0);
const ORD = ['', 'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh',
  'twelfth', 'thirteenth', 'fourteenth', 'fifteenth', 'sixteenth', 'seventeenth', 'eighteenth', 'nineteenth', 'twentieth'];
export const ordinalWord = (n) => n <= 20 ? ORD[n] : n < 30 ? `twenty-${ORD[n - 20]}` : n === 30 ? 'thirtieth' : `thirty-${ORD[n - 30]}`;
const sfx = (n) => (n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th');

/** Written date formats found in letters and notes. */
export function fmtDate(r, dt, style) {
  const { y, m, d } = dt;
  const s = style ?? r.pick(['mdy', 'mdy', 'mdy2', 'long', 'long', 'mon', 'iso', 'dmon', 'mdyshort', 'mdnoy', 'dash']);
  switch (s) {
    case 'mdy': return `${p2(m)}/${p2(d)}/${y}`;
    case 'mdy2': return `${m}/${d}/${String(y).slice(2)}`;
    case 'mdyshort': return `${m}/${d}/${y}`;
    case 'long': return `${MONTHS[m - 1]} ${d}, ${y}`;
    case 'mon': return `${MON3[m - 1]} ${d}, ${y}`;
    case 'iso': return `${y}-${p2(m)}-${p2(d)}`;
    case 'dmon': return `${d} ${MON3[m - 1]} ${y}`;
    case 'dmonu': return `${p2(d)}-${MON3[m - 1].toUpperCase()}-${y}`;
    case 'mdnoy': return `${m}/${d}`;
    case 'monthday': return `${MONTHS[m - 1]} ${d}${sfx(d)}`;
    case 'dash': return `${p2(m)}-${p2(d)}-${y}`;
    case 'hl7': return `${y}${p2(m)}${p2(d)}`;
    case 'words': return `${MONTHS[m - 1]} ${ordinalWord(d)}`;
    case 'wordsy': return `${MONTHS[m - 1]} ${ordinalWord(d)}, ${numWords(Math.floor(y / 100))} ${y % 100 < 10 ? 'oh ' + numWords(y % 100) : numWords(y % 100)}`;
    default: throw new Error(style);
  }
}
export const hl7ts = (r, dt) => `${dt.y}${p2(dt.m)}${p2(dt.d)}${p2(r.int(0, 23))}${p2(r.int(0, 59))}${r.chance(0.5) ? p2(r.int(0, 59)) : ''}`;
export const time = (r, style) => {
  const h = r.int(0, 23), mi = r.pick([0, 5, 10, 15, 20, 30, 40, 45, 50, r.int(0, 59)]);
  const st = style ?? r.pick(['24', '12', '12', 'mil']);
  if (st === '24') return `${p2(h)}:${p2(mi)}`;
  if (st === 'mil') return `${p2(h)}${p2(mi)}`;
  return `${h % 12 || 12}:${p2(mi)} ${h < 12 ? r.pick(['AM', 'am', 'a.m.']) : r.pick(['PM', 'pm', 'p.m.'])}`;
};

const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen',
  'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
export function numWords(n) {
  if (n < 20) return ONES[n];
  if (n < 100) return TENS[Math.floor(n / 10)] + (n % 10 ? '-' + ONES[n % 10] : '');
  return ONES[Math.floor(n / 100)] + ' hundred' + (n % 100 ? ' ' + numWords(n % 100) : '');
}
/** Digits read out one by one: "4 1 2" -> "four one two", groups joined by sep. */
export const spokenDigits = (r, s) => [...s].map((c) => (/\d/.test(c) ? (c === '0' && r.chance(0.5) ? 'oh' : ONES[Number(c)]) : c === '-' ? ',' : c))
  .join(' ').replace(/ , /g, ', ');

// phones: NANP, exchange 2-9xx, never N11; a few fictional 555-01xx
export function phoneParts(r, areas) {
  const a = r.pick(areas ?? ['412', '724', '814', '937', '614', '216', '304', '606', '918', '505', '318', '865', '763', '209']);
  if (r.chance(0.08)) return [a, '555', `01${r.digits(2)}`];
  let e;
  do e = `${r.int(2, 9)}${r.digits(2)}`; while (e.endsWith('11') || e === '555' || e === '950' || e === '958' || e === '959');
  return [a, e, r.digits(4)];
}
export function fmtPhone(r, [a, e, l], style) {
  const st = style ?? r.pick(['paren', 'paren', 'dash', 'dash', 'dot', 'plus', 'bare', 'one', 'parensp']);
  switch (st) {
    case 'paren': return `(${a}) ${e}-${l}`;
    case 'parensp': return `(${a})${e}-${l}`;
    case 'dash': return `${a}-${e}-${l}`;
    case 'dot': return `${a}.${e}.${l}`;
    case 'plus': return `+1 ${a} ${e} ${l}`;
    case 'bare': return `${a}${e}${l}`;
    case 'one': return `1-${a}-${e}-${l}`;
    case 'hl7': return `(${a})${e}-${l}`;
    default: throw new Error(st);
  }
}
export const phone = (r, areas, style) => fmtPhone(r, phoneParts(r, areas), style);
export const tollFree = (r) => `1-${r.pick(['800', '888', '877', '866', '855'])}-${r.int(200, 999)}-${r.digits(4)}`;

export function ssn(r, style) {
  let a; do a = r.int(1, 899); while (a === 666);
  const g = r.int(1, 99), s = r.int(1, 9999);
  const parts = [String(a).padStart(3, '0'), p2(g), String(s).padStart(4, '0')];
  const st = style ?? r.pick(['dash', 'dash', 'dash', 'bare', 'space']);
  return st === 'dash' ? parts.join('-') : st === 'bare' ? parts.join('') : parts.join(' ');
}
export function luhnDigit(body) {
  let sum = 0;
  [...body].reverse().forEach((c, i) => { let v = Number(c); if (i % 2 === 0) { v *= 2; if (v > 9) v -= 9; } sum += v; });
  return String((10 - (sum % 10)) % 10);
}
export function npi(r) { const b = `${r.pick(['1', '2'])}${r.digits(8)}`; return b + luhnDigit('80840' + b); }
export function card(r) {
  const b = r.pick([`4${r.digits(14)}`, `5${r.int(1, 5)}${r.digits(13)}`, `6011${r.digits(11)}`]);
  const n = b + luhnDigit(b);
  return r.chance(0.5) ? n.replace(/(\d{4})(?=\d)/g, '$1 ') : r.chance(0.5) ? n.replace(/(\d{4})(?=\d)/g, '$1-') : n;
}
export const cardLast4 = (r) => r.digits(4);
// Medicare Beneficiary Identifier: C A AN N A AN N A A N N (no S L O I B Z)
const MBI_A = 'ACDEFGHJKMNPQRTUVWXY';
export function mbi(r, dashed) {
  const A = () => r.letters(1, MBI_A), AN = () => r.letters(1, MBI_A + '0123456789'), N = () => String(r.int(0, 9));
  const s = `${r.int(1, 9)}${A()}${AN()}${N()}${A()}${AN()}${N()}${A()}${A()}${N()}${N()}`;
  return dashed ? `${s.slice(0, 4)}-${s.slice(4, 7)}-${s.slice(7)}` : s;
}
export const memberId = (r) => r.pick([
  () => `${r.letters(3)}${r.digits(9)}`, () => `W${r.digits(9)}`, () => `${r.digits(9)}${r.pick(['01', '02', '00'])}`,
  () => `U${r.digits(8)}`, () => mbi(r, r.chance(0.4)), () => `${r.letters(2)}${r.digits(7)}`, () => `ZGP${r.digits(8)}`,
  () => `${r.digits(3)}-${r.digits(2)}-${r.digits(4)}-${r.digits(2)}`, () => `H${r.digits(8)}`,
])();
export const groupNo = (r) => r.pick([() => r.digits(6), () => `${r.digits(5)}-${r.digits(3)}`, () => `GRP${r.digits(5)}`, () => `${r.letters(1)}${r.digits(5)}`])();
export const mrn = (r) => r.pick([() => r.digits(8), () => r.digits(7), () => `E${r.digits(7)}`, () => `00${r.digits(7)}`,
  () => `${r.letters(2)}${r.digits(6)}`, () => `${r.digits(3)}-${r.digits(2)}-${r.digits(2)}`, () => `M${r.digits(9)}`])();
export const account = (r) => r.pick([() => r.digits(10), () => `${r.digits(4)}-${r.digits(6)}`, () => `V${r.digits(9)}`,
  () => `A${r.digits(8)}`, () => `${r.digits(12)}`, () => `HAR ${r.digits(9)}`.slice(4)])();
export const claimNo = (r) => r.pick([() => `${r.digits(4)}${r.letters(1)}${r.digits(8)}`, () => `CLM-${r.digits(9)}`,
  () => `${r.digits(2)}${r.digits(3)}${r.digits(8)}`, () => `${r.letters(2)}${r.digits(11)}`, () => `E${r.digits(13)}`])();
export const authNo = (r) => r.pick([() => `A${r.digits(9)}`, () => `PA-${r.digits(7)}`, () => `${r.digits(3)}${r.letters(2)}${r.digits(5)}`, () => `${r.digits(11)}`])();
export const rxNo = (r) => r.pick([() => r.digits(7), () => `${r.digits(7)}-${r.digits(5)}`, () => `RX${r.digits(7)}`, () => `${r.digits(3)}-${r.digits(4)}`])();
export const accession = (r) => r.pick([() => `S${r.int(23, 26)}-${r.digits(6)}`, () => `${r.letters(2)}${r.int(23, 26)}-${r.digits(5)}`,
  () => `${r.digits(10)}`, () => `L${r.digits(8)}`, () => `${r.int(23, 26)}${r.letters(1)}${r.digits(7)}`])();
export const caseNo = (r) => r.pick([() => `${r.digits(8)}`, () => `C-${r.digits(7)}`, () => `INC${r.digits(7)}`, () => `${r.int(23, 26)}-${r.digits(6)}`])();
export const confirmNo = (r) => r.pick([() => r.alnum(8), () => `CNF-${r.alnum(6)}`, () => r.digits(9), () => `${r.letters(2)}${r.digits(6)}`])();
export function dl(r, st) {
  const f = { PA: () => r.digits(8), CA: () => r.letters(1) + r.digits(7), NY: () => r.digits(9), OH: () => r.letters(2) + r.digits(6),
    TX: () => r.digits(8), FL: () => `${r.letters(1)}${r.digits(3)}-${r.digits(3)}-${r.digits(2)}-${r.digits(3)}-${r.digits(1)}`,
    MI: () => `${r.letters(1)} ${r.digits(3)} ${r.digits(3)} ${r.digits(3)} ${r.digits(3)}`, WA: () => `WDL${r.alnum(9)}` }[st];
  return f ? f() : r.letters(1) + r.digits(8);
}
// VIN with ISO 3779 check digit in position 9
const VIN_CH = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
const VIN_V = { A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9, S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9 };
const VIN_W = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
export function vin(r) {
  const c = [...(r.pick(['1FT', '1G1', '2T1', '3FA', '1HG', '5YJ', 'JTD', '1C4']) + r.letters(14, VIN_CH))];
  c[9] = r.pick([...'MNPRST']);
  const sum = c.reduce((a, ch, i) => a + (/\d/.test(ch) ? Number(ch) : VIN_V[ch]) * VIN_W[i], 0);
  c[8] = sum % 11 === 10 ? 'X' : String(sum % 11);
  return c.join('');
}
export const plate = (r) => r.pick([() => `${r.letters(3)}-${r.digits(4)}`, () => `${r.letters(3)} ${r.digits(4)}`, () => `${r.digits(3)} ${r.letters(3)}`,
  () => `${r.digits(1)}${r.letters(3)}${r.digits(3)}`, () => `${r.letters(2)}${r.digits(5)}`])();
export const ip = (r) => r.pick([() => `10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`, () => `192.168.${r.int(0, 20)}.${r.int(2, 254)}`,
  () => `172.${r.int(16, 31)}.${r.int(0, 255)}.${r.int(1, 254)}`, () => `${r.int(23, 209)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`])();
export const zip = (r, zip3) => `${zip3}${r.digits(2)}` + (r.chance(0.12) ? `-${r.digits(4)}` : '');
export { MONTHS, MON3, p2 };
