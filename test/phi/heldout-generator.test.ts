// The held-out PHI set generator (scripts/heldout.js, issue #14): deterministic for a seed, and every
// labelled span covers exactly the value written for it. The sets' contents are not inspected here.
import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface Span { start: number; end: number; type: string }
interface Rec { id: string; text: string; spans: Span[]; sources: { type: string; value: string }[] }
interface Gen {
  generate(o?: { seed?: number; dataDir?: string }): Record<string, Rec[]>;
  toJsonl(r: Rec[]): string;
  DEFAULT_SEED: number;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const load = async (): Promise<Gen> => (await import(pathToFileURL(path.join(root, 'scripts/heldout/index.js')).href)) as Gen;
const TYPES = new Set(['NAME', 'PROVIDER_NAME', 'LOCATION', 'DATE', 'DATE_YEAR', 'PHONE', 'AGE', 'EMAIL', 'SSN', 'ACCOUNT', 'IP', 'URL',
  'LICENSE', 'MRN', 'HEALTH_PLAN_ID', 'OTHER_ID', 'ZIP', 'FAX', 'DEVICE', 'VEHICLE']);

/** Problems of one record: span out of bounds, not matching its source, padded, overlapping, unknown type. */
function problems(d: Rec): string[] {
  const out: string[] = [];
  if (d.spans.length !== d.sources.length) out.push('spans/sources length');
  let prevEnd = 0;
  d.spans.forEach((s, i) => {
    const src = d.sources[i];
    if (!(s.start >= 0 && s.end > s.start && s.end <= d.text.length)) out.push(`span ${i} bounds`);
    if (!src || d.text.slice(s.start, s.end) !== src.value || s.type !== src.type) out.push(`span ${i} does not match its source`);
    if (/^\s|\s$/.test(d.text.slice(s.start, s.end))) out.push(`span ${i} padded`);
    if (s.start < prevEnd) out.push(`span ${i} overlaps`);
    prevEnd = s.end;
    if (!TYPES.has(s.type) && !s.type.startsWith('NOT_PHI:')) out.push(`span ${i} type ${s.type}`);
  });
  return out;
}

describe('held-out set generator', () => {
  it('writes the same sets for the same seed and different ones for another seed', async () => {
    const g = await load();
    const a = g.generate(), b = g.generate();
    const c = g.generate({ seed: g.DEFAULT_SEED + 1 });
    expect(Object.keys(a).sort()).toEqual(['notes-heldout', 'qa-heldout', 'synthetic-heldout']);
    for (const k of Object.keys(a)) {
      expect(g.toJsonl(a[k]!)).toBe(g.toJsonl(b[k]!));
      expect(g.toJsonl(c[k]!)).not.toBe(g.toJsonl(a[k]!));
    }
  });

  it('labels every span exactly where its value was written', async () => {
    const g = await load();
    for (const [name, recs] of Object.entries(g.generate())) {
      expect(recs.length, name).toBeGreaterThanOrEqual(300);
      expect(recs.length, name).toBeLessThanOrEqual(600);
      expect(new Set(recs.map((d) => d.id)).size).toBe(recs.length);
      const bad = recs.flatMap((d) => problems(d).map((p) => `${d.id}: ${p}`));
      expect(bad.slice(0, 5)).toEqual([]);
      // Ages are bare numbers or number words (the scorer reads `<= 89` from the digits).
      for (const d of recs) d.spans.filter((s) => s.type === 'AGE').forEach((s) => expect(d.text.slice(s.start, s.end)).toMatch(/^(?:\d{1,3}|[a-z -]+)$/i));
    }
  });

  it('the span check catches a span shifted by one character', async () => {
    const g = await load();
    const d = structuredClone(g.generate()['qa-heldout']!.find((x) => x.spans.length > 0)!);
    expect(problems(d)).toEqual([]);
    d.spans[0]!.start += 1;
    expect(problems(d).length).toBeGreaterThan(0);
  });

  it('the CLI writes phi-dev/<set>.jsonl in the eval format, same bytes as the generator', async () => {
    const g = await load();
    const dir = mkdtempSync(path.join(tmpdir(), 'heldout-'));
    try {
      execFileSync(process.execPath, [path.join(root, 'scripts/heldout.js'), '--out', dir], { cwd: root, stdio: 'pipe' });
      const sets = g.generate();
      for (const [name, recs] of Object.entries(sets)) {
        const file = readFileSync(path.join(dir, 'phi-dev', `${name}.jsonl`), 'utf8');
        expect(file).toBe(g.toJsonl(recs));
        const first = JSON.parse(file.split('\n')[0]!) as Record<string, unknown>;
        expect(Object.keys(first)).toEqual(['id', 'text', 'spans']);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
