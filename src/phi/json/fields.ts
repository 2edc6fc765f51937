import type { PhiType } from '../types.js';

/** Field names (normalised: lower case, no `_`/`-`) whose whole value is PHI of a type. */
export const FIELD_TYPES: ReadonlyMap<string, PhiType> = new Map<string, PhiType>(Object.entries({
  ssn: 'SSN', socialsecuritynumber: 'SSN', socialsecurityno: 'SSN', socialsecurity: 'SSN',
  dob: 'DATE', dateofbirth: 'DATE', birthdate: 'DATE', birthday: 'DATE', deceaseddatetime: 'DATE', deceaseddate: 'DATE', dateofdeath: 'DATE', dod: 'DATE',
  mrn: 'MRN', medicalrecordnumber: 'MRN', medicalrecordno: 'MRN', chartnumber: 'MRN',
  telecom: 'PHONE', phone: 'PHONE', phonenumber: 'PHONE', telephone: 'PHONE', mobile: 'PHONE', mobilephone: 'PHONE', cellphone: 'PHONE', homephone: 'PHONE', workphone: 'PHONE', tel: 'PHONE', pager: 'PHONE',
  fax: 'FAX', faxnumber: 'FAX',
  email: 'EMAIL', emailaddress: 'EMAIL',
  address: 'LOCATION', streetaddress: 'LOCATION', street: 'LOCATION', addressline: 'LOCATION', addressline1: 'LOCATION', addressline2: 'LOCATION', city: 'LOCATION', postalcode: 'LOCATION', zip: 'LOCATION', zipcode: 'LOCATION', postcode: 'LOCATION', birthplace: 'LOCATION', county: 'LOCATION',
  name: 'NAME', fullname: 'NAME', firstname: 'NAME', lastname: 'NAME', givenname: 'NAME', familyname: 'NAME', given: 'NAME', family: 'NAME', middlename: 'NAME', maidenname: 'NAME', mothersmaidenname: 'NAME', patientname: 'NAME', nickname: 'NAME', surname: 'NAME', displayname: 'NAME',
  ip: 'IP', ipaddress: 'IP', clientip: 'IP', remoteaddr: 'IP', remoteaddress: 'IP',
  accountnumber: 'ACCOUNT', accountno: 'ACCOUNT', acct: 'ACCOUNT', bankaccount: 'ACCOUNT', iban: 'ACCOUNT', cardnumber: 'ACCOUNT', creditcard: 'ACCOUNT', creditcardnumber: 'ACCOUNT', routingnumber: 'ACCOUNT',
  licensenumber: 'LICENSE', driverslicense: 'LICENSE', driverlicense: 'LICENSE', dlnumber: 'LICENSE', passport: 'LICENSE', passportnumber: 'LICENSE',
  vin: 'VEHICLE', licenseplate: 'VEHICLE', plate: 'VEHICLE', platenumber: 'VEHICLE',
  deviceid: 'DEVICE', serialnumber: 'DEVICE', udi: 'DEVICE', imei: 'DEVICE', macaddress: 'DEVICE', devicesserial: 'DEVICE',
  photo: 'PHOTO', image: 'PHOTO', picture: 'PHOTO', avatar: 'PHOTO', headshot: 'PHOTO', portrait: 'PHOTO',
  fingerprint: 'BIOMETRIC', biometric: 'BIOMETRIC', voiceprint: 'BIOMETRIC', retinascan: 'BIOMETRIC', irisscan: 'BIOMETRIC', faceprint: 'BIOMETRIC', facetemplate: 'BIOMETRIC',
  website: 'URL', homepage: 'URL', personalurl: 'URL',
  age: 'AGE',
  memberid: 'HEALTH_PLAN_ID', subscriberid: 'HEALTH_PLAN_ID', insuranceid: 'HEALTH_PLAN_ID', policynumber: 'HEALTH_PLAN_ID', healthplanid: 'HEALTH_PLAN_ID', medicaidid: 'HEALTH_PLAN_ID', medicareid: 'HEALTH_PLAN_ID', mbi: 'HEALTH_PLAN_ID', beneficiaryid: 'HEALTH_PLAN_ID', groupnumber: 'HEALTH_PLAN_ID',
}));

