// Set 4: home-health, hospice and community-paramedic visit notes (lower-case shorthand).
import { Doc, S } from './builder.js';
import * as P from './pools.js';
import * as I from './ids.js';
import { person, relative, name, provider, prov, address, streetLine, D, PH } from './people.js';

function visit(r, i) {
  const when = I.date(r, 2024, 2026), pt = person(r), a = address(r), rn = provider(r), d = new Doc();
  const fam = relative(r, pt), nb = person(r), pet = r.pick(P.PETS), dme = r.pick(P.DME);
  const age = I.ageOn(pt.dob, when);
  const L = [];
  L.push([r.pick(['snv ', 'SN visit ', 'hospice rn visit ', 'cp visit ', 'PT eval ', 'recert visit ']), D(r, when, r.pick(['mdy2', 'mdnoy', 'mdy'])), ' ', S(I.time(r, 'mil'), 'NOT_PHI:TIME'), '-', S(I.time(r, 'mil'), 'NOT_PHI:TIME'),
    r.chance(0.5) ? [' pt ', name(r, pt, r.pick(['fl', 'lf', 'f']))] : null, r.chance(0.6) ? [' ', S(String(age), 'AGE'), r.pick(['yo', ' yo', ' y/o'])] : null]);
  if (r.chance(0.6)) L.push(['home: ', streetLine(a), ', ', S(a.city, 'LOCATION'), r.chance(0.4) ? [' ', S(a.zip, 'ZIP')] : null]);
  L.push([r.pick(['directions: ', 'dir: ', 'to find: ']), r.pick(['2nd house past ', 'yellow trailer behind ', 'left at ', 'gravel drive 1/4 mi after ']), S(r.pick(P.LANDMARKS).replace(/^the /, ''), 'NOT_PHI:ORGANIZATION'), ' on ', S(r.pick(P.ROUTES), 'LOCATION'),
    r.chance(0.5) ? [', ', r.pick(['green mailbox', 'ramp on side', 'dont use front door']), ''] : null, r.chance(0.4) ? [' in ', S(r.pick(P.NEIGHBORHOODS), 'LOCATION')] : null]);
  L.push([r.pick(['dtr ', 'son ', 'wife ', 'husb ', 'grandson ', 'niece ']), name(r, fam, r.pick(['f', 'fl'])), ' ', r.pick(['present', 'primary cg', 'works days', 'lives upstairs']), r.chance(0.5) ? [', cell ', PH(r, a.areas)] : null]);
  if (r.chance(0.5)) L.push(['neighbor ', name(r, nb, r.pick(['f', 'fl'])), ' has key', r.chance(0.5) ? [' (', PH(r, a.areas), ')'] : null]);
  L.push([r.pick(['', 'vs ']), 'bp ', `${r.int(90, 180)}/${r.int(50, 100)}`, ' p ', String(r.int(50, 120)), ' spo2 ', String(r.int(84, 99)), '% ', r.pick(['on 2L', 'ra', 'on 3l nc']), ', ', r.pick(['lungs coarse', 'le edema 2+', 'wound bed pink', 'pain 4/10', 'sleeping more, eating less'])]);
  L.push(['meds: ', S(r.pick(P.DRUGS), 'NOT_PHI:DRUG'), ' ', r.pick(['bid', 'daily', 'q4h prn']), ', ', S(r.pick(P.DRUGS), 'NOT_PHI:DRUG'), ' refill due at ', r.chance(0.5) ? S(r.pick(P.CHAIN_PHARM), 'NOT_PHI:ORGANIZATION') : S(r.pick(P.INDEP_PHARM), 'LOCATION')]);
  L.push([dme[0].toLowerCase(), ' sn ', S(dme[1](r), 'DEVICE'), r.pick([' working', ', filter changed', ' alarming, vendor called', ''])]);
  if (r.chance(0.6)) L.push([r.pick([`${r.pick(P.PET_KIND)} `, 'pets: ']), pet, ' ', r.pick(['friendly', 'put up before visit', 'barks, in back room', 'on the bed'])]);
  if (r.chance(0.3)) L.push(['pt drives ', r.pick(['blue ford ranger', 'silver buick', 'white chevy van']), ' plate ', S(I.plate(r), 'VEHICLE'), r.chance(0.4) ? [' vin ', S(I.vin(r), 'VEHICLE')] : null, ', family wants keys taken']);
  if (r.chance(0.35)) L.push(['attends ', S(r.pick(P.CHURCHES), 'LOCATION'), ', ', r.pick(['pastor ', 'deacon ']), name(r, person(r), 'fl'), ' visits ', r.pick(['sundays', 'weekly'])]);
  if (r.chance(0.3)) L.push(['mbr id ', S(I.memberId(r), 'HEALTH_PLAN_ID'), ' / mrn ', S(I.mrn(r), 'MRN'), ' / auth ', S(I.authNo(r), 'OTHER_ID'), ' thru ', D(r, I.date(r, when.y, when.y + 1), 'mdy2')]);
  L.push([r.pick(['next visit ', 'rtn ', 'f/u ']), D(r, I.date(r, when.y, when.y), r.pick(['mdnoy', 'mdy2', 'monthday'])), r.chance(0.5) ? [', updated ', prov(r, provider(r, undefined, true), 'dr')] : null, ' - ', prov(r, rn, r.pick(['f', 'full', 'l']))]);
  for (const l of L.slice(0, 15)) d.line(l);
  return d.record(`homecare-${String(i).padStart(4, '0')}`);
}

