// Set 2: nurse-line, pharmacy and insurance call-center notes and transcripts.
import { Doc, S } from './builder.js';
import * as P from './pools.js';
import * as I from './ids.js';
import { person, relative, name, provider, prov, address, streetLine, D, PH, email } from './people.js';

const spell = (r, s) => { const L = [...s.toUpperCase().replace(/[^A-Z]/g, '')]; return r.chance(0.7) ? L.join('-') : L.join(' '); };
const wordsDob = (r, b) => r.pick([
  () => `${I.numWords(b.m)} ${I.numWords(b.d)} ${b.y % 100 < 10 ? 'oh ' + I.numWords(b.y % 100) : I.numWords(b.y % 100)}`,
  () => I.fmtDate(r, b, 'wordsy'),
  () => I.spokenDigits(r, `${I.p2(b.m)}${I.p2(b.d)}${b.y}`),
  () => I.fmtDate(r, b, r.pick(['mdy', 'mdyshort', 'mdy2'])),
  () => `${I.MONTHS[b.m - 1]} ${b.d}, ${b.y}`,
])();
const spokenPhone = (r, areas) => { const [a, e, l] = I.phoneParts(r, areas); return r.chance(0.6) ? I.spokenDigits(r, `${a}-${e}-${l}`) : `${a} ${e} ${l}`; };
const spokenAge = (r, n) => (r.chance(0.6) ? I.numWords(n) : String(n));
const agentP = (r) => { const a = provider(r); a.cred = ''; return a; };
const SPK = [['Agent', 'Caller'], ['AGENT', 'CALLER'], ['A', 'C'], ['Rep', 'Member'], ['CSR', 'CUST']];
const hdr = (r, when, agent) => r.pick([
  () => ['Call ID ', S(I.caseNo(r), 'OTHER_ID'), ' | ', D(r, when, 'mdy'), ' ', S(I.time(r, '24'), 'NOT_PHI:TIME'), ' | ANI ', S(I.phone(r, undefined, 'bare'), 'PHONE'), ' | agent ', S(`${agent.first[0]}${agent.last}`.toLowerCase().replace(/[^a-z]/g, ''), 'OTHER_ID')],
  () => ['Inbound call ', D(r, when, 'iso'), ' ', S(I.time(r, '24'), 'NOT_PHI:TIME'), ' - queue ', r.pick(['NURSE-ADV', 'RX-REFILL', 'MBR-SVCS', 'CLAIMS-2', 'PA-INTAKE']), ' - ref ', S(I.confirmNo(r), 'OTHER_ID')],
  () => ['[', D(r, when, 'mdy'), ' ', S(I.time(r, '12'), 'NOT_PHI:TIME'), '] Interaction #', S(r.digits(9), 'OTHER_ID'), ', handled by ', S(agent.first, 'PROVIDER_NAME'), ' ', S(agent.last[0], 'PROVIDER_NAME')],
])();

