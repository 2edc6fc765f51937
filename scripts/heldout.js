#!/usr/bin/env node
// Writes the held-out PHI evaluation sets (issue #14) to DIR/phi-dev/<set>.jsonl (default DIR: .heldout).
// Usage: node scripts/heldout.js [--out DIR] [--seed N]; then PHIGUARD_DATA=DIR node scripts/eval.js
// The sets are generated from templates and fill lists of their own (scripts/heldout/); the people tuning
// the detectors are not meant to read them. Deterministic: the same seed writes the same bytes.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generate, toJsonl, DEFAULT_SEED } from './heldout/index.js';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 && args[i + 1] ? args[i + 1] : dflt; };
const out = path.resolve(opt('--out', '.heldout'));
const seed = Number(opt('--seed', String(DEFAULT_SEED)));
if (!Number.isInteger(seed)) { console.error('heldout: --seed must be an integer'); process.exit(2); }
const sets = generate({ seed });
const dir = path.join(out, 'phi-dev');
mkdirSync(dir, { recursive: true });
for (const [name, records] of Object.entries(sets)) {
  writeFileSync(path.join(dir, `${name}.jsonl`), toJsonl(records));
  const spans = records.reduce((a, d) => a + d.spans.length, 0);
  console.log(`${name}: ${records.length} records, ${spans} spans -> ${path.join(dir, name + '.jsonl')}`);
}
