#!/usr/bin/env node
// PHI benchmark: phiguard's engine side by side with npm peers, in the same run.
//   text:        scan/redact throughput (MB/s) on the deid nursing notes, and recall/precision on both
//                labelled sets (same convention as scripts/eval.js), vs redact-pii and @redactpii/node
//   structured:  FHIR bundle redaction (MB/s), phiguard redactJson (raw text in, raw text out) vs
//                @pinojs/redact (JSON.parse + path redaction + stringify) with the Patient paths
// Usage: npm run build && node bench/phi.js [--json] [--quick]
// Throughput is measured in CPU time after three warm-up passes, so a busy machine skews no tool.
// Data: ../shared/data (or $PHIGUARD_DATA). Exported: run(options) → results, for bench/run.js.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { score } from '../scripts/phi-score.js';

const require = createRequire(import.meta.url);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SENTINEL = '\uE000';

function loadSets(dataDir) {
  const dir = path.join(dataDir, 'phi-dev');
  return Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort().map((f) => [
    f.replace(/\.jsonl$/, ''),
    readFileSync(path.join(dir, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)),
  ]));
}

/** Spans of the original text that a peer replaced by SENTINEL. */
function spansFromRedacted(orig, red) {
  const segs = red.split(SENTINEL);
  const spans = [];
  let p = 0;
  if (!orig.startsWith(segs[0])) return spans;
  p = segs[0].length;
  for (let k = 1; k < segs.length; k++) {
    const seg = segs[k];
    let next;
    if (seg === '') next = k === segs.length - 1 ? orig.length : p + 1;
    else { next = orig.indexOf(seg, p + 1); if (next < 0) next = orig.length; }
    spans.push({ start: p, end: next });
    p = next + seg.length;
  }
  return spans;
}

/** MB/s of CPU time (user+system): fair between tools on a shared, busy machine. */
function throughput(texts, fn, minMs) {
  const bytes = texts.reduce((a, t) => a + t.length, 0);
  for (let w = 0; w < 3; w++) for (const t of texts) fn(t); // warm-up: three full passes (JIT tiers, lazy regex compilation)
  let runs = 0;
  const c0 = process.cpuUsage();
  const cpuMs = () => { const c = process.cpuUsage(c0); return (c.user + c.system) / 1000; };
  do { for (const t of texts) fn(t); runs++; } while (cpuMs() < minMs);
  return (bytes * runs) / 1e6 / (cpuMs() / 1000);
}

const PINO_PATHS = [
  'entry[*].resource.name', 'entry[*].resource.telecom', 'entry[*].resource.address', 'entry[*].resource.birthDate',
  'entry[*].resource.identifier', 'entry[*].resource.photo', 'entry[*].resource.extension',
];

export async function run({ dataDir = process.env.PHIGUARD_DATA ?? path.resolve(repoRoot, '../shared/data'), quick = false } = {}) {
  const phi = await import(pathToFileURL(path.join(repoRoot, 'dist/phi/index.js')).href);
  const { SyncRedactor } = require('redact-pii');
  const { Redactor } = require('@redactpii/node');
  const pinoRedact = require('@pinojs/redact');
  const redactPii = new SyncRedactor({ globalReplaceWith: SENTINEL });
  const redactPiiNode = new Redactor({ globalReplaceWith: SENTINEL });
  const sets = loadSets(dataDir);
  const minMs = quick ? 300 : 1500;

  const scan = await import(pathToFileURL(path.join(repoRoot, 'dist/phi/scan.js')).href);
  const rulesOnly = (t) => scan.resolve(scan.candidates(t).filter((x) => x.score >= 0.5));
  const textTools = {
    phiguard: { detect: (t) => phi.scanText(t, { sensitivity: 'strict' }), redact: (t) => phi.redactText(t).text },
    // Same engine without the statistical model (src/phi/model): the before/after of the model on the same text.
    'phiguard rules only': { detect: rulesOnly, redact: (t) => rulesOnly(t) },
    'redact-pii': { detect: (t) => spansFromRedacted(t, redactPii.redact(t)), redact: (t) => redactPii.redact(t) },
    '@redactpii/node': { detect: (t) => spansFromRedacted(t, redactPiiNode.redact(t)), redact: (t) => redactPiiNode.redact(t) },
  };
  const deidTexts = (sets['deid-dev'] ?? []).map((d) => d.text);
  const text = {};
  for (const [name, tool] of Object.entries(textTools)) {
    const row = { mbPerSec: throughput(deidTexts, tool.redact, minMs) };
    for (const [set, docs] of Object.entries(sets)) row[set] = score(docs, tool.detect);
    text[name] = row;
  }

  const fhirDir = path.join(dataDir, 'fhir');
  const bundles = readdirSync(fhirDir).filter((f) => f.endsWith('.json')).map((f) => readFileSync(path.join(fhirDir, f), 'utf8'));
  const redactor = phi.compileRedactionPolicy({ default: 'remove' });
  const fieldsOnly = phi.compileRedactionPolicy({ default: 'remove', fields: { scanValues: false } });
  const pino = pinoRedact({ paths: PINO_PATHS, censor: '[REDACTED]' });
  const structured = {
    phiguard: { mbPerSec: throughput(bundles, (b) => phi.redactJson(b, redactor).text, minMs), note: 'raw text in/out; FHIR-aware fields + dates + narrative; untouched bytes identical' },
    'phiguard fields-only': { mbPerSec: throughput(bundles, (b) => phi.redactJson(b, fieldsOnly).text, minMs), note: 'scanValues: false (FHIR field/identifier rules only, like path redaction)' },
    '@pinojs/redact': { mbPerSec: throughput(bundles, (b) => pino(JSON.parse(b)), minMs), note: 'JSON.parse + 7 Patient paths + JSON.stringify; no dates, no free text' },
  };
  // What each leaves behind in the Patient resources: values of the Safe Harbor Patient fields.
  const leaks = { phiguard: 0, '@pinojs/redact': 0, total: 0 };
  for (const b of bundles) {
    const orig = JSON.parse(b);
    const mine = JSON.parse(phi.redactJson(b, redactor).text);
    const theirs = JSON.parse(pino(JSON.parse(b)));
    orig.entry.forEach((e, i) => {
      if (e.resource.resourceType !== 'Patient') return;
      for (const k of ['birthDate', 'deceasedDateTime']) if (e.resource[k]) {
        leaks.total++;
        if (mine.entry[i].resource[k] === e.resource[k]) leaks.phiguard++;
        if (theirs.entry[i].resource[k] === e.resource[k]) leaks['@pinojs/redact']++;
      }
    });
    // clinical dates (Safe Harbor: all elements of dates except year)
    orig.entry.forEach((e, i) => {
      const v = e.resource.effectiveDateTime;
      if (!v) return;
      leaks.total++;
      if (mine.entry[i].resource.effectiveDateTime === v) leaks.phiguard++;
      if (theirs.entry[i].resource.effectiveDateTime === v) leaks['@pinojs/redact']++;
    });
  }
  return { text, structured, leaks, bytes: { deid: deidTexts.reduce((a, t) => a + t.length, 0), fhir: bundles.reduce((a, t) => a + t.length, 0) } };
}

