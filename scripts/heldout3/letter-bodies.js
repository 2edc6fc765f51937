// Bodies of the letters: each takes a context and returns {to, re, salute, text, sign?, cc?}.
import { S } from './builder.js';
import * as P from './pools.js';
import * as I from './ids.js';
import { person, relative, name, titled, provider, prov, address, addressBlock, D, PH, email } from './people.js';

const DX = ['atrial fibrillation', 'exertional dyspnea', 'a thyroid nodule', 'chronic kidney disease stage 3b', 'uncontrolled type 2 diabetes',
  'right knee osteoarthritis', 'recurrent syncope', 'an abnormal chest CT', 'iron deficiency anemia', 'resistant hypertension', 'low back pain with radiculopathy'];
const AGE = (ctx) => S(String(ctx.age), 'AGE');
const he = (p) => (p.sex === 'F' ? 'She' : 'He');
const re = (ctx) => {
  const { r, pt } = ctx;
  return r.pick([
    () => ['RE: ', name(r, pt, 'fl'), '   DOB: ', D(r, pt.dob, 'mdy'), r.chance(0.6) ? ['   MRN: ', S(ctx.mrn, 'MRN')] : null],
    () => ['Re: ', name(r, pt, 'lf'), ' (DOB ', D(r, pt.dob, r.pick(['mdy', 'mdyshort', 'mdy2'])), ')'],
    () => ['Patient: ', name(r, pt, 'LF'), ' | Date of birth: ', D(r, pt.dob, 'long'), ' | Acct ', S(I.account(r), 'ACCOUNT')],
  ])();
};
const recipientProv = (ctx, other) => {
  const { r } = ctx;
  const a = address(r);
  return [prov(r, other, 'drfl'), [S(r.pick(P.CLINICS), 'LOCATION')], ...addressBlock(r, a)];
};
const ptBlock = (ctx) => [name(ctx.r, ctx.pt, ctx.r.pick(['fl', 'fml', 'FL'])), ...addressBlock(ctx.r, ctx.pa)];

