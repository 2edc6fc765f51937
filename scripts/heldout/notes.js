// notes-heldout: nursing and progress notes (shorthand, caps-lock or lower-case notes, missing punctuation).
import { Doc } from './doc.js';
import { COMMON, newCtx } from './common.js';

const HEADERS = [
  'NURSING PROGRESS NOTE {SDATE} 0700-1900', 'Nsg note {SDATE} 7p-7a:', 'NPN {UNIT} {SDATE}', 'Pt: {PTFULL}   MRN: {MRN}   DOB: {DOB}',
  'Progress Note - HD#{N}', 'CCU NURSING ADMIT NOTE', '{UNIT} nsg 3-11 {SDATE}', 'Name: {PTFULL}  Unit #{MRN}  Adm {SDATE}',
  'Event note {SDATE} {TIME}', 'ADDENDUM', 'Interval hx:', 'Resident progress note {SDATE}', 'Social work note - {PTF}',
];

const PHI = [
  '{AGE} yo {SEXW} adm {SDATE} w/ {DX}', '{AGE}yo{SEX1} w/ hx {PMH} p/w {SX}', 'pt is a {AGE} y/o {SEXW} s/p {PROC} on {SDATE}, txf from {HOSP} for further mgmt',
  '{PT} is a {OLDAGE} year old resident of {NH} sent in for {SX}', 'pt is a {WAGE} year old {SEXW} from {TOWN} w/ {PMH}', 'Age {OLDAGE}, lives w/ {REL} in {TOWN}',
  '({OLDAGE}{SEX1}) {PMH}, DNR/DNI', 'pt {OLDAGE} yrs old, baseline A&Ox2', 'lives alone in {TOWN}, {REL} {FAMN} checks on pt daily',
  '{REL} {FAMN} at bedside, updated on POC, can be reached at {PHONE}', '{REL} ({FAMN}) called for update at {TIME}, #{PHONE}',
  'HCP is {REL} {FAMFULL} - cell {PHONE}, home {PHONE}', 'Emergency contact: {FAMFULL} ({REL}) {PHONE}', '{REL} {FAMN} {FAMLAST} requests call back after {TIME} at {PHONE}',
  '{PROV} aware of {LABFLAG}, new orders rec\'d', 'paged {PROV} re {SX}, pgr {PAGER}, awaiting call back', 'seen by {ROLE} {PROV} this am', 'plan per {PROV}: {PLAN}',
  'f/u w/ {PROV} at {CLINIC} on {SDATE} @ {TIME}', 'f/u appt {LDATE} w/ pcp {PROV} ({PHONE})', 'pt txf to {NUNIT} at {TIME}, report given to {NURSE} RN',
  'd/c planning: pt to return to {NH} in {TOWN} on {SDATE}, CM {NURSE} following', 's/p CABG x{N} in {YEAR} at {HOSP}', 'hx breast ca {YEAR} tx at {HOSP2}',
  'last colonoscopy {SDATE} per pt', 'born in {ABROAD}, moved to {TOWN} in {YEAR}, {LANG} speaking, interpreter used', 'pt works at {EMPLOYER} in {TOWN}',
  'pt is DNR/DNI per discussion w/ {PROV} and {REL} {FAMN} on {SDATE}', 'visiting {REL} from {COUNTRY}, returns home {SDATE}', 'spoke w/ {PROV} from {HOSP} ED, pt accepted for transfer',
  'BCx from {HOSP2} {SDATE} grew {BUG}', 'PT eval by {NURSE}, recs rehab at {NH}', 'Pt {PTF} c/o {SX}', '{PTFIRST} tearful this evening, misses {HIS} {REL} {FAM2}',
  'Admit date {SDATE}  LOS {N}', 'ECHO {SDATE}: EF {EF}%', 'from {TOWN} {STATE}, summers in {TOWN2}', 'adm to {HOSP} {SDATE}-{SDATE} for PNA',
  'rec\'d call from {PROV}\'s office ({PHONE}) re {LABFLAG}', 'POA {FAMFULL} (tel {PHONE}) aware of plan', 'HD at {CLINIC} MWF, last tx {SDATE}',
  'rx sent to CVS on {STREET}', 'pt lives at {ADDRLINE} w/ {REL}, 2nd floor walk-up', 'MRN {MRN}', 'mr# {MRN} verified w/ armband',
  'ID band checked: {PTFULL} DOB {DOB}', '{PTF} ambulating in hall w/ {NURSE} from PT', 'd/w {PROV2} ({ROLE}), will hold {MED} tonight',
  'cards consulted, {PROV2} to see pt in am', 'family mtg {SDATE} @ {TIME} w/ {REL} {FAMN}, {PROV}, SW', 'pt\'s {REL} {FAMN} {FAMLAST} is also inpt here on {NUNIT}',
  'nephew {FAM2} brought in pt\'s meds from home', 'last seen by {PROV} at {CLINIC} {MDATE}', 'pt recently d/c\'d from {HOSP2} on {LDATE}',
  'Coumadin clinic ph {PHONE}, INR goal 2-3', 'pt states {HE} was at {HOSP} in {MDATE} for same', 'Pt {OLDAGE} y/o, code status discussed',
  'ambulance from {TOWN} fire dept brought pt in', 'daughter {FAMN} (lives in {TOWN2}) will take pt home {SDATE}', 'GOC d/w {REL} by phone {PHONE}',
  '{PTLAST}, {PTFIRST} - {AGE}{SEX1} - {UNIT} bed {N}', 'ortho ({PROV}) recs WBAT LLE', 'wound care RN {NURSE} saw pt, stage 2 sacrum', 'OT {NURSE} recs 24h supervision',
];

