/**
 * Averaged structured perceptron over BIO tags with first-order transitions and Viterbi decoding
 * (a "CRF-lite"). Emission weights live in one hashed array: each feature id selects a row of TAGS
 * weights (row = top ROW_BITS bits of the id), so a token costs FEATS row reads and no allocation.
 */
import { FEATS } from './features.js';
import { TAGS, allowed } from './tags.js';

export const ROW_BITS = 17;
export const ROWS = 1 << ROW_BITS;

export interface Model {
  /** ROWS * TAGS emission weights. */
  readonly w: Float32Array;
  /** TAGS * TAGS transition weights (prev * TAGS + tag) and TAGS start weights. */
  readonly trans: Float32Array;
  readonly start: Float32Array;
  /** Added to every non-O emission when decoding: strict (recall) and balanced (precision) settings. */
  readonly bias: { readonly strict: number; readonly balanced: number };
}

const NEG = -1e30;
const rowOf = (h: number): number => (h >>> (32 - ROW_BITS)) * TAGS;

export function emptyModel(): Model {
  return { w: new Float32Array(ROWS * TAGS), trans: new Float32Array(TAGS * TAGS), start: new Float32Array(TAGS), bias: { strict: 0, balanced: 0 } };
}

/** Emission scores: em[i * TAGS + t]. */
export function emissions(m: Model, feats: Int32Array, n: number, em: Float32Array): void {
  const w = m.w;
  for (let i = 0; i < n; i++) {
    const o = i * TAGS;
    for (let t = 0; t < TAGS; t++) em[o + t] = 0;
    const fk = i * FEATS;
    for (let k = 0; k < FEATS; k++) {
      const r = rowOf(feats[fk + k]!);
      for (let t = 0; t < TAGS; t++) em[o + t] = em[o + t]! + w[r + t]!;
    }
  }
}

// BIO constraint as a fixed additive mask (0 allowed, NEG not): computed once.
const MASK = (() => {
  const a = new Float32Array(TAGS * TAGS);
  for (let q = 0; q < TAGS; q++) for (let t = 0; t < TAGS; t++) a[q * TAGS + t] = allowed(q, t) ? 0 : NEG;
  return a;
})();
const START_MASK = Float32Array.from({ length: TAGS }, (_, t) => (allowed(0, t) ? 0 : NEG));
let scoreBuf = new Float32Array(0);
let backBuf = new Uint8Array(0);

/** Best tag sequence (BIO-constrained) for emissions `em`, with `bias` added to non-O tags. */
export function viterbi(m: Model, em: Float32Array, n: number, bias: number, out: Uint8Array): void {
  if (n === 0) return;
  if (scoreBuf.length < n * TAGS) { scoreBuf = new Float32Array(n * TAGS * 2); backBuf = new Uint8Array(n * TAGS * 2); }
  const score = scoreBuf, back = backBuf, tr = m.trans;
  for (let t = 0; t < TAGS; t++) score[t] = START_MASK[t]! + m.start[t]! + em[t]! + (t ? bias : 0);
  for (let i = 1; i < n; i++) {
    const o = i * TAGS, p = o - TAGS;
    for (let t = 0; t < TAGS; t++) {
      let best = NEG * 4, arg = 0;
      for (let q = 0; q < TAGS; q++) {
        const s = score[p + q]! + tr[q * TAGS + t]! + MASK[q * TAGS + t]!;
        if (s > best) { best = s; arg = q; }
      }
      score[o + t] = best + em[o + t]! + (t ? bias : 0);
      back[o + t] = arg;
    }
  }
  let best = NEG * 4, arg = 0;
  const last = (n - 1) * TAGS;
  for (let t = 0; t < TAGS; t++) if (score[last + t]! > best) { best = score[last + t]!; arg = t; }
  for (let i = n - 1; i >= 0; i--) { out[i] = arg; arg = back[i * TAGS + arg]!; }
}

