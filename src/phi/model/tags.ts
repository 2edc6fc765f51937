/** BIO tags of the PHI sequence model. */
import type { PhiType } from '../types.js';

export const MODEL_TYPES = ['NAME', 'LOCATION', 'DATE', 'AGE'] as const satisfies readonly PhiType[];
export type ModelType = (typeof MODEL_TYPES)[number];
/** 0 = O; B-type = 1 + 2k, I-type = 2 + 2k. */
export const TAGS = 1 + 2 * MODEL_TYPES.length;
export const tagB = (k: number): number => 1 + 2 * k;
export const tagI = (k: number): number => 2 + 2 * k;
/** Type index of a tag, -1 for O. */
export const typeOfTag = (t: number): number => (t === 0 ? -1 : (t - 1) >> 1);
export const isInside = (t: number): boolean => t > 0 && (t & 1) === 0;

/** Transition allowed by BIO: I-X only after B-X or I-X. */
export function allowed(prev: number, t: number): boolean {
  if (!isInside(t)) return true;
  return prev > 0 && typeOfTag(prev) === typeOfTag(t);
}
