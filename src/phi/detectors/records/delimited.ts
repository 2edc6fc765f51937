/**
 * Tables exported as text (CSV, TSV, pipe-delimited reports, Markdown tables): the header row names
 * what each column holds, and the cells under `Patient ID`, `DOB` or `Member #` carry no cue of their
 * own. A line is a header when every cell is a short label and at least one label is a PHI column
 * (header-types.ts); the rows after it with the same number of cells are read by column until a blank
 * line or a row of another shape. Two-cell rows of a tab- or pipe-separated key/value listing
 * (`MRN<TAB>4477120`) are read the same way. Quoted CSV cells may hold the delimiter and `""`.
 */
import type { Candidate, PhiType } from '../../types.js';
import { push } from '../util.js';
import { headerType } from './header-types.js';

const SCORE = 0.9;
const DELIMS = [',', '\t', '|', ';'] as const;
const LABEL = /^[A-Za-z#][A-Za-z0-9 _.#/()&'-]{0,39}$/;
/** A label holds at most two digits ("Address2", "Last4SSN"); "W22918800" is a value. */
const DIGITS3 = /\d\D*\d\D*\d/;
const NULLISH = /^(?:|""|null|nil|none|n\/?a|unknown|unk|-+|\?+)$/i;
const RULE_ROW = /^[\s|:+-]*-[\s|:+-]*$/;

type Cell = [start: number, end: number];

/** Cells of text[s, e) split on `d`, quotes honoured; offsets exclude the quotes and surrounding blanks. */
function split(text: string, s: number, e: number, d: string): Cell[] {
  const cells: Cell[] = [];
  let i = s;
  for (;;) {
    while (i < e && (text[i] === ' ' || (text[i] === '\t' && d !== '\t'))) i++;
    let cs = i, ce: number;
    if (text[i] === '"') {
      cs = ++i;
      while (i < e && !(text[i] === '"' && text[i + 1] !== '"')) i += text[i] === '"' ? 2 : 1;
      ce = i;
      while (i < e && text[i] !== d) i++;
    } else {
      while (i < e && text[i] !== d) i++;
      ce = i;
      while (ce > cs && (text[ce - 1] === ' ' || (text[ce - 1] === '\t' && d !== '\t') || text[ce - 1] === '\r')) ce--;
    }
    cells.push([cs, ce]);
    if (i >= e) break;
    i++; // past the delimiter
    if (i === e) { cells.push([e, e]); break; }
  }
  // Markdown / pipe tables with an outer border: `| a | b |`
  if (d === '|' && cells.length > 2 && cells[0]![0] === cells[0]![1] && cells[cells.length - 1]![0] === cells[cells.length - 1]![1]) {
    cells.shift(); cells.pop();
  }
  return cells;
}

function count(line: string, d: string): number {
  let n = 0, q = false;
  for (let i = 0; i < line.length; i++) { const c = line[i]; if (c === '"') q = !q; else if (c === d && !q) n++; }
  return n;
}

interface Table { d: string; types: Array<PhiType | undefined>; n: number }

function header(text: string, s: number, e: number): Table | undefined {
  const line = text.slice(s, e);
  let best: string | undefined, bestN = 0;
  for (const d of DELIMS) { const n = count(line, d); if (n > bestN) { best = d; bestN = n; } }
  if (!best) return undefined;
  const cells = split(text, s, e, best);
  if (cells.length < 2) return undefined;
  const types: Array<PhiType | undefined> = [];
  let any = false;
  for (const [cs, ce] of cells) {
    const label = text.slice(cs, ce);
    if (!LABEL.test(label) || DIGITS3.test(label)) return undefined;
    const t = headerType(label);
    types.push(t);
    if (t) any = true;
  }
  return any ? { d: best, types, n: cells.length } : undefined;
}

function cell(text: string, out: Candidate[], [cs, ce]: Cell, t: PhiType | undefined, det: string): void {
  if (!t || ce <= cs) return;
  if (NULLISH.test(text.slice(cs, ce).trim())) return;
  push(out, t, cs, ce, SCORE, det);
}

export function detectDelimited(text: string, out: Candidate[]): void {
  let table: Table | undefined;
  const lineRe = /[^\r\n]*(?:\r\n|\r|\n|$)/g;
  let m: RegExpExecArray | null;
  while ((m = lineRe.exec(text)) !== null && m[0].length > 0) {
    const s = m.index;
    let e = s + m[0].length;
    while (e > s && (text[e - 1] === '\n' || text[e - 1] === '\r')) e--;
    if (e === s || text.slice(s, e).trim() === '') { table = undefined; continue; }
    if (table) {
      if (RULE_ROW.test(text.slice(s, e))) continue;
      const cells = split(text, s, e, table.d);
      if (cells.length === table.n) {
        for (let i = 0; i < cells.length; i++) cell(text, out, cells[i]!, table.types[i], 'table:column');
        continue;
      }
      table = undefined;
    }
    table = header(text, s, e);
    if (!table) keyValue(text, out, s, e);
  }
}

/** `Label<TAB>value` and `Label | value` listings. */
function keyValue(text: string, out: Candidate[], s: number, e: number): void {
  for (const d of ['\t', '|']) {
    if (count(text.slice(s, e), d) !== (d === '|' && text[s] === '|' ? 3 : 1)) continue;
    const cells = split(text, s, e, d);
    if (cells.length !== 2) continue;
    const label = text.slice(cells[0]![0], cells[0]![1]).replace(/:+$/, '');
    if (!LABEL.test(label)) continue;
    cell(text, out, cells[1]!, headerType(label), 'table:key');
    return;
  }
}