function transcript(r, i) {
  const when = I.date(r, 2024, 2026), pt = person(r), agent = agentP(r), payer = r.pick(P.PAYERS);
  const [A, C] = r.pick(SPK), d = new Doc(), age = I.ageOn(pt.dob, when), a = address(r);
  const caller = r.chance(0.35) ? relative(r, pt) : pt;
  const L = [hdr(r, when, agent)];
  L.push([`${A}: Thank you for calling `, S(payer, 'NOT_PHI:ORGANIZATION'), ', this is ', S(agent.first, 'PROVIDER_NAME'), '. Can I get the member ID?']);
  const id = I.memberId(r);
  L.push([`${C}: Yeah, it's `, S(r.chance(0.4) ? [...id].join(' ') : id, 'HEALTH_PLAN_ID'), '.']);
  L.push([`${A}: And the name and date of birth?`]);
  L.push([`${C}: `, caller === pt ? '' : 'It\'s for my ' + r.pick(['mother', 'father', 'husband', 'wife', 'son', 'daughter']) + ', ', name(r, pt, 'fl'), ', last name ', S(spell(r, pt.last), 'NAME'), ', born ', S(wordsDob(r, pt.dob), 'DATE'), '.']);
  if (caller !== pt) L.push([`${A}: And who am I speaking with?`], [`${C}: `, name(r, caller, 'fl'), r.chance(0.5) ? [', that\'s ', S(spell(r, caller.first), 'NAME')] : null, '. I\'m on the HIPAA form.']);
  const topic = r.pick(['claim', 'address', 'pcp', 'auth', 'card']);
  if (topic === 'claim') {
    L.push([`${C}: I got a bill for the ER visit on `, D(r, I.date(r, when.y - 1, when.y), r.pick(['long', 'monthday', 'words', 'mdy'])), ', claim number ', S(I.claimNo(r), 'OTHER_ID'), '.']);
    L.push([`${A}: I see it. It was denied as out of network at `, S(P.hospital(r), 'LOCATION'), '. I\'ll send it for reprocessing.']);
  } else if (topic === 'address') {
    L.push([`${C}: We moved. New address is `, streetLine(a), ', ', S(a.city, 'LOCATION'), ', ', S(r.chance(0.5) ? a.st : P.STATE_NAMES[a.st], 'NOT_PHI:STATE'), ' ', S(r.chance(0.5) ? a.zip : I.spokenDigits(r, a.zip.slice(0, 5)), 'ZIP'), '.']);
    L.push([`${A}: Updated. New cards go out in 7 to 10 days.`]);
  } else if (topic === 'pcp') {
    L.push([`${C}: I want to switch PCP to `, prov(r, provider(r, undefined, true), 'drfl'), ' at ', S(r.pick(P.CLINICS), 'LOCATION'), '.']);
    L.push([`${A}: Done, effective `, D(r, { ...when, d: 1 }, r.pick(['long', 'monthday', 'mdy'])), '.']);
  } else if (topic === 'auth') {
    L.push([`${C}: Is the MRI approved? The office said auth `, S(I.authNo(r), 'OTHER_ID'), '.']);
    L.push([`${A}: It's pending clinical review. The patient is `, S(spokenAge(r, age), 'AGE'), ', so no extra step therapy applies.']);
  } else {
    L.push([`${C}: The card says group `, S(I.groupNo(r), 'HEALTH_PLAN_ID'), ' but the pharmacy says inactive.']);
    L.push([`${A}: I reset eligibility; tell `, S(r.pick(P.CHAIN_PHARM), 'NOT_PHI:ORGANIZATION'), ' to rebill.']);
  }
  L.push([`${A}: Best callback number?`]);
  L.push([`${C}: `, S(spokenPhone(r, a.areas), 'PHONE'), r.chance(0.4) ? [', or email ', S(email(r, caller), 'EMAIL')] : null, '.']);
  L.push([`${A}: Your reference number for today is `, S(I.confirmNo(r), 'OTHER_ID'), '.']);
  for (const l of L.slice(0, 15)) d.line(l);
  return d.record(`callcenter-${String(i).padStart(4, '0')}`);
}