function print(r) {
  const pct = (x) => (x * 100).toFixed(1) + '%';
  const base = r.text.phiguard;
  console.log('PHI text detection/redaction (deid notes throughput; Safe Harbor recall and precision per set, as in npm run eval)');
  console.log('tool               MB/s   ratio(phiguard/x)  deid recall  deid prec  synth recall  synth prec');
  for (const [name, row] of Object.entries(r.text)) {
    const ratio = name === 'phiguard' ? '-' : (base.mbPerSec / row.mbPerSec).toFixed(2) + 'x';
    const d = row['deid-dev'] ?? { recall: NaN, precision: NaN }, s = row['synth-v2'] ?? { recall: NaN, precision: NaN };
    console.log(`${name.padEnd(17)} ${row.mbPerSec.toFixed(2).padStart(6)}  ${ratio.padStart(17)}  ${pct(d.recall).padStart(11)}  ${pct(d.precision).padStart(9)}  ${pct(s.recall).padStart(12)}  ${pct(s.precision).padStart(10)}`);
  }
  console.log('\nFHIR bundle redaction (Synthea R4 bundles)');
  console.log('tool                     MB/s   ratio(phiguard/x)  note');
  const sb = r.structured.phiguard;
  for (const [name, row] of Object.entries(r.structured)) {
    const ratio = name === 'phiguard' ? '-' : (sb.mbPerSec / row.mbPerSec).toFixed(2) + 'x';
    console.log(`${name.padEnd(21)} ${row.mbPerSec.toFixed(2).padStart(7)}  ${ratio.padStart(17)}  ${row.note}`);
  }
  console.log(`\nPatient birth/death dates and Observation.effectiveDateTime left unredacted: phiguard ${r.leaks.phiguard}/${r.leaks.total}, @pinojs/redact ${r.leaks['@pinojs/redact']}/${r.leaks.total}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const res = await run({ quick: process.argv.includes('--quick') || process.env.BENCH_QUICK === '1' });
  if (process.argv.includes('--json')) console.log(JSON.stringify(res, null, 2)); else print(res);
  // bench/run.js contract: JSON results with a one-line headline in $BENCH_RESULTS_FILE
  if (process.env.BENCH_RESULTS_FILE) {
    const t = res.text, x = (a, b) => (a / b).toFixed(2) + 'x';
    const headline = `phi: text ${t.phiguard.mbPerSec.toFixed(1)} MB/s (${x(t.phiguard.mbPerSec, t['redact-pii'].mbPerSec)} redact-pii, ` +
      `${x(t.phiguard.mbPerSec, t['@redactpii/node'].mbPerSec)} @redactpii/node), deid recall ${(t.phiguard['deid-dev'].recall * 100).toFixed(1)}% ` +
      `vs ${(t['redact-pii']['deid-dev'].recall * 100).toFixed(1)}%; FHIR ${res.structured.phiguard.mbPerSec.toFixed(0)} MB/s ` +
      `(${x(res.structured.phiguard.mbPerSec, res.structured['@pinojs/redact'].mbPerSec)} @pinojs/redact)`;
    writeFileSync(process.env.BENCH_RESULTS_FILE, JSON.stringify({ headline, ...res }, null, 2));
  }
}

export default run;
