/**
 * RFC 9162 §2.1 Merkle tree hashing, compact ranges (the right edge of the tree), and
 * inclusion / consistency proofs (generation §2.1.3.1, §2.1.4.1; verification §2.1.3.2, §2.1.4.2).
 *
 *   leaf hash = SHA-256(0x00 || leaf)       node hash = SHA-256(0x01 || left || right)
 *   MTH({}) = SHA-256()   MTH(D[n]) = node(MTH(D[0:k]), MTH(D[k:n])), k = largest power of two < n
 */
import { createHash, hash as oneShot } from 'node:crypto';

export type Hash = Buffer;
export const HASH_SIZE = 32;

const hasOneShot = typeof oneShot === 'function';
const LEAF_PREFIX = Buffer.from([0]);

function sha256(...parts: Uint8Array[]): Buffer {
  if (hasOneShot && parts.length === 1) return oneShot('sha256', parts[0] as Uint8Array, 'buffer') as Buffer;
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}

export const EMPTY_ROOT: Hash = sha256();

export function leafHash(leaf: Uint8Array): Hash {
  if (!hasOneShot) return sha256(LEAF_PREFIX, leaf);
  const buf = Buffer.allocUnsafe(leaf.length + 1);
  buf[0] = 0;
  buf.set(leaf, 1);
  return sha256(buf);
}

/** SHA-256 of bytes that already start with the 0x00 leaf prefix (verification fast path). */
export function prefixedLeafHash(prefixed: Uint8Array): Hash {
  return sha256(prefixed);
}

const nodeBuf = Buffer.alloc(1 + 2 * HASH_SIZE);
nodeBuf[0] = 1;
export function nodeHash(left: Uint8Array, right: Uint8Array): Hash {
  if (left.length === HASH_SIZE && right.length === HASH_SIZE) {
    nodeBuf.set(left, 1);
    nodeBuf.set(right, 1 + HASH_SIZE);
    return sha256(nodeBuf);
  }
  return sha256(Buffer.from([1]), left, right);
}

/** Largest power of two strictly less than n (n >= 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The compact range [0, size): one perfect subtree hash per set bit of `size`, largest first.
 * Constant memory (<= 64 hashes). `onSubtree` sees every perfect subtree completed by an append.
 */
export class CompactRange {
  size: number;
  readonly hashes: Hash[];

  constructor(size = 0, hashes: Hash[] = []) {
    if (popcount(size) !== hashes.length) throw new Error('compact range: hash count does not match size');
    this.size = size;
    this.hashes = hashes.slice();
  }

  append(leaf: Hash, onSubtree?: (height: number, index: number, hash: Hash) => void): void {
    let h = leaf;
    let n = this.size;
    let height = 0;
    while (n % 2 === 1) {
      h = nodeHash(this.hashes.pop() as Hash, h);
      height++;
      n = (n - 1) / 2;
      onSubtree?.(height, Math.floor(this.size / 2 ** height), h);
    }
    this.hashes.push(h);
    this.size++;
  }

  /** Appends a perfect subtree of 2^height leaves; the size must be a multiple of 2^height. */
  appendSubtree(height: number, hash: Hash, onSubtree?: (height: number, index: number, hash: Hash) => void): void {
    const width = 2 ** height;
    if (this.size % width !== 0) throw new Error('compact range: unaligned subtree');
    let h = hash;
    let n = this.size / width;
    let level = height;
    while (n % 2 === 1) {
      h = nodeHash(this.hashes.pop() as Hash, h);
      level++;
      n = Math.floor(n / 2);
      onSubtree?.(level, Math.floor(this.size / 2 ** level), h);
    }
    this.hashes.push(h);
    this.size += width;
  }

  root(): Hash {
    return foldRoot(this.hashes);
  }

  clone(): CompactRange {
    return new CompactRange(this.size, this.hashes);
  }

  serialize(): Buffer {
    return Buffer.concat(this.hashes);
  }

  static deserialize(size: number, buf: Uint8Array): CompactRange {
    const hashes: Hash[] = [];
    for (let o = 0; o < buf.length; o += HASH_SIZE) hashes.push(Buffer.from(buf.subarray(o, o + HASH_SIZE)));
    return new CompactRange(size, hashes);
  }
}

/** MTH from a compact range's hashes (largest subtree first). */
export function foldRoot(hashes: readonly Hash[]): Hash {
  if (hashes.length === 0) return EMPTY_ROOT;
  let r = hashes[hashes.length - 1] as Hash;
  for (let i = hashes.length - 2; i >= 0; i--) r = nodeHash(hashes[i] as Hash, r);
  return r;
}

