// Synthetic training notes for the PHI model: templates written for this project (generic clinical
// phrasing, no evaluation text), filled with names, places and hospitals from the Synthea FHIR
// bundles and the engine's own name/city lists, in several casings and spacing styles.
// Deterministic for a given seed. Each note: { id, text, spans: [{ start, end, type }] }.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';

const TEMPLATES = [
  'pt seen by {TITLE} {PROV} this am, plan to continue current meds.',
  '{TITLE} {PROV} aware of k 3.2, repleted with 40 meq kcl.',
  'discussed plan of care with {REL} {NAME} who agrees.',
  '{REL} {NAME} called at 1400 asking for update; will call back.',
  'Transferred from {HOSP} for further management.',
  'pt lives in {CITY} with {REL}, independent with adls.',
  'history obtained from {NAME}, patient\'s {REL}.',
  'Admitted {DATEW} with chest pain, ruled out for mi.',
  'plan: f/u with {TITLE} {PROV} at {HOSP} on {DATEW}.',
  'Pt is a {AGE} yo woman transferred from {HOSP}.',
  '{AGE} year old man from {CITY} admitted to the icu.',
  'Patient {NAME} was discharged to {HOSP} rehab on {DATEW}.',
  'Spoke with {PROV} from {HOSP} re: transfer.',
  'Attending: {PROV}   Resident: {PROV2}',
  'Seen at {HOSP} in {CITY} on {DATEW} for a fall.',
  '{NAME} is a {AGE} y/o with copd, on 2l nc, sats 94%.',
  'Per {TITLE} {PROV}, hold heparin gtt tonight.',
  'Family meeting held with {REL} {NAME} and {TITLE} {PROV}.',
  'dtr {NAME} visited, updated at bedside.',
  'Last seen by pcp {TITLE} {PROV} in {MONTH}.',
  'Pt to have mri on {DATEW}; {TITLE} {PROV} to follow.',
  'Nursing home: {HOSP}, {CITY}.',
  'wife {NAME} at bedside, very supportive.',
  'She was born in {CITY} and moved here in {MONTH}.',
  'Dose: metoprolol 25 mg po bid; lasix 40 mg iv x1.',
  'Labs: na 138 k 4.1 cl 102 hco3 24 bun 18 cr 1.1 glu 110.',
  'ICD-10 I10, LOINC 2345-7 reviewed; no changes to plan.',
  'Vitals: bp 128/74 hr 82 rr 18 t 98.6 spo2 97% on ra.',
  'Cont abx per id recs; wbc trending down to 9.8.',
  'Neuro: a&o x3, mae, follows commands.',
  'Resp: ls clear bilat, no distress noted.',
  'Plan to extubate in am if abg ok.',
  'Signed: {PROV}, RN',
  '{PROV2} md notified of hr in 120s, new orders received.',
  'patient states her name is {NAME} and she is from {CITY}.',
  'Reviewed outside records from {HOSP} dated {DATEW}.',
];

const TITLES = ['Dr.', 'Dr', 'dr', 'DR.', 'Doctor', 'NP', 'Dr.'];
const RELS = ['daughter', 'son', 'wife', 'husband', 'sister', 'brother', 'niece', 'friend', 'hcp', 'dtr', 'mother'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MON3 = MONTHS.map((m) => m.slice(0, 3));
const HOSP_SUFFIX = ['Hospital', 'Medical Center', 'General Hospital', 'Memorial Hospital', 'Rehabilitation Center', 'Nursing Home', 'Clinic', 'Health Center', 'Care Center', 'Regional Medical Center'];

function fhirValues(dataDir) {
  const dir = path.join(dataDir, 'fhir');
  const v = { given: [], family: [], cities: [], hospitals: [] };
  if (!existsSync(dir)) return v;
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json')).sort()) {
    const b = JSON.parse(readFileSync(path.join(dir, f), 'utf8'));
    for (const e of b.entry ?? []) {
      const r = e.resource ?? {};
      if (r.resourceType === 'Patient' || r.resourceType === 'Practitioner') {
        for (const n of r.name ?? []) {
          for (const g of n.given ?? []) v.given.push(g.replace(/\d+/g, ''));
          if (n.family) v.family.push(n.family.replace(/\d+/g, ''));
        }
      }
      for (const a of r.address ?? []) if (a.city) v.cities.push(a.city);
      if (r.resourceType === 'Organization' && r.name) v.hospitals.push(r.name.replace(/,.*$/, ''));
    }
  }
  return v;
}