export const bodies = [
  function consult(ctx) {
    const { r, pt, doc, when } = ctx;
    const pcp = provider(r, undefined, true);
    const seen = I.date(r, when.y - 1, when.y);
    return {
      to: recipientProv(ctx, pcp), re: re(ctx), salute: ['Dear Dr. ', S(pcp.last, 'PROVIDER_NAME'), ','],
      text: [
        ['Thank you for referring ', titled(r, pt), ', a ', AGE(ctx), '-year-old ', pt.sex === 'F' ? 'woman' : 'man', ', whom I saw on ', D(r, seen), ' for ', r.pick(DX), '.'],
        [he(pt), ' was accompanied by ', pt.sex === 'F' ? 'her' : 'his', ' ', r.pick(['daughter', 'son', 'wife', 'husband', 'niece']), ' ', name(r, relative(r, pt), 'fl'), '.'],
        ['I have started ', S(r.pick(P.DRUGS), 'NOT_PHI:DRUG'), ' and stopped ', S(r.pick(P.DRUGS), 'NOT_PHI:DRUG'), '. Labs drawn today (accession ', S(I.accession(r), 'OTHER_ID'), ').'],
        ['I will see ', pt.sex === 'F' ? 'her' : 'him', ' back in ', r.pick(['6 weeks', '3 months', '4-6 months']), '; please call me at ', PH(r, ctx.o.areas), ' with any questions.'],
      ],
      cc: ['cc: ', name(r, pt, 'fl'), r.chance(0.5) ? ['; ', prov(r, provider(r), 'dr')] : null],
    };
  },
  function referral(ctx) {
    const { r, pt, pa } = ctx;
    const spec = provider(r, undefined, true);
    const rel = relative(r, pt);
    return {
      to: recipientProv(ctx, spec), re: re(ctx), salute: [r.pick(['Dear Dr. ', 'Dr. ']), S(spec.last, 'PROVIDER_NAME'), r.pick([',', ':'])],
      text: [
        ['I am referring my patient ', name(r, pt, r.pick(['fl', 'fml', 'fmidl'])), ' (DOB ', D(r, pt.dob, 'mdy'), ') for evaluation of ', r.pick(DX), '.'],
        [he(pt), ' is ', AGE(ctx), ' and lives in ', S(pa.city, 'LOCATION'), ' with ', r.pick(['her husband', 'his wife', 'a roommate', 'her mother', 'his partner']), ' ', name(r, rel, 'fl'), ', who drives.'],
        ['Insurance: ', S(r.pick(P.PAYERS), 'NOT_PHI:ORGANIZATION'), ', member ID ', S(I.memberId(r), 'HEALTH_PLAN_ID'), '. Prior auth ', S(I.authNo(r), 'OTHER_ID'), ' is on file.'],
        ['Best number for the patient: ', PH(r, pa.areas), r.chance(0.5) ? [' (cell); alternate ', PH(r, pa.areas), ' (', name(r, rel, 'f'), ')'] : null, '.'],
      ],
    };
  },
  function appointment(ctx) {
    const { r, pt, doc, o } = ctx;
    const appt = I.date(r, ctx.when.y, ctx.when.y + 1);
    const wd = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][new Date(Date.UTC(appt.y, appt.m - 1, appt.d)).getUTCDay()];
    return {
      to: ptBlock(ctx), salute: ['Dear ', r.chance(0.6) ? titled(r, pt) : name(r, pt, 'f'), ','],
      text: [
        ['This letter confirms your appointment with ', prov(r, doc, r.pick(['dr', 'drfl', 'full'])), ' on ', S(`${wd}, ${I.fmtDate(r, appt, 'long')}`, 'DATE'), ' at ', S(I.time(r, '12'), 'NOT_PHI:TIME'), '.'],
        ['Please arrive 15 minutes early at ', S(o.nm, 'LOCATION'), ', ', S(o.a.street, 'LOCATION'), ', and bring your ', S(r.pick(P.PAYERS), 'NOT_PHI:ORGANIZATION'), ' card and a photo ID.'],
        ['To cancel or reschedule call ', PH(r, o.areas), r.chance(0.4) ? [' or toll free ', S(I.tollFree(r), 'NOT_PHI:TOLL_FREE')] : null, '. Confirmation #', S(I.confirmNo(r), 'OTHER_ID'), '.'],
        r.chance(0.5) ? ['You can also manage visits at ', S(`https://${r.pick(['mychart', 'portal', 'myhealth'])}.${o.domain}`, 'URL'), ' (user name ', S(email(r, pt).split('@')[0], 'OTHER_ID'), ').'] : ['Fasting is not required for this visit.'],
      ],
      sign: [[r.pick(['Scheduling Department', 'Patient Access', 'The Front Desk Team'])]],
    };
  },
  function results(ctx) {
    const { r, pt, doc, o } = ctx;
    const test = I.date(r, ctx.when.y - 1, ctx.when.y);
    const kind = r.pick([['mammogram', 'was normal (BI-RADS 1). We recommend a screening mammogram again in one year.'],
      ['colonoscopy pathology', 'showed two small tubular adenomas, which are benign. Repeat colonoscopy is advised in 5 years.'],
      ['blood work', `showed a hemoglobin A1c of ${r.int(55, 99) / 10}%. Please continue your current dose.`],
      ['bone density (DEXA) scan', 'showed osteopenia. Vitamin D and calcium are recommended.'],
      ['thyroid ultrasound', 'showed a 9 mm nodule that does not need a biopsy at this time.']]);
    return {
      to: ptBlock(ctx), re: r.chance(0.5) ? ['Re: Test results - ', name(r, pt, 'fl')] : null,
      salute: ['Dear ', r.chance(0.5) ? name(r, pt, 'fl') : titled(r, pt), ','],
      text: [
        ['Your ', kind[0], ' done on ', D(r, test), ' at ', S(r.chance(0.5) ? P.hospital(r) : o.nm, 'LOCATION'), ' ', kind[1]],
        r.chance(0.5) ? ['A copy was sent to ', prov(r, provider(r), 'drfl'), '. Accession number ', S(I.accession(r), 'OTHER_ID'), '.'] : null,
        ['If you have questions, please call our nurse line at ', PH(r, o.areas), ' and mention medical record number ', S(ctx.mrn, 'MRN'), '.'],
      ].filter(Boolean),
    };
  },
  function billing(ctx) {
    const { r, pt, o } = ctx;
    const guar = r.chance(0.4) ? relative(r, pt) : pt;
    const svc = I.date(r, ctx.when.y - 1, ctx.when.y);
    const acct = I.account(r);
    return {
      to: [name(r, guar, r.pick(['FL', 'fl', 'fml'])), ...addressBlock(r, ctx.pa)],
      re: ['Account number: ', S(acct, 'ACCOUNT'), '    Statement date: ', D(r, ctx.when, 'mdy'), '    Amount due: $', `${r.int(25, 4800)}.${I.p2(r.int(0, 99))}`],
      salute: [r.pick(['Dear ', 'Dear Guarantor ']), name(r, guar, 'fl'), ','],
      text: [
        ['Our records show an unpaid balance for services provided to ', name(r, pt, 'fl'), ' on ', D(r, svc), '.'],
        [S(r.pick(P.PAYERS), 'NOT_PHI:ORGANIZATION'), ' processed claim ', S(I.claimNo(r), 'OTHER_ID'), ' and the remaining amount is your responsibility.'],
        ['Pay online at ', S(`https://pay.${o.domain}/${r.pick(['acct', 'bill', 'p'])}/${acct.replace(/\D/g, '')}`, 'URL'), ' or call ', S(I.tollFree(r), 'NOT_PHI:TOLL_FREE'), '.'],
        r.chance(0.5) ? ['We have on file a card ending in ', S(I.cardLast4(r), 'ACCOUNT'), '. If unpaid by ', D(r, I.date(r, ctx.when.y, ctx.when.y + 1)), ' this account may be placed with an outside agency.']
          : ['To set up a payment plan, reply by email to ', S(`billing@${o.domain}`, 'EMAIL'), '.'],
      ],
      sign: [[r.pick(['Patient Financial Services', 'Business Office', 'Billing Department'])]],
    };
  },
  function schoolNote(ctx) {
    const { r, pt, doc } = ctx;
    const kid = person(r); kid.dob = I.date(r, 2010, 2020);
    const parent = relative(r, kid);
    const a = I.date(r, ctx.when.y, ctx.when.y), b = { ...a, d: Math.min(a.d + r.int(1, 3), 28) };
    const age = I.ageOn(kid.dob, ctx.when);
    return {
      to: [[S(r.pick(P.SCHOOLS), 'LOCATION')], [r.pick(['Attn: School Nurse', 'Attn: Attendance Office', 'To Whom It May Concern'])]],
      salute: [r.pick(['To Whom It May Concern:', 'Dear School Nurse,'])],
      text: [
        ['Please excuse ', name(r, kid, r.pick(['fl', 'fml'])), ' (DOB ', D(r, kid.dob, 'mdy'), ', age ', S(String(age), 'AGE'), ') from school from ', D(r, a, 'mdyshort'), ' through ', D(r, b, 'mdyshort'), '.'],
        [he(kid), ' was seen in our office for ', r.pick(['strep pharyngitis', 'influenza A', 'a concussion', 'gastroenteritis', 'an asthma flare']), ' and may return on ', D(r, { ...b, d: b.d + 1 }, 'monthday'), '.'],
        r.chance(0.6) ? ['No gym or recess sports until ', D(r, { ...b, d: b.d + 1 }, 'mdnoy'), '. Inhaler (', S('albuterol', 'NOT_PHI:DRUG'), ') may be kept with the nurse.'] : null,
        ['Parent/guardian: ', name(r, parent, 'fl'), ', ', PH(r, ctx.pa.areas), '.'],
      ].filter(Boolean),
    };
  },
  function workNote(ctx) {
    const { r, pt } = ctx;
    const back = I.date(r, ctx.when.y, ctx.when.y);
    return {
      to: [[r.pick(['Employer: ', 'To: Human Resources, ']), S(r.pick(P.EMPLOYERS), 'LOCATION')]], re: re(ctx),
      salute: [r.pick(['To Whom It May Concern,', 'To the employer of the above patient:'])],
      text: [
        [name(r, pt, 'fl'), ' was under my care from ', D(r, I.date(r, ctx.when.y, ctx.when.y), 'mdy'), ' and may return to work on ', D(r, back), '.'],
        ['Restrictions: ', r.pick(['no lifting over 20 lb', 'seated duty only', 'no ladder work', 'no driving company vehicles']), ' for ', r.pick(['two weeks', '30 days', '6 weeks']), '.'],
        r.chance(0.5) ? ['FMLA paperwork for case ', S(I.caseNo(r), 'OTHER_ID'), ' was faxed to ', PH(r, ctx.o.areas, 'FAX'), '.'] : null,
      ].filter(Boolean),
    };
  },
  function necessity(ctx) {
    const { r, pt } = ctx;
    const payer = r.pick(P.PAYERS);
    const pa = address(r);
    pa.street = `PO Box ${r.int(1000, 99999)}`; pa.unit = null;
    const item = r.pick(P.DME);
    return {
      to: [[S(payer, 'NOT_PHI:ORGANIZATION'), ' ', r.pick(['Utilization Management', 'Prior Authorization Dept', 'Appeals Unit'])], ...addressBlock(r, pa)],
      re: ['RE: Letter of medical necessity - ', name(r, pt, 'fl'), ', member ID ', S(I.memberId(r), 'HEALTH_PLAN_ID'), r.chance(0.5) ? [', group ', S(I.groupNo(r), 'HEALTH_PLAN_ID')] : null],
      salute: ['To the Medical Director:'],
      text: [
        ['I am writing on behalf of my patient, born ', D(r, pt.dob, 'long'), ', to request coverage of a ', item[0], '.'],
        ['Denial reference ', S(I.claimNo(r), 'OTHER_ID'), ' cited lack of documentation; records from ', D(r, I.date(r, ctx.when.y - 1, ctx.when.y)), ' are enclosed.'],
        [he(pt), ' is ', AGE(ctx), ' years old and has failed ', S(r.pick(P.DRUGS), 'NOT_PHI:DRUG'), ' and ', S(r.pick(P.DRUGS), 'NOT_PHI:DRUG'), '.'],
      ],
    };
  },
  function condolence(ctx) {
    const { r, pt } = ctx;
    const sp = relative(r, pt, pt.sex === 'F' ? 'M' : 'F');
    return {
      to: [name(r, sp, 'fl'), ...addressBlock(r, ctx.pa)],
      salute: ['Dear ', r.chance(0.5) ? titled(r, sp) : name(r, sp, 'f'), ' and family,'],
      text: [
        ['All of us who cared for ', name(r, pt, r.pick(['f', 'fl'])), ' were saddened to hear of ', pt.sex === 'F' ? 'her' : 'his', ' passing on ', D(r, ctx.when, 'long'), '.'],
        ['Our bereavement coordinator, ', prov(r, provider(r), 'full'), ', will call you at ', PH(r, ctx.pa.areas), ' in the coming weeks.'],
        ['A memorial service is held each spring at ', S(r.pick(P.CHURCHES), 'LOCATION'), ' in ', S(ctx.pa.city, 'LOCATION'), '.'],
      ],
    };
  },
  function dismissal(ctx) {
    const { r, pt } = ctx;
    return {
      to: ptBlock(ctx), re: re(ctx), salute: ['Dear ', titled(r, pt), ':'],
      text: [
        ['Because of ', r.pick(['three missed appointments', 'repeated no-shows', 'an unpaid balance']), ' (most recently ', D(r, I.date(r, ctx.when.y, ctx.when.y)), '), we will no longer be able to serve as your primary care office.'],
        ['We will provide urgent care for 30 days, through ', D(r, I.date(r, ctx.when.y, ctx.when.y + 1), 'long'), '. Your records can be sent to a new office on request.'],
        ['Send the signed release to ', S('medical.records@' + ctx.o.domain, 'EMAIL'), ' or fax ', PH(r, ctx.o.areas, 'FAX'), '.'],
      ],
    };
  },
];
