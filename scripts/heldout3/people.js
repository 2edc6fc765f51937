// People, providers and addresses as fragments of labelled parts.
import { S, join } from './builder.js';
import * as P from './pools.js';
import * as I from './ids.js';

export function person(r, sex) {
  const sx = sex ?? (r.chance(0.5) ? 'F' : 'M');
  const first = r.pick(sx === 'F' ? P.FIRST_F : P.FIRST_M);
  let middle = r.pick(sx === 'F' ? P.FIRST_F : P.FIRST_M);
  while (middle === first) middle = r.pick(sx === 'F' ? P.FIRST_F : P.FIRST_M);
  const last = r.chance(0.06) ? `${r.pick(P.LAST)}-${r.pick(P.LAST)}` : r.pick(P.LAST);
  return { sex: sx, first, middle, last, suffix: sx === 'M' && r.chance(0.06) ? r.pick(['Jr', 'Sr', 'III']) : null, dob: I.dob(r) };
}
/** A relative sharing the family name (most of the time). */
export function relative(r, pt, sex) {
  const p = person(r, sex);
  if (r.chance(0.6)) p.last = pt.last;
  return p;
}

/**
 * Name fragment. style: 'fl' First Last, 'fml' First M. Last, 'fmidl' First Middle Last, 'lf' Last, First,
 * 'lfm' Last, First M, 'f' first only, 'l' last only, 'FL' upper, 'LF' LAST, FIRST, 'il' F. Last.
 */
export function name(r, p, style, type = 'NAME') {
  const st = style ?? r.pick(['fl', 'fl', 'fl', 'fml', 'lf', 'lfm', 'fmidl', 'FL', 'LF']);
  const N = (v) => S(v, type);
  const up = (v) => v.toUpperCase();
  const suf = p.suffix && r.chance(0.6) ? [' ', p.suffix] : null;
  const mi = p.middle[0];
  switch (st) {
    case 'fl': return [N(p.first), ' ', N(p.last), suf];
    case 'fml': return [N(p.first), ' ', N(mi), '. ', N(p.last), suf];
    case 'fmnodot': return [N(p.first), ' ', N(mi), ' ', N(p.last)];
    case 'fmidl': return [N(p.first), ' ', N(p.middle), ' ', N(p.last)];
    case 'lf': return [N(p.last), ', ', N(p.first)];
    case 'lfm': return [N(p.last), ', ', N(p.first), ' ', N(mi), r.chance(0.5) ? '.' : ''];
    case 'f': return [N(p.first)];
    case 'l': return [N(p.last)];
    case 'il': return [N(p.first[0]), '. ', N(p.last)];
    case 'FL': return [N(up(p.first)), ' ', N(up(p.last))];
    case 'LF': return [N(up(p.last)), ', ', N(up(p.first)), r.chance(0.5) ? [' ', N(up(mi))] : null];
    case 'lfnosp': return [N(up(p.last)), ',', N(up(p.first))];
    default: throw new Error(st);
  }
}
const TITLE = { F: ['Ms.', 'Mrs.', 'Ms'], M: ['Mr.', 'Mr'] };
export const titled = (r, p) => [r.pick(TITLE[p.sex]), ' ', S(p.last, 'NAME')];

export function provider(r, sex, doctor) {
  const p = person(r, sex);
  p.cred = doctor || r.chance(0.55) ? r.pick(['MD', 'MD', 'MD', 'DO']) : r.pick(P.CREDS);
  p.npi = I.npi(r);
  return p;
}
/** Provider fragment: 'dr' Dr. Last, 'drfl' Dr. First Last, 'full' First Last, MD, 'fml' First M. Last, MD, 'f' first only. */
export function prov(r, p, style) {
  const st = style ?? r.pick(['dr', 'drfl', 'full', 'full', 'fml']);
  const N = (v) => S(v, 'PROVIDER_NAME');
  const doc = /MD|DO/.test(p.cred);
  switch (st) {
    case 'dr': return doc ? ['Dr. ', N(p.last)] : [N(p.first), ' ', N(p.last), ', ', p.cred];
    case 'drfl': return doc ? [r.pick(['Dr. ', 'Dr ', 'Doctor ']), N(p.first), ' ', N(p.last)] : [N(p.first), ' ', N(p.last), ' ', p.cred];
    case 'full': return [N(p.first), ' ', N(p.last), ', ', p.cred];
    case 'fml': return [N(p.first), ' ', N(p.middle[0]), '. ', N(p.last), ', ', p.cred];
    case 'f': return [N(p.first)];
    case 'l': return [N(p.last)];
    case 'sig': return ['/s/ ', N(p.first), ' ', N(p.last), ' ', p.cred];
    default: throw new Error(st);
  }
}

