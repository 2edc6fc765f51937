/**
 * Generated suite: person names in the forms clinical text writes them (titles and roles in any case,
 * initials, "SURNAME, GIVEN", credentials, relations, particles, apostrophes, hyphens, non-English
 * names), inside sentence frames, and clinical prose that must stay clean. Everything here (frames,
 * forms, name lists, negatives) is written for this suite from general knowledge; nothing is taken
 * from an evaluation set.
 *
 * Two splits: `tune` (seed 1, the even frames, the first half of every name list) is the one the
 * rules were adjusted on; `held-out` (seed 2, the odd frames, the second half of the lists) was only
 * measured. TEXT_FORMS_MISSES=1 prints the tune misses (synthetic text only).
 */
import { describe, expect, it } from 'vitest';
import { scanText } from '../../scan.js';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}
const pick = <T,>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const half = <T,>(xs: readonly T[], h: 0 | 1): T[] => xs.filter((_, k) => k % 2 === h);
const title = (w: string): string => w.replace(/(^|[\s'’-])(\p{L})/gu, (_m, a: string, b: string) => a + b.toUpperCase()).replace(/\b(Mc|Mac)(\p{L})/gu, (_m, a: string, b: string) => a + b.toUpperCase());

/** Given and family names by origin (general knowledge). Family names may carry particles. */
const ORIGINS: ReadonlyArray<{ given: string[]; family: string[] }> = [
  { given: ['james', 'mary', 'robert', 'patricia', 'michael', 'linda', 'david', 'barbara', 'thomas', 'susan', 'kevin', 'deborah'],
    family: ['smith', 'johnson', 'williams', 'jones', 'miller', 'davis', 'wilson', 'anderson', 'thompson', 'harris', 'o\'neil', 'mcdonald', 'o\'brien', 'smith-jones', 'fitzgerald', 'o\'connor'] },
  { given: ['jose', 'maria', 'juan', 'carmen', 'luis', 'rosa', 'javier', 'lucia', 'alejandro', 'guadalupe'],
    family: ['garcia', 'rodriguez', 'martinez', 'hernandez', 'lopez', 'gonzalez', 'perez', 'sanchez', 'de la cruz', 'ramirez', 'del rio', 'garcia-lopez'] },
  { given: ['joao', 'ana', 'tiago', 'beatriz', 'goncalo', 'mariana', 'rui', 'ines'],
    family: ['silva', 'santos', 'oliveira', 'pereira', 'da silva', 'ferreira', 'dos santos', 'carvalho'] },
  { given: ['thanh', 'minh', 'huong', 'linh', 'tuan', 'phuong', 'duc', 'trang'],
    family: ['nguyen', 'tran', 'pham', 'hoang', 'huynh', 'phan', 'vo', 'dang', 'bui', 'do'] },
  { given: ['wei', 'fang', 'xiaoming', 'jing', 'zhiwei', 'yan', 'hui', 'mingyu'],
    family: ['zhang', 'wang', 'liu', 'chen', 'yang', 'huang', 'zhao', 'zhou', 'xu', 'sun'] },
  { given: ['mohammed', 'ahmed', 'fatima', 'omar', 'khalid', 'aisha', 'youssef', 'layla'],
    family: ['al-sayed', 'haddad', 'khoury', 'mansour', 'al-rashid', 'bin hamad', 'el-amin', 'ibn rashid', 'abdullah', 'hassan'] },
  { given: ['priya', 'rahul', 'anil', 'sunita', 'vikram', 'deepa', 'arjun', 'lakshmi'],
    family: ['patel', 'sharma', 'singh', 'gupta', 'reddy', 'iyer', 'nair', 'chatterjee', 'krishnan', 'desai'] },
  { given: ['chinedu', 'ngozi', 'oluwaseun', 'adebayo', 'emeka', 'funmilayo', 'chukwuemeka', 'yetunde'],
    family: ['okafor', 'adeyemi', 'okonkwo', 'eze', 'nwosu', 'balogun', 'obi', 'adewale'] },
  { given: ['ivan', 'olga', 'dmitri', 'natasha', 'piotr', 'katarzyna', 'milan', 'jelena'],
    family: ['kowalski', 'novak', 'petrov', 'ivanova', 'horvat', 'jovanovic', 'wisniewski', 'volkov'] },
  { given: ['pieter', 'anke', 'klaus', 'greta'], family: ['van der berg', 'von stein', 'de vries', 'van dijk'] },
];
/** Ordinary words that are also names: right after a cue they are names, elsewhere words. */
const WORD_NAMES = { given: ['will', 'mark', 'bill', 'hope', 'grant', 'may'], family: ['brown', 'white', 'young', 'king', 'hall', 'wood'] };

type Case = 'title' | 'lower' | 'upper';
const cased = (w: string, c: Case): string => (c === 'upper' ? w.toUpperCase() : c === 'lower' ? w : title(w));
interface Person { g: string; f: string; m: string }
/** A form renders a person (in a case) to the name text and what surrounds it: [before, name, after]. */
type Form = (p: Person, c: Case) => [string, string, string];
const ini = (w: string, c: Case): string => (c === 'lower' ? w[0]! : w[0]!.toUpperCase());
const PROVIDER_FORMS: Form[] = [
  (p, c) => [cased('dr. ', c), cased(p.f, c), ''],
  (p, c) => [cased('dr ', c), cased(p.f, c), ''],
  (p, c) => [cased('dr ', c), `${ini(p.g, c)}. ${cased(p.f, c)}`, ''],
  (p, c) => [cased('dr. ', c), `${ini(p.g, c)} ${cased(p.f, c)}`, ''],
  (p, c) => [cased('dr. ', c), `${cased(p.g, c)} ${cased(p.f, c)}`, ''],
  (p, c) => [c === 'lower' ? 'np ' : 'NP ', cased(p.f, c), ''],
  (p, c) => [c === 'lower' ? 'rn ' : 'RN ', cased(p.f, c), ''],
  (p, c) => [cased('attending ', c), cased(p.f, c), ''],
  (p, c) => [cased('resident dr. ', c), cased(p.f, c), ''],
  (p, c) => ['', cased(p.f, c), c === 'lower' ? ', md' : ', MD'],
  (p, c) => ['', `${cased(p.g, c)} ${cased(p.f, c)}`, c === 'lower' ? ', rn' : ', RN'],
  (p, c) => ['', `${ini(p.g, c)}. ${cased(p.f, c)}`, c === 'lower' ? ', np' : ', NP'],
  (p, c) => [cased('dr. ', c), `${cased(p.g, c)} ${ini(p.m, c)}. ${cased(p.f, c)}`, ''],
];
const PATIENT_FORMS: Form[] = [
  (p, c) => [cased("pt's wife ", c), cased(p.g, c), ''],
  (p, c) => [cased('husband ', c), cased(p.g, c), ''],
  (p, c) => [cased('daughter (', c), cased(p.g, c), ')'],
  (p, c) => [cased('son, ', c), cased(p.g, c), ','],
  (p, c) => [cased('mrs. ', c), cased(p.f, c), ''],
  (p, c) => [cased('mr ', c), `${cased(p.g, c)} ${cased(p.f, c)}`, ''],
  (p, c) => [cased('pt ', c), `${cased(p.g, c)} ${cased(p.f, c)}`, ''],
  (p, c) => ['', `${cased(p.f, 'upper')}, ${cased(p.g, 'upper')}`, ''],
  (p, c) => ['', `${cased(p.f, c === 'upper' ? 'upper' : 'title')}, ${cased(p.g, c === 'upper' ? 'upper' : 'title')} ${ini(p.m, 'title')}.`, ''],
  (p, c) => ['', `${ini(p.g, 'title')}.${ini(p.f, 'title')}.`, ''],
  (p, c) => [cased('patient ', c), `${ini(p.g, 'title')}. ${cased(p.f, c)}`, ''],
  (p, c) => [cased('mother, ', c), `${cased(p.g, c)} ${cased(p.f, c)}`, ','],
];
/** Sentence frames; {X} is the form. */
const PROVIDER_FRAMES = ['{X} called back with the results.', 'Seen and examined by {X} today.', 'Plan discussed with {X}, who agrees.',
  '{X} paged re: SBP 80s.', 'Per {X}, continue heparin gtt.', '{X} aware of K 3.1, repleted.', 'Spoke to {X} regarding CT results.',
  'Case reviewed with {X} at bedside.', '{X} will follow up in the morning.', 'Update given to {X} at 1400.', 'Consent obtained by {X}.',
  '{X} notified of the fall.', 'Pt examined by {X} this AM.', 'Dressing changed by {X}.', 'Cardiology consult called, {X} to see pt.',
  'D/w {X}: hold am dose.'];
const PATIENT_FRAMES = ['{X} at bedside, updated on plan.', 'Called {X} with update.', '{X} visited this evening.',
  'Spoke with {X} by phone.', '{X} states pt was confused at home.', 'Family meeting with {X} held today.', 'Discharge instructions given to {X}.',
  '{X} is the health care proxy.', 'Message left for {X}.', '{X} brought in home meds.', 'Reg: {X}', '{X} asked about visiting hours.'];
/** Clinical prose that names no person: eponyms, drugs, headers, months, units, caps-lock notes. */
const NEGATIVES = ['Foley catheter in place, draining clear yellow urine.', 'Hx of Parkinson disease and Bell\'s palsy.', 'Glasgow coma scale 15.',
  'HPI: 67 yo M with CHF exacerbation.', 'PLAN: continue lasix 40 mg IV BID.', 'NEURO: alert and oriented x3, MAE.', 'PATIENT WAS SEEN AND EXAMINED.',
  'Will call back in May if no change.', 'Mark the site before the procedure.', 'Bill the insurance for the visit.', 'Hope to wean vent tomorrow.',
  'Swan-Ganz catheter removed.', 'Whipple procedure in March.', 'Positive Murphy sign.', 'Crohn disease flare, on Humira.',
  'Hashimoto thyroiditis on levothyroxine.', 'Apgar scores 8 and 9.', 'Morphine 2 mg IV q4h PRN pain.', 'CARDIAC: RRR, NO MURMURS.',
  'Will recheck lytes in AM.', 'RESP: LUNGS CLEAR BILATERALLY.', 'Trendelenburg position for line placement.', 'Cushing syndrome workup negative.',
  'Babinski sign absent.', 'Grant funding for the study was approved.', 'Pt may need PT eval.', 'GI: ABD SOFT, NT/ND, +BS.', 'Levophed weaned off at 0300.',
  'Hickman line flushed.', 'Lidocaine 1% used for local.', 'SKIN: INTACT.', 'Epley maneuver performed.', 'Alzheimer dementia, at baseline.',
  'Guillain-Barre syndrome ruled out.', 'ASSESSMENT AND PLAN:', 'Pt seen by MD and RN.', 'Wife at bedside.', 'Daughter called, updated.',
  'Dr. to see pt in AM.', 'Attending aware.'];

interface Sample { text: string; spans: Array<[number, number]> }
function generate(split: 0 | 1, seed: number, n: number): Sample[] {
  const r = rng(seed);
  const people = ORIGINS.map((o) => ({ given: half(o.given, split), family: half(o.family, split) }));
  const out: Sample[] = [];
  const frames = [...half(PROVIDER_FRAMES, split).map((f) => [f, PROVIDER_FORMS] as const), ...half(PATIENT_FRAMES, split).map((f) => [f, PATIENT_FORMS] as const)];
  for (let k = 0; k < n; k++) {
    const o = pick(r, people);
    const wordy = r() < 0.08;
    const p: Person = { g: pick(r, wordy ? half(WORD_NAMES.given, split) : o.given), f: pick(r, wordy ? half(WORD_NAMES.family, split) : o.family), m: pick(r, 'abcdeghjklmnprstw'.split('')) };
    const [frame, forms] = pick(r, frames);
    const c: Case = pick(r, ['title', 'title', 'lower', 'upper'] as const);
    const [before, name, after] = pick(r, forms)(p, c);
    let text = frame.replace('{X}', before + name + after).replace('..', '.');
    const at = frame.indexOf('{X}') + before.length;
    if (c === 'upper' && r() < 0.5) text = text.toUpperCase();
    out.push({ text, spans: [[at, at + name.length]] });
  }
  return out;
}

/** Recall (a NAME finding overlaps the name), full cover (every letter of it is inside a NAME finding), false positives. */
function measure(samples: Sample[], show: boolean): { recall: number; full: number; fp: number; findings: number } {
  let hit = 0, full = 0, total = 0, fp = 0, findings = 0;
  for (const s of samples) {
    const f = scanText(s.text).filter((x) => x.type === 'NAME' || x.type === 'LOCATION');
    findings += f.length;
    for (const [a, b] of s.spans) {
      total++;
      const ov = f.filter((x) => x.start < b && x.end > a);
      if (ov.length) hit++;
      let all = true;
      for (let k = a; k < b; k++) if (/\p{L}/u.test(s.text[k]!) && !ov.some((x) => x.start <= k && x.end > k)) all = false;
      if (ov.length && all) full++;
      else if (show) console.log('MISS', JSON.stringify(s.text), JSON.stringify(s.text.slice(a, b)), f.map((x) => s.text.slice(x.start, x.end)));
    }
    const extra = f.filter((x) => !s.spans.some(([a, b]) => x.start < b && x.end > a));
    fp += extra.length;
    if (show && extra.length) console.log('EXTRA', JSON.stringify(s.text), extra.map((x) => s.text.slice(x.start, x.end)));
  }
  return { recall: hit / total, full: full / total, fp, findings };
}
function negatives(split: 0 | 1, showMisses: boolean): number {
  let fp = 0;
  for (const t of half(NEGATIVES, split)) for (const v of [t, t.toUpperCase(), t.toLowerCase()]) {
    const f = scanText(v).filter((x) => x.type === 'NAME' || x.type === 'LOCATION');
    if (f.length) { fp++; if (showMisses) console.log('FP', JSON.stringify(v), f.map((x) => v.slice(x.start, x.end))); }
  }
  return fp;
}

describe('names in the forms of clinical text (generated)', () => {
  const show = process.env.TEXT_FORMS_MISSES === '1';
  const pct = (x: number): string => (x * 100).toFixed(1) + '%';
  it('tune split (seed 1, even frames, first half of the lists)', () => {
    const m = measure(generate(0, 1, 1500), show);
    const neg = negatives(0, show);
    console.log(`names tune: recall ${pct(m.recall)} full ${pct(m.full)} fp ${m.fp}/${m.findings} negatives-with-fp ${neg}/${half(NEGATIVES, 0).length * 3}`);
    expect(m.recall).toBeGreaterThan(0.95); // 0.677 before the text-form rules
    expect(m.full).toBeGreaterThan(0.94);
    expect(m.fp).toBeLessThanOrEqual(5);
    expect(neg).toBeLessThanOrEqual(1);
  });
  it('held-out split (seed 2, odd frames, second half of the lists)', () => {
    const m = measure(generate(1, 2, 1500), false);
    const neg = negatives(1, false);
    console.log(`names held-out: recall ${pct(m.recall)} full ${pct(m.full)} fp ${m.fp}/${m.findings} negatives-with-fp ${neg}/${half(NEGATIVES, 1).length * 3}`);
    expect(m.recall).toBeGreaterThan(0.91); // 0.693 before
    expect(m.full).toBeGreaterThan(0.89);
    expect(m.fp).toBeLessThanOrEqual(5);
    expect(neg).toBeLessThanOrEqual(2);
  });
});
