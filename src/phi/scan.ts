import { detectAddresses, houseNumbers } from './detectors/addresses.js';
import { detectAges, detectWordAges } from './detectors/ages.js';
import { detectDates } from './detectors/dates.js';
import { detectIdentifiers } from './detectors/identifiers.js';
import { detectLocations } from './detectors/locations/index.js';
import { detectNames } from './detectors/names/index.js';
import { detectPatterns } from './detectors/patterns.js';
import { propagate } from './detectors/propagate.js';
import { detectSpokenNumbers } from './detectors/spoken-numbers.js';
import { detectRecords } from './detectors/records/index.js';
import { tokenize } from './detectors/tokens.js';
import { gateMaskOf } from './detectors/util.js';
import { modelCandidates } from './model/detect.js';
import { DEFAULT_MIN_SCORE, type Candidate, type Finding, type ScanOptions } from './types.js';

/** All raw candidates, unfiltered and overlapping (useful for debugging and tuning). */
export function candidates(text: string): Candidate[] {
  const out: Candidate[] = [];
  if (text.length === 0) return out;
  // Word-level detectors need letters; skip the tokenizer for purely numeric/short values.
  const toks = /\p{L}{2}/u.test(text) ? tokenize(text) : undefined;
  const words = toks ? gateMaskOf(toks) : 0;
  detectPatterns(text, out, words);
  detectIdentifiers(text, out); // identifier families by published format, after the phone rules (identifiers.ts)
  if (toks) detectSpokenNumbers(text, out); // phone numbers and ids in words: "five five five, one two three…" (spoken-numbers.ts)
  detectRecords(text, out); // HL7 v2 segments and delimited tables: fields by position and column header
  detectDates(text, out, words);
  detectAges(text, out, words);
  if (toks) detectWordAges(text, out);
  if (toks) {
    detectNames(text, toks, out);
    detectLocations(text, toks, out, words);
    if (/\d/.test(text)) { detectAddresses(text, out); houseNumbers(text, out); }
    propagate(text, toks, out);
  }
  return out;
}

/**
 * Merge overlapping candidates into non-overlapping findings: the union of the overlapping
 * spans, typed and scored by the strongest candidate (a leak is a leak whatever its label).
 */
export function resolve(cands: Candidate[]): Finding[] {
  cands.sort((a, b) => a.start - b.start || b.end - a.end);
  const res: Finding[] = [];
  let cur: Finding | undefined;
  for (const c of cands) {
    if (cur && c.start < cur.end) {
      if (c.end > cur.end) cur.end = c.end;
      if (c.score > cur.score) { cur.score = c.score; cur.type = c.type; cur.detector = c.detector; }
      continue;
    }
    cur = { type: c.type, start: c.start, end: c.end, score: c.score, detector: c.detector };
    res.push(cur);
  }
  return res;
}

export function scanText(text: string, opts?: ScanOptions): Finding[] {
  if (typeof text !== 'string') throw new TypeError('scanText expects a string');
  const min = opts?.minScore ?? DEFAULT_MIN_SCORE;
  const types = opts?.types ? new Set(opts.types) : undefined;
  const all = candidates(text);
  // The statistical model (names, places, dates in words, ages) sees the rule candidates as features.
  if (opts?.sensitivity && opts.sensitivity !== 'rules' && /\p{L}{2}/u.test(text)) modelCandidates(text, all, opts.sensitivity, undefined, all);
  const c = all.filter((x) => x.score >= min && (!types || types.has(x.type)));
  return resolve(c);
}
