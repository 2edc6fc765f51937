// Seeded pseudo-random numbers for the held-out generator (mulberry32): the same seed gives the same sets.
export function hashSeed(str, base) {
  let h = (base >>> 0) ^ 0x9e3779b9;
  for (let i = 0; i < str.length; i++) h = Math.imul(h ^ str.charCodeAt(i), 0x85ebca6b) >>> 0;
  return (h ^ (h >>> 13)) >>> 0;
}

export class Rng {
  constructor(seed) { this.s = seed >>> 0; }
  next() {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [a, b]. */
  int(a, b) { return a + Math.floor(this.next() * (b - a + 1)); }
  pick(arr) { return arr[Math.floor(this.next() * arr.length)]; }
  chance(p) { return this.next() < p; }
  /** Pick by weight: [[weight, value], ...]. */
  weighted(pairs) {
    const total = pairs.reduce((a, [w]) => a + w, 0);
    let x = this.next() * total;
    for (const [w, v] of pairs) { if ((x -= w) < 0) return v; }
    return pairs[pairs.length - 1][1];
  }
  digits(n) { let s = ''; for (let i = 0; i < n; i++) s += String(this.int(0, 9)); return s; }
  letters(n, alphabet = 'ABCDEFGHJKLMNPRSTUVWXYZ') { let s = ''; for (let i = 0; i < n; i++) s += this.pick(alphabet); return s; }
}
