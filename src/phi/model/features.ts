/**
 * Token features for the PHI sequence model: a small tokenizer (words, numbers, single punctuation
 * marks, with offsets) and hashed feature ids. Pure and allocation-light: one lower-cased string per
 * token, feature ids written into one Int32Array (FEATS per token), no feature strings are built.
 */
import { CITY, COMMON, FIRST, LAST, CLINICAL, TITLES, isEnglishWord } from '../detectors/lexicon.js';
import type { PhiType } from '../types.js';

/** Number of hashed features per token (fixed: the Viterbi loop is FEATS x TAGS per token). */
export const FEATS = 40;

export interface MTok { start: number; end: number; low: string; shape: string; cls: number }

const WORD = /[\p{L}\p{M}\p{N}]+(?:['\u2019][\p{L}]+)*|[^\s\p{L}\p{M}\p{N}]/gu;

/** Word, number and punctuation tokens with their offsets. */
export function mtokenize(text: string): MTok[] {
  const out: MTok[] = [];
  WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD.exec(text)) !== null) {
    const w = m[0];
    out.push({ start: m.index, end: m.index + w.length, low: w.toLowerCase(), shape: shapeOf(w), cls: caseClass(w) });
  }
  return out;
}

/** Collapsed word shape: Xxxx -> Xx, 12/34 -> d/d, McDonald -> XxXx. */
export function shapeOf(w: string): string {
  let s = '';
  let last = '';
  for (let i = 0; i < w.length && s.length < 8; i++) {
    const c = w.charCodeAt(i);
    const k = c >= 48 && c <= 57 ? 'd' : (c >= 65 && c <= 90) ? 'X' : (c >= 97 && c <= 122) ? 'x'
      : c > 127 ? (w[i] !== w[i]!.toLowerCase() ? 'X' : w[i] !== w[i]!.toUpperCase() ? 'x' : 'u') : w[i]!;
    if (k !== last) { s += k; last = k; }
  }
  return s;
}

/** 0 lower, 1 Title, 2 UPPER, 3 mixed, 4 digits, 5 punctuation, 6 alnum. */
export function caseClass(w: string): number {
  let up = 0, lo = 0, dg = 0;
  for (let i = 0; i < w.length; i++) {
    const ch = w[i]!;
    const c = w.charCodeAt(i);
    if (c >= 48 && c <= 57) dg++;
    else if (ch !== ch.toLowerCase()) up++;
    else if (ch !== ch.toUpperCase()) lo++;
  }
  if (up + lo === 0) return dg ? 4 : 5;
  if (dg) return 6;
  if (up === 0) return 0;
  if (lo === 0) return 2;
  const first = w[0]!;
  return first !== first.toLowerCase() && up === 1 ? 1 : 3;
}

