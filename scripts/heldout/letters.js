// synthetic-heldout: letters and forms (referrals, discharge summary headers, insurance letters,
// release-of-information forms, statements, intake forms, implant cards, portal notices).
import { Doc } from './doc.js';
import { COMMON, newCtx } from './common.js';

const DOCS = {
  referral: [
    '{CLINIC}\n{ADDR}\nTel {PHONE}   Fax {FAX}\n\n{LDATE}\n\n',
    'Dear {PROVDEAR},\n\nRE: {PTFULL}   DOB: {DOB}   MRN: {MRN}\n\n',
    'Thank you for seeing {PTF}, a {AGE}-year-old {SEXW} whom I follow for {PMH}. {REASON} {HE2} lives with {HIS} {REL} {FAMN} in {TOWN}, who can be reached at {PHONE}.\n\n',
    'Sincerely,\n\n{PROV2}\nNPI {NPI}\n',
  ],
  discharge: [
    'DISCHARGE SUMMARY\n', 'Patient Name: {PTLAST}, {PTFIRST}{GAP}MRN: {MRN}\n', 'DOB: {DOB}{GAP}Age: {AGE}{GAP}Sex: {SEX1}\n',
    'Admission Date: {LDATE}{GAP}Discharge Date: {LDATE}\n', 'Attending: {PROV}\nPCP: {PROV2}{GAP}Phone: {PHONE}\n',
    'Disposition: {DISPO}\n', 'Principal diagnosis: {DXL}\n',
  ],
  insurance: [
    '{PAYER}\n{LDATE}\n\n{PTFULL}\n{ADDR}\n\n', 'Member ID: {MEMBER}{GAP}Group: {GROUP}\nClaim Number: {CLAIM}{GAP}Date of Service: {SDATE}\n',
    'Provider: {PROV}{GAP}Patient Account #: {ACCT}\n\n', 'Dear {PTF}:\nWe reviewed the claim for services on {LDATE} at {HOSP}. {DECISION} ',
    'Questions? Call Member Services at {ORGPHONE} (TTY 711).\n',
  ],
  release: [
    'AUTHORIZATION FOR RELEASE OF PROTECTED HEALTH INFORMATION\n', 'Patient name: {PTFULL}{GAP}Date of birth: {DOB}\nSocial Security No.: {SSN}\n',
    'Address: {ADDR1}\nPhone: {PHONE}{GAP}Email: {EMAIL}\n', 'I authorize {HOSP} to release my records from {LDATE} to {LDATE} to {RECIPIENT}.\n',
    'Signature: ______________{GAP}Date: {LDATE}\n',
  ],
  statement: [
    'PATIENT STATEMENT\n{HOSP}\nStatement date: {LDATE}\n', 'Guarantor: {FAMFULL}\n{ADDR}\n', 'Account number: {ACCT}{GAP}Patient: {PTFULL}\n',
    'Service date {SDATE}  Office visit  $185.00\nInsurance payment  -$142.60\nAmount due  $42.40\n', 'Pay online at {ORGURL} or call {ORGPHONE}.\n',
  ],
  intake: [
    'NEW PATIENT REGISTRATION\n', 'Last name: {PTLAST}{GAP}First name: {PTFIRST}{GAP}DOB: {DOB}\n', 'SSN: {SSN}{GAP}Driver\'s license: {DL} ({STATE})\n',
    'Home address: {ADDR1}\nCell: {PHONE}{GAP}Work: {PHONE}\nE-mail: {EMAIL}\n', 'Employer: {EMPLOYER}\n', 'Emergency contact: {FAMFULL}, {REL}, {PHONE}\n',
    'Primary insurance: {PAYER}{GAP}Subscriber ID: {MEMBER}{GAP}Group: {GROUP}\n', 'Parking permit vehicle: {CAR}, plate {PLATE}, VIN {VIN}\n',
  ],
  implant: [
    'IMPLANTED DEVICE IDENTIFICATION CARD\n', 'Patient: {PTFULL}\n', 'Device: {DEVICE}{GAP}Serial No.: {SERIAL}\nImplant date: {LDATE}\n',
    'Implanting physician: {PROV}\nHospital: {HOSP}, {TOWN}\nFollowing clinic phone: {PHONE}\n',
  ],
  portal: [
    'Patient portal security notice\n', 'Hello {PTFIRST},\nA new sign-in to your account ({EMAIL}) was detected on {LDATE} from IP address {IP} near {TOWN}. ',
    'If this was not you, reset your password or call us at {ORGPHONE}. Your account ID is {ACCT}.\n',
  ],
  fax: [
    'FAX COVER SHEET\nTo: {PROV}{GAP}Fax: {FAX}\nFrom: {CLINIC}{GAP}Phone: {PHONE}\nDate: {LDATE}{GAP}Pages: {N}\n',
    'Re: {PTFULL} (DOB {DOB}, MRN {MRN}) - prior authorization for {PROCL}. Member ID {MEMBER}.\n',
    'CONFIDENTIALITY NOTICE: This fax contains protected health information. If received in error, call {PHONE}.\n',
  ],
  memo: [
    'To whom it may concern:\n\n', '{PTFULL} (date of birth {DOB}) has been under my care at {CLINIC} since {MDATE}. ',
    '{HE2} was hospitalized at {HOSP} from {LDATE} through {LDATE} and may return to work at {EMPLOYER} on {LDATE}. ',
    'Please contact my office at {PHONE} with questions.\n\n{PROV}\n',
  ],
};
const LISTS = {
  PMH: ['poorly controlled type 2 diabetes', 'atrial fibrillation', 'chronic kidney disease stage 3b', 'moderate persistent asthma', 'resistant hypertension', 'iron-deficiency anemia'],
  REASON: ['I would appreciate your opinion on further management.', 'Her recent echocardiogram showed an ejection fraction of 40%.', 'His A1c has risen to 9.4% despite metformin 1000 mg twice daily.', 'Creatinine rose from 1.4 to 2.1 over six months.'],
  DISPO: ['Home with VNA services', 'Home', 'Skilled nursing facility', 'Acute rehabilitation', 'Hospice'],
  DXL: ['Community-acquired pneumonia', 'Acute on chronic systolic heart failure', 'Sepsis secondary to UTI', 'Left femoral neck fracture', 'Diabetic ketoacidosis'],
  DECISION: ['The claim was approved and paid at the in-network rate.', 'We are unable to pay this claim because prior authorization was not obtained.', 'Your deductible of $1,500 has now been met.'],
  DEVICE: ['Dual-chamber pacemaker, model DR-420', 'ICD, model VR 1240', 'Insulin pump, model 770G', 'Cochlear implant, model CI-512'],
  CAR: ['2014 Honda Civic', 'silver Toyota Camry', '2019 Ford F-150', 'blue Nissan Rogue'],
  PROCL: ['MRI lumbar spine', 'total knee arthroplasty', 'sleep study', 'CT angiogram'],
};
const SLOTS = {
  ...COMMON,
  ...Object.fromEntries(Object.entries(LISTS).map(([k, v]) => [k, (c) => c.r.pick(v)])),
  GAP: (c) => c.r.pick(['   ', '\t', '  ', ' | ', '\n']),
  HE2: (c) => (c.pt.sex === 'f' ? 'She' : 'He'),
  PROVDEAR: (c) => [c.r.pick(['Dr. ', 'Dr ', 'Doctor ']), { t: 'PROVIDER_NAME', v: c.prov.last }],
  RECIPIENT: (c) => (c.r.chance(0.5) ? COMMON.PROV(c) : [COMMON.FAMFULL(c), ` (${c.rel})`]),
  ORGPHONE: (c) => ({ t: 'NOT_PHI:ORG_PHONE', v: `1-${c.r.pick(['800', '866', '877', '888'])}-${c.r.int(200, 999)}-${c.r.digits(4)}` }),
  ORGURL: (c) => ({ t: 'NOT_PHI:URL', v: c.r.pick(['www.payonline-health.com', 'https://billing.regionalhealth.org', 'mychart.example.org/billpay']) }),
};
const KINDS = Object.keys(DOCS);

export function generateLetters(r, fhir, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const ctx = newCtx(r, fhir);
    const kind = KINDS[i % KINDS.length];
    const d = new Doc(r.weighted([[7, 'asis'], [2, 'upper'], [1, 'lower']]));
    const blocks = DOCS[kind];
    // Keep the first block; drop some of the others so the forms vary in length.
    blocks.forEach((b, k) => { if (k === 0 || r.chance(0.8)) d.fill(b, SLOTS, ctx); });
    out.push(d.record(`synthetic-heldout-${String(i + 1).padStart(4, '0')}`));
  }
  return out;
}
