// Per-record context (the people and places a record talks about) and the slots every set shares.
import * as F from './fills.js';
import * as V from './values.js';

const loc = (v) => ({ t: 'LOCATION', v });
const titleCase = (s) => s.toLowerCase().replace(/(^|[\s\-'])(\p{L})/gu, (m, a, b) => a + b.toUpperCase());

/** A street line of our own: `212 W Chestnut St Apt 3B`, `PO Box 88`, `18 Orchard Ln`. */
export function streetLine(r) {
  if (r.chance(0.08)) return `${r.pick(['PO Box', 'P.O. Box', 'Box'])} ${r.int(2, 9999)}`;
  let s = `${r.int(1, 9899)} ${r.chance(0.2) ? r.pick(F.DIRECTIONS) + ' ' : ''}${r.pick(F.STREET_NAMES)} ${r.pick(F.STREET_TYPES)}`;
  if (r.chance(0.3)) s += `${r.chance(0.5) ? ',' : ''} ${r.pick(F.UNIT_DESIG)} ${r.chance(0.5) ? r.int(1, 40) : `${r.int(1, 9)}${r.pick(['A', 'B', 'C', 'F', 'R'])}`}`;
  return s;
}

/** An address: street, town, state, ZIP as parts; Synthea addresses (about a third) or our own. */
export function addressParts(r, ctx, sep) {
  const fa = ctx.fhir.length && r.chance(0.35) ? r.pick(ctx.fhir) : null;
  const line = fa ? (r.chance(0.6) ? titleCase(fa.line) : fa.line) : streetLine(r);
  const town = fa ? (r.chance(0.6) ? titleCase(fa.city) : fa.city) : r.pick(F.TOWNS);
  const st = fa ? fa.state : r.pick(F.STATE_ABBR);
  const z = fa ? { t: 'ZIP', v: fa.zip } : V.zip(r);
  const s1 = sep ?? r.pick([', ', '\n', ' ', '  ']);
  return [loc(line), s1, loc(town), r.pick([', ', ' ']), { t: 'NOT_PHI:STATE', v: st }, r.pick([' ', '  ']), z];
}

const FEMALE_REL = /^(?:wife|daughter|dtr|sister|mother|niece|granddaughter|daughter-in-law|aunt)$/;
const MALE_REL = /^(?:husband|son|brother|father|nephew|grandson|stepson|son-in-law|uncle)$/;

export function newCtx(r, fhir) {
  const pt = V.person(r);
  const rel = r.pick(F.RELATIONS);
  const fam = V.person(r, FEMALE_REL.test(rel) ? 'f' : MALE_REL.test(rel) ? 'm' : undefined);
  if (r.chance(0.5)) fam.last = pt.last;
  return {
    r, fhir, pt, fam, fam2: V.person(r), rel,
    prov: V.person(r), prov2: V.person(r), nurse: V.person(r),
    hosp: r.pick(F.HOSPITALS), hosp2: r.pick(F.HOSPITALS), town: r.pick(F.TOWNS),
  };
}

/** Slots shared by all sets; each takes the record context. */
export const COMMON = {
  PT: (c) => V.nameParts(c.r, c.pt),
  PTFULL: (c) => V.nameParts(c.r, c.pt, 'NAME', c.r.pick(['full', 'full', 'last-first', 'initial'])),
  PTF: (c) => V.nameParts(c.r, c.pt, 'NAME', 'formal'),
  PTFIRST: (c) => ({ t: 'NAME', v: c.pt.first }),
  PTLAST: (c) => ({ t: 'NAME', v: c.pt.last }),
  FAMN: (c) => ({ t: 'NAME', v: c.fam.first }),
  FAMLAST: (c) => ({ t: 'NAME', v: c.fam.last }),
  FAMFULL: (c) => V.nameParts(c.r, c.fam, 'NAME', 'full'),
  FAM2: (c) => ({ t: 'NAME', v: c.fam2.first }),
  REL: (c) => c.rel,
  PROV: (c) => V.provParts(c.r, c.prov),
  PROV2: (c) => V.provParts(c.r, c.prov2),
  PROVLAST: (c) => ({ t: 'PROVIDER_NAME', v: c.prov.last }),
  NURSE: (c) => c.r.chance(0.5) ? { t: 'PROVIDER_NAME', v: c.nurse.first } : [{ t: 'PROVIDER_NAME', v: c.nurse.first }, ' ', { t: 'PROVIDER_NAME', v: c.nurse.last }],
  ROLE: (c) => c.r.pick(F.PROV_ROLE),
  HOSP: (c) => loc(c.r.chance(0.25) ? c.r.pick(F.HOSP_SHORT) : c.hosp),
  HOSP2: (c) => loc(c.hosp2),
  CLINIC: (c) => loc(c.r.pick(F.CLINICS)),
  NH: (c) => loc(c.r.pick(F.NURSING_HOMES)),
  TOWN: (c) => loc(c.town),
  TOWN2: (c) => loc(c.r.pick(F.TOWNS)),
  ABROAD: (c) => loc(c.r.pick(F.TOWNS_ABROAD)),
  COUNTRY: (c) => ({ t: 'NOT_PHI:COUNTRY', v: c.r.pick(F.COUNTRIES) }),
  STATE: (c) => ({ t: 'NOT_PHI:STATE', v: c.r.pick(c.r.chance(0.5) ? F.STATES : F.STATE_ABBR) }),
  COUNTY: (c) => loc(c.r.pick(F.COUNTIES)),
  STREET: (c) => loc(`${c.r.pick(F.STREET_NAMES)} ${c.r.pick(F.STREET_TYPES)}`),
  ADDRLINE: (c) => loc(streetLine(c.r)),
  ADDR: (c) => addressParts(c.r, c),
  ADDR1: (c) => addressParts(c.r, c, ', '),
  NUNIT: (c) => loc(c.r.pick(F.UNITS_NAMED)),
  UNIT: (c) => c.r.pick(F.UNITS_GENERIC),
  EMPLOYER: (c) => ({ t: 'NOT_PHI:ORG', v: c.r.pick(F.EMPLOYERS) }),
  PAYER: (c) => ({ t: 'NOT_PHI:ORG', v: c.r.pick(F.PAYERS) }),
  DATE: (c) => V.date(c.r),
  SDATE: (c) => V.date(c.r, { style: c.r.pick(['m/d', 'm/d', 'mm/dd', 'm/d/yy', 'm/d/yy', 'Mon d', 'ddMONyyyy', 'm-d-yy', 'd.m.yy']) }),
  LDATE: (c) => V.date(c.r, { style: c.r.pick(['mm/dd/yyyy', 'Month d, yyyy', 'd Mon yyyy', 'iso', 'Mon d, yyyy', 'Month dth', 'dth of Month']) }),
  MDATE: (c) => V.date(c.r, { style: c.r.pick(['mm/yyyy', 'Month yyyy']) }),
  DOB: (c) => ({ ...(c.dob ??= V.dob(c.r)) }),
  YEAR: (c) => ({ t: 'DATE_YEAR', v: String(c.r.int(1968, 2025)) }),
  AGE: (c) => V.age(c.r),
  OLDAGE: (c) => V.age(c.r, { old: true }),
  WAGE: (c) => V.age(c.r, { old: true, words: true }),
  PHONE: (c) => V.phone(c.r),
  PAGER: (c) => V.pager(c.r),
  FAX: (c) => V.fax(c.r),
  MRN: (c) => V.mrn(c.r),
  SSN: (c) => V.ssn(c.r),
  MEMBER: (c) => V.memberId(c.r),
  GROUP: (c) => V.groupNo(c.r),
  ACCT: (c) => V.account(c.r),
  CLAIM: (c) => V.claimNo(c.r),
  EMAIL: (c) => V.email(c.r, c.pt),
  FAMEMAIL: (c) => V.email(c.r, c.fam),
  URL: (c) => V.personalUrl(c.r, c.pt),
  IP: (c) => V.ip(c.r),
  DL: (c) => V.license(c.r),
  VIN: (c) => V.vin(c.r),
  PLATE: (c) => V.plate(c.r),
  SERIAL: (c) => V.serial(c.r),
  ZIP: (c) => V.zip(c.r),
  NPI: (c) => V.npi(c.r),
  TIME: (c) => c.r.pick([`${String(c.r.int(0, 23)).padStart(2, '0')}${c.r.pick(['00', '15', '30', '45'])}`, `${c.r.int(1, 12)}${c.r.pick(['am', 'pm', ' pm', ' AM', ':30pm', ':15 am'])}`, `${c.r.int(1, 12)}:${c.r.pick(['00', '10', '25', '40', '55'])}`]),
  N: (c) => String(c.r.int(1, 6)),
  HE: (c) => (c.pt.sex === 'f' ? 'she' : 'he'),
  HIS: (c) => (c.pt.sex === 'f' ? 'her' : 'his'),
  SEXW: (c) => c.r.pick(c.pt.sex === 'f' ? ['f', 'F', 'female', 'woman', 'lady', 'W'] : ['m', 'M', 'male', 'man', 'gentleman']),
  SEX1: (c) => (c.pt.sex === 'f' ? c.r.pick(['F', 'f']) : c.r.pick(['M', 'm'])),
};
