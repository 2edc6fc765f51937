// Checks the third held-out generator (scripts/heldout3.js): deterministic bytes, sane spans.
import { describe, it, expect, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

interface Span { start: number; end: number; type: string }
interface Rec { id: string; text: string; spans: Span[] }

/** Problems with one record (empty list when it is well formed). */
export function problems(rec: Rec): string[] {
  const out: string[] = [];
  const spans = [...rec.spans].sort((a, b) => a.start - b.start);
  let prevEnd = -1;
  for (const s of spans) {
    if (!(Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.end <= rec.text.length && s.start < s.end)) out.push(`${rec.id}: span outside text`);
    else {
      const v = rec.text.slice(s.start, s.end);
      if (v.trim() !== v || v.length === 0) out.push(`${rec.id}: span with outer blanks`);
    }
    if (s.start < prevEnd) out.push(`${rec.id}: overlapping spans`);
    prevEnd = Math.max(prevEnd, s.end);
  }
  return out;
}

const gen = (dir: string, seed?: string) =>
  execFileSync(process.execPath, ['scripts/heldout3.js', '--out', dir, ...(seed ? ['--seed', seed] : [])], { cwd: path.resolve(__dirname, '../..') });

describe('heldout3 generator', () => {
  const a = mkdtempSync(path.join(tmpdir(), 'h3a-')), b = mkdtempSync(path.join(tmpdir(), 'h3b-')), c = mkdtempSync(path.join(tmpdir(), 'h3c-'));
  gen(a); gen(b); gen(c, '99');
  const files = readdirSync(path.join(a, 'phi-dev')).sort();
  const read = (d: string, f: string) => readFileSync(path.join(d, 'phi-dev', f), 'utf8');

  it('writes the four sets deterministically, and the seed matters', () => {
    expect(files).toEqual(['callcenter.jsonl', 'exports.jsonl', 'homecare.jsonl', 'letters.jsonl']);
    for (const f of files) { expect(read(b, f)).toBe(read(a, f)); expect(read(c, f)).not.toBe(read(a, f)); }
  });

  it('has 300-400 records of 1-15 lines with well-formed spans', () => {
    for (const f of files) {
      const recs = read(a, f).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Rec);
      expect(recs.length).toBeGreaterThanOrEqual(300);
      expect(recs.length).toBeLessThanOrEqual(400);
      expect(new Set(recs.map((x) => x.id)).size).toBe(recs.length);
      const bad = recs.flatMap(problems);
      expect(bad).toEqual([]);
      for (const x of recs) expect(x.text.split(/\r?\n/).length).toBeLessThanOrEqual(15);
      // a few exports (reports with no PHI columns) carry no span; the rest must
      expect(recs.filter((x) => x.spans.length > 0).length).toBeGreaterThan(recs.length * 0.9);
    }
  });

  it('the span checker rejects bad spans', () => {
    expect(problems({ id: 'x', text: 'Mary Smith', spans: [{ start: 0, end: 5, type: 'NAME' }] })).toHaveLength(1);
    expect(problems({ id: 'x', text: 'Mary Smith', spans: [{ start: 0, end: 4, type: 'NAME' }, { start: 2, end: 10, type: 'NAME' }] })).toHaveLength(1);
    expect(problems({ id: 'x', text: 'Mary', spans: [{ start: 0, end: 9, type: 'NAME' }] })).toHaveLength(1);
    expect(problems({ id: 'x', text: 'Mary Smith', spans: [{ start: 0, end: 4, type: 'NAME' }, { start: 5, end: 10, type: 'NAME' }] })).toEqual([]);
  });

  afterAll(() => { for (const d of [a, b, c]) rmSync(d, { recursive: true, force: true }); });
});
