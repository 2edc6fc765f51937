#!/usr/bin/env node
// Hostile-input cost of the PHI engine (not a test: timings live in the bench, never in npm test).
// For each adversarial shape, times scanText and redactJson at 10, 40 and 160 KB and reports the
// growth exponent: ~1 is linear; ~2 is a quadratic (ReDoS-prone) pattern. Runs against dist/.
import { compileRedactionPolicy, redactJson, scanText } from '../dist/phi/index.js';

const SHAPES = {
  'letters + digit line': (n) => 'A'.repeat(n) + '1\nabc 1\n',
  'A- repeat + state': (n) => 'A-'.repeat(n / 2) + '\n, MA',
  'digits and dashes': (n) => '1-'.repeat(n / 2),
  'capitalised words': (n) => 'Ab '.repeat(n / 3) + 'St',
  'dots and digits': (n) => '1.'.repeat(n / 2) + 'x',
  'at signs': (n) => 'a@'.repeat(n / 2),
  'slashes': (n) => '1/'.repeat(n / 2),
  'colons (IPv6-ish)': (n) => 'a:'.repeat(n / 2),
  'spaces + comma': (n) => 'a '.repeat(n / 2) + ', MA 0211',
  'numbered street': (n) => '1 ab '.repeat(n / 5) + '2 st',
  'digits and words': (n) => '12 ab 3 '.repeat(n / 8),
  'labelled ssn': (n) => 'SSN '.repeat(n / 4) + '999-59-2277',
  'iban label': (n) => 'iban DE00 '.repeat(n / 10),
  'surname endings': (n) => 'Petrova ten Kovalenko '.repeat(n / 22),
  'vent m/d': (n) => 'cpap on 5/5, 40% '.repeat(n / 17),
  'title repeat': (n) => 'Dr. '.repeat(n / 4),
  'newlines + digit': (n) => '\n'.repeat(n) + '1',
  // identifier families (src/phi/detectors/identifiers.ts)
  'card digit groups': (n) => '1234 '.repeat(n / 5),
  'cue + blanks': (n) => 'account' + ' '.repeat(n) + 'x',
  'licence cues': (n) => 'cert no. lic DL '.repeat(n / 16),
};
const SIZES = [10_000, 40_000, 160_000];
const r = compileRedactionPolicy({ default: 'mask' });

function time(fn) {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const rows = [];
let worst = 0;
for (const [name, make] of Object.entries(SHAPES)) {
  const ms = SIZES.map((n) => {
    const s = make(n);
    return Math.max(time(() => scanText(s)), time(() => redactJson(JSON.stringify({ note: s }), r)));
  });
  const exponent = Math.log((ms[2] + 0.01) / (ms[0] + 0.01)) / Math.log(SIZES[2] / SIZES[0]);
  worst = Math.max(worst, ms[2]);
  rows.push({ shape: name, ms10k: +ms[0].toFixed(1), ms40k: +ms[1].toFixed(1), ms160k: +ms[2].toFixed(1), exponent: +exponent.toFixed(2) });
}
console.table(rows);
const maxExp = Math.max(...rows.map((x) => x.exponent));
console.log(`${rows.length} hostile shapes: max growth exponent ${maxExp.toFixed(2)} (1 = linear, 2 = quadratic), worst ${worst.toFixed(0)} ms at 160 KB`);
console.log(JSON.stringify({ suite: 'redos', worstMs160k: Math.round(worst), shapes: rows }));
