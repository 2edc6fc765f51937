/**
 * Column headers of exported tables (CSV, TSV, pipe-delimited reports) → the PHI type of the column's
 * cells. Headers are normalised (lower case, `#` read as "no", letters and digits only): "Patient DOB", "pt_dob" and
 * "PatientDOB" are one header. A header is looked up whole, then without a leading person word
 * ("Patient", "Member", "Guarantor"...), then by its last word; `name` counts only after a person word
 * or as the whole header, so "Drug Name" and "Facility Name" stay data.
 */
import type { PhiType } from '../../types.js';
import { FIELD_TYPES } from '../../json/fields.js';

const EXTRA: Record<string, PhiType> = {
  // record and encounter numbers
  patientid: 'MRN', patientno: 'MRN', patientnumber: 'MRN', ptid: 'MRN', ptno: 'MRN', medrec: 'MRN', medrecno: 'MRN',
  medrecnum: 'MRN', mrno: 'MRN', mrnumber: 'MRN', mrnno: 'MRN', chart: 'MRN', chartno: 'MRN', chartid: 'MRN', chartnum: 'MRN',
  unitno: 'MRN', unitnumber: 'MRN', hospitalno: 'MRN', hospitalnumber: 'MRN', empi: 'MRN', mpi: 'MRN', enterpriseid: 'MRN',
  encounterid: 'OTHER_ID', encounterno: 'OTHER_ID', encounternumber: 'OTHER_ID', encid: 'OTHER_ID', visitid: 'OTHER_ID',
  visitno: 'OTHER_ID', visitnumber: 'OTHER_ID', csn: 'OTHER_ID', fin: 'ACCOUNT', finno: 'ACCOUNT', har: 'ACCOUNT',
  accession: 'OTHER_ID', accessionno: 'OTHER_ID', accessionnumber: 'OTHER_ID', specimenid: 'OTHER_ID', caseid: 'OTHER_ID',
  caseno: 'OTHER_ID', casenumber: 'OTHER_ID', claimid: 'OTHER_ID', claimno: 'OTHER_ID', claimnumber: 'OTHER_ID', icn: 'OTHER_ID',
  authno: 'OTHER_ID', authnumber: 'OTHER_ID', authorizationnumber: 'OTHER_ID', priorauth: 'OTHER_ID', referralno: 'OTHER_ID',
  // plans and accounts
  memberno: 'HEALTH_PLAN_ID', membernumber: 'HEALTH_PLAN_ID', mbrid: 'HEALTH_PLAN_ID', subscriberno: 'HEALTH_PLAN_ID',
  subscribernumber: 'HEALTH_PLAN_ID', policyno: 'HEALTH_PLAN_ID', policyid: 'HEALTH_PLAN_ID', insuredid: 'HEALTH_PLAN_ID',
  beneficiaryid: 'HEALTH_PLAN_ID', medicaidno: 'HEALTH_PLAN_ID', medicareno: 'HEALTH_PLAN_ID', hicn: 'HEALTH_PLAN_ID',
  accountid: 'ACCOUNT', acctno: 'ACCOUNT', acctnum: 'ACCOUNT', accountnum: 'ACCOUNT', guarantorid: 'ACCOUNT', billingaccount: 'ACCOUNT',
  npi: 'LICENSE', dea: 'LICENSE', deano: 'LICENSE', licenseno: 'LICENSE', license: 'LICENSE', dl: 'LICENSE', dlno: 'LICENSE',
  // people
  patient: 'NAME', pt: 'NAME', ptname: 'NAME', surname: 'NAME', forename: 'NAME', last: 'NAME', first: 'NAME', middle: 'NAME',
  fname: 'NAME', lname: 'NAME', mi: 'NAME', nextofkin: 'NAME', emergencycontact: 'NAME', guarantor: 'NAME', insured: 'NAME',
  subscriber: 'NAME', attending: 'NAME', physician: 'NAME', provider: 'NAME', pcp: 'NAME', referringphysician: 'NAME',
  doctor: 'NAME', clinician: 'NAME', nurse: 'NAME', caregiver: 'NAME', spouse: 'NAME', mother: 'NAME', father: 'NAME',
  // dates of the individual
  dateofservice: 'DATE', dos: 'DATE', servicedate: 'DATE', admitdate: 'DATE', admissiondate: 'DATE', admitted: 'DATE',
  dischargedate: 'DATE', discharged: 'DATE', visitdate: 'DATE', encounterdate: 'DATE', appointmentdate: 'DATE', apptdate: 'DATE',
  deathdate: 'DATE', birthdt: 'DATE', dobdate: 'DATE', surgerydate: 'DATE', proceduredate: 'DATE', collectiondate: 'DATE',
  // places and contacts
  addr: 'LOCATION', addr1: 'LOCATION', addr2: 'LOCATION', address1: 'LOCATION', address2: 'LOCATION', homeaddress: 'LOCATION',
  mailingaddress: 'LOCATION', town: 'LOCATION', county: 'LOCATION', zip5: 'LOCATION', postcode: 'LOCATION', hospital: 'LOCATION',
  facility: 'LOCATION', facilityname: 'LOCATION', hospitalname: 'LOCATION', clinic: 'LOCATION', employer: 'LOCATION',
  phoneno: 'PHONE', phonenum: 'PHONE', telno: 'PHONE', cell: 'PHONE', cellno: 'PHONE', mobileno: 'PHONE', contactphone: 'PHONE',
  emergencyphone: 'PHONE', contactnumber: 'PHONE', mail: 'EMAIL', emailid: 'EMAIL', ssn4: 'SSN', last4ssn: 'SSN', ssnlast4: 'SSN',
  socialsecno: 'SSN', ipaddr: 'IP', serial: 'DEVICE', deviceserial: 'DEVICE', plateno: 'VEHICLE',
};

