import { describe, it, expect } from 'vitest';
import { generateAll, toJsonl, SETS } from '../../scripts/heldout2/generate.js';

describe('heldout2 generator', () => {
  const a = generateAll(424242);
  it('same seed gives identical output, other seed differs', () => {
    const b = generateAll(424242);
    for (const name of Object.keys(SETS)) expect(toJsonl(b[name]!)).toBe(toJsonl(a[name]!));
    const c = generateAll(7);
    expect(toJsonl(c['admin']!)).not.toBe(toJsonl(a['admin']!));
  });
  it('has the four sets with >= 300 records each', () => {
    expect(Object.keys(a).sort()).toEqual(['admin', 'ed-triage', 'narrative', 'telehealth']);
    for (const recs of Object.values(a)) expect(recs.length).toBeGreaterThanOrEqual(300);
  });
  it('every span is in bounds, non-empty, equals the written value, and spans do not overlap', () => {
    let bad = 0;
    for (const recs of Object.values(a)) {
      for (const rec of recs) {
        expect(rec.values.length).toBe(rec.spans.length);
        const sorted = rec.spans.map((s, i) => ({ ...s, v: rec.values[i] })).sort((x, y) => x.start - y.start);
        let lastEnd = 0;
        for (const s of sorted) {
          const ok = s.start >= 0 && s.end <= rec.text.length && s.end > s.start && rec.text.slice(s.start, s.end) === s.v
            && s.v!.trim().length > 0 && s.start >= lastEnd;
          if (!ok) bad++;
          lastEnd = Math.max(lastEnd, s.end);
        }
      }
    }
    expect(bad).toBe(0);
  });
  it('records have unique ids and JSONL lines parse', () => {
    for (const recs of Object.values(a)) {
      const ids = new Set(recs.map((x) => x.id));
      expect(ids.size).toBe(recs.length);
      for (const line of toJsonl(recs).trim().split('\n')) expect(Object.keys(JSON.parse(line))).toEqual(['id', 'text', 'spans']);
    }
  });
});
