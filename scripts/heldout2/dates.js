// Date helpers and formatters (numeric, textual, HL7, spoken).
export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const p2 = (n) => String(n).padStart(2, '0');
const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen',
  'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const ORD = ['', 'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth',
  'thirteenth', 'fourteenth', 'fifteenth', 'sixteenth', 'seventeenth', 'eighteenth', 'nineteenth', 'twentieth'];

export function numWords(n) {
  if (n < 20) return ONES[n];
  if (n < 100) return TENS[Math.floor(n / 10)] + (n % 10 ? ' ' + ONES[n % 10] : '');
  return ONES[Math.floor(n / 100)] + ' hundred' + (n % 100 ? ' ' + numWords(n % 100) : '');
}
export function ordWords(n) {
  if (n <= 20) return ORD[n];
  if (n === 30) return 'thirtieth';
  const t = Math.floor(n / 10);
  return TENS[t] + ' ' + ORD[n % 10];
}
export function yearWords(y) {
  if (y >= 2000 && y < 2010) return 'two thousand ' + ONES[y - 2000];
  const hi = Math.floor(y / 100), lo = y % 100;
  return numWords(hi) + ' ' + (lo === 0 ? 'hundred' : lo < 10 ? 'oh ' + ONES[lo] : numWords(lo));
}
export function ordSuffix(d) {
  if (d % 100 >= 11 && d % 100 <= 13) return d + 'th';
  return d + (['th', 'st', 'nd', 'rd'][d % 10] || 'th');
}
export function digitWords(s) {
  return s.split('').filter((c) => /\d/.test(c)).map((c) => ONES[Number(c)]).join(' ');
}

export function randDate(r, y0, y1) {
  const y = r.int(y0, y1), m = r.int(1, 12);
  const dim = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { y, m, d: r.int(1, dim) };
}
export function addDays(dt, n) {
  const t = new Date(Date.UTC(dt.y, dt.m - 1, dt.d + n));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}
export function weekday(dt) { return WEEKDAYS[new Date(Date.UTC(dt.y, dt.m - 1, dt.d)).getUTCDay()]; }
export function ageAt(dob, ref) {
  let a = ref.y - dob.y;
  if (ref.m < dob.m || (ref.m === dob.m && ref.d < dob.d)) a--;
  return a;
}

const STYLES = {
  mdy: (x) => `${p2(x.m)}/${p2(x.d)}/${x.y}`,
  mdyShort: (x) => `${x.m}/${x.d}/${x.y}`,
  mdy2: (x) => `${x.m}/${x.d}/${p2(x.y % 100)}`,
  dash2: (x) => `${x.m}-${x.d}-${p2(x.y % 100)}`,
  dashFull: (x) => `${p2(x.m)}-${p2(x.d)}-${x.y}`,
  iso: (x) => `${x.y}-${p2(x.m)}-${p2(x.d)}`,
  dmonY: (x) => `${p2(x.d)}${MONTHS[x.m - 1].slice(0, 3).toUpperCase()}${x.y}`,
  long: (x) => `${MONTHS[x.m - 1]} ${x.d}, ${x.y}`,
  longOrd: (x) => `${MONTHS[x.m - 1]} ${ordSuffix(x.d)}, ${x.y}`,
  dMonY: (x) => `${x.d} ${MONTHS[x.m - 1].slice(0, 3)} ${x.y}`,
  monDY: (x) => `${MONTHS[x.m - 1].slice(0, 3)}. ${x.d}, ${x.y}`,
  dot: (x) => `${p2(x.m)}.${p2(x.d)}.${x.y}`,
  compact: (x) => `${x.y}${p2(x.m)}${p2(x.d)}`,
  weekdayLong: (x) => `${weekday(x)}, ${MONTHS[x.m - 1]} ${x.d}, ${x.y}`,
  weekdayShort: (x) => `${weekday(x).slice(0, 3)} ${x.m}/${x.d}`,
};
const NOYEAR = {
  md: (x) => `${x.m}/${x.d}`,
  monD: (x) => `${MONTHS[x.m - 1].slice(0, 3).toLowerCase()} ${x.d}`,
  monthOrd: (x) => `${MONTHS[x.m - 1]} ${ordSuffix(x.d)}`,
  monthD: (x) => `${MONTHS[x.m - 1]} ${x.d}`,
};
export function fmtDate(r, x, style) {
  const f = style ? (STYLES[style] || NOYEAR[style]) : r.pick(Object.values(STYLES));
  return f(x);
}
export function fmtDateNoYear(r, x) { return r.pick(Object.values(NOYEAR))(x); }
export function fmtMonthYear(r, x) {
  return r.pick([`${MONTHS[x.m - 1]} ${x.y}`, `${x.m}/${x.y}`, `${MONTHS[x.m - 1].slice(0, 3)} ${x.y}`, `${p2(x.m)}/${x.y}`]);
}
export function spokenDate(r, x, withYear = true) {
  const m = MONTHS[x.m - 1].toLowerCase();
  const d = r.chance(0.8) ? ordWords(x.d) : numWords(x.d);
  if (!withYear) return `${m} ${d}`;
  return r.chance(0.85) ? `${m} ${d} ${yearWords(x.y)}` : `${x.m} ${x.d} ${yearWords(x.y)}`;
}
export function hl7Date(x) { return `${x.y}${p2(x.m)}${p2(x.d)}`; }
export function time(r, military = r.chance(0.5)) {
  const h = r.int(0, 23), mi = r.int(0, 59);
  if (military) return `${p2(h)}${p2(mi)}`;
  const h12 = h % 12 || 12;
  return `${h12}:${p2(mi)} ${h < 12 ? r.pick(['AM', 'am', 'a.m.']) : r.pick(['PM', 'pm', 'p.m.'])}`;
}
