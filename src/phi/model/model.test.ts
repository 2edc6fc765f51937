import { describe, expect, it } from 'vitest';
import { candidates } from '../scan.js';
import { scanText } from '../scan.js';
import { decodeModel, encodeModel } from './codec.js';
import { MODEL_DETECTOR, flagsFor, modelCandidates, shippedModel } from './detect.js';
import { FEATS, caseClass, extract, mtokenize, shapeOf } from './features.js';
import { decode, train, type TrainSeq } from './perceptron.js';
import { MODEL_TYPES, tagB, tagI } from './tags.js';

// A tiny corpus written for this test (not evaluation text): names after "dr", cities after "in".
const NAMES = ['okafor', 'lindqvist', 'marchetti', 'tanaka', 'brennan', 'kowalski', 'haddad', 'silva'];
const CITIES = ['tulsa', 'bergen', 'lyon', 'osaka', 'cork', 'porto'];
function tiny(): { text: string; spans: Array<[number, number, number]> }[] {
  const docs = [];
  for (let i = 0; i < 48; i++) {
    const n = NAMES[i % NAMES.length]!, c = CITIES[i % CITIES.length]!;
    const text = `seen by dr ${n} today, lives in ${c} with family.`;
    const a = text.indexOf(n), b = text.indexOf(` ${c} `) + 1;
    docs.push({ text, spans: [[a, a + n.length, 0], [b, b + c.length, 1]] as Array<[number, number, number]> });
  }
  return docs;
}
function seqs(): TrainSeq[] {
  return tiny().map(({ text, spans }) => {
    const toks = mtokenize(text);
    const gold = new Uint8Array(toks.length);
    for (const [s, e, k] of spans) toks.forEach((t, i) => { if (t.start < e && t.end > s) gold[i] = t.start <= s ? tagB(k) : tagI(k); });
    return { feats: extract(text, toks, flagsFor(toks, [])), gold };
  });
}

describe('phi model: features', () => {
  it('tokenizes with offsets, shapes and case classes', () => {
    const t = mtokenize("Dr. O'Neil on 12/03, ICU");
    expect(t.map((x) => x.low)).toEqual(['dr', '.', "o'neil", 'on', '12', '/', '03', ',', 'icu']);
    expect(t[2]!.start).toBe(4);
    expect(shapeOf('McDonald')).toBe('XxXx');
    expect(shapeOf('12')).toBe('d');
    expect([caseClass('Mary'), caseClass('mary'), caseClass('ICU'), caseClass('12'), caseClass(','), caseClass('iPhone')]).toEqual([1, 0, 2, 4, 5, 3]);
  });
  it('gives FEATS ids per token, deterministic, and depends on context and rule flags', () => {
    const text = 'seen by dr okafor today';
    const toks = mtokenize(text);
    const a = extract(text, toks, new Uint8Array(toks.length));
    expect(a.length).toBe(toks.length * FEATS);
    expect(Array.from(extract(text, toks, new Uint8Array(toks.length)))).toEqual(Array.from(a));
    const flagged = extract(text, toks, flagsFor(toks, [{ type: 'NAME', start: 11, end: 17, score: 0.9, detector: 'x' }]));
    expect(Array.from(flagged.slice(3 * FEATS, 4 * FEATS))).not.toEqual(Array.from(a.slice(3 * FEATS, 4 * FEATS)));
  });
});

describe('phi model: training', () => {
  it('is deterministic for a seed and learns the tiny corpus', () => {
    const s = seqs();
    const m1 = train(s, { epochs: 4, seed: 3 }), m2 = train(s, { epochs: 4, seed: 3 });
    expect(Buffer.from(m1.w.buffer).equals(Buffer.from(m2.w.buffer))).toBe(true);
    expect(Array.from(m1.trans)).toEqual(Array.from(m2.trans));
    // an unseen name and city in the same frame
    const text = 'seen by dr vasquez today, lives in fresno with family.';
    const toks = mtokenize(text);
    const tags = decode(m1, extract(text, toks, flagsFor(toks, [])), toks.length, 0);
    const tagOf = (w: string): number => tags[toks.findIndex((t) => t.low === w)]!;
    expect(tagOf('vasquez')).toBe(tagB(MODEL_TYPES.indexOf('NAME')));
    expect(tagOf('fresno')).toBe(tagB(MODEL_TYPES.indexOf('LOCATION')));
    expect(tagOf('today')).toBe(0);
  });
  it('round-trips through the shipped encoding (same decisions)', () => {
    const s = seqs();
    const m = { ...train(s, { epochs: 3, seed: 5 }), bias: { strict: 0.5, balanced: -0.5 } };
    const back = decodeModel(JSON.parse(JSON.stringify(encodeModel(m, 'test'))));
    expect(back.bias).toEqual(m.bias);
    for (const q of s) expect(Array.from(decode(back, q.feats, q.gold.length, 0))).toEqual(Array.from(decode(m, q.feats, q.gold.length, 0)));
    expect(() => decodeModel({ ...encodeModel(m, 't'), tags: 3 })).toThrow(/unsupported/);
  });
});

describe('phi model: shipped weights', () => {
  const model = shippedModel();
  const found = (text: string, value: string, sens: 'strict' | 'balanced' = 'strict'): boolean => {
    const at = text.indexOf(value);
    return modelCandidates(text, candidates(text), sens, model).some((c) => c.start < at + value.length && c.end > at && c.detector === MODEL_DETECTOR);
  };
  it('loads once and is trained', () => {
    expect(shippedModel()).toBe(model);
    expect(model.w.some((x) => x !== 0)).toBe(true);
  });
  it('finds lower-case names after titles and hospital names in generated sentences', () => {
    const covered = (text: string, value: string): boolean => {
      const at = text.indexOf(value);
      return scanText(text, { sensitivity: 'strict' }).some((f) => f.start <= at && f.end >= at + value.length);
    };
    expect(covered('family meeting today, dr wexley will call back after rounds.', 'wexley')).toBe(true);
    expect(covered('pt transferred from brookhaven memorial hospital overnight.', 'brookhaven memorial hospital')).toBe(true);
    expect(covered('PER DR QUILLFEATHER, HOLD LASIX TONIGHT.', 'QUILLFEATHER')).toBe(true);
    // a role the rules do not know: found by the model alone
    const t = 'spoke with np ardmore re: plan, lives in millbrook.';
    expect(scanText(t).some((f) => t.slice(f.start, f.end).includes('ardmore'))).toBe(false);
    expect(found(t, 'ardmore')).toBe(true);
    expect(scanText(t, { sensitivity: 'strict' }).find((f) => t.slice(f.start, f.end) === 'ardmore')?.detector).toBe(MODEL_DETECTOR);
  });
  it('leaves codes, dosages and vitals clean', () => {
    for (const t of ['metoprolol 25 mg po bid; lasix 40 mg iv x1.', 'ICD-10 I10, LOINC 2345-7, SNOMED 38341003.', 'bp 128/74 hr 82 rr 18 spo2 97% on ra', 'na 138 k 4.1 cl 102 hco3 24']) {
      expect(modelCandidates(t, candidates(t), 'strict', model).filter((c) => c.score >= 0.5)).toEqual([]);
    }
  });
  it('balanced reports no more than strict', () => {
    const t = 'seen by dr wexley and np ardmore at st. agatha clinic in millbrook on march 3rd.';
    const n = (s: 'strict' | 'balanced'): number => modelCandidates(t, candidates(t), s, model).reduce((a, c) => a + c.end - c.start, 0);
    expect(n('balanced')).toBeLessThanOrEqual(n('strict'));
  });
});