export function decode(m: Model, feats: Int32Array, n: number, bias: number): Uint8Array {
  const em = new Float32Array(n * TAGS);
  emissions(m, feats, n, em);
  const out = new Uint8Array(n);
  viterbi(m, em, n, bias, out);
  return out;
}

export interface TrainSeq { readonly feats: Int32Array; readonly gold: Uint8Array }
export interface TrainOptions { epochs?: number; seed?: number; onEpoch?: (epoch: number, errors: number, tokens: number) => void }

/** Deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Averaged perceptron training; deterministic for a given seed and sequence order. */
export function train(seqs: readonly TrainSeq[], opts: TrainOptions = {}): Model {
  const epochs = opts.epochs ?? 6;
  const rand = rng(opts.seed ?? 1);
  const m = emptyModel();
  // Averaging: acc holds sum of c * update; averaged = w - acc / c.
  const accW = new Float32Array(m.w.length), accT = new Float32Array(m.trans.length), accS = new Float32Array(TAGS);
  let c = 1;
  const order = seqs.map((_, i) => i);
  let maxN = 0;
  for (const s of seqs) maxN = Math.max(maxN, s.gold.length);
  const em = new Float32Array(maxN * TAGS);
  const pred = new Uint8Array(maxN);
  const upd = (feats: Int32Array, i: number, t: number, d: number): void => {
    const fk = i * FEATS;
    for (let k = 0; k < FEATS; k++) { const r = rowOf(feats[fk + k]!) + t; m.w[r]! += d; accW[r]! += c * d; }
  };
  for (let e = 0; e < epochs; e++) {
    for (let i = order.length - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); const x = order[i]!; order[i] = order[j]!; order[j] = x; }
    let errors = 0, tokens = 0;
    for (const si of order) {
      const { feats, gold } = seqs[si]!;
      const n = gold.length;
      if (n === 0) continue;
      emissions(m, feats, n, em);
      viterbi(m, em, n, 0, pred);
      tokens += n;
      for (let i = 0; i < n; i++) {
        const g = gold[i]!, p = pred[i]!;
        const gp = i ? gold[i - 1]! : -1, pp = i ? pred[i - 1]! : -1;
        if (g !== p) { errors++; upd(feats, i, g, 1); upd(feats, i, p, -1); }
        if (g !== p || gp !== pp) {
          if (i === 0) { m.start[g]! += 1; accS[g]! += c; m.start[p]! -= 1; accS[p]! -= c; }
          else { m.trans[gp * TAGS + g]! += 1; accT[gp * TAGS + g]! += c; m.trans[pp * TAGS + p]! -= 1; accT[pp * TAGS + p]! -= c; }
        }
      }
      c++;
    }
    opts.onEpoch?.(e + 1, errors, tokens);
  }
  for (let i = 0; i < m.w.length; i++) m.w[i] = m.w[i]! - accW[i]! / c;
  for (let i = 0; i < m.trans.length; i++) m.trans[i] = m.trans[i]! - accT[i]! / c;
  for (let i = 0; i < TAGS; i++) m.start[i] = m.start[i]! - accS[i]! / c;
  return m;
}

/**
 * Decoding biases from the training data itself: the median margin between the O score and the best
 * entity score over training tokens sets the scale; strict adds a fraction of it to entity tags.
 */
export function calibrate(m: Model, seqs: readonly TrainSeq[], strictFrac = 0.08, balancedFrac = -0.08): Model {
  const margins: number[] = [];
  for (const { feats, gold } of seqs) {
    const n = gold.length;
    const em = new Float32Array(n * TAGS);
    emissions(m, feats, n, em);
    for (let i = 0; i < n; i += 3) {
      let best = NEG;
      for (let t = 1; t < TAGS; t++) best = Math.max(best, em[i * TAGS + t]!);
      margins.push(Math.abs(em[i * TAGS]! - best));
    }
  }
  margins.sort((a, b) => a - b);
  const med = margins.length ? margins[margins.length >> 1]! : 1;
  return { ...m, bias: { strict: med * strictFrac, balanced: med * balancedFrac } };
}