export function generateNotes({ dataDir, dict, count = 4000, seed = 7, rng }) {
  const rand = rng(seed);
  const pick = (a) => a[Math.floor(rand() * a.length)];
  const fv = fhirValues(dataDir);
  const lists = {
    given: [...fv.given, ...dict.FIRST_NAMES.split('|').slice(0, 3000)],
    family: [...fv.family, ...dict.SURNAMES.split('|').slice(0, 8000)],
    cities: [...fv.cities, ...dict.CITIES.split('|').slice(0, 4000)],
  };
  const cap = (w) => w.replace(/(^|[\s'-])(\p{L})/gu, (m, a, b) => a + b.toUpperCase());
  const hospital = () => {
    const r = rand();
    if (r < 0.15 && fv.hospitals.length) return pick(fv.hospitals);
    if (r < 0.35) return `St. ${cap(pick(lists.given))}'s ${pick(['Hospital', 'Medical Center', ''])}`.trim();
    return `${cap(pick(rand() < 0.5 ? lists.family : lists.cities))} ${pick(HOSP_SUFFIX)}`;
  };
  const person = (full) => {
    const g = cap(pick(lists.given)), f = cap(pick(lists.family));
    const r = rand();
    if (!full || r < 0.35) return f;
    if (r < 0.5) return `${g[0]}. ${f}`;
    if (r < 0.6) return `${f}, ${g}`;
    return `${g} ${f}`;
  };
  const dateWords = () => {
    const d = 1 + Math.floor(rand() * 28), m = Math.floor(rand() * 12), y = 1990 + Math.floor(rand() * 35);
    return pick([`${MONTHS[m]} ${d}`, `${MON3[m]} ${d}`, `${d} ${MON3[m]}`, `${MONTHS[m]} ${d}, ${y}`, `${MON3[m]}. ${d}th`, `the ${d}th of ${MONTHS[m]}`, `${m + 1}/${d}`, `${MON3[m]} '${String(y).slice(2)}`]);
  };
  const notes = [];
  for (let n = 0; n < count; n++) {
    const parts = [];
    const lines = 1 + Math.floor(rand() * 4);
    for (let l = 0; l < lines; l++) parts.push(pick(TEMPLATES));
    const casing = rand();
    const sep = pick(['\n', ' ', '  ', '\n\n', ' \n']);
    let text = '';
    const spans = [];
    for (const tpl of parts) {
      if (text) text += sep;
      let last = 0;
      for (const m of tpl.matchAll(/\{(\w+)\}/g)) {
        text += tpl.slice(last, m.index);
        last = m.index + m[0].length;
        let v, type;
        switch (m[1]) {
          case 'TITLE': text += pick(TITLES); continue;
          case 'REL': text += pick(RELS); continue;
          case 'NAME': v = person(true); type = 'NAME'; break;
          case 'PROV': v = person(rand() < 0.4); type = 'NAME'; break;
          case 'PROV2': v = person(true); type = 'NAME'; break;
          case 'HOSP': v = hospital(); type = 'LOCATION'; break;
          case 'CITY': v = cap(pick(lists.cities)); type = 'LOCATION'; break;
          case 'DATEW': v = dateWords(); type = 'DATE'; break;
          case 'MONTH': v = `${pick(MONTHS)} ${1990 + Math.floor(rand() * 35)}`; type = 'DATE'; break;
          case 'AGE': v = String(rand() < 0.3 ? 90 + Math.floor(rand() * 15) : 20 + Math.floor(rand() * 70)); type = 'AGE'; break;
          default: throw new Error(`template slot ${m[1]}`);
        }
        if (casing < 0.3) v = v.toLowerCase(); else if (casing < 0.45) v = v.toUpperCase();
        spans.push({ start: text.length, end: text.length + v.length, type });
        text += v;
      }
      text += tpl.slice(last);
    }
    // whole-note casing (caps-lock and all-lower notes)
    if (casing < 0.3) text = text.toLowerCase(); else if (casing < 0.45) text = text.toUpperCase();
    notes.push({ id: `synthetic-${n}`, text, spans });
  }
  return notes;
}
