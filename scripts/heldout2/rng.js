// Seeded PRNG (mulberry32) and small helpers. Deterministic for a given seed.
export function makeRng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    chance: (p) => next() < p,
    digits: (n) => { let s = ''; for (let i = 0; i < n; i++) s += String(Math.floor(next() * 10)); return s; },
    letters: (n, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') => { let s = ''; for (let i = 0; i < n; i++) s += alphabet[Math.floor(next() * alphabet.length)]; return s; },
    // weighted pick: items = [[weight, value], ...]
    wpick: (items) => {
      const total = items.reduce((s, [w]) => s + w, 0);
      let x = next() * total;
      for (const [w, v] of items) { x -= w; if (x < 0) return v; }
      return items[items.length - 1][1];
    },
  };
  return r;
}

// Derive an independent sub-seed from a seed and a label, so sets do not shift each other.
export function subSeed(seed, label) {
  let h = 2166136261 ^ (seed >>> 0);
  for (let i = 0; i < label.length; i++) { h ^= label.charCodeAt(i); h = Math.imul(h, 16777619) >>> 0; }
  return h >>> 0;
}
