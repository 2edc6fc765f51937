import { describe, expect, it } from 'vitest';
import type { Candidate } from '../types.js';
import { scanText } from '../scan.js';
import { LOCATION_RULES, detectLocations } from './locations/index.js';
import { NAME_RULES, detectNames } from './names/index.js';
import type { Rule } from './rules.js';
import { tokenize } from './tokens.js';
import { gateMaskOf } from './util.js';

type AnyRule = Rule<any>;
type Runner = (text: string, out: Candidate[], rules: readonly AnyRule[]) => void;
const TABLES: Array<[string, readonly AnyRule[], Runner]> = [
  ['names', NAME_RULES, (text, out, rules) => detectNames(text, tokenize(text), out, rules)],
  ['locations', LOCATION_RULES, (text, out, rules) => { const toks = tokenize(text); detectLocations(text, toks, out, gateMaskOf(toks), rules); }],
];

/** Candidates of `rule` run alone on `text` (after the rules its examples need, in table order). */
function alone(table: readonly AnyRule[], run: Runner, rule: AnyRule, text: string): Candidate[] {
  const needs = new Set(rule.examples.needs ?? []);
  const out: Candidate[] = [];
  const mine: Candidate[] = [];
  const record = <T,>(f: () => T): T => { const from = out.length; const r = f(); mine.push(...out.slice(from)); return r; };
  const wrapped: AnyRule = rule.pass === undefined
    ? { ...rule, run: (ctx: unknown) => record(() => rule.run(ctx)) }
    : { ...rule, step: (ctx: unknown, i: number) => record(() => rule.step(ctx, i)) };
  run(text, out, table.filter((r) => r === rule || needs.has(r.id)).map((r) => (r === rule ? wrapped : r)));
  return mine;
}

describe('rule tables', () => {
  const all = TABLES.flatMap(([, t]) => t);
  it('rule ids are unique and well formed', () => {
    const ids = all.map((r) => r.id);
    expect(ids.filter((id, k) => ids.indexOf(id) !== k)).toEqual([]);
    for (const id of ids) expect(id).toMatch(/^(?:name|location)\.[a-z]+(?:-[a-z]+)*$/);
  });
  it('every rule says what it does and what it emits, and has an example it finds', () => {
    for (const r of all) {
      expect(r.description.length, r.id).toBeGreaterThan(10);
      expect(r.detectors.length, r.id).toBeGreaterThan(0);
      expect(r.examples.finds.length, r.id).toBeGreaterThan(0);
    }
  });
  it('examples build only on rules that run earlier in the same table', () => {
    for (const [, table] of TABLES) {
      table.forEach((r, k) => {
        for (const need of r.examples.needs ?? []) expect(table.slice(0, k).map((x) => x.id), `${r.id} needs ${need}`).toContain(need);
      });
    }
  });
  it('the runner offers tokens to the steps of one pass in order and resumes after a claim', () => {
    const seen: string[] = [];
    const base = { type: 'NAME' as const, detectors: ['x'], examples: { finds: [] } };
    const rules: AnyRule[] = [
      { ...base, id: 'a', description: 'a', pass: 'p', step: (_c: unknown, i: number) => { seen.push(`a${i}`); return i === 1 ? 2 : undefined; } },
      { ...base, id: 'b', description: 'b', pass: 'p', step: (_c: unknown, i: number) => { seen.push(`b${i}`); return undefined; } },
      { ...base, id: 'c', description: 'c', run: () => { seen.push('c'); } },
    ];
    detectNames('one two three four', tokenize('one two three four'), [], rules);
    expect(seen).toEqual(['a0', 'b0', 'a1', 'a3', 'b3', 'c']);
  });
});

for (const [name, table, run] of TABLES) {
  describe(`${name}: each rule's examples, alone and through scanText`, () => {
    for (const rule of table) {
      describe(rule.id, () => {
        for (const [text, value] of rule.examples.finds) {
          it(`finds ${JSON.stringify(value)} in ${JSON.stringify(text)}`, () => {
            const s = text.indexOf(value), e = s + value.length;
            expect(s, 'value must occur in text').toBeGreaterThanOrEqual(0);
            const mine = alone(table, run, rule, text);
            expect(mine.map((c) => text.slice(c.start, c.end)), 'rule alone').toContain(value);
            for (const c of mine) expect(rule.detectors, 'declared detectors').toContain(c.detector);
            const full = scanText(text);
            expect(full.some((f) => f.type === rule.type && f.start <= s && f.end >= e), `scanText: ${JSON.stringify(full)}`).toBe(true);
          });
        }
        for (const ex of rule.examples.ignores ?? []) {
          const [text, value] = typeof ex === 'string' ? [ex, ex] : ex;
          it(typeof ex === 'string' ? `ignores ${JSON.stringify(text)}` : `ignores ${JSON.stringify(value)} in ${JSON.stringify(text)}`, () => {
            const s = text.indexOf(value), e = s + value.length;
            expect(s, 'value must occur in text').toBeGreaterThanOrEqual(0);
            const over = (c: { start: number; end: number }): boolean => c.start < e && c.end > s;
            expect(alone(table, run, rule, text).filter(over).map((c) => text.slice(c.start, c.end)), 'rule alone').toEqual([]);
            expect(scanText(text).filter((f) => f.type === rule.type && over(f)).map((f) => text.slice(f.start, f.end)), 'scanText').toEqual([]);
          });
        }
      });
    }
  });
}