const FILL = [
  'VS: BP {BP} HR {HR} RR {RR} T {TEMP} SpO2 {SAT}% on {O2}', 'bp{BP} p{HR} r{RR} t{TEMP} sat {SAT}% {O2}', 'Tmax {TEMP}, HR {HR}s NSR, SBP 100s-{SBP}',
  'labs: Na {NA} K {K} Cl {CL} CO2 {CO2} BUN {BUN} Cr {CR} Glu {GLU}', 'WBC {WBC} Hgb {HGB} Hct {HCT} Plt {PLT}', 'INR {INR}, PTT {PTT}', 'ABG 7.{PH}/{PCO2}/{PO2}',
  'K {K}, repleted w/ 40 meq KCl po', 'Mg {MG} repleted 2 gm IV', 'trop <0.01 x2, CK {CK}', 'I/O {IN}/{OUT}, UO {UO}cc/hr via Foley', 'neuro: A&Ox3, MAE, PERRLA, follows commands',
  'neuro: A&O x1, GCS {GCS}, pupils 3mm brisk', 'resp: LS clear bilat, dim at bases, on {O2}', 'CV: RRR, {MURMUR} murmur, +2 pedal pulses', 'GI: abd soft NT/ND, +BS, last BM {DAYS} days ago',
  'GU: foley in place, urine clear/yellow', 'skin: intact, Braden {BRADEN}, turned q2h', 'pain {PAIN}/10, Tylenol 650 mg po given w/ relief', 'received Dilaudid 0.5 mg IV x1 for pain {PAIN}/10',
  'IVF: D5 1/2NS @ {RATE} cc/hr', 'strength 4/5 RLE, 5/5 LLE', 'on heparin gtt @ {RATE}0 u/hr, PTT due {TIME}', 'lasix 40 mg IV given, good response', 'BS {GLU}, covered w/ 4u humalog per SSI',
  'cont abx: vanc/zosyn, vanc trough due am', 'JP drain w/ 30cc serosang output', 'tele: SR w/ occ PVCs', 'A-line and Swan in place, CVP {CVP}', 'vent: AC 500 x 14, PEEP 5, FiO2 40%',
  'ETT 7.5 @ 23 at lip', 'pt NPO after MN for {PROC}', 'Haldol 2 mg IV given for agitation', 'Parkinson\'s meds given on time', 'hx of Crohn\'s, Hashimoto\'s thyroiditis',
  'r/o Guillain-Barre, LP done', 'Murphy\'s sign neg, RUQ US pending', 'Glasgow 15, no focal deficits', 'fall risk, Morse {MORSE}, bed alarm on', 'tolerating Ensure TID',
  'c/o nausea, zofran 4 mg IV given w/ effect', 'ativan 0.5 mg for anxiety at HS', 'wt {WT} kg (up 1.2 from yesterday)', 'BMI {BMI}', 'A1c {A1C}%', 'CXR: RLL infiltrate',
  'CT head neg for bleed', 'dressing c/d/i', 'ambulated 50 ft w/ walker and 1 assist', 'pt refused HS meds', 'plan: cont current mgmt, monitor lytes, f/u cx',
  'will d/c foley in am if UO adequate', 'coughing up thick yellow sputum, suctioned x2', 'PICC placed R basilic, tip at cavoatrial jxn', 'Lyme titer pending',
  'Whipple done in past, on Creon', 'hx Bell\'s palsy', 'CIWA {CIWA}', 'pt w/ poor PO intake, encouraged fluids', 'slept well overnight', 'remains on droplet precautions',
];
const NUM = {
  BP: (r) => `${r.int(88, 178)}/${r.int(44, 102)}`, HR: (r) => String(r.int(52, 128)), RR: (r) => String(r.int(12, 28)), TEMP: (r) => r.pick(['97.8', '98.6', '99.1', '100.4', '101.2', '36.8', '38.1']),
  SAT: (r) => String(r.int(88, 100)), O2: (r) => r.pick(['RA', 'ra', '2L NC', '4l nc', '40% FM', 'NRB', 'BiPAP']), SBP: (r) => String(r.int(110, 160)), NA: (r) => String(r.int(128, 146)),
  K: (r) => r.pick(['3.1', '3.4', '3.9', '4.2', '5.3']), CL: (r) => String(r.int(95, 110)), CO2: (r) => String(r.int(18, 32)), BUN: (r) => String(r.int(8, 64)), CR: (r) => r.pick(['0.7', '1.1', '1.6', '2.4', '3.8']),
  GLU: (r) => String(r.int(70, 320)), WBC: (r) => r.pick(['4.2', '7.8', '11.6', '15.3', '2.1']), HGB: (r) => r.pick(['7.4', '8.9', '10.2', '12.8']), HCT: (r) => r.pick(['22.1', '27.5', '31.0', '38.4']),
  PLT: (r) => String(r.int(42, 420)), INR: (r) => r.pick(['1.1', '1.8', '2.6', '3.4']), PTT: (r) => String(r.int(28, 96)), PH: (r) => String(r.int(18, 48)), PCO2: (r) => String(r.int(28, 70)), PO2: (r) => String(r.int(55, 180)),
  MG: (r) => r.pick(['1.4', '1.6', '1.8']), CK: (r) => String(r.int(40, 900)), IN: (r) => String(r.int(600, 3200)), OUT: (r) => String(r.int(300, 2800)), UO: (r) => String(r.int(10, 120)),
  GCS: (r) => String(r.int(7, 15)), MURMUR: (r) => r.pick(['2/6 SEM', '3/6 holosystolic', 'no', '1/6']), DAYS: (r) => String(r.int(1, 5)), BRADEN: (r) => String(r.int(9, 20)), PAIN: (r) => String(r.int(0, 10)),
  RATE: (r) => String(r.int(5, 15) * 10), CVP: (r) => String(r.int(4, 18)), MORSE: (r) => String(r.int(25, 95)), WT: (r) => r.pick(['54.2', '68.0', '81.7', '102.3']), BMI: (r) => r.pick(['19.4', '27.8', '33.1', '41.0']),
  A1C: (r) => r.pick(['5.9', '7.2', '9.8', '11.4']), CIWA: (r) => String(r.int(2, 22)), EF: (r) => String(r.int(15, 65)),
  DX: (r) => r.pick(['CHF exac', 'COPD exac', 'NSTEMI', 'urosepsis', 'SBO', 'GI bleed', 'DKA', 'AMS', 'PNA', 'hip fx', 'ETOH w/d', 'CVA']),
  PMH: (r) => r.pick(['HTN, HLD, DM2', 'CAD s/p PCI', 'afib on coumadin', 'ESRD on HD', 'COPD on 2L home O2', 'dementia', 'CHF (EF 25%)', 'cirrhosis']),
  SX: (r) => r.pick(['SOB', 'CP', 'abd pain', 'N/V', 'dizziness', 'falls', 'fever/chills', 'confusion', 'melena', 'dysuria']),
  PROC: (r) => r.pick(['ORIF L hip', 'lap chole', 'TURP', 'EGD', 'CABG x3', 'TAVR', 'ex lap', 'cath']), LABFLAG: (r) => r.pick(['K 5.9', 'Hct drop to 24', 'trop 0.4', 'Na 126', 'lactate 4.2', 'BS 45']),
  PLAN: (r) => r.pick(['diurese, daily wts', 'cont abx, f/u cx', 'NPO, serial abd exams', 'transfuse 1u PRBC', 'wean O2 as tol']), MED: (r) => r.pick(['metoprolol', 'lasix', 'lisinopril', 'coumadin', 'lovenox']),
  BUG: (r) => r.pick(['MRSA', 'E. coli', 'VRE', 'klebsiella', 'GPCs in clusters']), LANG: (r) => r.pick(['Spanish', 'Haitian Creole', 'Portuguese', 'Vietnamese', 'Cantonese', 'Somali', 'Polish', 'Arabic']),
};
const SLOTS = { ...COMMON, ...Object.fromEntries(Object.entries(NUM).map(([k, f]) => [k, (c) => f(c.r)])) };

