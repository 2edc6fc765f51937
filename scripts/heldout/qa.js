// qa-heldout: a patient or caller writing to a health API, chat bot or help desk, with the replies.
import { Doc } from './doc.js';
import { COMMON, newCtx } from './common.js';

const ASK = [
  'hi my name is {PTFULL} and my dob is {DOB}, can you reach me at {PHONE}', 'hello this is {PT}. i need to reschedule my appt on {LDATE} with {PROV}',
  'Hi, I am writing for my {REL} {FAMFULL}, they are {OLDAGE} and very confused since yesterday', 'can u send the results to {EMAIL} thx',
  'my member id is {MEMBER} and group # {GROUP}', 'I moved, new adress is {ADDR1}', 'whats the copay for a visit with {PROV} at {CLINIC}?',
  'my mom is {OLDAGE} yrs old and keeps falling is that normal', 'I was seen at {HOSP} on {SDATE} for chest pain and never got a bill',
  'pls call my cell {PHONE} or work {PHONE}', 'my ssn is {SSN} if you need it', 'my chart number is {MRN}', 'my insurance is {PAYER}, id {MEMBER}',
  'is {BP} high for someone who is {AGE}?', 'can I bring my {REL} {FAMN} to the appointment on {WEEKDAY}', 'i live in {TOWN}, is there a clinic closer than {HOSP}',
  'born {DOB}, name {PTLAST} {PTFIRST}', '{PTFIRST} here again lol, still waiting on my refill at walgreens on {STREET}',
  'How do I update my phone number? My old number was {PHONE} and the new one is {PHONE}.', 'my email changed from {EMAIL} to {FAMEMAIL}',
  "I'm {AGE}, female, 5'4, 160 lbs, is my BMI ok", 'my daughter {FAMN} (dob {DOB}) has a fever of 102 since {WEEKDAY}', 'the pharmacy fax is {FAX}',
  'my drivers license # is {DL} for the id check', 'i logged in from {IP} and it locked me out', 'here is my profile {URL} if that helps',
  'Hello, {PTFULL} here. DOB {DOB}. Phone {PHONE}. I need my records from {HOSP} sent to {PROV}.', 'hey its {PTFIRST} {PTLAST} again, did {PROV} get my message',
  'my dad {FAMFULL} passed away on {LDATE} at {NH}, how do I cancel his plan', 'I need a letter for my employer ({EMPLOYER}) saying I was in the hospital {SDATE} to {SDATE}',
  'my grandmother is {WAGE} and lives at {ADDRLINE} in {TOWN}, can a nurse visit her', 'reach me at {EMAIL} or {PHONE} anytime after {TIME}',
  "name: {PTFULL}\ndob: {DOB}\nphone: {PHONE}\nquestion: {QUESTION}", 'account number {ACCT}, why was I charged twice', 'claim {CLAIM} was denied, can someone explain',
  'I am {PTF}, I had my knee done by {PROV} at {HOSP} in {MDATE}', 'my son {FAMN} is {AGE} and has asthma, his school nurse is {NURSE}',
  'please update my address to {ADDR} thank you', 'call my husband {FAMN} at {PHONE} he has my info', 'I was born in {ABROAD} and my records are from {COUNTRY}, is that a problem',
  'Hi! {PTFIRST} from {TOWN}. My insurance card says {MEMBER}', 'ok my zip is {ZIP}', 'my pacemaker serial is {SERIAL}, they asked for it on the form',
  'car was towed from the hospital garage, plate {PLATE}', 'it says my MRN is {MRN} but my old one was {MRN}', 'patient {PTFULL}, {AGE} yo, asking about {QUESTION}',
];
const REPLY = [
  'Thanks {PTFIRST}, I found your record. Can you confirm your date of birth?', 'Hi {PTF}, your appointment with {PROV} is confirmed for {LDATE} at {TIME}.',
  "I'm sorry to hear that. If this is an emergency, please call 911.", 'Your claim {CLAIM} was processed on {SDATE}.', 'We sent a verification code to {EMAIL}.',
  'Your one-time code is {CODE}. It expires in 10 minutes.', 'I have updated the phone number on file to {PHONE}.', 'Thank you. I see {PAYER} as your primary insurance.',
  'Our nurse line is open 24/7 at {ORGPHONE}.', 'The clinic at {CLINIC} is open Mon-Fri 8am-5pm.', 'Got it. I have noted that {FAMN} may call on your behalf.',
  'Please allow 3-5 business days for records requests.', 'Can you tell me the member ID on the front of your card?', 'Thanks, {PTFULL}. Your address is now {ADDR1}.',
  'A BMI between 18.5 and 24.9 is considered normal.', 'For refills, please contact your pharmacy or use the app.', 'I have forwarded your message to {PROV}\'s care team.',
  'Your balance is $45.00. You can pay online at {ORGURL}.', 'Our records show a visit at {HOSP} on {SDATE}.', 'Is {PHONE} still the best number to reach you?',
];
const SMALL = [
  'ok thanks', 'how long does it take', 'do you take walk ins', 'is tylenol ok with lisinopril', 'what time do you open on saturday', 'my bp was {BP} this morning',
  'i have had a cough for 3 weeks', 'on a scale of 1-10 its a 7', 'I need a refill of atorvastatin 40 mg', 'can I get the flu shot there', "what's the difference between a PPO and an HMO",
  'thank u so much!!', 'is 6.8 a good A1C', 'i took 2 advil at 3pm', 'the MyChart app keeps crashing', 'do I need to fast before my labs', 'sorry wrong chat', 'ty',
];
const QUESTION = ['can I take ibuprofen with my blood thinner', 'my rash is spreading', 'when will my test results be ready', 'do I need a referral for physical therapy', 'is this covered by my plan'];
const WEEKDAYS = ['monday', 'Tuesday', 'wednesday', 'Thursday', 'friday', 'Saturday'];
const SLOTS = {
  ...COMMON,
  BP: (c) => `${c.r.int(100, 190)}/${c.r.int(60, 110)}`, QUESTION: (c) => c.r.pick(QUESTION), CODE: (c) => c.r.digits(6),
  WEEKDAY: (c) => ({ t: 'DATE', v: c.r.pick(WEEKDAYS) }),
  ORGPHONE: (c) => ({ t: 'NOT_PHI:ORG_PHONE', v: `1-800-${c.r.int(200, 999)}-${c.r.digits(4)}` }),
  ORGURL: (c) => ({ t: 'NOT_PHI:URL', v: c.r.pick(['www.mychart-portal.org/pay', 'https://pay.healthbill.com', 'billing.example-health.org']) }),
};
const USER = ['User: ', 'Patient: ', 'Caller: ', 'me: ', 'Q: ', '[patient] ', 'customer: ', ''];
const BOT = ['Agent: ', 'Bot: ', 'Assistant: ', 'A: ', '[agent] ', 'Support: '];

