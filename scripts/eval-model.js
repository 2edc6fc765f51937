#!/usr/bin/env node
// Honest evaluation of the PHI model: k-fold by patient over deid-dev (every fold trains on the other
// folds + synth-v2 + synthetic notes; no note of a test patient is ever trained on) and cross-corpus
// (train on synth-v2 + synthetic, test on deid-dev; train on deid-dev + synthetic, test on synth-v2).
// Reports Safe Harbor recall and precision (scripts/phi-score.js) for rules only, rules + model strict,
// rules + model balanced. Usage: npm run build && node scripts/eval-model.js [--folds N] [--epochs N] [--json]
import { score } from './phi-score.js';
import { detector, loadSet, synthetic, trainModel } from './lib/phi-model.js';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const K = Number(opt('--folds', '5'));
const epochs = Number(opt('--epochs', '5'));
const log = (m) => process.stderr.write(`eval-model: ${m}\n`);

const deid = loadSet('deid-dev'), synth = loadSet('synth-v2'), gen = synthetic(4000, 7);
// Folds by patient: deid ids are deid-<patient>-<note>.
const patient = (d) => d.id.split('-')[1];
const patients = [...new Set(deid.map(patient))].sort((a, b) => Number(a) - Number(b));
const foldOf = new Map(patients.map((p, i) => [p, i % K]));

const rows = [];
const evaluate = (name, testDocs, model) => {
  const r = { set: name, docs: testDocs.length };
  r.rules = score(testDocs, detector(undefined));
  r.strict = score(testDocs, detector(model, 'strict'));
  r.balanced = score(testDocs, detector(model, 'balanced'));
  return r;
};
// k-fold over deid-dev: pooled counts are approximated by the doc-weighted mean of fold figures.
const folds = [];
for (let k = 0; k < K; k++) {
  const test = deid.filter((d) => foldOf.get(patient(d)) === k);
  const train = deid.filter((d) => foldOf.get(patient(d)) !== k);
  log(`fold ${k + 1}/${K}: train ${train.length} deid + ${synth.length} synth + ${gen.length} synthetic, test ${test.length}`);
  folds.push(evaluate(`deid-dev fold ${k + 1}`, test, trainModel([...train, ...synth, ...gen], { epochs })));
}
const mean = (key, f) => folds.reduce((a, r) => a + r[key][f] * r.docs, 0) / folds.reduce((a, r) => a + r.docs, 0);
rows.push({ set: `deid-dev ${K}-fold by patient (mean)`, docs: deid.length, ...Object.fromEntries(['rules', 'strict', 'balanced'].map((k) => [k, { recall: mean(k, 'recall'), recallAllLabels: mean(k, 'recallAllLabels'), precision: mean(k, 'precision') }])) });
log('cross-corpus: train synth-v2 + synthetic, test deid-dev');
rows.push(evaluate('deid-dev (trained on synth-v2 + synthetic)', deid, trainModel([...synth, ...gen], { epochs })));
log('cross-corpus: train deid-dev + synthetic, test synth-v2');
rows.push(evaluate('synth-v2 (trained on deid-dev + synthetic)', synth, trainModel([...deid, ...gen], { epochs })));

if (args.includes('--json')) { console.log(JSON.stringify({ folds, rows }, null, 2)); process.exit(0); }
const p = (x) => (x * 100).toFixed(1) + '%';
console.log('| test set (training data) | rules: recall / precision | rules+model strict | rules+model balanced |');
console.log('| --- | ---: | ---: | ---: |');
for (const r of [...folds, ...rows]) console.log(`| ${r.set} | ${p(r.rules.recall)} / ${p(r.rules.precision)} | ${p(r.strict.recall)} / ${p(r.strict.precision)} | ${p(r.balanced.recall)} / ${p(r.balanced.precision)} |`);
console.log('recall = Safe Harbor recall (scripts/phi-score.js); precision = findings overlapping a labelled span.');
