#!/usr/bin/env node
// PHI detection evaluation on the labelled sets in ../shared/data/phi-dev (or $PHIGUARD_DATA/phi-dev).
// Missing data: one line on stderr, exit 2. Progress on stderr only when stderr is a terminal.
// Usage: npm run build && node scripts/eval.js [--half first|second] [--min-score N] [--sensitivity strict|balanced] [--misses N] [--fps N] [--json]
// Scoring (data README): a labelled span is found when any finding overlaps it (type-agnostic);
// DATE_YEAR and NOT_PHI:* spans are neutral; a finding overlapping no labelled span is a false positive.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { neutral, spanKind } from './phi-score.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = process.env.PHIGUARD_DATA ?? path.resolve(repoRoot, '../shared/data');
const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const half = opt('--half', 'all');
const minScore = Number(opt('--min-score', '0.5'));
const showMisses = Number(opt('--misses', '0'));
const showFps = Number(opt('--fps', '0'));
const asJson = args.includes('--json');
// --sensitivity strict|balanced: rules + the shipped model (src/phi/model), as a policy's redactor runs; default rules only.
const sensitivity = opt('--sensitivity', undefined);

const distIndex = path.join(repoRoot, 'dist/phi/index.js');
if (!existsSync(distIndex)) { console.error('dist/phi/index.js not found: run `npm run build` first'); process.exit(2); }
const { scanText } = await import(pathToFileURL(distIndex).href);