function paramedic(r, i) {
  const when = I.date(r, 2024, 2026), pt = person(r), a = address(r), d = new Doc(), medic = provider(r);
  medic.cred = r.pick(['NRP', 'CP-C', 'EMT-P']);
  const L = [];
  L.push(['CP ', r.pick(['follow-up', 'post-discharge', 'frequent-caller']), ' visit ', D(r, when, 'mdy'), ' unit ', r.pick(['M12', 'CP3', 'Medic 7']), ' arrived ', S(I.time(r, '24'), 'NOT_PHI:TIME')]);
  L.push(['pt ', name(r, pt, r.pick(['lfm', 'fl', 'FL'])), ', dob ', D(r, pt.dob, 'mdy2'), ', d/c from ', S(P.hospital(r), 'LOCATION'), ' on ', D(r, I.date(r, when.y, when.y), 'mdnoy')]);
  L.push(['loc: ', streetLine(a), ' ', S(a.city, 'LOCATION'), ', ', r.pick(['back door, 3 steps', 'apt over the garage', 'knock loud, HOH']), r.chance(0.4) ? [', near ', S(r.pick(P.SCHOOLS), 'LOCATION')] : null]);
  L.push(['lives w/ ', r.pick(['brother ', 'girlfriend ', 'mother ', 'roommate ']), name(r, relative(r, pt), 'f'), '; ', r.pick(['cat ', 'dog ']), r.pick(P.PETS), ' in home']);
  L.push(['wt ', String(r.int(90, 320)), ' lb (', r.pick(['+3', '-2', '+5', 'no change']), '), ', r.pick(['bgl 212', 'bgl 88', 'lungs clear', 'crackles bases']), ', pill box ', r.pick(['set up for week', 'half full', 'missed 3 days'])]);
  L.push(['pt states last name is ', S([...pt.last.toUpperCase().replace(/[^A-Z]/g, '')].join('-'), 'NAME'), r.chance(0.5) ? ', hospital misspelled it' : '']);
  L.push(['ssn on d/c papers ', S(I.ssn(r), 'SSN'), ' shredded per pt request']);
  L.push(['call ', PH(r, a.areas), ' before next visit ', D(r, I.date(r, when.y, when.y), 'mdnoy'), ' - ', prov(r, medic, 'full')]);
  for (const l of r.chance(0.5) ? L.filter((_, k) => k !== 6) : L) d.line(l);
  return d.record(`homecare-${String(i).padStart(4, '0')}`);
}

export function generateHomecare(r, n) {
  const out = []; for (let i = 0; i < n; i++) out.push((r.chance(0.75) ? visit : paramedic)(r, i)); return out;
}