export function popcount(n: number): number {
  let c = 0;
  while (n > 0) {
    c += n % 2;
    n = Math.floor(n / 2);
  }
  return c;
}

/** MTH over an in-memory list of leaf hashes. */
export function rootOf(leafHashes: readonly Hash[]): Hash {
  const cr = new CompactRange();
  for (const h of leafHashes) cr.append(h);
  return cr.root();
}

/** Source of perfect, aligned subtree hashes: [start, start + 2^height). */
export interface NodeSource {
  perfect(start: number, height: number): Promise<Hash>;
}

/** MTH(D[start:end]) from perfect subtrees. */
export async function rangeHash(src: NodeSource, start: number, end: number): Promise<Hash> {
  const n = end - start;
  if (n <= 0) return EMPTY_ROOT;
  if (isPow2(n)) return src.perfect(start, Math.log2(n));
  const k = splitPoint(n);
  return nodeHash(await src.perfect(start, Math.log2(k)), await rangeHash(src, start + k, end));
}

function isPow2(n: number): boolean {
  return n > 0 && 2 ** Math.round(Math.log2(n)) === n;
}

/** PATH(m, D[start:end]) per RFC 9162 §2.1.3.1. */
async function path(src: NodeSource, m: number, start: number, end: number): Promise<Hash[]> {
  const n = end - start;
  if (n <= 1) return [];
  const k = splitPoint(n);
  if (m < k) return [...(await path(src, m, start, start + k)), await rangeHash(src, start + k, end)];
  return [...(await path(src, m - k, start + k, end)), await rangeHash(src, start, start + k)];
}

export async function inclusionProof(src: NodeSource, index: number, size: number): Promise<Hash[]> {
  if (!(index >= 0 && index < size)) throw new RangeError(`inclusion proof: index ${index} not in tree of size ${size}`);
  return path(src, index, 0, size);
}

/** SUBPROOF(m, D[start:end], b) per RFC 9162 §2.1.4.1. */
async function subproof(src: NodeSource, m: number, start: number, end: number, b: boolean): Promise<Hash[]> {
  const n = end - start;
  if (m === n) return b ? [] : [await rangeHash(src, start, end)];
  const k = splitPoint(n);
  if (m <= k) return [...(await subproof(src, m, start, start + k, b)), await rangeHash(src, start + k, end)];
  return [...(await subproof(src, m - k, start + k, end, false)), await rangeHash(src, start, start + k)];
}

export async function consistencyProof(src: NodeSource, m: number, n: number): Promise<Hash[]> {
  if (!(m > 0 && m <= n)) throw new RangeError(`consistency proof: need 0 < ${m} <= ${n}`);
  if (m === n) return [];
  return subproof(src, m, 0, n, true);
}

const valid = (h: Uint8Array | undefined): h is Uint8Array => h !== undefined && h.length === HASH_SIZE;

/** RFC 9162 §2.1.3.2. Returns the computed root, or undefined when the proof is malformed. */
export function rootFromInclusionProof(index: number, size: number, leaf: Uint8Array, proof: readonly Uint8Array[]): Hash | undefined {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return undefined;
  if (!valid(leaf)) return undefined;
  let fn = index;
  let sn = size - 1;
  let r: Hash = Buffer.from(leaf);
  for (const p of proof) {
    if (!valid(p) || sn === 0) return undefined;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : undefined;
}

export function verifyInclusion(index: number, size: number, leaf: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  const r = rootFromInclusionProof(index, size, leaf, proof);
  return r !== undefined && Buffer.from(root).equals(r);
}

/** RFC 9162 §2.1.4.2, with the edge cases of the reference verifier (size1 = 0 is meaningless). */
export function verifyConsistency(size1: number, size2: number, proof: readonly Uint8Array[], root1: Uint8Array, root2: Uint8Array): boolean {
  if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2) || size1 <= 0 || size2 < size1) return false;
  if (size1 === size2) return proof.length === 0 && Buffer.from(root1).equals(Buffer.from(root2));
  if (proof.length === 0 || !valid(root1) || !valid(root2)) return false;
  const path: Uint8Array[] = isPow2(size1) ? [root1, ...proof] : [...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  const first = path[0];
  if (!valid(first)) return false;
  let fr: Hash = Buffer.from(first);
  let sr: Hash = Buffer.from(first);
  for (let i = 1; i < path.length; i++) {
    const c = path[i];
    if (!valid(c) || sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(Buffer.from(root1)) && sr.equals(Buffer.from(root2));
}