const setDir = path.join(dataDir, 'phi-dev');
const files = existsSync(setDir) ? readdirSync(setDir).filter((f) => f.endsWith('.jsonl')).sort() : [];
if (files.length === 0) {
  const what = 'the labelled sets (deid-dev.jsonl, synth-v2.jsonl; not shipped with phiguard, see ../shared/data/README.md)';
  console.error(process.env.PHIGUARD_DATA
    ? `phiguard eval: no evaluation data: PHIGUARD_DATA=${dataDir} has no phi-dev/*.jsonl; put ${what} in ${setDir}`
    : `phiguard eval: no evaluation data: ${setDir} is missing or has no *.jsonl; put ${what} there, or set PHIGUARD_DATA to a directory holding phi-dev/`);
  process.exit(2);
}
const sets = files.map((f) => {
  let docs;
  try {
    docs = readFileSync(path.join(setDir, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  } catch (err) {
    console.error(`phiguard eval: cannot read ${path.join(setDir, f)}: ${err instanceof SyntaxError ? 'a line is not JSON' : err.code ?? err.message}`);
    process.exit(2);
  }
  const mid = Math.floor(docs.length / 2);
  if (half === 'first') docs = docs.slice(0, mid); else if (half === 'second') docs = docs.slice(mid);
  return { f, docs };
});

// Progress on stderr, one line rewritten in place, only when stderr is a terminal.
const tty = process.stderr.isTTY === true;
const totalWork = sets.reduce((n, s) => n + s.docs.length * 4, 0); // scored pass + 3 throughput passes
let done = 0, lastDraw = 0;
const progress = (set) => {
  if (!tty) return;
  const now = Date.now();
  if (now - lastDraw < 100 && done < totalWork) return;
  lastDraw = now;
  process.stderr.write(`\r\x1b[2Keval ${set}: ${done}/${totalWork} (${Math.floor((done / totalWork) * 100)}%)`);
};
const endProgress = () => { if (tty) process.stderr.write('\r\x1b[2K'); };

const results = [];
for (const { f, docs } of sets) {
  const setName = f.replace(/\.jsonl$/, '');
  const byType = {};
  let tp = 0, fp = 0, findingsN = 0, chars = 0, ms = 0, strictN = 0, strictF = 0;
  const misses = [], fps = [];
  for (const d of docs) {
    done++; progress(setName);
    chars += d.text.length;
    const fs = scanText(d.text, { minScore, sensitivity });
    findingsN += fs.length;
    for (const s of d.spans) {
      const hit = fs.some((x) => x.start < s.end && x.end > s.start);
      const bt = (byType[s.type] ??= { n: 0, found: 0 });
      bt.n++;
      if (hit) bt.found++;
      if (spanKind(s, d.text) === 'safe-harbor') { strictN++; if (hit) strictF++; }
      if (!hit && !neutral(s.type) && misses.length < showMisses) misses.push(`${s.type}\t${JSON.stringify(d.text.slice(Math.max(0, s.start - 40), s.start) + '[[' + d.text.slice(s.start, s.end) + ']]' + d.text.slice(s.end, s.end + 25))}`);
    }
    for (const x of fs) {
      if (d.spans.some((s) => x.start < s.end && x.end > s.start)) tp++;
      else { fp++; if (fps.length < showFps) fps.push(`${x.type}\t${x.detector}\t${x.score.toFixed(2)}\t${JSON.stringify(d.text.slice(Math.max(0, x.start - 30), x.start) + '[[' + d.text.slice(x.start, x.end) + ']]' + d.text.slice(x.end, x.end + 20))}`); }
    }
  }
  // throughput: a timed pass after two more warm-up passes (JIT tiers)
  for (let w = 0; w < 2; w++) for (const d of docs) { scanText(d.text, { minScore, sensitivity }); done++; progress(setName); }
  const t0 = performance.now();
  for (const d of docs) scanText(d.text, { minScore, sensitivity });
  ms = performance.now() - t0;
  done += docs.length; progress(setName);
  const sum = (pred) => Object.entries(byType).filter(([t]) => pred(t)).reduce((a, [, v]) => [a[0] + v.found, a[1] + v.n], [0, 0]);
  const [shF, shN] = sum((t) => !neutral(t) && t !== 'PROVIDER_NAME');
  const [allF, allN] = sum((t) => !neutral(t));
  results.push({
    set: setName, docs: docs.length,
    recallSafeHarbor: strictN ? strictF / strictN : 1, recallAllLabels: shN ? shF / shN : 1,
    recallWithProviders: allN ? allF / allN : 1,
    precision: tp + fp ? tp / (tp + fp) : 1, findings: findingsN, falsePositives: fp,
    mbPerSec: chars / 1e6 / (ms / 1000), byType, misses, fps,
  });
}

endProgress();
const pct = (x) => (x * 100).toFixed(1).padStart(6) + '%';
if (asJson) { console.log(JSON.stringify(results.map(({ misses, fps, ...r }) => r), null, 2)); process.exit(0); }
console.log(`PHI detection eval  data=${dataDir}  half=${half}  minScore=${minScore}  model=${sensitivity ?? 'off (rules only)'}\n`);
console.log('set          docs  recall(Safe Harbor)  recall(all labels)  recall(+providers)  precision  findings    FP   MB/s');
for (const r of results) {
  console.log(`${r.set.padEnd(12)} ${String(r.docs).padStart(4)}  ${pct(r.recallSafeHarbor).padStart(19)}  ${pct(r.recallAllLabels).padStart(18)}  ${pct(r.recallWithProviders).padStart(18)}  ${pct(r.precision).padStart(9)}  ${String(r.findings).padStart(8)}  ${String(r.falsePositives).padStart(4)}  ${r.mbPerSec.toFixed(1).padStart(5)}`);
}
console.log('recall(Safe Harbor): labelled identifiers that 164.514(b)(2) requires removing (not PROVIDER_NAME; ages <= 89,');
console.log('bare years and bare weekdays are neutral); recall(all labels): every labelled span but PROVIDER_NAME;');
console.log('precision: findings overlapping any labelled span; MB/s: scanText, fourth pass.');
for (const r of results) {
  console.log(`\n${r.set}: recall per labelled type`);
  for (const [t, v] of Object.entries(r.byType).sort()) {
    console.log(`  ${t.padEnd(22)} ${String(v.found).padStart(5)}/${String(v.n).padEnd(5)} ${pct(v.found / v.n)}${neutral(t) ? '  (neutral)' : ''}`);
  }
  if (r.misses.length) console.log('  misses:\n    ' + r.misses.join('\n    '));
  if (r.fps.length) console.log('  false positives:\n    ' + r.fps.join('\n    '));
}
const ok = results.every((r) => r.recallSafeHarbor >= 0.97 && r.precision >= 0.85);
console.log(`\ntargets (Safe Harbor recall >= 97%, precision >= 85%): ${ok ? 'met' : 'not met'}`);
