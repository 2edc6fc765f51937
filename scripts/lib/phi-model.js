// Shared by scripts/train.js and scripts/eval-model.js: labelled data -> BIO sequences, training,
// and detectors (rules only, rules + a given model) with scanText's merge. Needs `npm run build`.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateNotes } from './synth-notes.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const dataDir = process.env.PHIGUARD_DATA ?? path.resolve(repoRoot, '../shared/data');
const dist = (p) => {
  const f = path.join(repoRoot, 'dist', p);
  if (!existsSync(f)) { console.error(`${f} not found: run \`npm run build\` first`); process.exit(2); }
  return import(pathToFileURL(f).href);
};
export const scan = await dist('phi/scan.js');
export const feats = await dist('phi/model/features.js');
export const perc = await dist('phi/model/perceptron.js');
export const codec = await dist('phi/model/codec.js');
export const tags = await dist('phi/model/tags.js');
export const detect = await dist('phi/model/detect.js');
export const dict = await dist('phi/data/dict.js');
const { DEFAULT_MIN_SCORE } = await dist('phi/types.js');

/** Labelled set by name (deid-dev, synth-v2), or exit 2 when missing. */
export function loadSet(name) {
  const f = path.join(dataDir, 'phi-dev', `${name}.jsonl`);
  if (!existsSync(f)) { console.error(`no evaluation data: ${f} is missing (see ../shared/data/README.md)`); process.exit(2); }
  return readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

export const synthetic = (count, seed) => generateNotes({ dataDir, dict, count, seed, rng: perc.rng });

// Labelled types -> model types (others, e.g. PHONE or SSN, are the rules' job and train as O).
const MAP = {
  NAME: 'NAME', PROVIDER_NAME: 'NAME', LOCATION: 'LOCATION', 'NOT_PHI:ORGANIZATION': 'LOCATION',
  'NOT_PHI:ZIP_CODE': 'LOCATION', DATE: 'DATE', DATE_YEAR: 'DATE', AGE: 'AGE',
};

/** One training sequence: features (with the rule flags of the current build) and gold BIO tags. */
export function toSeq(doc) {
  const toks = feats.mtokenize(doc.text);
  const flags = detect.flagsFor(toks, scan.candidates(doc.text));
  const gold = new Uint8Array(toks.length);
  const spans = doc.spans.filter((s) => MAP[s.type]).sort((a, b) => a.start - b.start);
  for (const s of spans) {
    const k = tags.MODEL_TYPES.indexOf(MAP[s.type]);
    let first = true;
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i];
      if (t.end <= s.start || t.start >= s.end) continue;
      if (gold[i] !== 0) { first = false; continue; }
      gold[i] = first ? tags.tagB(k) : tags.tagI(k);
      first = false;
    }
  }
  return { feats: feats.extract(doc.text, toks, flags), gold };
}

export function trainModel(docs, { epochs = 6, seed = 1, log } = {}) {
  const seqs = docs.map(toSeq);
  const m = perc.train(seqs, { epochs, seed, onEpoch: (e, err, n) => log?.(`epoch ${e}/${epochs}: ${err} token errors / ${n} tokens`) });
  return perc.calibrate(m, seqs);
}

/** scanText's merge with a given model (undefined: rules only). */
export function detector(model, sensitivity = 'strict', minScore = DEFAULT_MIN_SCORE) {
  return (text) => {
    const all = scan.candidates(text);
    if (model && /\p{L}{2}/u.test(text)) detect.modelCandidates(text, all, sensitivity, model, all);
    return scan.resolve(all.filter((x) => x.score >= minScore));
  };
}
