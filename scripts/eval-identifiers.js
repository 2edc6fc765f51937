#!/usr/bin/env node
// Identifier families (issue 14): per family, the share of generated positives found and of negatives
// flagged by the built rule engine. The suite is generated from the published format specifications
// with a fixed seed (test/helpers/id-families); no evaluation data is read.
// Usage: npm run build && node scripts/eval-identifiers.js [--n 200] [--seed 14] [--json]
import { existsSync } from 'node:fs';
import { register } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const dist = path.join(repoRoot, 'dist/phi/index.js');
if (!existsSync(dist)) { console.error('dist/phi/index.js not found: run `npm run build` first'); process.exit(2); }
register(pathToFileURL(path.join(repoRoot, 'test/helpers/ts/hooks.mjs')).href);
const { scanText } = await import(pathToFileURL(dist).href);
const { idFamilies, score } = await import(pathToFileURL(path.join(repoRoot, 'test/helpers/id-families/index.ts')).href);

const rows = idFamilies(Number(opt('--seed', '14')), Number(opt('--n', '200'))).map((f) => {
  const r = score(f, (t) => scanText(t));
  return { family: f.name, positives: r.pos, found: r.pos ? r.found : null, negatives: r.neg, flagged: r.flagged };
});
if (args.includes('--json')) { console.log(JSON.stringify(rows)); process.exit(0); }
const pct = (x) => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);
const w = Math.max(...rows.map((r) => r.family.length));
console.log(`${'family'.padEnd(w)}  positives   found  negatives  flagged`);
for (const r of rows) console.log(`${r.family.padEnd(w)}  ${String(r.positives).padStart(9)}  ${pct(r.found).padStart(6)}  ${String(r.negatives).padStart(9)}  ${pct(r.flagged).padStart(7)}`);
const bad = rows.filter((r) => (r.found !== null && r.found < 0.95) || r.flagged > 0.05);
console.log(bad.length === 0 ? 'targets (found >= 95 %, flagged <= 5 %): met' : `targets (found >= 95 %, flagged <= 5 %): not met for ${bad.map((r) => r.family).join(', ')}`);
