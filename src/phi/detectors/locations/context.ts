/** What every location rule works on, and the helpers several rules share. */
import type { Candidate } from '../../types.js';
import type { Tok } from '../tokens.js';
import type { Rule } from '../rules.js';
import { push } from '../util.js';

export interface LocCtx {
  readonly text: string;
  readonly toks: Tok[];
  readonly out: Candidate[];
  /** keyword-gate mask of the text (util.gate; -1: every gate open) */
  readonly words: number;
  /** the text has a digit */
  readonly digits: boolean;
}

export type LocationRule = Rule<LocCtx>;

export function createLocCtx(text: string, toks: Tok[], out: Candidate[], words: number): LocCtx {
  return { text, toks, out, words, digits: /\d/.test(text) };
}

/** Words that end a facility or place name read backwards, or are no part of one. */
export const FACILITY_STOP = new Set(['the', 'a', 'an', 'to', 'from', 'at', 'in', 'into', 'of', 'his', 'her', 'their', 'our', 'my', 'this', 'that', 'local', 'outside', 'other', 'another', 'same', 'nursing', 'rehab', 'and', 'or', 'for', 'with', 'home', 'go', 'going', 'went', 'back', 'was', 'is', 'be', 'will', 'been', 'transfer', 'transferred', 'admitted', 'adm', 'discharged', 'd/c', 'dc', 'by', 'per', 'on', 'via', 'for', 'community', 'state', 'private', 'teaching', 'acute', 'chronic', 'care', 'long', 'term', 'day', 'pt', 'patient', 'pts', 'no', 'not', 'any', 'all', 'new', 'own', 'family', 'nurse', 'nurses', 'call', 'called', 'visiting', 'club', 'group', 'follow', 'up', 'f/u', 'screen', 'screened', 'eval', 'accept', 'accepted', 'bed', 'beds', 'available', 'placement', 'possible', 'poss', 'plan', 'planned', 'return', 'returned', 'discharge', 'floor', 'unit', 'icu', 'er', 'ed', 'ew', 'or', 'open', 'cardiac', 'surgical', 'medical', 'cancer', 'eye', 'children', 'women', 'veterans', 'mental', 'health', 'left', 'leave', 'leaving', 'stay', 'admission', 'readmission', 'outside', 'previous', 'prior', 'recent', 'current', 'this', 'that', 'these', 'those', 'any', 'same', 'psychiatric', 'psych', 'dialysis', 'hd', 'wound', 'pain', 'sleep', 'trauma', 'burn', 'stroke', 'transplant', 'vascular', 'infusion', 'senior', 'assisted', 'living', 'group', 'halfway', 'respite', 'alf', 'awaiting', 'await', 'awaits', 'start', 'started', 'prev', 'anxiously', 'today', 'tomorrow', 'resides', 'reside', 'lives', 'live', 'placement', 'needs', 'need', 'ready', 'anxious', 'txr', 'txf', 'opt', 'met', 'area', 'staff', 'breast', 'she', 'he', 'they', 'we', 'it', 'had', 'has', 'have', 'while', 'when', 'then', 'after', 'before', 'since', 'there', 'here', 'where',
  // generic services and levels of care ("inpatient rehab", "general medicine clinic")
  'inpatient', 'outpatient', 'subacute', 'medicine']);

export function spaceGap(text: string, a: number, b: number): boolean {
  if (b <= a) return false;
  for (let k = a; k < b; k++) { const c = text.charCodeAt(k); if (c !== 32 && c !== 9) return false; }
  return true;
}

/** After a street line: ", City" on the same line and up to 3 short following lines (city, region, country, postcode). */
export function addressTail(text: string, pos: number, out: Candidate[]): void {
  const same = /^,[ \t]*(\p{Lu}[\p{L}'.-]*(?:[ \t]+\p{L}[\p{L}'.-]*){0,3})/u.exec(text.slice(pos, pos + 80));
  if (same) push(out, 'LOCATION', pos + same[0].length - same[1]!.length, pos + same[0].length, 0.7, 'ctx:address-block');
  let p = text.indexOf('\n', pos);
  for (let k = 0; k < 4 && p >= 0; k++) {
    const nl = text.indexOf('\n', p + 1);
    const line = text.slice(p + 1, nl < 0 ? text.length : nl);
    const trimmed = line.trim().replace(/^(?:[>|]+|\?{2,})[ \t]*/, '');
    if (!trimmed || trimmed.length > 40 || !/^[\p{L}\d][\p{L}\p{M}\d .,'()-]*$/u.test(trimmed) || /[.!?]$/.test(trimmed) && trimmed.split(/\s+/).length > 3) break;
    const s = p + 1 + line.indexOf(trimmed);
    push(out, 'LOCATION', s, s + trimmed.length, 0.65, 'ctx:address-block');
    p = nl;
  }
}

/** Index of the first token starting at or after `pos`. */
export function lowerBound(toks: readonly Tok[], pos: number): number {
  let lo = 0, hi = toks.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (toks[mid]!.start < pos) lo = mid + 1; else hi = mid; }
  return lo;
}
