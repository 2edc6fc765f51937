// Entity generators (people, providers, addresses, facilities) and writers that emit labelled spans into a Doc.
import { FEMALE, MALE, FAMILY, CREDS } from './names.js';
import { TOWNS, STATES, STREETS, SUFFIXES, DIRS, SAINTS, NATURE, NEIGHBORHOODS } from './places.js';
import { randDate } from './dates.js';

export function person(r, opts = {}) {
  const sex = opts.sex || (r.chance(0.5) ? 'F' : 'M');
  const given = r.pick(sex === 'F' ? FEMALE : MALE);
  const family = opts.family || r.pick(FAMILY);
  const middle = r.chance(0.35) ? r.pick(sex === 'F' ? FEMALE : MALE) : '';
  const dob = opts.dob || randDate(r, opts.y0 || 1926, opts.y1 || 2022);
  return { sex, given, family, middle, dob };
}
export function provider(r) { return { ...person(r), cred: r.pick(CREDS) }; }
export const pron = (p) => (p.sex === 'F' ? { he: 'she', his: 'her', him: 'her' } : { he: 'he', his: 'his', him: 'him' });

function casing(r, s, c) {
  if (c === 'upper') return s.toUpperCase();
  if (c === 'lower') return s.toLowerCase();
  return s;
}
// Patient / relative name. style: fl | lf | LF | fml | f | l | mrl | fl_lower
export function wName(d, r, p, style, type = 'NAME') {
  style = style || r.wpick([[5, 'fl'], [2, 'lf'], [1, 'LF'], [2, 'fml'], [1, 'lower']]);
  const c = style === 'LF' ? 'upper' : style === 'lower' ? 'lower' : 'title';
  const g = casing(r, p.given, c), f = casing(r, p.family, c);
  if (style === 'f') return d.p(type, g);
  if (style === 'l') return d.p(type, f);
  if (style === 'mrl') return d.t(p.sex === 'F' ? r.pick(['Ms. ', 'Mrs. ', 'Ms ']) : r.pick(['Mr. ', 'Mr '])).p(type, f);
  if (style === 'lf' || style === 'LF') {
    d.p(type, f).t(style === 'LF' && r.chance(0.5) ? ',' : ', ').p(type, g);
    if (p.middle && r.chance(0.5)) d.t(' ').p(type, casing(r, p.middle[0], c));
    return d;
  }
  d.p(type, g).t(' ');
  if (style === 'fml' && p.middle) {
    if (r.chance(0.6)) d.p(type, p.middle[0]).t('. '); else d.p(type, p.middle).t(' ');
  }
  return d.p(type, f);
}
// Clinician name with optional credential; style: dr | full | init | LF | first
export function wProv(d, r, p, style) {
  style = style || r.wpick([[4, 'dr'], [4, 'full'], [2, 'init'], [1, 'LF'], [1, 'first']]);
  const T = 'PROVIDER_NAME';
  if (style === 'dr') return d.t(r.pick(['Dr. ', 'Dr ', 'dr. ', 'DR. '])).p(T, p.family);
  if (style === 'first') return d.p(T, p.given).t(r.chance(0.5) ? ` ${p.cred}` : '');
  if (style === 'init') return d.p(T, p.given[0]).t('. ').p(T, p.family).t(`, ${p.cred}`);
  if (style === 'LF') return d.p(T, p.family.toUpperCase()).t(', ').p(T, p.given.toUpperCase()).t(` ${p.cred}`);
  return d.p(T, p.given).t(' ').p(T, p.family).t(r.chance(0.8) ? `, ${p.cred}` : '');
}