function nurseNote(r, i) {
  const when = I.date(r, 2024, 2026), pt = person(r), rn = provider(r), d = new Doc(), age = I.ageOn(pt.dob, when), a = address(r);
  const caller = r.chance(0.5) ? relative(r, pt) : null;
  const rel = r.pick(['dtr', 'son', 'wife', 'husb', 'mother', 'caregiver', 'neighbor']);
  const L = [];
  L.push([r.pick(['NURSE LINE ', 'RN ADVICE CALL ', 'Triage call ', 'TC: ']), D(r, when, r.pick(['mdy', 'mdy2', 'iso'])), ' ', S(I.time(r, r.pick(['24', 'mil'])), 'NOT_PHI:TIME')]);
  L.push([caller ? ['Caller ', name(r, caller, r.pick(['fl', 'f'])), ' (', rel, ') calling re: pt ', name(r, pt, r.pick(['fl', 'lf', 'LF']))] : ['Pt ', name(r, pt, r.pick(['fl', 'lf', 'LF'])), ' calling self'],
    ', ', S(String(age), 'AGE'), r.pick(['yo', ' y/o', ' yo ', 'y.o.']).trimEnd(), ' ', pt.sex, ', DOB ', D(r, pt.dob, r.pick(['mdy', 'mdy2', 'mdyshort'])), ' verified.']);
  L.push(['MRN ', S(I.mrn(r), 'MRN'), ' / PCP ', prov(r, provider(r, undefined, true), 'dr'), ' @ ', S(r.pick(P.CLINICS), 'LOCATION')]);
  L.push(['CC: ', r.pick(['fever 102.4 x2 days', 'SOB worse since last night', 'fell, R wrist swollen', 'BS 48 after insulin', 'vomiting x6, cant keep fluids down', 'rash after starting abx', 'chest tightness on exertion'])]);
  L.push(['Meds: ', S(r.pick(P.DRUGS), 'NOT_PHI:DRUG'), ', ', S(r.pick(P.DRUGS), 'NOT_PHI:DRUG'), r.chance(0.5) ? [' filled at ', S(r.pick(P.CHAIN_PHARM), 'NOT_PHI:ORGANIZATION'), ' on ', S(a.street.replace(/^\d+\s+/, ''), 'LOCATION')] : null]);
  L.push([r.pick(['Disposition: ', 'Dispo: ', 'Advised: ']), r.pick(['UC within 4h', 'ED now, caller agrees', 'home care, call back if worse', 'appt tomorrow', '911 advised'])]);
  if (r.chance(0.4)) L.push(['Pt lives alone at ', streetLine(a), ', ', S(a.city, 'LOCATION'), '; door code ', r.digits(4), '.']);
  L.push([r.pick(['Callback ', 'CB# ', 'call back: ', 'Best # ']), PH(r, a.areas), r.chance(0.3) ? [' alt ', PH(r, a.areas)] : null]);
  if (r.chance(0.3)) L.push(['Spelling of last name confirmed: ', S(spell(r, pt.last), 'NAME')]);
  L.push([prov(r, rn, r.pick(['full', 'sig'])), ' ', r.pick(['', 'ext ' + r.digits(4)])]);
  for (const l of L) d.line(l);
  return d.record(`callcenter-${String(i).padStart(4, '0')}`);
}

function pharmacyNote(r, i) {
  const when = I.date(r, 2024, 2026), pt = person(r), d = new Doc(), a = address(r), rph = provider(r);
  rph.cred = r.pick(['RPh', 'PharmD', 'CPhT']);
  const drug = r.pick(P.DRUGS), chain = r.pick(P.CHAIN_PHARM), prescriber = provider(r, undefined, true);
  const L = [];
  L.push([r.pick(['RX CALL LOG ', 'Pharmacy phone note ', 'REFILL LINE ']), D(r, when, r.pick(['mdy', 'dmonu', 'mdy2'])), ' ', S(I.time(r), 'NOT_PHI:TIME')]);
  L.push([r.pick(['pt ', 'Patient: ', 'spoke w/ pt ']), name(r, pt, r.pick(['lf', 'LF', 'fl', 'lfnosp'])), ' dob ', D(r, pt.dob, r.pick(['mdy', 'mdy2'])), ' ', r.pick(['called for refill', 'asking status', 'c/o copay', 'wants transfer'])]);
  L.push(['Rx #', S(I.rxNo(r), 'OTHER_ID'), ' ', S(drug, 'NOT_PHI:DRUG'), ' ', r.pick(['10 mg', '20mg', '500 mg', '0.5 mg', '100 units/mL']), ' #', r.pick(['30', '90', '60']), ', prescriber ', prov(r, prescriber, r.pick(['dr', 'drfl'])), ' (NPI ', S(prescriber.npi, 'NOT_PHI:NPI'), ')']);
  const t = r.pick(['pa', 'transfer', 'copay', 'callback']);
  if (t === 'pa') L.push(['Needs PA with ', S(r.pick(P.PAYERS), 'NOT_PHI:ORGANIZATION'), ', faxed request to MD office ', PH(r, a.areas, 'FAX'), ', case ', S(I.caseNo(r), 'OTHER_ID')]);
  else if (t === 'transfer') L.push(['transfer from ', S(r.pick(P.INDEP_PHARM), 'LOCATION'), ' in ', S(a.city, 'LOCATION'), ', old rx ', S(I.rxNo(r), 'OTHER_ID'), ', spoke to ', S(person(r).first, 'PROVIDER_NAME')]);
  else if (t === 'copay') L.push(['copay $', String(r.int(5, 480)), ', applied coupon BIN ', r.digits(6), ' member ', S(I.memberId(r), 'HEALTH_PLAN_ID'), '; card on file ending ', S(I.cardLast4(r), 'ACCOUNT')]);
  else L.push(['delivery to ', streetLine(a), ' ', S(a.city, 'LOCATION'), ' ', S(a.zip, 'ZIP'), ' on ', D(r, I.date(r, when.y, when.y), r.pick(['mdnoy', 'monthday'])), ', leave w/ ', r.pick(['neighbor ', 'son ', 'wife ']), S(person(r).first, 'NAME')]);
  if (r.chance(0.4)) L.push(['pt says last name spelled ', S(spell(r, pt.last), 'NAME'), ', chart had typo, corrected']);
  L.push([r.pick(['cb ', 'CB: ', 'best # ']), S(r.chance(0.3) ? spokenPhone(r, a.areas) : I.phone(r, a.areas), 'PHONE'), ' - ', prov(r, rph, 'full')]);
  for (const l of L) d.line(l);
  return d.record(`callcenter-${String(i).padStart(4, '0')}`);
}

