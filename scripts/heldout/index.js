// Held-out PHI evaluation sets (issue #14): deterministic for a seed. See docs/phi.md "Held-out sets (generated)".
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng, hashSeed } from './rng.js';
import { fhirAddresses } from './fills.js';
import { generateNotes } from './notes.js';
import { generateQa } from './qa.js';
import { generateLetters } from './letters.js';

export const DEFAULT_SEED = 20261207;
export const SETS = { 'notes-heldout': [generateNotes, 480], 'qa-heldout': [generateQa, 420], 'synthetic-heldout': [generateLetters, 400] };
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Generate all sets: { [set]: [{ id, text, spans, sources }] }. `sources[i]` is the value written for
 * `spans[i]` (what the span must cover). `dataDir` holds fhir/ (Synthea addresses); absent, own lists only.
 */
export function generate({ seed = DEFAULT_SEED, dataDir = path.resolve(repoRoot, '../shared/data') } = {}) {
  const fhir = fhirAddresses(dataDir);
  const out = {};
  for (const [name, [fn, n]] of Object.entries(SETS)) out[name] = fn(new Rng(hashSeed(name, seed)), fhir, n);
  return out;
}

/** One JSON line per record in the phi-dev format ({ id, text, spans }). */
export const toJsonl = (records) => records.map(({ id, text, spans }) => JSON.stringify({ id, text, spans })).join('\n') + '\n';
