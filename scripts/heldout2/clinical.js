// Clinical filler: vitals, labs, meds, scores, complaints. Contains no identifiers.
export const DRUGS = ['lisinopril', 'metoprolol', 'Eliquis', 'apixaban', 'warfarin', 'Coumadin', 'metformin', 'Lantus', 'insulin glargine',
  'atorvastatin', 'Lipitor', 'amlodipine', 'Zofran', 'ondansetron', 'ketorolac', 'Toradol', 'morphine', 'Dilaudid', 'acetaminophen',
  'Tylenol', 'ibuprofen', 'Motrin', 'ceftriaxone', 'Rocephin', 'vancomycin', 'Zosyn', 'azithromycin', 'prednisone', 'albuterol',
  'DuoNeb', 'furosemide', 'Lasix', 'aspirin', 'Plavix', 'nitroglycerin', 'heparin', 'Keppra', 'lorazepam', 'Ativan', 'haloperidol',
  'Narcan', 'naloxone', 'sertraline', 'Zoloft', 'gabapentin', 'Suboxone', 'buprenorphine', 'levothyroxine', 'Synthroid', 'omeprazole',
  'pantoprazole', 'Xarelto', 'Ozempic', 'Jardiance', 'Entresto', 'amoxicillin', 'Augmentin', 'cephalexin', 'Bactrim', 'tramadol'];
export const DOSES = ['5 mg', '10 mg', '20 mg', '25 mg', '40 mg', '81 mg', '0.4 mg SL', '1 g IV', '2 g IV', '4 mg IV', '15 mg IV', '500 mg PO',
  '1 mg IV', '0.5 mg IV', '100 mcg', '2.5 mg neb', '40 mg IV', '12 units', '30 units qHS', '875 mg BID', '650 mg q6h prn'];
export const EPONYMS = ['Babinski', 'Murphy', 'McBurney', 'Kernig', 'Brudzinski', 'Homans', 'Romberg', 'Tinel', 'Phalen', 'Rovsing',
  'Glasgow', 'Wells', 'Cushing', 'Parkinson', 'Crohn', 'Hodgkin', 'Foley', 'Bell', 'Apgar', 'Lachman', 'McMurray', 'Kussmaul', 'Levine'];
export const CC = ['chest pain', 'SOB', 'abd pain', 'n/v/d', 'fall', 'syncope', 'HA', 'fever', 'cough', 'weakness', 'AMS', 'back pain',
  'lac to hand', 'MVC', 'SI', 'ETOH intox', 'palpitations', 'dizziness', 'seizure', 'flank pain', 'allergic rxn', 'dog bite', 'GLF',
  'R ankle injury', 'vaginal bleeding', 'hyperglycemia', 'overdose', 'epistaxis', 'sore throat', 'rash'];
export const UNITS = ['4 West', '5 North', 'MICU', 'SICU', 'PACU', 'L&D', 'Bed 12', 'Room 3', 'Pod B', 'Trauma Bay 2', 'Hallway 4', 'Fast Track', 'CDU'];
export const RAD = [['CT head w/o contrast', 'No acute intracranial hemorrhage, mass effect, or midline shift.', 'No acute intracranial abnormality.'],
  ['CXR PA/LAT', 'Lungs are clear. No effusion or pneumothorax. Heart size normal.', 'No acute cardiopulmonary process.'],
  ['CT abd/pelvis w/ contrast', 'Appendix is dilated to 11 mm with periappendiceal fat stranding.', 'Findings consistent with acute appendicitis.'],
  ['US RUQ', 'Gallbladder distended with multiple shadowing stones; wall 5 mm; positive sonographic Murphy sign.', 'Acute calculous cholecystitis.'],
  ['XR R wrist 3V', 'Transverse fracture of distal radial metaphysis with dorsal angulation.', 'Distal radius fracture.'],
  ['CTA chest PE protocol', 'Filling defects in right lower lobe segmental arteries.', 'Acute right lower lobe pulmonary emboli. RV/LV ratio < 1.'],
  ['MRI L-spine w/o', 'L4-5 broad-based disc bulge with moderate foraminal narrowing.', 'Degenerative changes, no cord compression.'],
  ['CT C-spine', 'No fracture or malalignment. Mild degenerative disc disease C5-6.', 'No acute cervical spine injury.']];
