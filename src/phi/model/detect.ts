/**
 * Model findings for scanText: tokenize, mark what the rules already flagged, extract features,
 * decode with the sensitivity's bias, and turn tag runs into candidates (detector `model:perceptron`).
 */
import type { Candidate, ModelSensitivity, PhiType } from '../types.js';
import { decodeModel } from './codec.js';
import { extract, mtokenize, ruleFlag, type MTok } from './features.js';
import { decode, type Model } from './perceptron.js';
import { MODEL_TYPES, isInside, typeOfTag } from './tags.js';
import { SHIPPED_MODEL } from './weights.js';

export const MODEL_DETECTOR = 'model:perceptron';

let shipped: Model | undefined;
/** The model shipped in the package, decoded once on first use. */
export function shippedModel(): Model { return (shipped ??= decodeModel(SHIPPED_MODEL)); }

/** Rule flag of each token from the rule candidates (strongest covering candidate). */
export function flagsFor(toks: readonly MTok[], cands: readonly Candidate[]): Uint8Array {
  const flags = new Uint8Array(toks.length);
  const best = new Float32Array(toks.length).fill(-1);
  for (const c of cands) {
    // first token ending after c.start (binary search)
    let lo = 0, hi = toks.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (toks[mid]!.end <= c.start) lo = mid + 1; else hi = mid; }
    for (let i = lo; i < toks.length && toks[i]!.start < c.end; i++) {
      if (c.score > best[i]!) { best[i] = c.score; flags[i] = ruleFlag(c.type, c.score); }
    }
  }
  return flags;
}

const AGE_OVER_89 = /\b(?:9\d|1[0-2]\d)\b/;

/** Score of a model span: Safe Harbor ages only above 89 (as the age rules), other types 0.6. */
function spanScore(type: PhiType, text: string, start: number, end: number): number {
  if (type === 'AGE') return AGE_OVER_89.test(text.slice(start, end)) ? 0.9 : 0.4;
  return 0.6;
}

/** Tag runs -> candidates. */
export function spansOf(text: string, toks: readonly MTok[], tags: Uint8Array, out: Candidate[]): void {
  let i = 0;
  while (i < toks.length) {
    const t = tags[i]!;
    if (t === 0) { i++; continue; }
    const k = typeOfTag(t);
    let j = i + 1;
    while (j < toks.length && isInside(tags[j]!) && typeOfTag(tags[j]!) === k) j++;
    // a run that is only punctuation is noise
    let word = false;
    for (let x = i; x < j; x++) if (toks[x]!.cls !== 5) { word = true; break; }
    if (word) {
      const type = MODEL_TYPES[k]!;
      const start = toks[i]!.start, end = toks[j - 1]!.end;
      out.push({ type, start, end, score: spanScore(type, text, start, end), detector: MODEL_DETECTOR });
    }
    i = j;
  }
}

/** Model candidates for `text`, given the rule candidates. */
export function modelCandidates(text: string, rules: readonly Candidate[], sensitivity: ModelSensitivity = 'strict', model: Model = shippedModel(), out: Candidate[] = []): Candidate[] {
  const toks = mtokenize(text);
  if (toks.length === 0) return out;
  const flags = flagsFor(toks, rules);
  const feats = extract(text, toks, flags);
  const tags = decode(model, feats, toks.length, model.bias[sensitivity]);
  // Where a rule already reports something (score >= 0.5), its span and type win: the model adds
  // only what the rules missed.
  for (let i = 0; i < toks.length; i++) {
    if (flags[i]! < 8 || tags[i] === 0) continue;
    let a = i, b = i;
    while (a > 0 && tags[a]! !== 0 && isInside(tags[a]!)) a--;
    while (b + 1 < toks.length && isInside(tags[b + 1]!)) b++;
    for (let x = a; x <= b; x++) tags[x] = 0;
  }
  spansOf(text, toks, tags, out);
  return out;
}
