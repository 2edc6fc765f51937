/**
 * Identifiers after cues (context-ids.ts), ZIP codes after states and zip cues (locations/rules-postal.ts),
 * ages over 89 in digits and words (ages.ts). Sentences written for this test. A positive passes when
 * every letter and digit of the value is covered by a finding scored >= 0.5 (any type: a leak is a leak);
 * a negative fails when any finding overlaps the value.
 */
import { describe, expect, it } from 'vitest';
import { scanText } from '../scan.js';

const covered = (text: string, value: string): boolean => {
  const s = text.indexOf(value);
  if (s < 0) throw new Error('value not in text');
  const fs = scanText(text);
  for (let i = s; i < s + value.length; i++) {
    if (/[A-Za-z0-9]/.test(text[i]!) && !fs.some((f) => f.start <= i && f.end > i)) return false;
  }
  return true;
};
const touched = (text: string, value: string): boolean => {
  const s = text.indexOf(value);
  if (s < 0) throw new Error('value not in text');
  return scanText(text).some((f) => f.start < s + value.length && f.end > s);
};

const IDS: ReadonlyArray<readonly [string, string]> = [
  ['Member ID: XYZ123456789 on the card', 'XYZ123456789'],
  ['mbr # 88213477 verified with the plan', '88213477'],
  ['MBR#88213477 per eligibility', '88213477'],
  ['subscriber no. W2234-55871, spouse is primary', 'W2234-55871'],
  ['Policy Number is 4471-229-01.', '4471-229-01'],
  ['ins id 99AB1234 confirmed by phone', '99AB1234'],
  ['INS ID: 99AB1234', '99AB1234'],
  ['medicaid # 12345678A active', '12345678A'],
  ['Group member id 5567-0091 listed', '5567-0091'],
  ['claim # 2023-000481 was resubmitted', '2023-000481'],
  ['Claim No 77812345 denied for timely filing', '77812345'],
  ['clm 558812349 pended', '558812349'],
  ['ICN 20231234567890 received', '20231234567890'],
  ['the reference number for this claim is 4455667788', '4455667788'],
  ['prior auth # PA-445512 approved through March', 'PA-445512'],
  ['PA number 99881234 on file', '99881234'],
  ['auth no. 7765421 good for 12 visits', '7765421'],
  ['Authorization #: AUT0098812', 'AUT0098812'],
  ['referral # R20231187 sent to ortho', 'R20231187'],
  ['case # 2023-CV-0042 opened', '2023-CV-0042'],
  ['Case No.: 88120-44', '88120-44'],
  ['encounter # 5512340098 closed', '5512340098'],
  ['Encounter 99120087 billed', '99120087'],
  ['FIN 123456789 for this admission', '123456789'],
  ['fin #: 123456789', '123456789'],
  ['accession S23-14552 sent to path', 'S23-14552'],
  ['Visit #: V00812345', 'V00812345'],
  ['MRN#1234567', '1234567'],
  ['mrn 0045521 on the armband', '0045521'],
  ['med rec # 7789123', '7789123'],
  ['Medical record number: 44512309', '44512309'],
  ['hosp # 992211 per registration', '992211'],
  ['unit no 3345122', '3345122'],
  ['Chart # 881234', '881234'],
  ['pt id 55123-44 wristband checked', '55123-44'],
  ['CSN 1100223344 linked', '1100223344'],
  ['acct 00123456789 has a balance', '00123456789'],
  ['Tracking # 1Z999AA10123456784', '1Z999AA10123456784'],
];

const ID_NEGATIVES: ReadonlyArray<readonly [string, string]> = [
  ['the claim was denied on appeal', 'denied'],
  ['she is a member of the team', 'team'],
  ['case manager will call the family', 'manager'],
  ['auth pending for MRI brain', 'pending'],
  ['group therapy at 3pm today', '3pm'],
  ['metoprolol 25 mg bid, unit dose 12500 units heparin', '12500'],
  ['glucose 142 mg/dl, ref range 70-110', '70-110'],
  ['ICD-10 E11.9 noted on the problem list', 'E11.9'],
  ['CPT 99213 billed for the visit', '99213'],
  ['pt is 45 and doing well', '45'],
  ['visit 2 of 6 completed', '2 of 6'],
  ['PA and lateral views obtained', 'lateral'],
  ['plan: continue lasix 40 mg daily', '40'],
  ['unit 4 west, bed 12 per charge nurse', 'bed 12'],
  ['case 3 in the OR this morning', 'case 3'],
  ['ins: BCBS PPO', 'BCBS'],
  ['member of the household since 2019', 'household'],
  ['claim amount 1500.00 dollars', '1500.00'],
  ['auth no longer needed', 'longer'],
  ['platelets 15000 after transfusion', '15000'],
];

const ZIPS: ReadonlyArray<readonly [string, string]> = [
  ['lives at 12 Oak St, Springfield, Illinois 62704', '62704'],
  ['address: 400 main st, chicago il 60614', '60614'],
  ['mailing address 55 Elm Rd, Austin, TX 78701-1234', '78701-1234'],
  ['Dayton, Ohio 45402', '45402'],
  ['her zip is 60614', '60614'],
  ['zip code: 30303 on the form', '30303'],
  ['postal code 94110', '94110'],
  ['moved to boise, idaho 83702 last month', '83702'],
  ['Zip: 021394455', '021394455'],
  ['ZIP 60614-2231', '60614-2231'],
  ['send to po box 44, anytown, ny 10001', '10001'],
  ['pt from Madison WI 53703', '53703'],
  ['Boston, MA 02139', '02139'],
  ['lives in new york 10027 with son', '10027'],
];

