// The four sets, each from its own PRNG stream derived from the seed.
import { Rng } from './rng.js';
import { generateLetters } from './letters.js';
import { generateCallcenter } from './callcenter.js';
import { generateExports } from './exports.js';
import { generateHomecare } from './homecare.js';

export const SETS = { letters: [generateLetters, 340], callcenter: [generateCallcenter, 360], exports: [generateExports, 320], homecare: [generateHomecare, 350] };

export function generateAll(seed) {
  const out = {};
  Object.entries(SETS).forEach(([set, [gen, n]], k) => { out[set] = gen(new Rng((seed * 31 + k * 7919) >>> 0), n); });
  return out;
}