/** Person words a header may start with ("Patient Phone", "Guarantor SSN", "Member DOB"). */
const PERSON = /^(?:patient|pt|member|mbr|subscriber|insured|guarantor|primary|secondary|home|mobile|work|contact|emergency|nextofkin|nok|mother|mothers|father|spouse|parent|guardian|caregiver|referring|attending|ordering|rendering|provider|physician|doctor|dr|nurse|pcp|responsible|beneficiary|client|resident|employee)/;
/** Field words a header may end with once a person word is stripped. */
const TAILS: Array<[RegExp, PhiType]> = [
  [/(?:dob|birthdate|dateofbirth|birthday)$/, 'DATE'], [/(?:ssn|socialsecurity(?:number|no)?)$/, 'SSN'],
  [/(?:mrn|medicalrecordnumber|medicalrecordno)$/, 'MRN'], [/(?:phone|phoneno|phonenumber|tel|telephone|cell|mobile)$/, 'PHONE'],
  [/fax$/, 'FAX'], [/(?:email|emailaddress)$/, 'EMAIL'], [/(?:zip|zipcode|postalcode)$/, 'LOCATION'],
  [/(?:address|addr|street|city)$/, 'LOCATION'], [/(?:memberid|subscriberid|policynumber|policyno)$/, 'HEALTH_PLAN_ID'],
];

const ID_WORDS = new Set(['id', 'no', 'num', 'number', 'nbr', 'identifier']);
/** "Patient ID" is a record number, "Member No" a plan id, "Guarantor #" an account; a clinician's id is not the patient's. */
function idOf(person: string): PhiType | null {
  if (person === 'patient' || person === 'pt' || person === 'client' || person === 'resident') return 'MRN';
  if (/^(?:member|mbr|subscriber|insured|beneficiary)$/.test(person)) return 'HEALTH_PLAN_ID';
  if (person === 'guarantor' || person === 'responsible') return 'ACCOUNT';
  if (/^(?:referring|attending|ordering|rendering|provider|physician|doctor|dr|nurse|pcp)$/.test(person)) return null;
  return 'OTHER_ID';
}

const cache = new Map<string, PhiType | null>();

export function normHeader(h: string): string {
  return h.toLowerCase().replace(/#/g, 'no').replace(/[^a-z0-9]/g, '');
}

/** The PHI type of a column, or undefined for a data column. */
export function headerType(raw: string): PhiType | undefined {
  const h = normHeader(raw);
  if (h.length === 0 || h.length > 40) return undefined;
  let t = cache.get(h);
  if (t !== undefined) return t ?? undefined;
  t = FIELD_TYPES.get(h) ?? EXTRA[h] ?? null;
  if (!t) {
    const pm = PERSON.exec(h);
    const rest = pm ? h.slice(pm[0].length) : '';
    if (pm && rest.length > 0) t = FIELD_TYPES.get(rest) ?? EXTRA[rest] ?? (rest === 'name' ? 'NAME' : ID_WORDS.has(rest) ? idOf(pm[0]) : null);
    if (!t) for (const [re, ty] of TAILS) if (re.test(h)) { t = ty; break; }
  }
  if (cache.size > 2048) cache.clear();
  cache.set(h, t);
  return t ?? undefined;
}
