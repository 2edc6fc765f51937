/**
 * Phone and date text forms (issue #14): a generated suite (test/helpers/phi-text-forms.ts, fixed seeds,
 * templates written for it) with a `tune` split and a `heldout` split (other seed, other half of the
 * context templates). A positive counts when every letter and digit of the value is covered by a finding
 * of its type (PHONE/FAX, DATE); a negative counts as a false positive when any finding overlaps it.
 * PHI_FORMS_REPORT=1 prints the per-form figures.
 */
import { describe, expect, it } from 'vitest';
import { generate, type FormCase, type Split } from '../../../test/helpers/phi-text-forms.js';
import { scanText } from '../scan.js';

interface Score { n: number; ok: number; bad: string[] }

function judge(c: FormCase): boolean {
  const fs = scanText(c.text);
  if (c.kind === 'NEG') return !fs.some((f) => f.start < c.end && f.end > c.start);
  const types = c.kind === 'PHONE' ? ['PHONE', 'FAX'] : ['DATE'];
  for (let i = c.start; i < c.end; i++) {
    if (!/[A-Za-z0-9]/.test(c.text[i]!)) continue;
    if (!fs.some((f) => types.includes(f.type) && f.start <= i && f.end > i)) return false;
  }
  return true;
}

function run(split: Split): { byKind: Record<string, Score>; byForm: Record<string, Score> } {
  const byKind: Record<string, Score> = {}, byForm: Record<string, Score> = {};
  for (const c of generate(split)) {
    const ok = judge(c);
    for (const [map, key] of [[byKind, c.kind], [byForm, `${c.kind}:${c.form}`]] as const) {
      const s = (map[key] ??= { n: 0, ok: 0, bad: [] });
      s.n++;
      if (ok) s.ok++; else if (s.bad.length < 3) s.bad.push(c.text);
    }
  }
  return { byKind, byForm };
}

const rate = (s: Score | undefined): number => (s ? s.ok / s.n : 0);
const results = { tune: run('tune'), heldout: run('heldout') };
if (process.env.PHI_FORMS_REPORT) {
  for (const split of ['tune', 'heldout'] as const) {
    if (process.env.PHI_FORMS_REPORT !== 'all' && split !== process.env.PHI_FORMS_REPORT) continue;
    const { byKind, byForm } = results[split];
    const line = Object.entries(byKind).map(([k, s]) => `${k} ${k === 'NEG' ? 'clean' : 'recall'} ${(rate(s) * 100).toFixed(1)}% (${s.ok}/${s.n})`).join('  ');
    console.log(`[text-forms ${split}] ${line}`);
    for (const [f, s] of Object.entries(byForm)) if (s.ok < s.n) console.log(`  ${f} ${s.ok}/${s.n} e.g. ${JSON.stringify(s.bad)}`);
  }
}

describe('phone and date text forms (generated)', () => {
  it('the generator is deterministic and the splits differ', () => {
    expect(generate('tune')).toEqual(generate('tune'));
    const t = new Set(generate('tune').map((c) => c.text));
    const h = generate('heldout').map((c) => c.text);
    expect(h.filter((x) => t.has(x)).length / h.length).toBeLessThan(0.05);
  });
  describe('tune', () => {
    const { byKind, byForm } = results.tune;
    it('phone forms: recall >= 97% overall, no form under 85%', () => {
      expect(rate(byKind.PHONE)).toBeGreaterThanOrEqual(0.97);
      for (const [f, s] of Object.entries(byForm)) if (f.startsWith('PHONE:')) expect(rate(s), `${f} ${JSON.stringify(s.bad)}`).toBeGreaterThanOrEqual(0.85);
    });
    it('date forms: recall >= 97% overall, no form under 85%', () => {
      expect(rate(byKind.DATE)).toBeGreaterThanOrEqual(0.97);
      for (const [f, s] of Object.entries(byForm)) if (f.startsWith('DATE:')) expect(rate(s), `${f} ${JSON.stringify(s.bad)}`).toBeGreaterThanOrEqual(0.85);
    });
    it('clinical numbers stay clean: >= 98% overall, no form under 90%', () => {
      expect(rate(byKind.NEG)).toBeGreaterThanOrEqual(0.98);
      for (const [f, s] of Object.entries(byForm)) if (f.startsWith('NEG:')) expect(rate(s), `${f} ${JSON.stringify(s.bad)}`).toBeGreaterThanOrEqual(0.9);
    });
  });
  // Held-out: overall floors only (set after the first measurement, a little under it: a regression guard,
  // not a target; never tune rules on its failures).
  it('held-out: phone >= 97%, date >= 95%, clinical numbers clean >= 98%', () => {
    const { byKind } = results.heldout;
    expect(rate(byKind.PHONE)).toBeGreaterThanOrEqual(0.97);
    expect(rate(byKind.DATE)).toBeGreaterThanOrEqual(0.95);
    expect(rate(byKind.NEG)).toBeGreaterThanOrEqual(0.98);
  });
});