export function generateNotes(r, fhir, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const ctx = newCtx(r, fhir);
    const d = new Doc(r.weighted([[4, 'asis'], [3, 'upper'], [3, 'lower']]));
    const sep = r.pick(['. ', '. ', '.  ', ' ', ', ', '\n', '. \n', ' - ', '; ']);
    if (r.chance(0.45)) { d.fill(r.pick(HEADERS), SLOTS, ctx); d.lit(r.pick(['\n', '\n\n', ' '])); }
    const phiN = r.chance(0.08) ? 0 : r.int(1, 4), fillN = r.int(2, 7);
    const items = [...Array.from({ length: phiN }, () => r.pick(PHI)), ...Array.from({ length: fillN }, () => r.pick(FILL))];
    for (let k = items.length - 1; k > 0; k--) { const j = r.int(0, k); [items[k], items[j]] = [items[j], items[k]]; }
    items.forEach((t, k) => { if (k) d.lit(sep); d.fill(t, SLOTS, ctx); });
    if (r.chance(0.5)) d.lit(r.pick(['.', '', ' ', '\n', '..']));
    if (r.chance(0.2)) { d.lit(r.pick(['\n', ' ', '\n-- '])); d.add([r.pick(['', 'signed ', '']), COMMON.NURSE(ctx), r.pick([' RN', ', RN', ' rn', ' SN'])]); }
    out.push(d.record(`notes-heldout-${String(i + 1).padStart(4, '0')}`));
  }
  return out;
}