/** In FHIR mode these only mean PHI inside person resources (Organization.name is not PHI). */
export const FHIR_PERSON_ONLY = new Set(['name', 'address', 'telecom', 'photo', 'birthdate', 'given', 'family', 'city', 'postalcode']);
export const FHIR_PERSON_RESOURCES = new Set(['Patient', 'Practitioner', 'RelatedPerson', 'Person']);

/** Inside a PHI subtree these keys are structure, not identifiers (address.state is allowed by Safe Harbor). */
export const STRUCTURAL = new Set(['use', 'system', 'type', 'rank', 'period', 'state', 'country', 'url', 'contenttype', 'size', 'hash', 'language', 'resourcetype', 'id', 'coding', 'code', 'display']);

/** FHIR keys whose strings are codes, references and URIs: never scanned as free text. */
export const FHIR_NO_SCAN = new Set(['system', 'code', 'url', 'reference', 'fullurl', 'profile', 'id', 'resourcetype', 'status', 'use', 'unit', 'version', 'display', 'method', 'contenttype', 'language', 'div_status', 'gender', 'intent', 'priority', 'mode', 'data', 'ifnonematch', 'ifmatch', 'valuecode', 'valueuri', 'valuecanonical', 'versionid', 'source', 'security', 'tag', 'meta', 'lastupdated']);

/** FHIR Identifier.type codes (v2-0203) and system URIs → PHI types. */
export const IDENTIFIER_CODES: ReadonlyMap<string, PhiType> = new Map<string, PhiType>(Object.entries({
  MR: 'MRN', MRT: 'MRN', PI: 'MRN', SS: 'SSN', SB: 'SSN', DL: 'LICENSE', PPN: 'LICENSE', SL: 'LICENSE', MD: 'LICENSE', NPI: 'LICENSE', DEA: 'LICENSE',
  MB: 'HEALTH_PLAN_ID', SN: 'HEALTH_PLAN_ID', MA: 'HEALTH_PLAN_ID', MC: 'HEALTH_PLAN_ID', NIIP: 'HEALTH_PLAN_ID', AN: 'ACCOUNT', BA: 'ACCOUNT', BC: 'ACCOUNT', VN: 'OTHER_ID', ACSN: 'OTHER_ID',
}));

export function identifierTypeFromSystem(system: string): PhiType | undefined {
  const s = system.toLowerCase();
  if (s.includes('us-ssn') || s.endsWith('2.16.840.1.113883.4.1')) return 'SSN';
  if (s.includes('us-npi')) return 'LICENSE';
  if (s.includes('us-mbi') || s.includes('medicare') || s.includes('medicaid')) return 'HEALTH_PLAN_ID';
  if (s.includes('driver') || s.includes('licen')) return 'LICENSE';
  if (s.includes('passport')) return 'LICENSE';
  if (s.includes('mrn') || s.includes('medical-record')) return 'MRN';
  return undefined;
}

export const TELECOM_SYSTEMS: ReadonlyMap<string, PhiType> = new Map<string, PhiType>(Object.entries({
  phone: 'PHONE', fax: 'FAX', email: 'EMAIL', pager: 'PHONE', url: 'URL', sms: 'PHONE', other: 'PHONE',
}));

/** Extension URLs whose value is PHI (us-core birthsex, race and ethnicity are not). */
export function extensionType(url: string): PhiType | undefined {
  if (/mothersMaidenName$/i.test(url)) return 'NAME';
  if (/birthPlace$/i.test(url)) return 'LOCATION';
  if (/patient-birthTime$/i.test(url)) return 'DATE';
  if (/geolocation$/i.test(url)) return 'LOCATION';
  return undefined;
}
