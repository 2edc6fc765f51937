// Builds the four held-out sets in memory and writes them as JSONL.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeRng, subSeed } from './rng.js';
import * as ed from './sets/ed-triage.js';
import * as tele from './sets/telehealth.js';
import * as admin from './sets/admin.js';
import * as narr from './sets/narrative.js';

export const SETS = { 'ed-triage': ed, telehealth: tele, admin, narrative: narr };
export const DEFAULT_SEED = 424242;

export function generateSet(name, seed = DEFAULT_SEED) {
  const r = makeRng(subSeed(seed, name));
  const n = r.int(330, 390);
  const out = [];
  for (let i = 0; i < n; i++) {
    const tpl = r.wpick(SETS[name].TEMPLATES);
    const doc = tpl(r);
    out.push(doc.record(`h2-${name}-${String(i + 1).padStart(4, '0')}`));
  }
  return out;
}
export function generateAll(seed = DEFAULT_SEED) {
  const res = {};
  for (const name of Object.keys(SETS)) res[name] = generateSet(name, seed);
  return res;
}
export function toJsonl(records) {
  return records.map(({ id, text, spans }) => JSON.stringify({ id, text, spans })).join('\n') + '\n';
}
export function writeAll(outDir, seed = DEFAULT_SEED) {
  const dir = join(outDir, 'phi-dev');
  mkdirSync(dir, { recursive: true });
  const all = generateAll(seed);
  const counts = {};
  for (const [name, recs] of Object.entries(all)) {
    writeFileSync(join(dir, `${name}.jsonl`), toJsonl(recs));
    counts[name] = recs.length;
  }
  return counts;
}