export function vitals(r) {
  const sys = r.int(88, 192), dia = Math.min(r.int(48, 112), sys - 25), hr = r.int(48, 138), rr = r.int(12, 32), sat = r.int(84, 100);
  const temp = r.chance(0.5) ? (r.int(961, 1034) / 10).toFixed(1) + ' F' : (r.int(356, 394) / 10).toFixed(1) + 'C';
  return r.pick([`BP ${sys}/${dia} HR ${hr} RR ${rr} SpO2 ${sat}% RA T ${temp}`, `VS: ${sys}/${dia}, P ${hr}, R ${rr}, ${sat}% on RA, T ${temp}`,
    `bp ${sys}/${dia} hr ${hr} rr ${rr} o2 ${sat}% temp ${temp}`, `T ${temp} | HR ${hr} | BP ${sys}/${dia} | RR ${rr} | SpO2 ${sat}% ${r.pick(['RA', '2L NC', '4L NC', 'NRB'])}`]);
}
export function labs(r) {
  return r.pick([`WBC ${r.int(30, 220) / 10} Hgb ${r.int(70, 170) / 10} Plt ${r.int(90, 450)}`, `Na ${r.int(125, 148)} K ${r.int(28, 62) / 10} Cl ${r.int(92, 110)} CO2 ${r.int(14, 30)} BUN ${r.int(6, 80)} Cr ${r.int(5, 60) / 10} Glu ${r.int(60, 480)}`,
    `trop ${r.pick(['<0.01', '0.02', '0.08', '0.45', '<6', '14', '210'])} BNP ${r.int(20, 3200)}`, `lactate ${r.int(6, 60) / 10}, lipase ${r.int(12, 900)}`,
    `INR ${r.int(9, 45) / 10} PTT ${r.int(24, 90)}`, `UA: ${r.pick(['+LE, +nitrite, >50 WBC', 'neg', 'trace blood, neg LE', '3+ glucose, 1+ ketones'])}`,
    `BAL ${r.int(0, 390)} mg/dL`, `A1c ${r.int(52, 140) / 10}%`, `POC glucose ${r.int(38, 540)}`]);
}
export const score = (r) => r.pick([`GCS ${r.int(3, 15)}`, `ESI ${r.int(1, 5)}`, `pain ${r.int(0, 10)}/10`, `NIHSS ${r.int(0, 24)}`, `HEART score ${r.int(0, 10)}`,
  `CIWA ${r.int(0, 30)}`, `PHQ-9 ${r.int(0, 27)}`, `Wells ${r.int(0, 8)}`, `CURB-65 ${r.int(0, 5)}`, `Morse fall ${r.pick([0, 25, 45, 65, 85])}`]);
export const MEDS = [['lisinopril', '10 mg PO daily'], ['metoprolol tartrate', '25 mg PO BID'], ['Eliquis', '5 mg BID'], ['warfarin', '5 mg qPM'],
  ['metformin', '1000 mg BID'], ['Lantus', '22 units qHS'], ['atorvastatin', '40 mg qHS'], ['amlodipine', '5 mg daily'], ['Zofran', '4 mg IV'],
  ['ondansetron', '4 mg ODT'], ['ketorolac', '15 mg IV'], ['morphine', '4 mg IV'], ['Dilaudid', '0.5 mg IV'], ['acetaminophen', '1 g PO'],
  ['Tylenol', '650 mg PO q6h prn'], ['ibuprofen', '600 mg PO'], ['ceftriaxone', '1 g IV'], ['vancomycin', '1.5 g IV'], ['Zosyn', '4.5 g IV'],
  ['azithromycin', '500 mg PO'], ['prednisone', '40 mg PO'], ['albuterol', '2.5 mg neb'], ['DuoNeb', '3 mL neb'], ['furosemide', '40 mg IV'],
  ['Lasix', '20 mg PO daily'], ['aspirin', '324 mg PO chewed'], ['aspirin', '81 mg daily'], ['nitroglycerin', '0.4 mg SL'], ['heparin', '5000 units SQ'],
  ['Keppra', '1 g IV'], ['lorazepam', '1 mg IV'], ['Narcan', '2 mg IN'], ['naloxone', '0.4 mg IV'], ['sertraline', '50 mg daily'],
  ['gabapentin', '300 mg TID'], ['Suboxone', '8 mg/2 mg SL daily'], ['levothyroxine', '75 mcg daily'], ['pantoprazole', '40 mg IV'],
  ['Xarelto', '20 mg daily'], ['Ozempic', '0.5 mg weekly'], ['Augmentin', '875 mg BID'], ['cephalexin', '500 mg QID'], ['Bactrim DS', '1 tab BID'],
  ['tramadol', '50 mg q6h prn'], ['D50', '25 g IV'], ['Benadryl', '50 mg IV'], ['epinephrine', '0.3 mg IM'], ['Solu-Medrol', '125 mg IV']];
export function wMed(d, r) {
  const [name, dose] = r.pick(MEDS);
  d.np('DRUG', name).t(' ' + dose);
  return d;
}
