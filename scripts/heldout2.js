#!/usr/bin/env node
// Second, independently written held-out PHI set. Usage: node scripts/heldout2.js [--out DIR] [--seed N]
import { writeAll, DEFAULT_SEED } from './heldout2/generate.js';

const args = process.argv.slice(2);
let out = '.heldout2';
let seed = DEFAULT_SEED;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--out') out = args[++i];
  else if (args[i] === '--seed') seed = Number(args[++i]);
  else { console.error('usage: node scripts/heldout2.js [--out DIR] [--seed N]'); process.exit(2); }
}
if (!out || !Number.isInteger(seed)) { console.error('usage: node scripts/heldout2.js [--out DIR] [--seed N]'); process.exit(2); }
const counts = writeAll(out, seed);
for (const [name, n] of Object.entries(counts)) console.log(`${out}/phi-dev/${name}.jsonl\t${n} records`);
