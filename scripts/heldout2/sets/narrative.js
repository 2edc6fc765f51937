// Discharge summaries and social-work / case-management notes with long narrative.
import { Doc } from '../doc.js';
import { person, provider, pron, wName, wProv, address, wAddr, town, hospital, clinic, facility, school, church, neighborhood, personalUrl } from '../entities.js';
import { randDate, addDays, ageAt, fmtDate, fmtDateNoYear, fmtMonthYear, ordSuffix } from '../dates.js';
import * as I from '../ids.js';
import { wMed, labs } from '../clinical.js';
import { CHAINS, COUNTRIES, STATES } from '../places.js';

function ctx(r) { const visit = randDate(r, 2019, 2026); const p = person(r, { y0: 1928, y1: 2012 }); return { visit, p, age: ageAt(p.dob, visit), pr: pron(p) }; }
const cap = (s) => s[0].toUpperCase() + s.slice(1);
function discharge(r) {
  const c = ctx(r), d = new Doc(), adm = addDays(c.visit, -r.int(2, 14)), hosp = hospital(r), pcp = provider(r);
  d.t('DISCHARGE SUMMARY').nl().t('Patient: '); wName(d, r, c.p, r.pick(['fl', 'LF', 'fml'])); d.t('   MRN: ').p('MRN', I.mrn(r)).nl();
  d.t('Admitted: ').p('DATE', fmtDate(r, adm)).t('   Discharged: ').p('DATE', fmtDate(r, c.visit)).nl();
  d.t('Attending: '); wProv(d, r, provider(r), 'full'); d.t('   PCP: '); wProv(d, r, pcp, r.pick(['full', 'dr'])); d.nl();
  d.t('HOSPITAL COURSE: '); wName(d, r, c.p, r.pick(['mrl', 'f', 'l'])); d.t(' is a ').p('AGE', String(c.age)).t(`-year-old ${c.p.sex === 'F' ? 'woman' : 'man'} `);
  d.t(r.pick(['who presented to the ', 'transferred from the ', 'brought by family to the '])).t('emergency department at ').p('LOCATION', hosp).t(` with ${r.pick(['community-acquired pneumonia', 'an NSTEMI', 'DKA', 'a COPD exacerbation', 'a hip fracture after a fall', 'acute on chronic systolic heart failure'])}. `);
  d.t(`${cap(c.pr.he)} was treated with `); wMed(d, r); d.t(' and '); wMed(d, r); d.t('. ');
  if (r.chance(0.5)) { d.t('On hospital day ').t(String(r.int(2, 5))).t(` (`).p('DATE', fmtDateNoYear(r, addDays(adm, r.int(1, 3)))).t(`) ${c.pr.he} was seen by cardiology, `); wProv(d, r, provider(r), 'dr'); d.t(', who recommended outpatient echo. '); }
  d.t('Discharge labs: ').t(labs(r)).t('.').nl();
  d.t('DISPOSITION: ');
  const k = r.int(0, 2);
  if (k === 0) { d.t('Discharged to ').p('LOCATION', facility(r)).t(' in '); d.p('LOCATION', town(r).city).t(' for short-term rehab.'); }
  else if (k === 1) { d.t(`Home with ${c.pr.his} ${r.pick(['daughter', 'son', 'wife', 'husband', 'niece'])} `); wName(d, r, person(r, { family: c.p.family }), 'f'); d.t(', who will assist with medications. Home health via '); d.np('ORGANIZATION', r.pick(['Amedisys', 'Kindred at Home', 'Bayada', 'Interim HealthCare'])).t('.'); }
  else { d.t('Home. Lives alone at '); wAddr(d, r, address(r), 'line'); d.t('.'); }
  d.nl().t('FOLLOW-UP: '); wProv(d, r, pcp, 'dr'); d.t(' at ').p('LOCATION', clinic(r)).t(' within 7 days; appointment ').p('DATE', fmtDate(r, addDays(c.visit, r.int(3, 10)), r.pick(['weekdayLong', 'mdy', 'longOrd', 'monthOrd']))).t('. Office ').p('PHONE', I.phone(r, 0.2)).t(', fax ').p('FAX', I.phone(r, 0)).t('.');
  if (r.chance(0.2)) { d.nl().t('Device: ').t(r.pick(['ICD', 'dual-chamber pacemaker', 'insulin pump', 'LVAD'])).t(' serial ').p('DEVICE', I.serial(r)).t(', implanted ').p('DATE', fmtMonthYear(r, addDays(c.visit, -r.int(200, 3000)))).t('.'); }
  d.nl().t('Dictated by '); wProv(d, r, provider(r), r.pick(['full', 'init'])); d.t(' ').p('DATE', fmtDate(r, c.visit, 'mdy'));
  return d;
}
function social(r) {
  const c = ctx(r), d = new Doc(), t = town(r), sw = provider(r);
  d.t(r.pick(['SOCIAL WORK ASSESSMENT', 'Case Management Note', 'Psychosocial Assessment - LCSW'])).t(' - ').p('DATE', fmtDate(r, c.visit, r.pick(['mdy', 'long', 'weekdayLong', 'dMonY']))).nl();
  d.t('SW met with pt ');
  if (r.chance(0.5)) { d.t('and ' + c.pr.his + ' ' + r.pick(['daughter', 'son', 'sister', 'husband', 'wife', 'granddaughter']) + ' '); wName(d, r, person(r, { family: r.chance(0.6) ? c.p.family : undefined }), r.pick(['fl', 'f'])); d.t(' '); }
  d.t('at bedside. '); wName(d, r, c.p, r.pick(['f', 'mrl', 'fl'])); d.t(' (').p('AGE', String(c.age)).t(') ');
  const born = r.chance(0.4);
  if (born) { d.t('was born in '); if (r.chance(0.6)) d.np('COUNTRY', r.pick(COUNTRIES)); else d.p('LOCATION', town(r).city); d.t(' and moved to '); d.p('LOCATION', t.city).t(' in '); d.p('DATE_YEAR', String(r.int(Math.max(c.p.dob.y + 1, 1950), c.visit.y - 1))).t('. '); }
  else { d.t('grew up in '); d.p('LOCATION', t.city).t(', ').np('STATE', STATES[t.st]).t(', and lives in the '); d.p('LOCATION', neighborhood(r)).t(' area. '); }
  const w = r.int(0, 3);
  if (w === 0) { d.t(`${cap(c.pr.he)} works ${r.pick(['nights', 'second shift', 'part time'])} at the `); d.np('ORGANIZATION', r.pick(CHAINS)).t(' distribution center in '); d.p('LOCATION', town(r).city).t('. '); }
  else if (w === 1) { d.t(`${cap(c.pr.he)} retired from `); d.np('ORGANIZATION', r.pick(CHAINS)).t(' in '); d.p('DATE_YEAR', String(r.int(2000, c.visit.y))).t(' after ').t(String(r.int(10, 35))).t(' years. '); }
  else if (w === 2) { d.t(`${cap(c.pr.his)} ${r.pick(['son', 'daughter', 'grandson'])} `); wName(d, r, person(r, { family: c.p.family }), 'f'); d.t(', age ').p('AGE', String(r.int(6, 17))).t(', attends '); d.p('LOCATION', school(r, t)).t('. '); }
  else { d.t(`${cap(c.pr.he)} is a teacher at `); d.p('LOCATION', school(r, t)).t(' and was on campus when symptoms began. '); }
  if (r.chance(0.6)) { d.t('Active member of '); d.p('LOCATION', church(r, t)).t('; Pastor '); wName(d, r, person(r), r.pick(['fl', 'l']), 'NAME'); d.t(' has been visiting. '); }
  if (r.chance(0.4)) { d.t(`Family started a fundraiser at `).p('URL', personalUrl(r, c.p)).t('. '); }
  d.nl();
  d.t(r.pick(['Barriers: ', 'Needs identified: '])).t(r.pick(['transportation to dialysis', 'food insecurity', 'no working phone', 'unstable housing', 'caregiver burnout', 'cannot afford copays'])).t('. ');
  if (r.chance(0.5)) { d.t('Referred to '); d.p('LOCATION', facility(r)).t(', intake coordinator '); wProv(d, r, provider(r), 'full'); d.t(' ').p('PHONE', I.phone(r)).t('. '); }
  if (r.chance(0.3)) { d.t('APS report filed ').p('DATE', fmtDate(r, c.visit, r.pick(['md', 'mdy']))).t(', case # ').p('OTHER_ID', I.caseNo(r, String(c.visit.y).slice(2))).t('. '); }
  if (r.chance(0.3)) { d.t(`Medicaid application submitted; pt last worked ${r.pick(['in', 'around'])} `).p('DATE', fmtMonthYear(r, addDays(c.visit, -r.int(60, 900)))).t('. '); }
  if (r.chance(0.25)) { d.t('Pt no longer drives; ').t(r.pick(['truck', 'car', 'van'])).t(' VIN ').p('VEHICLE', I.vin(r)).t(' to be sold by family. '); }
  d.nl().t('Plan: f/u ').t(r.pick(['on the ', 'by the '])).p('DATE', ordSuffix(addDays(c.visit, r.int(1, 10)).d)).t('. ').t('-- '); wProv(d, r, sw, r.pick(['full', 'init']));
  return d;
}
function transferNote(r) {
  const c = ctx(r), d = new Doc(), fac = facility(r), ft = town(r);
  d.t('Interfacility transfer / placement note').nl();
  wName(d, r, c.p, 'fl'); d.t(', DOB ').p('DATE', fmtDate(r, c.p.dob)).t(', has resided at ').p('LOCATION', fac).t(' in ').p('LOCATION', ft.city).t(' since ').p('DATE', fmtMonthYear(r, addDays(c.visit, -r.int(100, 2000)))).t('. ');
  d.t(`${cap(c.pr.his)} POA is ${r.pick(['her', 'his'])} ${r.pick(['nephew', 'daughter', 'son', 'brother'])} `); const poa = person(r); wName(d, r, poa, 'fl'); d.t(' of '); d.p('LOCATION', town(r).city).t(', reachable at ').p('PHONE', I.phone(r)).t(r.chance(0.4) ? ' or ' : '.');
  if (d.text.endsWith(' or ')) { d.p('EMAIL', `${poa.given.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '')}${r.int(1, 99)}@gmail.com`).t('.'); }
  d.nl().t('Previously hospitalized at ').p('LOCATION', hospital(r)).t(' ').p('DATE', fmtDate(r, addDays(c.visit, -r.int(30, 400)), r.pick(['mdy2', 'monDY', 'dMonY']))).t(' through ').p('DATE', fmtDate(r, addDays(c.visit, -r.int(5, 29)), r.pick(['md', 'monD']))).t('. ');
  d.t('Medicare ').p('HEALTH_PLAN_ID', I.mbi(r)).t('; secondary ').np('PAYER', r.pick(['Medicaid', 'AARP Medigap', 'Humana', 'Tricare for Life'])).t('.').nl();
  d.t('Accepting physician '); wProv(d, r, provider(r), 'full'); d.t('; report called to charge nurse '); wProv(d, r, provider(r), 'first'); d.t('.');
  return d;
}
export const TEMPLATES = [[4, discharge], [4, social], [2, transferNote]];
