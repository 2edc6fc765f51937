// Billing/claims letters, prior auth, EOB excerpts, HL7-style segments, CSV exports, intake forms, requisitions, death certificates.
import { Doc } from '../doc.js';
import { person, provider, wName, wProv, address, wAddr, hospital, clinic, email } from '../entities.js';
import { randDate, addDays, ageAt, fmtDate, fmtMonthYear, hl7Date } from '../dates.js';
import * as I from '../ids.js';
import { MEDS } from '../clinical.js';
import { PAYERS, STATES } from '../places.js';

function ctx(r) { const visit = randDate(r, 2019, 2026); const p = person(r, { y1: 2017 }); return { visit, p, age: ageAt(p.dob, visit) }; }
function billing(r) {
  const c = ctx(r), d = new Doc(), a = address(r);
  d.t(r.pick(['STATEMENT OF ACCOUNT', 'Patient Billing Notice', 'FINAL NOTICE'])).t('  ').p('DATE', fmtDate(r, c.visit, r.pick(['long', 'mdy']))).nl();
  wName(d, r, c.p, r.pick(['fl', 'LF', 'fml'])); d.nl(); wAddr(d, r, a, 'two'); d.nl();
  d.t('Account #: ').p('ACCOUNT', I.acctNo(r)).t('   Guarantor: '); wName(d, r, r.chance(0.6) ? c.p : person(r, { family: c.p.family }), 'fl'); d.nl();
  d.t('Service date: ').p('DATE', fmtDate(r, addDays(c.visit, -r.int(20, 120)))).t(' at ').p('LOCATION', hospital(r)).nl();
  d.t(`Balance due: $${r.int(25, 9000)}.${r.digits(2)}. `).t(r.pick(['Pay online or call ', 'Questions? Billing office ', 'To set up a payment plan call ']));
  if (r.chance(0.5)) d.np('TOLL_FREE', I.tollFree(r)); else d.p('PHONE', I.phone(r));
  if (r.chance(0.35)) { d.nl().t('Card on file ending ').p('ACCOUNT', r.digits(4)).t(' declined.'); }
  else if (r.chance(0.3)) { d.nl().t('Payment received by card ').p('ACCOUNT', I.card(r)).t(` exp ${r.int(1, 12)}/${r.int(26, 31)}`); }
  return d;
}
function priorAuth(r) {
  const c = ctx(r), d = new Doc(r.chance(0.3) ? 'upper' : 'none');
  const pr = provider(r), [drug, dose] = r.pick(MEDS);
  d.t('PRIOR AUTHORIZATION REQUEST').t(r.chance(0.5) ? ' - URGENT' : '').nl();
  d.t('Plan: ').np('PAYER', r.pick(PAYERS)).t('   Member ID: ').p('HEALTH_PLAN_ID', r.chance(0.3) ? I.mbi(r) : I.memberId(r)).t('  Group: ').p('HEALTH_PLAN_ID', I.groupNo(r)).nl();
  d.t('Member: '); wName(d, r, c.p, r.pick(['LF', 'fl', 'lf'])); d.t('  DOB ').p('DATE', fmtDate(r, c.p.dob)).t('  Phone ').p('PHONE', I.phone(r)).nl();
  d.t('Requesting provider: '); wProv(d, r, pr, r.pick(['full', 'LF'])); d.t('  NPI ').np('NPI', I.npi(r)).t('  Fax ').p('FAX', I.phone(r, 0)).nl();
  d.t('Requested: ').t(r.pick([`${drug} ${dose}`, 'MRI lumbar spine w/o contrast (CPT 72148)', 'CPAP E0601', 'Total knee arthroplasty (27447)', 'Home health PT 2x/wk x 6 wks'])).nl();
  d.t(`Dx: ${r.pick(['M54.16', 'E11.65', 'G47.33', 'M17.11', 'F33.1', 'J45.50'])}. Tried/failed: `).np('DRUG', r.pick(MEDS)[0]).t(' since ').p('DATE', fmtMonthYear(r, addDays(c.visit, -r.int(60, 700)))).nl();
  d.t('Determination: ').t(r.pick(['APPROVED', 'PENDED - need notes', 'DENIED'])).t('  Auth #: ').p('OTHER_ID', I.paNo(r)).t(' valid through ').p('DATE', fmtDate(r, addDays(c.visit, r.int(30, 365)), r.pick(['mdy', 'iso'])));
  return d;
}
function eob(r) {
  const c = ctx(r), d = new Doc();
  d.np('PAYER', r.pick(PAYERS)).t(' - Explanation of Benefits (THIS IS NOT A BILL)').nl();
  d.t('Member: '); wName(d, r, c.p, 'fl'); d.t('   ID ').p('HEALTH_PLAN_ID', I.memberId(r)).nl();
  d.t('Claim ').p('OTHER_ID', I.claimNo(r)).t('  Provider: ').p('LOCATION', r.chance(0.5) ? clinic(r) : hospital(r)).nl();
  d.t('Patient: '); wName(d, r, r.chance(0.6) ? c.p : person(r, { family: c.p.family, y0: 2005 }), 'fl'); d.t(r.pick(['  (self)', '  (dependent)', ''])).nl();
  const n = r.int(1, 3);
  for (let i = 0; i < n; i++) {
    const amt = r.int(40, 4000);
    d.p('DATE', fmtDate(r, addDays(c.visit, -r.int(0, 30)), r.pick(['mdy', 'mdy2']))).t(`  ${r.pick(['99214', '80053', '71046', '99284', '36415', '93000'])}  Billed $${amt}.00  Allowed $${Math.floor(amt * 0.6)}.00  You owe $${Math.floor(amt * 0.1)}.00`).nl();
  }
  d.t('Appeal by ').p('DATE', fmtDate(r, addDays(c.visit, 180), r.pick(['long', 'mdy']))).t('. Member services ').np('TOLL_FREE', I.tollFree(r)).t(' (TTY 711).');
  return d;
}
function hl7(r) {
  const c = ctx(r), d = new Doc(), a = address(r), pr = provider(r);
  d.t(`MSH|^~\\&|${r.pick(['EPIC', 'CERNER', 'MEDITECH', 'ATHENA'])}|${r.pick(['LAB', 'ADT', 'RAD'])}|||`).p('DATE', `${hl7Date(c.visit)}${String(r.int(0, 23)).padStart(2, '0')}${String(r.int(0, 59)).padStart(2, '0')}`).t(`||ADT^A0${r.int(1, 8)}|${r.digits(8)}|P|2.5.1`).nl();
  d.t('PID|1||').p('MRN', I.mrn(r)).t('^^^').t(r.pick(['MRN', 'HOSP', 'MR'])).t('||');
  d.p('NAME', c.p.family.toUpperCase()).t('^').p('NAME', c.p.given.toUpperCase()).t('^'); if (c.p.middle) d.p('NAME', c.p.middle[0]); d.t('||');
  d.p('DATE', hl7Date(c.p.dob)).t(`|${c.p.sex}|||`).p('LOCATION', a.street.toUpperCase()).t('^^').p('LOCATION', a.city.toUpperCase()).t('^').np('STATE', a.st).t('^').p('ZIP', a.zip).t('^USA||');
  d.p('PHONE', r.chance(0.5) ? `(${I.phoneDigits(r).replace(/^(\d{3})(\d{3})(\d{4})$/, '$1)$2-$3')}` : I.phoneDigits(r)).t('|||||');
  d.p('ACCOUNT', r.digits(10)).t('|').p('SSN', I.ssn(r, r.chance(0.5) ? 3 : 0)).nl();
  d.t('PV1|1|').t(r.pick(['E', 'I', 'O'])).t('|').np('UNIT', r.pick(['ED^12', '4W^402^A', 'ICU^7'])).t('||||').np('NPI', I.npi(r)).t('^').p('PROVIDER_NAME', pr.family.toUpperCase()).t('^').p('PROVIDER_NAME', pr.given.toUpperCase()).t(`|||||||||||`).p('OTHER_ID', I.encNo(r)).nl();
  if (r.chance(0.5)) { d.t('IN1|1|').t(r.digits(5)).t('|').np('PAYER', r.pick(PAYERS).toUpperCase()).t('|||||').p('HEALTH_PLAN_ID', I.groupNo(r)).t('||||||||||||||||||||||||||||').p('HEALTH_PLAN_ID', I.memberId(r)).nl(); }
  if (r.chance(0.4)) { const k = person(r); d.t('NK1|1|').p('NAME', k.family.toUpperCase()).t('^').p('NAME', k.given.toUpperCase()).t(`|${r.pick(['SPO', 'CHD', 'PAR', 'SIB'])}||`).p('PHONE', I.phoneDigits(r)).nl(); }
  return d;
}
function csv(r) {
  const d = new Doc();
  d.t(r.pick(['mrn,last_name,first_name,dob,zip,phone,payer', 'MRN,LAST,FIRST,DOB,ZIP,PHONE,PAYER'])).nl();
  const n = r.int(2, 8);
  for (let i = 0; i < n; i++) {
    const p = person(r), q = r.chance(0.2) ? '"' : '';
    d.p('MRN', I.mrn(r)).t(',').t(q).p('NAME', p.family).t(q).t(',').p('NAME', p.given).t(',').p('DATE', fmtDate(r, p.dob, r.pick(['mdy', 'iso']))).t(',');
    d.p('ZIP', address(r).zip).t(',').p('PHONE', I.fmtPhone(r, I.phoneDigits(r), r.pick([1, 4, 0]))).t(',').np('PAYER', r.pick(PAYERS).replace(/,/g, '')).nl();
  }
  return d;
}
function intake(r) {
  const c = ctx(r), d = new Doc(r.chance(0.2) ? 'upper' : 'none'), a = address(r);
  d.t('NEW PATIENT INTAKE').nl().t('Last name: ').p('NAME', c.p.family).t('   First: ').p('NAME', c.p.given).t('   MI: '); if (c.p.middle) d.p('NAME', c.p.middle[0]); d.nl();
  d.t('DOB: ').p('DATE', fmtDate(r, c.p.dob, r.pick(['mdy', 'mdyShort', 'dash2', 'dot']))).t('  Age: ').p('AGE', String(c.age)).t('  SSN: '); if (r.chance(0.2)) d.t('XXX-XX-').p('SSN', I.ssnLast4(r)); else d.p('SSN', I.ssn(r)); d.nl();
  d.t('Address: '); wAddr(d, r, a, 'line'); d.nl();
  d.t('Home: ').p('PHONE', I.phone(r)).t('  Cell: ').p('PHONE', I.phone(r)).t('  Email: ').p('EMAIL', email(r, c.p)).nl();
  if (r.chance(0.4)) { d.t("Driver's lic: ").p('LICENSE', I.driversLicense(r, a.st)).t(' (').np('STATE', a.st).t(')').nl(); }
  d.t('Employer: '); if (r.chance(0.4)) d.t(r.pick(['self-employed', 'retired', 'none', 'disabled'])); else d.np('ORGANIZATION', r.pick(['Walmart', 'Tyson Foods', 'US Army', 'Kroger', 'Amazon', 'UPS'])); d.nl();
  if (r.chance(0.15)) { const lic = r.chance(0.5); d.t(lic ? 'Occupation: RN, license # ' : 'Occupation: dentist, DEA # ').p('LICENSE', lic ? I.profLicense(r) : I.dea(r, c.p.family)).nl(); }
  d.t('Emergency contact: '); const e = person(r); wName(d, r, e, 'fl'); d.t(` (${r.pick(['spouse', 'daughter', 'son', 'friend', 'mother'])}) `).p('PHONE', I.phone(r)).nl();
  d.t('Insurance: ').np('PAYER', r.pick(PAYERS)).t('  Subscriber ID ').p('HEALTH_PLAN_ID', I.memberId(r)).t('  Signed ').p('DATE', fmtDate(r, c.visit, 'mdy'));
  return d;
}
function requisition(r) {
  const c = ctx(r), d = new Doc('upper');
  d.t('LAB REQUISITION  ').t(r.pick(['Quest Diagnostics', 'LabCorp', 'ARUP', 'Sonic'])).nl();
  d.t('PT: '); wName(d, r, c.p, 'LF'); d.t('  SEX ').t(c.p.sex).t('  DOB ').p('DATE', fmtDate(r, c.p.dob, 'mdy')).t('  AGE ').p('AGE', String(c.age)).nl();
  d.t('SPECIMEN ID ').p('OTHER_ID', I.accession(r, String(c.visit.y).slice(2))).t('  COLL ').p('DATE', fmtDate(r, c.visit, r.pick(['mdy', 'dmonY']))).t(' ').np('TIME', r.digits(2).replace(/^[3-9]/, '1') + ':' + String(r.int(10, 59))).nl();
  d.t('ORDERING: '); wProv(d, r, provider(r), 'LF'); d.t('  NPI ').np('NPI', I.npi(r)).t('  ').p('LOCATION', clinic(r)).nl();
  d.t('BILL TO: ').np('PAYER', r.pick(PAYERS)).t(' ').p('HEALTH_PLAN_ID', r.chance(0.4) ? I.mbi(r) : I.memberId(r)).nl();
  d.t(`TESTS: ${r.pick(['CMP, CBC W/DIFF, LIPID', 'TSH, FREE T4', 'HBA1C, MICROALB/CR', 'PSA SCREEN', 'HEP C AB, HIV 1/2 AG/AB'])}  DX ${r.pick(['Z00.00', 'E78.5', 'I10', 'R53.83'])}  FASTING: ${r.pick(['Y', 'N'])}`);
  return d;
}
function death(r) {
  const c = ctx(r), d = new Doc(r.chance(0.5) ? 'upper' : 'none'), a = address(r);
  const dod = c.visit, sp = person(r, { family: c.p.family });
  d.t('CERTIFICATE OF DEATH (excerpt)  State file no. ').p('OTHER_ID', `${dod.y}-${r.digits(6)}`).nl();
  d.t('Decedent: '); wName(d, r, c.p, r.pick(['fml', 'fl', 'LF'])); d.t('  Sex: ').t(c.p.sex).t('  SSN: ').p('SSN', I.ssn(r, 0)).nl();
  d.t('Age: ').p('AGE', String(c.age)).t('  DOB: ').p('DATE', fmtDate(r, c.p.dob, r.pick(['long', 'mdy']))).t('  Birthplace: ');
  if (r.chance(0.5)) d.np('COUNTRY', r.pick(['Mexico', 'Poland', 'Vietnam', 'Nigeria', 'Haiti', 'Philippines'])); else d.np('STATE', STATES[a.st]);
  d.nl().t('Date of death: ').p('DATE', fmtDate(r, dod, r.pick(['long', 'mdy']))).t('  Place: '); if (r.chance(0.5)) d.p('LOCATION', hospital(r)); else d.t("Decedent's home"); d.nl();
  d.t('Residence: '); wAddr(d, r, a, 'line'); d.nl();
  d.t('Spouse: '); wName(d, r, sp, 'fl'); d.t('  Informant: '); wName(d, r, person(r, { family: c.p.family }), 'fl'); d.nl();
  d.t(`Cause: a) ${r.pick(['Cardiopulmonary arrest', 'Metastatic pancreatic adenocarcinoma', 'Acute hypoxic respiratory failure', 'Septic shock'])}  b) ${r.pick(['ASCVD', 'COVID-19 pneumonia', 'COPD', 'Urosepsis'])}`).nl();
  d.t('Certifier: '); wProv(d, r, provider(r), 'full'); d.t('  License ').np('PROVIDER_LICENSE', I.profLicense(r));
  return d;
}
export const TEMPLATES = [[3, billing], [3, priorAuth], [2, eob], [3, hl7], [1, csv], [3, intake], [2, requisition], [1, death]];