/** An address object. */
export function address(r, cityRow) {
  const c = cityRow ?? r.pick(P.CITIES);
  const street = r.chance(0.1) ? `${r.int(100, 9999)} ${r.pick(P.ROUTES)}`
    : r.chance(0.05) ? `PO Box ${r.int(12, 9999)}`
      : `${r.int(1, r.chance(0.5) ? 999 : 24999)}${r.chance(0.08) ? ' ' + r.pick(['N', 'S', 'E', 'W']) + '.' : ''} ${r.pick(P.STREET_NAMES)} ${r.pick(P.STREET_TYPES)}`;
  const unit = r.chance(0.25) ? r.pick(P.UNITS) : null;
  return { street, unit, city: c[0], st: c[1], zip: I.zip(r, c[2]), areas: c[3] };
}
/** Street line (with unit) as one LOCATION span. */
export const streetLine = (a, sep = ' ') => S(a.unit ? `${a.street}${sep}${a.unit}` : a.street, 'LOCATION');
/** City, ST ZIP line. */
export function cityLine(r, a, style) {
  const st = style ?? r.pick(['std', 'std', 'std', 'nocomma', 'upper', 'long']);
  if (st === 'long') return [S(a.city, 'LOCATION'), ', ', S(P.STATE_NAMES[a.st], 'NOT_PHI:STATE'), ' ', S(a.zip, 'ZIP')];
  if (st === 'upper') return [S(a.city.toUpperCase(), 'LOCATION'), ' ', S(a.st, 'NOT_PHI:STATE'), '  ', S(a.zip, 'ZIP')];
  if (st === 'nocomma') return [S(a.city, 'LOCATION'), ' ', S(a.st, 'NOT_PHI:STATE'), ' ', S(a.zip, 'ZIP')];
  return [S(a.city, 'LOCATION'), ', ', S(a.st, 'NOT_PHI:STATE'), ' ', S(a.zip, 'ZIP')];
}
/** Multi-line address block (array of line fragments). */
export function addressBlock(r, a) {
  const lines = [[streetLine(a, r.chance(0.5) ? ', ' : ' ')], cityLine(r, a)];
  if (a.unit && r.chance(0.4)) { lines.splice(0, 1, [S(a.street, 'LOCATION')], [S(a.unit, 'LOCATION')]); }
  return lines;
}
/** One-line address. */
export const addressInline = (r, a) => join([[streetLine(a)], cityLine(r, a, 'std')], ', ');
export const D = (r, dt, style) => S(I.fmtDate(r, dt, style), 'DATE');
export const PH = (r, areas, type = 'PHONE', style) => S(I.phone(r, areas, style), type);
export const email = (r, p) => {
  const u = r.pick([`${p.first}.${p.last}`, `${p.first[0]}${p.last}${r.int(1, 99)}`, `${p.last}${p.first[0]}`, `${p.first}${r.int(60, 2009)}`, `${p.first}_${p.last[0]}`]);
  return `${u.toLowerCase().replace(/[^a-z0-9._]/g, '')}@${r.pick(['gmail.com', 'yahoo.com', 'aol.com', 'hotmail.com', 'outlook.com', 'icloud.com', 'comcast.net', 'att.net', 'frontier.com', 'windstream.net'])}`;
};
export const workEmail = (r, p, domain) => `${p.first[0].toLowerCase()}${p.last.toLowerCase().replace(/[^a-z]/g, '')}@${domain}`;
export const orgDomain = (r, orgName) => orgName.toLowerCase().replace(/saint /g, 'st').replace(/[^a-z ]/g, '').split(' ').filter((x) => !['of', 'and', 'the'].includes(x)).map((x, i, a) => (a.length > 2 ? x[0] : x)).join('') + r.pick(['.org', '.com', 'health.org', '.net']);
