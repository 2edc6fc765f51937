/**
 * HL7 v2 messages (ADT, ORU, ORM, DFT, SIU...) carry their identifiers by position, with no cue word
 * before them: `PID|1||4477120^^^HOSP^MR||DOE^JANE||19580312|F|||12 ELM ST^^SPRINGFIELD^OH^45322`.
 * This reader finds the segments, takes the delimiters from MSH-1/MSH-2 when the message has an MSH,
 * and marks each component by the meaning the standard gives its field (hl7-fields.ts). Timestamps
 * anywhere in a segment are dates (admission, service, result: all "directly related to an individual").
 * Linear: one pass over lines, one split per field.
 */
import type { Candidate, PhiType } from '../../types.js';
import { push } from '../util.js';
import { CX_TYPE_CODES, HL7_FIELDS, type Hl7Field } from './hl7-fields.js';

const SEGMENT = /^[ \t]*([A-Z][A-Z0-9]{2})([|^~#!])/;
/** Quick gate: a known segment id followed by a field separator at a line start. */
export const HL7_GATE = /(?:^|[\r\n])[ \t]*(?:MSH|PID|PV1|NK1|IN1|GT1|OBR|ORC|OBX|EVN|MRG|PD1|TXA|SCH)[|^~#!]/;
const TS_VALUE = /^(\d{4})(\d{2})(\d{2})(?:\d{2}(?:\d{2}(?:\d{2}(?:\.\d{1,4})?)?)?)?(?:[+-]\d{4})?$/;
const SCORE = 0.92;
const DET = 'hl7:';

interface Delims { field: string; comp: string; rep: string; sub: string }

function isTimestamp(v: string): boolean {
  const m = TS_VALUE.exec(v);
  if (!m) return false;
  const y = +m[1]!, mo = +m[2]!, d = +m[3]!;
  return y >= 1850 && y <= 2200 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31;
}

/** A component's own value (not the HL7 null `""`, not blank). */
function meaningful(v: string): boolean {
  const t = v.trim();
  return t.length > 0 && t !== '""';
}

/** Call fn(start, end, value) for each `sep`-separated piece of text[start, end). */
function pieces(text: string, start: number, end: number, sep: string, fn: (s: number, e: number, i: number) => void): void {
  let s = start, i = 0;
  for (let k = start; k <= end; k++) {
    if (k === end || text[k] === sep) { fn(s, k, i++); s = k + 1; }
  }
}

function mark(text: string, out: Candidate[], s: number, e: number, type: PhiType, det: string): void {
  while (s < e && (text[s] === ' ' || text[s] === '\t')) s++;
  while (e > s && (text[e - 1] === ' ' || text[e - 1] === '\t')) e--;
  if (e > s && meaningful(text.slice(s, e))) push(out, type, s, e, SCORE, det);
}

/** Which components of a field of this kind hold the identifier, and of what type. */
function components(f: Hl7Field, comps: Array<[number, number]>, text: string, d: Delims): Array<[number, PhiType]> {
  switch (f.kind) {
    case 'XPN': return [[0, 'NAME'], [1, 'NAME'], [2, 'NAME']];
    case 'XCN': return [[1, 'NAME'], [2, 'NAME'], [3, 'NAME']];
    case 'XAD': return [[0, 'LOCATION'], [1, 'LOCATION'], [2, 'LOCATION'], [4, 'LOCATION'], [8, 'LOCATION']];
    case 'XTN': {
      const first = comps[0] ? text.slice(comps[0][0], comps[0][1]) : '';
      return [[0, first.includes('@') ? 'EMAIL' : 'PHONE'], [3, 'EMAIL'], [5, 'PHONE'], [6, 'PHONE'], [11, 'PHONE']];
    }
    case 'CX': {
      const code = comps[4] ? text.slice(comps[4][0], comps[4][1]).split(d.sub)[0]!.trim().toUpperCase() : '';
      return [[0, CX_TYPE_CODES.get(code) ?? f.type]];
    }
    case 'TS': case 'ST': return [[0, f.type]];
  }
}

function readField(text: string, out: Candidate[], s: number, e: number, seg: string, n: number, d: Delims): void {
  const f = HL7_FIELDS.get(seg)?.get(n);
  pieces(text, s, e, d.rep, (rs, re) => {
    const comps: Array<[number, number]> = [];
    pieces(text, rs, re, d.comp, (cs, ce) => { comps.push([cs, ce]); });
    if (f && f.kind !== 'TS') {
      for (const [i, type] of components(f, comps, text, d)) {
        const c = comps[i];
        if (c) mark(text, out, c[0], c[1], type, DET + seg);
      }
    }
    // timestamps wherever they sit (TS fields, and the TS components of composite fields)
    for (const [cs, ce] of comps) {
      pieces(text, cs, ce, d.sub, (ss, se) => {
        if (se - ss >= 8 && se - ss <= 26 && isTimestamp(text.slice(ss, se))) push(out, 'DATE', ss, se, SCORE, DET + seg);
      });
    }
  });
}

function delimsFrom(at: number, text: string): Delims | undefined {
  const field = text[at + 3]!;
  const enc = text.slice(at + 4, at + 8);
  if (enc.length < 2 || enc.includes(field)) return undefined;
  return { field, comp: enc[0]!, rep: enc[1]!, sub: enc[3] ?? '&' };
}

export function detectHl7(text: string, out: Candidate[]): void {
  if (!HL7_GATE.test(text)) return;
  let d: Delims = { field: '|', comp: '^', rep: '~', sub: '&' };
  const lineRe = /[^\r\n]+/g;
  let m: RegExpExecArray | null;
  while ((m = lineRe.exec(text)) !== null) {
    const line = m[0];
    const sm = SEGMENT.exec(line);
    if (!sm) continue;
    const at = m.index + line.indexOf(sm[1]!);
    const seg = sm[1]!;
    if (seg === 'MSH') d = delimsFrom(at, text) ?? d;
    if (sm[2] !== d.field) continue;
    const end = m.index + line.length;
    // field 0 is the segment id; in MSH the separator itself is MSH-1, so numbering is shifted by one
    const shift = seg === 'MSH' ? 1 : 0;
    pieces(text, at + 4, end, d.field, (fs, fe, i) => {
      const n = i + 1 + shift;
      if (seg === 'MSH' && n === 2) return; // encoding characters
      readField(text, out, fs, fe, seg, n, d);
    });
  }
}