export function town(r) {
  const [city, st] = r.pick(TOWNS).split(',');
  return { city, st };
}
export function zip(r, st) {
  const base = { AK: 995, AL: 350, AR: 716, AS: 967, AZ: 850, CA: 900, CT: 60, DE: 197, FL: 320, GA: 300, HI: 967, IA: 500, ID: 832,
    IL: 600, IN: 460, KS: 660, KY: 400, LA: 700, MA: 10, MD: 206, ME: 39, MI: 480, MN: 550, MO: 630, MS: 386, MT: 590, NC: 270,
    ND: 580, NE: 680, NH: 30, NJ: 70, NM: 870, NV: 889, NY: 100, OH: 430, OK: 730, OR: 970, PA: 150, RI: 28, SC: 290, SD: 570,
    TN: 370, TX: 750, UT: 840, VA: 220, VT: 50, WA: 980, WI: 530, WV: 247, WY: 820 }[st] || 500;
  return String(base + r.int(0, 9)).padStart(3, '0') + r.digits(2);
}
export function street(r) {
  const num = r.wpick([[6, () => String(r.int(1, 9999))], [2, () => String(r.int(10000, 48999))], [1, () => String(r.int(1, 99))]])();
  const dir = r.chance(0.25) ? r.pick(DIRS) + ' ' : '';
  let s = r.wpick([[10, () => `${num} ${dir}${r.pick(STREETS)} ${r.pick(SUFFIXES)}`], [1, () => `${num} County Road ${r.int(1, 400)}`],
    [1, () => `${num} ${r.pick(['Hwy', 'Highway', 'State Route', 'US Hwy', 'FM'])} ${r.int(1, 599)}`],
    [1, () => `PO Box ${r.int(1, 9999)}`], [1, () => `${r.pick(['Rural Route', 'RR'])} ${r.int(1, 9)} Box ${r.int(1, 400)}`],
    [1, () => `HC ${r.int(1, 80)} Box ${r.int(100, 9999)}`]])();
  if (!/Box/.test(s) && r.chance(0.35)) {
    s += r.pick([', ', ' ']) + r.pick([`Apt ${r.int(1, 40)}${r.pick(['', 'A', 'B', 'C'])}`, `#${r.int(1, 999)}`, `Unit ${r.int(100, 899)}`,
      `Apt. ${r.letters(1)}${r.int(1, 12)}`, `Lot ${r.int(1, 150)}`, `Trlr ${r.int(1, 60)}`, `Bldg ${r.letters(1, 'ABCDEFG')} Apt ${r.int(1, 30)}`,
      `Ste ${r.int(100, 600)}`, `Rm ${r.int(1, 40)}`]);
  }
  return s;
}
export function address(r) { const t = town(r); return { street: street(r), ...t, zip: zip(r, t.st) }; }
// style: line (one line, commas) | two (street \n city) | cityOnly | cityState
export function wAddr(d, r, a, style) {
  style = style || r.wpick([[4, 'line'], [2, 'two'], [1, 'upper']]);
  const up = style === 'upper';
  const cs = (s) => (up ? s.toUpperCase() : s);
  if (style === 'cityOnly') return d.p('LOCATION', cs(a.city));
  if (style === 'cityState') return d.p('LOCATION', cs(a.city)).t(', ').np('STATE', r.chance(0.7) ? a.st : STATES[a.st]);
  d.p('LOCATION', cs(a.street)).t(style === 'two' ? '\n' : r.pick([', ', ' ', ', ']));
  d.p('LOCATION', cs(a.city)).t(r.pick([', ', ' ', ', ']));
  d.np('STATE', r.chance(0.85) ? a.st : cs(STATES[a.st])).t(r.pick([' ', '  ', ' ']));
  const z = r.chance(0.15) ? a.zip + '-' + r.digits(4) : a.zip;
  return d.p('ZIP', z);
}
export function hospital(r, t = town(r)) {
  return r.wpick([[3, () => `St. ${r.pick(SAINTS)} ${r.pick(['Medical Center', 'Hospital', 'Regional Medical Center', "Children's Hospital"])}`],
    [3, () => `${t.city} ${r.pick(['Memorial Hospital', 'Regional Medical Center', 'General Hospital', 'Community Hospital', 'Medical Center'])}`],
    [3, () => `${r.pick(NATURE)} ${r.pick(['Regional', 'Medical Center', 'Regional Hospital', 'Health Center', 'Community Hospital'])}`],
    [1, () => `${r.pick(NATURE)} Valley Regional`], [1, () => `${r.pick(['Mercy', 'Baptist', 'Methodist', 'Presbyterian', 'Adventist'])} ${t.city}`],
    [1, () => `${t.city} Indian Health Center`]])();
}
export function clinic(r, t = town(r)) {
  return r.pick([`${t.city} Community Health Center`, `${r.pick(NATURE)} Family Practice`, `${r.pick(NATURE)} Family Medicine`,
    `${t.city} Urgent Care`, `${r.pick(NATURE)} Pediatrics`, `${r.pick(NATURE)} Behavioral Health`, `${r.pick(NATURE)} Dialysis`,
    `${t.city} Free Clinic`, `${r.pick(NATURE)} Cardiology Associates`, `${r.pick(NATURE)} Women's Health`]);
}
export function facility(r, t = town(r)) {
  return r.pick([`${r.pick(NATURE)} Rehabilitation & Nursing Center`, `${r.pick(NATURE)} Senior Living`, `${t.city} Health and Rehab`,
    `Good Samaritan Society - ${t.city}`, `${r.pick(NATURE)} Manor`, `${r.pick(NATURE)} Assisted Living`, `${r.pick(NATURE)} Skilled Nursing Facility`,
    `${r.pick(NATURE)} Hospice House`, `${r.pick(NATURE)} Recovery Center`, `Riverside Behavioral Health`]);
}
export function school(r, t = town(r)) {
  return r.pick([`${t.city} High School`, `${r.pick(NATURE)} Elementary School`, `${r.pick(FAMILY)} Middle School`, `${r.pick(NATURE)} Elementary`,
    `${t.city} Community College`, `St. ${r.pick(SAINTS)} School`, `${r.pick(['Washington', 'Lincoln', 'Roosevelt', 'Jefferson'])} Elementary`]);
}
export function church(r, t = town(r)) {
  return r.pick([`First Baptist Church of ${t.city}`, `St. ${r.pick(SAINTS)} Catholic Church`, `Mount Zion Missionary Baptist Church`,
    `${r.pick(NATURE)} AME Church`, `Iglesia Pentecostal ${r.pick(['El Calvario', 'Monte Sion', 'Rios de Agua Viva'])}`,
    `${t.city} Church of Christ`, `Holy Trinity Greek Orthodox Church`, `St. ${r.pick(SAINTS)} Ukrainian Catholic Church`,
    `Masjid ${r.pick(['Al-Noor', 'Al-Huda', 'Ar-Rahman'])}`, `Grace Lutheran Church`, `Eglise Baptiste ${r.pick(['Bethel', 'Emmanuel'])}`]);
}
export const neighborhood = (r) => r.pick(NEIGHBORHOODS);
export function email(r, p) {
  const g = p.given.toLowerCase().normalize('NFD').replace(/[^a-z]/g, ''), f = p.family.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '');
  const local = r.pick([`${g}.${f}`, `${g}${f}${r.int(1, 99)}`, `${g[0]}${f}`, `${f}${g[0]}${r.int(50, 99)}`, `${g}_${r.int(1960, 2010)}`, `${g}${f[0]}`]);
  return `${local}@${r.pick(['gmail.com', 'yahoo.com', 'hotmail.com', 'aol.com', 'outlook.com', 'icloud.com', 'comcast.net', 'att.net', 'protonmail.com'])}`;
}
export function personalUrl(r, p) {
  const g = p.given.toLowerCase().normalize('NFD').replace(/[^a-z]/g, ''), f = p.family.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '');
  return r.pick([`https://www.facebook.com/${g}.${f}.${r.int(1, 99)}`, `www.gofundme.com/f/help-${g}-${f}`, `https://${g}${f}.blogspot.com`,
    `instagram.com/${g}_${f}`, `https://www.caringbridge.org/visit/${g}${f}`]);
}