// FNV-1a over a template id and a string (or a slice of it), no concatenation.
function hs(tpl: number, s: string, a = 0, b = s.length): number {
  let h = (0x811c9dc5 ^ Math.imul(tpl + 1, 0x9e3779b1)) >>> 0;
  for (let i = a; i < b; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
function hn(tpl: number, n: number): number {
  let h = Math.imul((0x811c9dc5 ^ Math.imul(tpl + 1, 0x9e3779b1)) >>> 0, 0x01000193) ^ n;
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return (h ^ (h >>> 12)) >>> 0;
}

const TYPE_CODE: Partial<Record<PhiType, number>> = { NAME: 1, LOCATION: 2, DATE: 3, AGE: 4 };
/** Rule flag per token: 0 none, 1..4 NAME/LOCATION/DATE/AGE, 5 any other type; +8 when score >= 0.5. */
export function ruleFlag(type: PhiType, score: number): number { return (TYPE_CODE[type] ?? 5) + (score >= 0.5 ? 8 : 0); }

const PAD = '\u0000';
/** A line break in text[a, b) (the gap between two tokens: short). */
function newlineBetween(text: string, a: number, b: number): boolean {
  for (let i = a; i < b; i++) if (text.charCodeAt(i) === 10) return true;
  return false;
}
const MONTHS = new Set(['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'january', 'february', 'march', 'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december']);

/** Dictionary bits of a lower-cased word. */
function dictBits(low: string): number {
  let b = 0;
  if (FIRST.has(low)) b |= 1;
  if (LAST.has(low)) b |= 2;
  if (CITY.has(low)) b |= 4;
  if (COMMON.has(low)) b |= 8;
  if (CLINICAL.has(low)) b |= 16;
  if (TITLES.has(low)) b |= 32;
  if (MONTHS.has(low)) b |= 64;
  if (low.length > 1 && isEnglishWord(low)) b |= 128;
  return b;
}

/**
 * Feature ids of every token: out[i * FEATS + k]. `flags[i]` is the rule flag of token i (ruleFlag).
 * `text` is needed for line and header context.
 */
export function extract(text: string, toks: readonly MTok[], flags: Uint8Array, out?: Int32Array): Int32Array {
  const n = toks.length;
  const f = out && out.length >= n * FEATS ? out : new Int32Array(n * FEATS);
  const dict = new Uint16Array(n);
  for (let i = 0; i < n; i++) dict[i] = toks[i]!.cls <= 3 ? dictBits(toks[i]!.low) : 0;
  let header = -1; // index of the last token followed by ':' at a line start (section header)
  let lineStartTok = 0;
  for (let i = 0; i < n; i++) {
    const t = toks[i]!;
    const prevT = i > 0 ? toks[i - 1]! : undefined;
    if (!prevT || newlineBetween(text, prevT.end, t.start)) lineStartTok = i;
    const w = (d: number): string => { const j = i + d; return j >= 0 && j < n ? toks[j]!.low : PAD; };
    const sh = (d: number): string => { const j = i + d; return j >= 0 && j < n ? toks[j]!.shape : PAD; };
    const low = t.low;
    const L = low.length;
    let k = i * FEATS;
    f[k++] = hn(0, 0); // bias
    f[k++] = hs(1, low);
    f[k++] = hs(2, t.shape);
    f[k++] = hn(3, t.cls);
    f[k++] = hs(4, low, 0, Math.min(1, L));
    f[k++] = hs(5, low, 0, Math.min(2, L));
    f[k++] = hs(6, low, 0, Math.min(3, L));
    f[k++] = hs(7, low, Math.max(0, L - 1));
    f[k++] = hs(8, low, Math.max(0, L - 2));
    f[k++] = hs(9, low, Math.max(0, L - 3));
    f[k++] = hs(10, w(-1));
    f[k++] = hs(11, w(-2));
    f[k++] = hs(12, w(1));
    f[k++] = hs(13, w(2));
    f[k++] = hs(14, sh(-1));
    f[k++] = hs(15, sh(1));
    f[k++] = hn(16, dict[i]!);
    f[k++] = hn(17, i > 0 ? dict[i - 1]! : 999);
    f[k++] = hn(18, i + 1 < n ? dict[i + 1]! : 999);
    f[k++] = hn(19, flags[i]!);
    f[k++] = hn(20, i > 0 ? flags[i - 1]! : 99);
    f[k++] = hn(21, i + 1 < n ? flags[i + 1]! : 99);
    f[k++] = hn(22, (i > 0 ? toks[i - 1]!.cls : 9) * 16 + t.cls);
    f[k++] = hn(23, t.cls * 16 + (i + 1 < n ? toks[i + 1]!.cls : 9));
    f[k++] = hn(24, Math.min(L, 12) * 16 + t.cls);
    f[k++] = hn(25, (i === lineStartTok ? 1 : 0) + (prevT && (prevT.low === '.' || prevT.low === ':') ? 2 : 0));
    f[k++] = header >= 0 ? hs(26, toks[header]!.low) : hn(26, 0);
    f[k++] = hn(27, dict[i]! * 16 + t.cls);
    f[k++] = hs(28, w(-1)) ^ hs(47, low); // prev|word pair
    f[k++] = hs(29, w(1)) ^ hs(30, low);
    f[k++] = hs(31, w(-2)) ^ hs(32, w(-1));
    f[k++] = hs(33, w(1)) ^ hs(34, w(2));
    f[k++] = hs(35, sh(-1)) ^ hs(36, t.shape) ^ hs(37, sh(1));
    f[k++] = hn(38, flags[i]! * 256 + dict[i]!);
    f[k++] = hn(39, (i > 0 ? flags[i - 1]! : 99) * 100 + flags[i]!);
    f[k++] = hs(40, w(-1)) ^ hn(41, t.cls);
    f[k++] = hs(42, w(1)) ^ hn(43, t.cls);
    f[k++] = hs(44, w(-3));
    f[k++] = hs(45, w(3));
    f[k++] = hn(46, (header >= 0 && i - header <= 3 ? 1 : 0) + (i + 1 < n && toks[i + 1]!.low === ':' ? 2 : 0));
    if (i + 1 < n && toks[i + 1]!.low === ':' && (i === lineStartTok || i - lineStartTok <= 3)) header = i;
  }
  return f;
}
