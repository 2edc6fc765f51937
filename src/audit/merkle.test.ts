import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CompactRange, consistencyProof, EMPTY_ROOT, inclusionProof, leafHash, nodeHash, rangeHash, rootOf,
  verifyConsistency, verifyInclusion, type Hash, type NodeSource,
} from './merkle.js';

const vec = (name: string) => JSON.parse(readFileSync(new URL(`../../test/vectors/merkle/${name}.json`, import.meta.url), 'utf8'));
const ref = vec('reference-tree') as { leafInputs: string[]; rootHashes: string[]; nodeHashes: string[][] };
const b64 = (s: string | null | undefined) => Buffer.from(s ?? '', 'base64');
const num = (v: number | string) => (typeof v === 'string' ? Number(BigInt(v)) : v);

/** Naive MTH straight from the RFC definition, used as an oracle. */
function naive(hashes: Hash[]): Hash {
  if (hashes.length === 0) return EMPTY_ROOT;
  if (hashes.length === 1) return hashes[0] as Hash;
  let k = 1;
  while (k * 2 < hashes.length) k *= 2;
  return nodeHash(naive(hashes.slice(0, k)), naive(hashes.slice(k)));
}

function memSource(leaves: Hash[]): NodeSource {
  return { perfect: async (start, height) => naive(leaves.slice(start, start + 2 ** height)) };
}

describe('merkle (RFC 9162 §2.1)', () => {
  const leaves = ref.leafInputs.map((h) => leafHash(Buffer.from(h, 'hex')));

  it('matches the reference root for every tree size 0..8', () => {
    for (let n = 0; n <= 8; n++) {
      expect(rootOf(leaves.slice(0, n)).toString('hex'), `size ${n}`).toBe(ref.rootHashes[n]);
    }
    expect(ref.nodeHashes[0]).toEqual(leaves.map((l) => l.toString('hex')));
  });

  it('compact range reports every completed subtree with the reference hash', () => {
    const cr = new CompactRange();
    const seen: string[] = [];
    for (const l of leaves) cr.append(l, (h, i, hash) => seen.push(`${h}:${i}:${hash.toString('hex')}`));
    const expected = ref.nodeHashes.slice(1).flatMap((lvl, h) => lvl.map((x, i) => `${h + 1}:${i}:${x}`));
    expect(seen.sort()).toEqual(expected.sort());
    const back = CompactRange.deserialize(cr.size, cr.serialize());
    expect(back.root().equals(cr.root())).toBe(true);
  });

  const inc = vec('inclusion').cases as Array<{ file: string; leafIdx: number | string; treeSize: number | string; root: string; leafHash: string; proof: string[] | null; wantErr: boolean }>;
  it.each(inc.map((c) => [c.file, c] as const))('inclusion vector %s', (_f, c) => {
    const ok = verifyInclusion(num(c.leafIdx), num(c.treeSize), b64(c.leafHash), (c.proof ?? []).map(b64), b64(c.root));
    expect(ok).toBe(!c.wantErr);
  });

  const cons = vec('consistency').cases as Array<{ file: string; size1: number; size2: number; root1: string; root2: string; proof: string[] | null; wantErr: boolean }>;
  it.each(cons.map((c) => [c.file, c] as const))('consistency vector %s', (_f, c) => {
    const ok = verifyConsistency(num(c.size1), num(c.size2), (c.proof ?? []).map(b64), b64(c.root1), b64(c.root2));
    expect(ok).toBe(!c.wantErr);
  });

  it('generates the exact proofs of the happy-path vectors', async () => {
    const src = memSource(leaves);
    for (const c of inc.filter((x) => x.file.endsWith('/happy-path.json') && !x.file.includes('single'))) {
      const p = await inclusionProof(src, num(c.leafIdx), num(c.treeSize));
      expect(p.map((x) => x.toString('base64')), c.file).toEqual(c.proof ?? []);
    }
    for (const c of cons.filter((x) => x.file.endsWith('/happy-path.json'))) {
      const p = await consistencyProof(src, num(c.size1), num(c.size2));
      expect(p.map((x) => x.toString('base64')), c.file).toEqual(c.proof ?? []);
    }
  });

  it('round-trips generated proofs for all sizes up to 70 and rejects any flipped bit', async () => {
    const many = Array.from({ length: 70 }, (_, i) => leafHash(Buffer.from(`leaf-${i}`)));
    const src = memSource(many);
    for (let n = 1; n <= many.length; n++) {
      const root = naive(many.slice(0, n));
      expect((await rangeHash(src, 0, n)).equals(root)).toBe(true);
      for (let i = 0; i < n; i += 7) {
        const p = await inclusionProof(src, i, n);
        expect(verifyInclusion(i, n, many[i] as Hash, p, root)).toBe(true);
        if (p.length > 0) {
          const bad = p.map((x) => Buffer.from(x));
          const b0 = bad[0] as Buffer;
          b0[3] = (b0[3] as number) ^ 1;
          expect(verifyInclusion(i, n, many[i] as Hash, bad, root)).toBe(false);
        }
      }
      for (let m = 1; m <= n; m += 5) {
        const p = await consistencyProof(src, m, n);
        expect(verifyConsistency(m, n, p, naive(many.slice(0, m)), root), `${m}->${n}`).toBe(true);
        if (m < n) expect(verifyConsistency(m, n, p, naive(many.slice(1, m + 1)), root)).toBe(false);
      }
    }
  });
});
