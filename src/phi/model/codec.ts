/**
 * Shipping form of a model: emission weights quantized to int16 (one scale for the array), deflated,
 * base64; transitions and biases as plain numbers. `encodeModel` / `decodeModel` round-trip exactly
 * to the quantized weights.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { ROWS, type Model } from './perceptron.js';
import { TAGS } from './tags.js';

export interface ShippedModel {
  readonly format: 'phiguard-perceptron-1';
  readonly rows: number;
  readonly tags: number;
  readonly scale: number;
  readonly trans: readonly number[];
  readonly start: readonly number[];
  readonly bias: { readonly strict: number; readonly balanced: number };
  /** base64 of deflate-raw of int16 little-endian weights (rows * tags). */
  readonly weights: string;
  /** How it was trained (corpora, epochs, seed): provenance, not used at runtime. */
  readonly trainedOn: string;
}

export function encodeModel(m: Model, trainedOn: string): ShippedModel {
  let max = 0;
  for (let i = 0; i < m.w.length; i++) max = Math.max(max, Math.abs(m.w[i]!));
  const scale = max > 0 ? max / 32767 : 1;
  const q = new Int16Array(m.w.length);
  for (let i = 0; i < m.w.length; i++) q[i] = Math.round(m.w[i]! / scale);
  const bytes = Buffer.from(q.buffer, q.byteOffset, q.byteLength);
  return {
    format: 'phiguard-perceptron-1', rows: ROWS, tags: TAGS, scale,
    trans: Array.from(m.trans), start: Array.from(m.start), bias: { ...m.bias },
    weights: deflateRawSync(bytes, { level: 9 }).toString('base64'), trainedOn,
  };
}

export function decodeModel(s: ShippedModel): Model {
  if (s.format !== 'phiguard-perceptron-1' || s.rows !== ROWS || s.tags !== TAGS) throw new Error('phi model: unsupported weights format');
  const w = new Float32Array(ROWS * TAGS);
  if (s.weights !== '') {
    const raw = inflateRawSync(Buffer.from(s.weights, 'base64'));
    if (raw.length !== w.length * 2) throw new Error('phi model: weights have the wrong size');
    for (let i = 0; i < w.length; i++) w[i] = raw.readInt16LE(i * 2) * s.scale;
  }
  if (s.trans.length !== TAGS * TAGS || s.start.length !== TAGS) throw new Error('phi model: transitions have the wrong size');
  return { w, trans: Float32Array.from(s.trans), start: Float32Array.from(s.start), bias: { ...s.bias } };
}
