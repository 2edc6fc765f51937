#!/usr/bin/env node
// Third held-out PHI evaluation set (independent author): letters, callcenter, exports, homecare.
// Usage: node scripts/heldout3.js [--out DIR] [--seed N]   (default DIR .heldout3, seed 20261207)
// See scripts/heldout3/README.md for the independence rules and labelling conventions.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateAll } from './heldout3/sets.js';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : dflt; };
const out = path.resolve(opt('--out', '.heldout3'));
const seed = Number(opt('--seed', '20261207'));
if (!Number.isInteger(seed)) { console.error('heldout3: --seed must be an integer'); process.exit(2); }
const dir = path.join(out, 'phi-dev');
mkdirSync(dir, { recursive: true });
for (const [set, recs] of Object.entries(generateAll(seed))) {
  writeFileSync(path.join(dir, `${set}.jsonl`), recs.map((x) => JSON.stringify(x)).join('\n') + '\n');
  console.log(`${set}: ${recs.length} records`);
}
