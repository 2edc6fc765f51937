// Telehealth/chat transcripts, portal messages, refill requests, reminder SMS, voicemail transcriptions.
import { Doc } from '../doc.js';
import { person, provider, pron, wName, wProv, address, wAddr, town, clinic, hospital, email } from '../entities.js';
import { randDate, addDays, ageAt, fmtDate, fmtDateNoYear, spokenDate, digitWords, numWords, time, weekday, MONTHS } from '../dates.js';
import * as I from '../ids.js';
import { MEDS, CC } from '../clinical.js';
import { RELATIONS } from '../names.js';
import { PAYERS, STATES, STREETS, SUFFIXES } from '../places.js';

const PHARM = ['CVS', 'Walgreens', 'Rite Aid', 'Walmart Pharmacy', 'Kroger Pharmacy', 'Costco Pharmacy', 'Express Scripts', 'OptumRx', 'Publix Pharmacy', 'H-E-B Pharmacy'];
function ctx(r) {
  const visit = randDate(r, 2020, 2026);
  const p = person(r, { y1: 2008 });
  return { visit, p, age: ageAt(p.dob, visit), pr: pron(p) };
}
function video(r) {
  const c = ctx(r), d = new Doc();
  const doc = provider(r);
  const dn = () => { wProv(d, r, doc, 'dr'); d.t(': '); };
  d.t('[').t(r.pick(['Video visit', 'Telehealth encounter', 'Virtual visit (audio+video)'])).t(' - ').p('DATE', fmtDate(r, c.visit)).t(' ').np('TIME', time(r)).t(']').nl();
  dn(); d.t(r.pick(['Hi there, can you state your full name and date of birth for me?', 'Before we start, name and DOB please?'])).nl();
  d.t('Patient: ').t(r.pick(["Sure, it's ", 'Yeah ', 'Um, ']));
  wName(d, r, c.p, r.pick(['fl', 'fml'])); d.t(r.pick([', ', '. Birthday ', ', born '])).p('DATE', fmtDate(r, c.p.dob, r.pick(['mdy', 'long', 'mdyShort', 'longOrd']))).t('.').nl();
  dn(); d.t('Thanks. And where are you physically located right now?').nl();
  const t = town(r);
  d.t('Patient: ').t(r.pick(["I'm at home in ", "At my daughter's place in ", "In my car outside work in ", "At the hotel in "]));
  d.p('LOCATION', t.city).t(r.chance(0.5) ? ', ' : '.'); if (d.text.endsWith(', ')) d.np('STATE', r.chance(0.5) ? t.st : STATES[t.st]).t('.');
  d.nl(); dn(); d.t(`OK. What's going on today?`).nl();
  d.t('Patient: ').t(r.pick([`I've had a ${r.pick(['cough', 'rash', 'headache', 'sore throat', 'UTI again'])} for like ${r.pick(['three days', 'a week', 'since Sunday'])}.`, `My ${r.pick(['sugars', 'BPs'])} have been high, like ${r.int(150, 320)}.`, `I need my ${r.pick(MEDS)[0]} refilled and wanted to ask about the dose.`])).nl();
  if (r.chance(0.4)) { d.t('Patient: Oh and my ').t(r.pick(RELATIONS)).t(' '); wName(d, r, person(r), 'f'); d.t(r.pick([' is here with me.', ' can help with the camera.'])).nl(); }
  if (r.chance(0.35)) d.t('[session ').p('IP', r.chance(0.85) ? I.ipv4(r) : I.ipv6(r)).t(`, ${r.pick(['Chrome', 'Safari iOS', 'Android app'])}, ${r.int(8, 42)} min]`);
  else d.t(`[visit length ${r.int(8, 42)} min]`);
  return d;
}
function chat(r) {
  const c = ctx(r), d = new Doc(r.chance(0.15) ? 'lower' : 'none');
  const agent = provider(r);
  d.t('Chat transcript ').p('OTHER_ID', I.encNo(r)).t(' started ').p('DATE', fmtDate(r, c.visit, r.pick(['mdy', 'iso', 'mdyShort']))).nl();
  d.t(`${time(r)} `).p('PROVIDER_NAME', agent.given).t(' (Member Services): Thanks for contacting ').np('PAYER', r.pick(PAYERS)).t('. How can I help?').nl();
  d.t(`${time(r)} Member: hi i got a bill for my ${r.pick(['ER visit', 'MRI', 'colonoscopy', 'labs'])} `).p('DATE', fmtDateNoYear(r, addDays(c.visit, -r.int(10, 60)))).t(' and it should be covered').nl();
  d.t(`${time(r)} `).p('PROVIDER_NAME', agent.given).t(': I can look into that. Can you verify your member ID and date of birth?').nl();
  d.t(`${time(r)} Member: `).p('HEALTH_PLAN_ID', r.chance(0.3) ? I.mbi(r) : I.memberId(r)).t(r.pick([' and ', ' dob ', ', '])).p('DATE', fmtDate(r, c.p.dob, r.pick(['mdy', 'mdyShort', 'mdy2', 'dash2']))).nl();
  d.t(`${time(r)} `).p('PROVIDER_NAME', agent.given).t(': Thank you, ');
  wName(d, r, c.p, 'f'); d.t('. I see claim ').p('OTHER_ID', I.claimNo(r)).t(r.pick([' was denied for no referral.', ' is still processing.', ' paid at out-of-network rate.'])).nl();
  if (r.chance(0.5)) { d.t(`${time(r)} Member: ok can you email me at `).p('EMAIL', email(r, c.p)).t(' or call ').p('PHONE', I.phone(r)).nl(); }
  d.t(`${time(r)} `).p('PROVIDER_NAME', agent.given).t(': I opened a review, reference ').p('OTHER_ID', I.caseNo(r, String(c.visit.y).slice(2))).t('. You can also call ').np('TOLL_FREE', I.tollFree(r)).t('.');
  return d;
}
function portal(r) {
  const c = ctx(r), d = new Doc();
  const doc = provider(r);
  d.t('From: '); wName(d, r, c.p, 'fl'); d.t(' <').p('EMAIL', email(r, c.p)).t('>').nl();
  d.t('Sent: ').p('DATE', fmtDate(r, c.visit, r.pick(['weekdayLong', 'mdy', 'long']))).t(' ').np('TIME', time(r, false)).nl();
  d.t('To: '); wProv(d, r, doc, r.pick(['full', 'dr'])); d.t(r.chance(0.5) ? ' / Clinical Pool' : '').nl();
  d.t('Subject: ').t(r.pick(['Question about meds', 'Test results', 'Refill', 'Forms for work', 'change of address', 'RE: follow up'])).nl();
  d.t(r.pick(['Hi ', 'Hello ', 'Dear '])); wProv(d, r, doc, r.pick(['dr', 'first'])); d.t(',').nl();
  const k = r.int(0, 3);
  if (k === 0) { d.t('I moved, my new address is '); wAddr(d, r, address(r), 'line'); d.t(' and cell is ').p('PHONE', I.phone(r)).t('. Please update my chart.'); }
  else if (k === 1) { d.t(`My labs from `).p('DATE', fmtDateNoYear(r, addDays(c.visit, -r.int(2, 20)))).t(` show my A1c at ${r.int(60, 120) / 10}. Should I go up on the `).np('DRUG', r.pick(MEDS)[0]).t('?'); }
  else if (k === 2) { d.t(`I need FMLA paperwork filled for my job at `).np('ORGANIZATION', r.pick(['Tyson Foods', 'Walmart', 'UPS', 'Amazon', 'the school district', 'Home Depot'])).t(`. My leave starts `).p('DATE', fmtDate(r, addDays(c.visit, r.int(5, 40)), r.pick(['monthD', 'mdyShort', 'longOrd']))).t('. Fax to HR at ').p('FAX', I.phone(r)).t('.'); }
  else { d.t('My ' + r.pick(RELATIONS) + ' '); wName(d, r, person(r, { family: c.p.family }), 'f'); d.t(` (DOB `).p('DATE', fmtDate(r, randDate(r, 1935, 2020), 'mdy')).t(`) also needs an appointment, can she be seen the same day?`); }
  d.nl().t('Thank you,').nl(); wName(d, r, c.p, r.pick(['f', 'fl']));
  if (r.chance(0.3)) { d.nl().t('MRN ').p('MRN', I.mrn(r)); }
  return d;
}
function refill(r) {
  const c = ctx(r), d = new Doc(r.chance(0.4) ? 'upper' : 'none');
  const [drug, dose] = r.pick(MEDS);
  const t = town(r);
  d.t('REFILL REQUEST - ').np('ORGANIZATION', r.pick(PHARM)).t(' #').t(String(r.int(1000, 19999))).t(' ').p('LOCATION', t.city).t(', ').np('STATE', t.st).nl();
  d.t('Ph: ').p('PHONE', I.phone(r, 0)).t('  Fax: ').p('FAX', I.phone(r, 0)).nl();
  d.t('Patient: '); wName(d, r, c.p, r.pick(['LF', 'lf'])); d.t('  DOB: ').p('DATE', fmtDate(r, c.p.dob, r.pick(['mdy', 'mdyShort', 'iso']))).nl();
  if (r.chance(0.5)) { d.t('Pt phone: ').p('PHONE', I.phone(r)).nl(); }
  d.t('Drug: ').np('DRUG', drug).t(' ' + dose).t(`  Qty ${r.pick([30, 60, 90, 180])}  Refills: 0`).nl();
  d.t('Rx #: ').p('OTHER_ID', r.digits(7)).t('  Last filled: ').p('DATE', fmtDate(r, addDays(c.visit, -r.int(25, 95)), r.pick(['mdy', 'mdy2', 'md']))).nl();
  d.t('Prescriber: '); wProv(d, r, provider(r), r.pick(['full', 'LF'])); d.t('  NPI: ').np('NPI', I.npi(r)).nl();
  d.t(r.pick(['Approved x1 per protocol. ', 'Pt due for OV, 30 day supply only. ', 'Denied - needs labs. ']));
  if (r.chance(0.6)) { d.t('-- '); wProv(d, r, provider(r), r.pick(['init', 'first'])); d.t(' ').p('DATE', fmtDate(r, c.visit, 'md')); }
  return d;
}
function sms(r) {
  const c = ctx(r), d = new Doc();
  const appt = addDays(c.visit, r.int(1, 14)), cl = r.chance(0.6) ? clinic(r) : hospital(r);
  const k = r.int(0, 2);
  if (k === 0) {
    d.t(r.pick(['Reminder: ', 'Hi ', 'REMINDER: '])); wName(d, r, c.p, 'f'); d.t(r.pick([' has an appt w/ ', ', you have an appointment with ']));
    wProv(d, r, provider(r), 'dr'); d.t(' at ').p('LOCATION', cl).t(' on ').p('DATE', fmtDate(r, appt, r.pick(['weekdayShort', 'md', 'monthD', 'weekdayLong']))).t(' at ').np('TIME', time(r, false));
    d.t(r.pick(['. Reply C to confirm, R to reschedule.', '. Reply STOP to opt out.', '. Arrive 15 min early.']));
  } else if (k === 1) {
    d.t('Your ').p('LOCATION', cl).t(' video visit starts soon: ').p('URL', `https://${r.pick(['vv', 'telehealth', 'visit'])}.${r.pick(['carelink', 'myhealth', 'hlth'])}.org/j/${r.digits(9)}`).t(' Code ').t(r.digits(6)).t('. Msg&data rates may apply.');
  } else {
    d.t('Rx ready for ').p('NAME', c.p.given.toUpperCase().slice(0, 3)).t('*** at ').np('ORGANIZATION', r.pick(PHARM)).t(', ');
    const a = address(r); d.p('LOCATION', a.street).t('. Pick up by ').p('DATE', fmtDate(r, appt, r.pick(['md', 'mdyShort']))).t('. Questions: ').p('PHONE', I.phone(r, 0));
  }
  return d;
}
function spokenPhone(r) {
  const n = I.phoneDigits(r);
  return r.pick([digitWords(n), `${digitWords(n.slice(0, 3))} ${digitWords(n.slice(3, 6))} ${digitWords(n.slice(6))}`,
    `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`, `${digitWords(n.slice(0, 6))} ${numWords(Number(n.slice(6, 8)))} ${numWords(Number(n.slice(8)))}`.replace(/ zero(?= |$)/g, ' oh')]);
}
function voicemail(r) {
  const c = ctx(r), d = new Doc('lower');
  const caller = r.chance(0.5) ? c.p : person(r, { family: c.p.family });
  d.t('voicemail ').p('DATE', fmtDate(r, c.visit, r.pick(['mdy', 'mdyShort']))).t(' ').np('TIME', time(r, false)).t(` (${r.int(12, 95)}s) transcription: `);
  d.t(r.pick(['hi ', 'hello ', 'yes hi ', 'um hi '])).t('this is ');
  wName(d, r, caller, 'lower');
  if (caller !== c.p) { d.t(` calling for my ${r.pick(['mom', 'dad', 'husband', 'wife', 'grandmother', 'son'])} `); wName(d, r, c.p, 'f'); }
  d.t(' ').t(r.pick(['her', 'his', 'my', 'the'])).t(' date of birth is ');
  d.p('DATE', r.chance(0.8) ? spokenDate(r, c.p.dob) : fmtDate(r, c.p.dob, 'mdyShort'));
  d.t(r.pick([' um ', ' ', ' and '])).t(r.pick(['calling about the ', 'i need to reschedule the ', 'we got a letter about the '])).t(r.pick(['appointment', 'colonoscopy', 'bill', 'prescription', 'test results']));
  if (r.chance(0.5)) { d.t(' on '); d.p('DATE', spokenDate(r, addDays(c.visit, r.int(1, 20)), false)); }
  if (r.chance(0.35)) {
    const num = r.int(1, 9999), st = `${numWords(num % 100 === num ? num : Math.floor(num / 100))}${num >= 100 ? ' ' + (num % 100 < 10 ? 'oh ' + numWords(num % 100) : numWords(num % 100)) : ''} ${r.pick(STREETS).toLowerCase()} ${r.pick(['street', 'road', 'avenue', 'drive', 'lane'])}`;
    d.t(' we moved to ').p('LOCATION', st).t(' in ').p('LOCATION', town(r).city.toLowerCase());
  }
  d.t(' you can call me back at ').p('PHONE', spokenPhone(r));
  if (r.chance(0.3)) { d.t(' or my cell ').p('PHONE', spokenPhone(r)); }
  d.t(r.pick([' thank you bye', ' okay thanks', ' thanks so much have a good day', ' bye']));
  return d;
}
export const TEMPLATES = [[3, video], [2, chat], [3, portal], [2, refill], [2, sms], [3, voicemail]];