function shorthand(r, i) {
  const when = I.date(r, 2024, 2026), pt = person(r), d = new Doc(), a = address(r);
  const L = [];
  L.push([D(r, when, 'mdy2'), ' ', S(I.time(r, 'mil'), 'NOT_PHI:TIME'), ' ', r.pick(['mbr', 'MBR', 'caller']), ' ', name(r, pt, r.pick(['FL', 'LF', 'lf'])), ' id# ', S(I.memberId(r), 'HEALTH_PLAN_ID')]);
  L.push(['vrfd ', r.pick(['dob/addr', 'DOB + last 4 SSN', 'name/dob/zip']), ': ', D(r, pt.dob, r.pick(['mdy', 'mdy2', 'hl7'])), ' / ', r.chance(0.5) ? ['ssn x', S(r.digits(4), 'SSN')] : S(a.zip.slice(0, 5), 'ZIP')]);
  if (r.chance(0.35)) L.push(['full SSN for COB form: ', S(I.ssn(r), 'SSN')]);
  L.push([r.pick(['adv ', 'advsd ', 'expl ']), r.pick(['EOB for DOS ', 'denial on DOS ', 'copay for DOS ']), D(r, I.date(r, when.y - 1, when.y), r.pick(['mdy', 'mdy2', 'mdnoy'])), ' clm ', S(I.claimNo(r), 'OTHER_ID')]);
  if (r.chance(0.5)) L.push(['mbr reports new DL ', S(I.dl(r, r.pick(['PA', 'OH', 'NY', 'TX', 'CA', 'FL', 'MI', 'WA'])), 'LICENSE'), ' for ID proofing, sent to fraud team']);
  if (r.chance(0.4)) L.push(['mbr is ', S(spokenAge(r, I.ageOn(pt.dob, when)), 'AGE'), ', spouse ', name(r, relative(r, pt), 'f'), ' on plan too']);
  L.push(['cb# ', PH(r, a.areas), r.chance(0.4) ? [' / email on file ', S(email(r, pt), 'EMAIL')] : null, ' ', r.pick(['- call closed', 'ftr', '- escalated tier 2', 'TT#' + r.digits(6)])]);
  for (const l of L) d.line(l);
  return d.record(`callcenter-${String(i).padStart(4, '0')}`);
}

export function generateCallcenter(r, n) {
  const gens = [[3, transcript], [3, nurseNote], [2, pharmacyNote], [2, shorthand]];
  const out = []; for (let i = 0; i < n; i++) out.push(r.weighted(gens)(r, i)); return out;
}
