// Identifier generators: phones, SSN, MRN, plan ids (incl. MBI), cards (Luhn), NPI, DEA, VIN, plates, serials.
const AREA = ['205', '251', '907', '480', '520', '928', '479', '501', '209', '559', '661', '805', '916', '203', '302', '239', '305',
  '352', '407', '850', '229', '478', '706', '808', '208', '217', '309', '773', '260', '317', '812', '319', '515', '316', '620', '270',
  '606', '337', '985', '207', '301', '410', '413', '508', '978', '231', '313', '906', '218', '507', '228', '662', '417', '573', '406',
  '308', '402', '702', '775', '603', '856', '973', '505', '575', '315', '518', '718', '845', '252', '336', '910', '701', '330', '419',
  '740', '405', '580', '918', '541', '814', '570', '717', '401', '803', '864', '605', '423', '731', '931', '325', '432', '806', '915',
  '956', '435', '801', '802', '276', '540', '509', '360', '304', '715', '920', '307', '684'];
export function phoneDigits(r) { return r.pick(AREA) + String(r.int(2, 9)) + r.digits(2) + r.digits(4); }
export function fmtPhone(r, n, style) {
  const a = n.slice(0, 3), b = n.slice(3, 6), c = n.slice(6);
  const styles = [`(${a}) ${b}-${c}`, `${a}-${b}-${c}`, `${a}.${b}.${c}`, `${a} ${b} ${c}`, `${a}${b}${c}`, `+1 ${a}-${b}-${c}`,
    `1-${a}-${b}-${c}`, `(${a})${b}-${c}`, `+1 (${a}) ${b}-${c}`, `${a}/${b}-${c}`, `+1${a}${b}${c}`, `1 (${a}) ${b} ${c}`];
  let s = style !== undefined ? styles[style % styles.length] : r.pick(styles);
  return s;
}
export function phone(r, ext = 0.08) {
  let s = fmtPhone(r, phoneDigits(r));
  if (r.chance(ext)) s += r.pick([' x', ' ext. ', ' ext ', ', ext ', ' X']) + r.digits(r.int(2, 5));
  return s;
}
export function tollFree(r) {
  const p = r.pick(['800', '888', '877', '866', '855', '844']);
  return r.pick([`1-${p}-${r.digits(3)}-${r.digits(4)}`, `(${p}) ${r.digits(3)}-${r.digits(4)}`, `${p}-${r.digits(3)}-${r.digits(4)}`, `1 ${p} ${r.digits(3)} ${r.digits(4)}`]);
}
export function ssn(r, style) {
  let area; do { area = r.int(1, 899); } while (area === 666);
  const a = String(area).padStart(3, '0'), g = String(r.int(1, 99)).padStart(2, '0'), s = String(r.int(1, 9999)).padStart(4, '0');
  const styles = [`${a}-${g}-${s}`, `${a}-${g}-${s}`, `${a} ${g} ${s}`, `${a}${g}${s}`, `${a}.${g}.${s}`];
  return style !== undefined ? styles[style] : r.pick(styles);
}
export function ssnLast4(r) { return String(r.int(1, 9999)).padStart(4, '0'); }
export function mrn(r) {
  return r.wpick([[4, () => r.digits(r.int(7, 9))], [2, () => '00' + r.digits(6)], [2, () => r.pick(['E', 'M', 'H', 'A']) + r.digits(7)],
    [1, () => `${r.digits(3)}-${r.digits(2)}-${r.digits(2)}`], [1, () => `${r.letters(2)}${r.digits(6)}`], [1, () => `${r.digits(2)}-${r.digits(6)}`]])();
}
const MBI_A = 'ACDEFGHJKMNPQRTUVWXY';
const MBI_AN = MBI_A + '0123456789';
export function mbi(r, dashed = r.chance(0.3)) {
  const c = (set) => set[r.int(0, set.length - 1)];
  const n = () => String(r.int(0, 9));
  const v = String(r.int(1, 9)) + c(MBI_A) + c(MBI_AN) + n() + c(MBI_A) + c(MBI_AN) + n() + c(MBI_A) + c(MBI_A) + n() + n();
  return dashed ? `${v.slice(0, 4)}-${v.slice(4, 7)}-${v.slice(7)}` : v;
}
export function memberId(r) {
  return r.wpick([[3, () => r.letters(3) + r.digits(9)], [2, () => r.pick(['W', 'H', 'U', 'M']) + r.digits(r.int(8, 10))],
    [2, () => r.digits(9) + r.pick(['01', '02', '00', ''])], [1, () => `${r.letters(3)}${r.digits(6)}-${r.digits(2)}`],
    [1, () => r.letters(2) + r.digits(8) + r.letters(1)], [1, () => r.digits(11)]])();
}
export function groupNo(r) { return r.pick([r.digits(6), r.digits(5) + '-' + r.digits(3), r.letters(1) + r.digits(5), r.digits(9)]); }
function luhnCheck(body) {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}
export function card(r) {
  const kind = r.int(0, 3);
  let body;
  if (kind === 0) body = '4' + r.digits(14);
  else if (kind === 1) body = String(r.int(51, 55)) + r.digits(13);
  else if (kind === 2) body = r.pick(['34', '37']) + r.digits(12);
  else body = '6011' + r.digits(11);
  const n = body + luhnCheck(body);
  if (r.chance(0.5)) return n;
  if (n.length === 15) return `${n.slice(0, 4)} ${n.slice(4, 10)} ${n.slice(10)}`;
  const sep = r.pick([' ', '-']);
  return n.match(/.{4}/g).join(sep);
}
export function npi(r) {
  const body = r.pick(['1', '2']) + r.digits(8);
  return body + luhnCheck('80840' + body);
}
export function dea(r, family) {
  const first = /[A-Za-z]/.test(family[0] || '') ? family[0].toUpperCase() : '9';
  const d = r.digits(6);
  const sum = Number(d[0]) + Number(d[2]) + Number(d[4]) + 2 * (Number(d[1]) + Number(d[3]) + Number(d[5]));
  return r.pick(['A', 'B', 'F', 'M']) + first + d + String(sum % 10);
}
const VIN_CH = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
const VIN_VAL = { A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9, S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9 };
const VIN_W = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
export function vin(r) {
  const ch = [];
  for (let i = 0; i < 17; i++) ch.push(VIN_CH[r.int(0, VIN_CH.length - 1)]);
  ch[0] = r.pick(['1', '2', '3', '4', '5', 'J', 'K', 'W']);
  ch[9] = r.pick('ABCDEFGHJKLMNPRSTVWXY123456789'.split(''));
  let sum = 0;
  for (let i = 0; i < 17; i++) { if (i === 8) continue; const c = ch[i]; sum += (/\d/.test(c) ? Number(c) : VIN_VAL[c]) * VIN_W[i]; }
  ch[8] = sum % 11 === 10 ? 'X' : String(sum % 11);
  return ch.join('');
}
export function plate(r) {
  return r.pick([`${r.int(1, 9)}${r.letters(3)}${r.digits(3)}`, `${r.letters(3)}-${r.digits(4)}`, `${r.letters(3)} ${r.digits(3)}`,
    `${r.digits(3)} ${r.letters(3)}`, `${r.letters(2)}${r.digits(2)}${r.letters(2)}`, `${r.digits(1)}${r.letters(2)}${r.digits(4)}`]);
}
export function driversLicense(r, st) {
  switch (st) {
    case 'CA': return r.letters(1) + r.digits(7);
    case 'NY': return r.chance(0.5) ? `${r.digits(3)} ${r.digits(3)} ${r.digits(3)}` : r.digits(9);
    case 'FL': return `${r.letters(1)}${r.digits(3)}-${r.digits(3)}-${r.digits(2)}-${r.digits(3)}-${r.digits(1)}`;
    case 'TX': return r.digits(8);
    case 'IL': return `${r.letters(1)}${r.digits(3)}-${r.digits(4)}-${r.digits(4)}`;
    case 'WA': return 'WDL' + r.letters(6, 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789');
    default: return r.pick([r.letters(1) + r.digits(8), r.digits(9), r.letters(2) + r.digits(6), r.digits(7)]);
  }
}
export function profLicense(r) { return r.pick([`RN${r.digits(6)}`, `${r.digits(7)}`, `LPN.${r.digits(6)}`, `${r.letters(2)}-${r.digits(5)}`, `MD${r.digits(5)}`]); }
export function serial(r) {
  return r.pick([`${r.letters(3)}${r.digits(6)}${r.letters(1)}`, `${r.digits(2)}${r.letters(2)}${r.digits(8)}`, `SN${r.digits(9)}`,
    `${r.letters(1)}${r.digits(4)}-${r.digits(5)}`, `${r.letters(4)}${r.digits(7)}`, `${r.digits(3)}${r.letters(1)}${r.digits(6)}`]);
}
export function ipv4(r) { return `${r.pick([24, 47, 50, 67, 68, 71, 73, 96, 98, 99, 104, 108, 136, 166, 172, 174, 184, 198])}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`; }
export function ipv6(r) { const h = () => r.int(0, 65535).toString(16); return `2600:${h()}:${h()}:${h()}::${h()}`; }
export function claimNo(r) {
  return r.pick([`${r.digits(2)}${r.digits(3)}${r.digits(3)}${r.digits(5)}`, `CLM-${r.digits(9)}`, `${r.digits(4)}${r.letters(2)}${r.digits(6)}`,
    `E${r.digits(12)}`, `${r.digits(3)}-${r.digits(7)}-${r.digits(2)}`]);
}
export function paNo(r) { return r.pick([`PA${r.digits(8)}`, `${r.digits(10)}`, `A${r.digits(9)}`, `${r.letters(2)}-${r.digits(4)}-${r.digits(5)}`, `REF${r.digits(7)}`]); }
export function encNo(r) { return r.pick([r.digits(10), `V${r.digits(8)}`, `${r.digits(4)}-${r.digits(6)}`, `ENC${r.digits(9)}`, r.digits(12)]); }
export function accession(r, yy) { return r.pick([`S${yy}-${r.int(100, 29999)}`, `${r.pick(['CT', 'MR', 'US', 'XR', 'NM'])}${r.digits(8)}`, `${yy}-${r.letters(2)}-${r.digits(5)}`, `A${r.digits(9)}`, `SP-${yy}-${r.digits(6)}`]); }
export function caseNo(r, yy) { return r.pick([`${yy}-${r.digits(5)}`, `CS${r.digits(7)}`, `20${yy}-DC-${r.digits(4)}`, `${r.digits(3)}-${r.digits(2)}-${r.digits(4)}`]); }
export function acctNo(r) { return r.pick([r.digits(r.int(8, 12)), `${r.digits(3)}-${r.digits(6)}`, `G${r.digits(8)}`, `${r.digits(2)}${r.letters(1)}${r.digits(7)}`, `HAR ${r.digits(9)}`.slice(4)]); }
