// ED triage and physician notes, EMS run sheets, radiology, pathology and operative headers.
import { Doc } from '../doc.js';
import { person, provider, pron, wName, wProv, address, wAddr, town, hospital, clinic, facility } from '../entities.js';
import { randDate, addDays, ageAt, fmtDate, fmtDateNoYear, time } from '../dates.js';
import * as I from '../ids.js';
import { vitals, labs, score, wMed, CC, UNITS, RAD, EPONYMS } from '../clinical.js';
import { RELATIONS } from '../names.js';

function ctx(r) {
  const visit = randDate(r, 2019, 2026);
  const p = person(r, { y1: 2019 });
  return { visit, p, age: ageAt(p.dob, visit), pr: pron(p) };
}
const sexWord = (r, p, age) => (p.sex === 'F' ? r.pick(['F', 'female', 'f', age < 18 ? 'girl' : 'woman']) : r.pick(['M', 'male', 'm', age < 18 ? 'boy' : 'man']));
function wAge(d, r, c) {
  const form = r.int(0, 5);
  if (form === 0) return d.p('AGE', String(c.age)).t(` yo ${sexWord(r, c.p, c.age)}`);
  if (form === 1) return d.p('AGE', String(c.age)).t(c.p.sex);
  if (form === 2) return d.p('AGE', String(c.age)).t(`-year-old ${c.p.sex === 'F' ? 'female' : 'male'}`);
  if (form === 3) return d.p('AGE', String(c.age)).t(` y/o ${c.p.sex}`);
  if (form === 4) return d.p('AGE', String(c.age)).t(`yo${c.p.sex.toLowerCase()}`);
  return d.p('AGE', String(c.age)).t(` year old ${sexWord(r, c.p, c.age)}`);
}
function header(d, r, c, opts = {}) {
  d.t(r.pick(['Pt: ', 'PATIENT: ', 'Name: ', 'Patient Name: ']));
  wName(d, r, c.p, r.pick(['LF', 'lf', 'fl']));
  d.t(r.pick(['  ', ' | ', '\n']));
  if (r.chance(0.85)) d.t(r.pick(['MRN: ', 'MRN ', 'MR#: ', 'Med Rec #: '])).p('MRN', I.mrn(r)).t(r.pick(['  ', ' | ', '\n']));
  d.t(r.pick(['DOB: ', 'DOB ', 'D.O.B. '])).p('DATE', fmtDate(r, c.p.dob, r.pick(['mdy', 'mdyShort', 'iso', 'dmonY', 'mdy2'])));
  if (r.chance(0.7)) { const o = r.int(0, 2); d.t(['  Age: ', ' (', '  '][o]).p('AGE', String(c.age)).t([`y ${c.p.sex}`, `y)`, ` ${c.p.sex}`][o]); }
  if (opts.enc && r.chance(0.6)) d.t(r.pick(['  CSN: ', '  Enc #: ', '  Visit: ', '  FIN '])).p('OTHER_ID', I.encNo(r));
  return d.nl();
}
function triage(r) {
  const c = ctx(r), d = new Doc(r.chance(0.2) ? 'upper' : 'none');
  d.t(r.pick(['ED TRIAGE NOTE', 'Triage Assessment', 'EMERGENCY DEPT - TRIAGE'])).t('  ').p('DATE', fmtDate(r, c.visit, r.pick(['mdy', 'mdyShort', 'iso', 'dmonY'])));
  d.t(' ').np('TIME', time(r)).nl();
  header(d, r, c, { enc: true });
  d.t('CC: ').t(r.pick(CC)).t(' x ').t(r.pick(['2 days', '1 wk', '3 hrs', 'since this AM', '45 min'])).nl();
  const via = r.int(0, 3);
  if (via === 0) { d.t('Arrived via EMS from '); d.p('LOCATION', facility(r)).t('.'); }
  else if (via === 1) { d.t('Ambulatory w/ ' + r.pick(RELATIONS) + ' '); wName(d, r, person(r, { family: c.p.family }), 'f'); d.t('.'); }
  else if (via === 2) { d.t('Transfer from '); d.p('LOCATION', hospital(r)).t(' for higher level of care.'); }
  else d.t('POV, walked in.');
  d.nl().t(vitals(r)).t('  ').t(score(r)).nl();
  if (r.chance(0.5)) { d.t('Allergies: ').np('DRUG', r.pick(['PCN', 'sulfa', 'codeine', 'latex', 'NKDA'])).nl(); }
  if (r.chance(0.4)) { d.t('Home meds: '); wMed(d, r); d.t(', '); wMed(d, r); d.nl(); }
  if (r.chance(0.3)) { d.t('Contact: ' + r.pick(RELATIONS) + ' '); const rel = person(r); wName(d, r, rel, 'fl'); d.t(' ').p('PHONE', I.phone(r)).nl(); }
  d.t(r.pick(['ESI ', 'Acuity: '])).t(String(r.int(1, 5))).t(' - to ').np('UNIT', r.pick(UNITS)).nl();
  d.t(r.pick(['Triage RN: ', 'RN: ', 'Triaged by '])); wProv(d, r, provider(r), r.pick(['full', 'init', 'first']));
  return d;
}
function physician(r) {
  const c = ctx(r), d = new Doc(r.chance(0.1) ? 'lower' : 'none');
  d.t(r.pick(['ED Provider Note', 'EMERGENCY DEPARTMENT PHYSICIAN NOTE', 'ED H&P'])).t(' - DOS ').p('DATE', fmtDate(r, c.visit)).nl();
  if (r.chance(0.6)) header(d, r, c, { enc: true });
  d.t('HPI: ');
  if (r.chance(0.4)) { wName(d, r, c.p, r.pick(['fl', 'mrl', 'f'])); d.t(' is a '); } else d.t('Pt is a ');
  wAge(d, r, c);
  d.t(` w/ PMH ${r.pick(['HTN, HLD, DM2', 'CAD s/p CABG', 'COPD on 2L home O2', 'ESRD on HD MWF', 'afib on anticoag', 'EtOH use d/o', 'none'])} p/w ${r.pick(CC)}.`);
  if (r.chance(0.4)) { d.t(` Onset `); d.p('DATE', fmtDateNoYear(r, addDays(c.visit, -r.int(1, 6)))).t(` per ${c.pr.his} ${r.pick(RELATIONS)}.`); }
  if (r.chance(0.3)) { d.t(' Last seen at '); d.p('LOCATION', clinic(r)).t(' on '); d.p('DATE', fmtDate(r, addDays(c.visit, -r.int(7, 300)))).t('.'); }
  if (r.chance(0.3)) { d.t(' Hx of PCI in '); d.p('DATE_YEAR', String(r.int(1998, c.visit.y))).t('.'); }
  d.nl().t('Exam: ').t(vitals(r)).t('. ');
  d.t(r.pick([`Neg `, `+ `, `no `])).np('EPONYM', r.pick(EPONYMS)).t(r.pick([' sign', '', "'s"])).t('. ').nl();
  d.t('Labs: ').t(labs(r)).t('; ').t(labs(r)).nl();
  d.t('Tx: '); wMed(d, r); if (r.chance(0.5)) { d.t(', '); wMed(d, r); }
  d.nl().t('MDM/Dispo: ').t(r.pick(['admit to ', 'obs in ', 'dc home, f/u PCP; bed ']));
  d.np('UNIT', r.pick(UNITS)).t('. ');
  if (r.chance(0.5)) { d.t('Discussed w/ '); wProv(d, r, provider(r), 'dr'); d.t(' (hospitalist).'); }
  d.nl().t('Signed: '); wProv(d, r, provider(r), r.pick(['full', 'LF', 'init']));
  if (r.chance(0.3)) d.t(' NPI ').np('NPI', I.npi(r));
  return d;
}
function ems(r) {
  const c = ctx(r), d = new Doc(r.chance(0.35) ? 'upper' : 'none');
  const a = address(r);
  d.t(r.pick(['PCR / RUN SHEET', 'EMS Patient Care Report', 'Prehospital Care Report'])).t('  Incident #').p('OTHER_ID', `${String(c.visit.y).slice(2)}-${r.digits(6)}`).nl();
  d.t('Date: ').p('DATE', fmtDate(r, c.visit, r.pick(['mdy', 'iso', 'mdyShort']))).t(`  Disp ${time(r, true)} Enr ${time(r, true)} On scene ${time(r, true)}`).nl();
  d.t(r.pick(['Medic ', 'Unit ', 'Rescue '])).t(String(r.int(1, 60))).t(' dispatched to ');
  if (r.chance(0.7)) wAddr(d, r, a, 'line'); else { d.p('LOCATION', a.street).t(', '); d.p('LOCATION', a.city); }
  d.t(` for ${r.pick(['fall', 'unresponsive', 'difficulty breathing', 'MVC rollover', 'chest pain', 'OD', 'seizure'])}.`).nl();
  d.t('Pt: '); wName(d, r, c.p, r.pick(['LF', 'fl'])); d.t(', '); wAge(d, r, c); d.t('. DOB ').p('DATE', fmtDate(r, c.p.dob)).nl();
  if (r.chance(0.3)) { d.t('Callback #: ').p('PHONE', I.phone(r)).nl(); }
  if (r.chance(0.2)) { d.t('Pt driver of vehicle, plate ').p('VEHICLE', I.plate(r)).t(' (').np('STATE', a.st).t(').').nl(); }
  d.t('Found ').t(r.pick(['supine on kitchen floor', 'sitting in recliner', 'in driver seat, restrained', 'lying in yard', 'in bathroom'])).t('. ').t(vitals(r)).t(' ').t(score(r)).nl();
  d.t('Tx: '); wMed(d, r); d.t(`, IV ${r.pick(['18g L AC', '20g R hand', 'IO L tibia'])}, ${r.pick(['12-lead NSR', '12-lead STEMI alert', 'c-collar', 'O2 15L NRB'])}.`).nl();
  d.t('Transported to ').p('LOCATION', hospital(r, a)).t(', ').t(r.pick(['priority 1', 'priority 2', 'non-emergent'])).t('.').nl();
  d.t('Crew: '); wProv(d, r, provider(r), r.pick(['full', 'init'])); d.t(' / '); wProv(d, r, provider(r), r.pick(['full', 'init']));
  return d;
}
function radiology(r) {
  const c = ctx(r), d = new Doc(r.chance(0.3) ? 'upper' : 'none');
  const [exam, finding, impression] = r.pick(RAD);
  d.t('EXAM: ').t(exam).nl();
  header(d, r, c);
  d.t(r.pick(['Accession: ', 'ACC# ', 'Acc No. '])).p('OTHER_ID', I.accession(r, String(c.visit.y).slice(2))).t('   DOS: ').p('DATE', fmtDate(r, c.visit)).nl();
  d.t('Ordering: '); wProv(d, r, provider(r), r.pick(['dr', 'full', 'LF'])); d.nl();
  d.t('CLINICAL HISTORY: ').t(r.pick(CC)).t('.').nl();
  if (r.chance(0.5)) { d.t('COMPARISON: '); if (r.chance(0.7)) d.p('DATE', fmtDate(r, addDays(c.visit, -r.int(30, 900)))); else d.t('None.'); d.nl(); }
  d.t('FINDINGS: ').t(finding).nl().t('IMPRESSION: ').t(impression).nl();
  if (r.chance(0.4)) { d.t('Critical result called to '); wProv(d, r, provider(r), 'dr'); d.t(' at ').np('TIME', time(r)).t(' on ').p('DATE', fmtDate(r, c.visit, 'md')).t('.').nl(); }
  d.t('Electronically signed by '); wProv(d, r, provider(r), r.pick(['full', 'LF'])); d.t(' on ').p('DATE', fmtDate(r, addDays(c.visit, r.int(0, 1)))).t(' ').np('TIME', time(r));
  return d;
}
function pathology(r) {
  const c = ctx(r), d = new Doc(r.chance(0.4) ? 'upper' : 'none');
  d.t('SURGICAL PATHOLOGY REPORT').nl();
  d.t('Accession #: ').p('OTHER_ID', I.accession(r, String(c.visit.y).slice(2))).nl();
  d.t('Patient: '); wName(d, r, c.p, r.pick(['LF', 'lf'])); d.t('   Age/Sex: ').p('AGE', String(c.age)).t(`/${c.p.sex}`).nl();
  d.t('MRN: ').p('MRN', I.mrn(r)).t('   DOB: ').p('DATE', fmtDate(r, c.p.dob, r.pick(['mdy', 'dmonY', 'iso']))).nl();
  d.t('Collected: ').p('DATE', fmtDate(r, c.visit, 'mdy')).t('  Received: ').p('DATE', fmtDate(r, addDays(c.visit, r.int(0, 2)), 'mdy')).nl();
  d.t('Submitting physician: '); wProv(d, r, provider(r), r.pick(['full', 'LF'])); d.t('  Location: ').p('LOCATION', r.chance(0.5) ? hospital(r) : clinic(r)).nl();
  d.t('SPECIMEN: ').t(r.pick(['A. Colon, sigmoid, polyp, polypectomy', 'Skin, L forearm, shave biopsy', 'Breast, R, 10 o\'clock, core bx', 'Gallbladder, cholecystectomy', 'Prostate, needle biopsies x12'])).nl();
  d.t('DIAGNOSIS: ').t(r.pick(['Tubular adenoma, negative for high-grade dysplasia.', 'Basal cell carcinoma, nodular type, margins involved.', 'Invasive ductal carcinoma, Nottingham grade 2.', 'Chronic cholecystitis with cholelithiasis.', 'Adenocarcinoma, Gleason 3+4=7 (Grade Group 2).']));
  return d;
}
function opnote(r) {
  const c = ctx(r), d = new Doc(r.chance(0.3) ? 'upper' : 'none');
  d.t('OPERATIVE REPORT').nl().t('Patient: '); wName(d, r, c.p, r.pick(['fl', 'LF', 'fml'])); d.t('  MRN ').p('MRN', I.mrn(r)).nl();
  d.t(r.pick(['Date of Surgery: ', 'DOS: ', 'Date of procedure: '])).p('DATE', fmtDate(r, c.visit, r.pick(['mdy', 'long', 'dMonY', 'weekdayLong']))).nl();
  d.t('Facility: ').p('LOCATION', hospital(r)).t(', OR ').t(String(r.int(1, 14))).nl();
  d.t('Surgeon: '); wProv(d, r, provider(r), r.pick(['full', 'LF'])); d.nl();
  if (r.chance(0.6)) { d.t('Assistant: '); wProv(d, r, provider(r), r.pick(['full', 'init'])); d.nl(); }
  d.t('Anesthesia: ').t(r.pick(['General ETT', 'MAC', 'Spinal', 'General LMA'])).t(' - '); wProv(d, r, provider(r), r.pick(['full', 'init'])); d.nl();
  d.t('Preop Dx: ').t(r.pick(['Symptomatic cholelithiasis', 'R inguinal hernia', 'L hip OA', 'Acute appendicitis', 'Carpal tunnel syndrome, R'])).nl();
  d.t('Implants: ').t(r.pick(['none', 'mesh', 'femoral stem + acetabular cup', 'none'])).t(r.chance(0.3) ? ', lot ' + r.digits(6) : '').nl();
  d.t('EBL ').t(String(r.int(5, 400))).t(' mL. Drains: ').np('EPONYM', r.pick(['Jackson-Pratt', 'Blake', 'Penrose'])).t(r.chance(0.5) ? ' x1' : '').t('. Counts correct x2.');
  return d;
}
function shorthand(r) {
  const c = ctx(r), d = new Doc(r.chance(0.5) ? 'lower' : 'none');
  d.t('pt ');
  wName(d, r, c.p, r.pick(['fl', 'lower', 'l']));
  d.t(' '); wAge(d, r, c); d.t(` bibems ${r.pick(CC)}. `).t(vitals(r)).t('. ');
  if (r.chance(0.5)) { d.t('lives at '); d.p('LOCATION', facility(r)).t('. '); }
  if (r.chance(0.3)) { d.t('dtr '); wName(d, r, person(r), 'f'); d.t(' at bedside, cell ').p('PHONE', I.phone(r, 0)).t('. '); }
  d.t(labs(r)).t('. ').t(score(r)).t('. ');
  if (r.chance(0.3)) { d.t('seen here ').p('DATE', fmtDate(r, addDays(c.visit, -r.int(2, 60)), r.pick(['md', 'monD', 'mdy2']))).t(' for same. '); }
  d.t(r.pick(['plan ct, labs, reassess', 'pain ctrl, ortho consult', 'fluids, abx, admit', 'obs overnight']));
  if (r.chance(0.25)) { d.t(', pacer interrogated, SN ').p('DEVICE', I.serial(r)); }
  return d;
}
export const TEMPLATES = [[3, triage], [3, physician], [2, ems], [2, radiology], [1, pathology], [1, opnote], [2, shorthand]];