export function generateQa(r, fhir, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const ctx = newCtx(r, fhir);
    const d = new Doc('asis');
    const userCase = r.weighted([[5, 'asis'], [4, 'lower'], [1, 'upper']]);
    const turns = r.chance(0.4) ? 1 : r.int(2, 5);
    const ui = r.int(0, USER.length - 1), bi = r.int(0, BOT.length - 1);
    for (let k = 0; k < turns; k++) {
      if (k) d.lit(r.pick(['\n', '\n\n', ' ']));
      const user = k % 2 === 0;
      if (turns > 1) { d.caseMode = 'asis'; d.lit(user ? USER[ui] : BOT[bi]); }
      d.caseMode = user ? userCase : 'asis';
      const pool = user ? (r.chance(0.75) ? ASK : SMALL) : REPLY;
      d.fill(r.pick(pool), SLOTS, ctx);
      if (user && r.chance(0.3)) { d.lit(r.pick([' ', '. ', ', also ', ' and ', '\n'])); d.fill(r.pick(r.chance(0.6) ? ASK : SMALL), SLOTS, ctx); }
      if (user) d.lit(r.pick(['', '', '?', '.', '!!', ' :)', ' thanks', ' pls']));
    }
    out.push(d.record(`qa-heldout-${String(i + 1).padStart(4, '0')}`));
  }
  return out;
}