const ZIP_NEGATIVES: ReadonlyArray<readonly [string, string]> = [
  ['wbc 12000 cells per microliter', '12000'],
  ['paid 25000 dollars out of pocket', '25000'],
  ['platelets 15000 after transfusion', '15000'],
  ['WBC IN 12000 RANGE', '12000'],
  ['walked 10000 steps or more', '10000'],
];

const AGES: ReadonlyArray<readonly [string, string]> = [
  ['92 yo female with chf', '92'], ['92yo M presents with sob', '92'], ['92 y/o with fall', '92'],
  ['a 92-year-old man', '92'], ['92 yr old woman', '92'], ['92yoF with uti', '92'], ['92 yo M with cp', '92'],
  ['pt (91F) admitted overnight', '91'], ['91 F with uti', '91'], ['age 93, lives alone', '93'],
  ['aged 93 years', '93'], ['a 101 year old veteran', '101'], ['92-y-o female from home', '92'],
  ['ninety-three year old woman', 'ninety-three'], ['ninety three y/o male', 'ninety three'],
  ['Ninety-one-year-old female', 'Ninety-one'], ['one hundred and one years old', 'one hundred and one'],
  ['aged ninety-four, widowed', 'ninety-four'], ['NINETY TWO YO F', 'NINETY TWO'], ['97yom with fall', '97'],
];

const AGE_NEGATIVES: ReadonlyArray<readonly [string, string]> = [
  ['85 yo female with chf', '85'], ['a 45-year-old man', '45'], ['age 67', '67'],
  ['ninety minutes of physical therapy', 'ninety'], ['one hundred mg given', 'one hundred'],
];

const MORE_IDS: ReadonlyArray<readonly [string, string]> = [
  ['your confirmation code is QX7-44K2', 'QX7-44K2'], ['auth code: 88K21-445', '88K21-445'],
  ['my user id is jsmith1987', 'jsmith1987'], ['portal username: carla.m', 'carla.m'], ['login is r_patel77', 'r_patel77'],
  ['my member id is W 2291 8800', 'W 2291 8800'], ['Statement #: 5512009', '5512009'], ['Invoice No. 88231', '88231'],
  ['HICN 123456789A', '123456789A'], ['Claim Control Number 3324567890123', '3324567890123'], ['prescription number 6612345', '6612345'], ['Rx # 4478123 refilled', '4478123'],
];
const MORE_NEGATIVES: ReadonlyArray<readonly [string, string]> = [
  ['the user name is the same as before', 'the same'], ['login was working yesterday', 'working'],
  ['claim is the 12345 one', 'the'], ['inv 2 weeks ago', '2'], ['statement 12 pages long', '12'], ['rx metoprolol 25 mg bid', '25'], ['zip code 02139 on file', 'code'],
];

describe('identifiers after cues', () => {
  it.each(IDS)('finds %s', (text, value) => expect(covered(text, value)).toBe(true));
  it.each(ID_NEGATIVES)('leaves %s', (text, value) => expect(touched(text, value)).toBe(false));
  it.each(MORE_IDS)('finds %s', (text, value) => expect(covered(text, value)).toBe(true));
  it.each(MORE_NEGATIVES)('leaves %s', (text, value) => expect(touched(text, value)).toBe(false));
});

describe('ZIP codes', () => {
  it.each(ZIPS)('finds %s', (text, value) => expect(covered(text, value)).toBe(true));
  it.each(ZIP_NEGATIVES)('leaves %s', (text, value) => expect(touched(text, value)).toBe(false));
});

describe('ages over 89', () => {
  it.each(AGES)('finds %s', (text, value) => expect(covered(text, value)).toBe(true));
  it.each(AGE_NEGATIVES)('keeps ages <= 89 and non-ages below the default score: %s', (text, value) => expect(touched(text, value)).toBe(false));
});

const CLINICIANS: ReadonlyArray<readonly [string, string]> = [
  ['Note by jane miller rn at 0800.', 'jane miller'], ['SW consult: beth cohen msw to see pt', 'beth cohen'],
  ['anesthesia by dave kim crna', 'dave kim'], ['Called karen ortiz fnp re: labs.', 'karen ortiz'],
  ['Patient seen with Maria Lopez PA-C, agrees with plan.', 'Maria Lopez'], ['Dr . smith notified', 'smith'],
  ['seen by Dr . Alvarez', 'Alvarez'], ['Discussed with J. Smith, NP-C today.', 'Smith'],
];
const CLINICIAN_NEGATIVES: ReadonlyArray<readonly [string, string]> = [
  ['RT arm pain, MD aware', 'arm'], ['DO not resuscitate', 'not'], ['rn to recheck bp in 1 hr', 'recheck'],
  ['mother and rn at bedside', 'bedside'], ['pt ambulated with rn', 'ambulated'],
];

describe('clinicians before credentials and after titles', () => {
  it.each(CLINICIANS)('finds %s', (text, value) => expect(covered(text, value)).toBe(true));
  it.each(CLINICIAN_NEGATIVES)('leaves %s', (text, value) => expect(touched(text, value)).toBe(false));
});
