/**
 * One aligned chunk of the log, checked with constant memory (see verify.ts for the whole check):
 * contiguous entries, each leaf's index and timestamp prefix, leaf hashes, 256-leaf tiles, and the
 * accounting of pruned bodies. Runs on the calling thread or in a worker (verify-worker.ts).
 */
import { hash as oneShot } from 'node:crypto';
import { type Hash } from './merkle.js';
import { pruneEventOf, readLeafPrefix } from './record.js';
import type { AuditStore, EntryBlock } from './stores/types.js';
import { TILE_HEIGHT, type StoredEntry } from './types.js';

export const CHUNK_HEIGHT = 16;
export const CHUNK = 2 ** CHUNK_HEIGHT;
/**
 * Entries per block read. A block is held about four times over (SQLite's string, the BLOB cast,
 * the Buffer, the split views): 16,384 entries of ≈ 1 KB took ≈ 165 MB of memory at peak, 4,096
 * take ≈ 70 MB, at the same speed (`bench/audit.js`, memory line).
 */
const MAX_READ = 4096;
const LEAF_PREFIX = Buffer.from([0]);

export interface VerifyFailure {
  readonly kind: 'entry' | 'checkpoint' | 'witness' | 'tile' | 'state';
  /** Entry index, checkpoint size or tile index. */
  readonly at: number;
  readonly message: string;
}

export class Failed extends Error {
  constructor(readonly failure: VerifyFailure) {
    super(failure.message);
  }
}

export const fail = (kind: VerifyFailure['kind'], at: number, message: string): never => {
  throw new Failed({ kind, at, message });
};

/**
 * The chunk check works on hashes as 32-character latin1 strings: node:crypto returns a digest as
 * a string without allocating a Buffer, which is most of the per-call cost of hashing 65 bytes.
 */
type HashStr = string;
const sha256 = (data: Uint8Array): HashStr => oneShot('sha256', data, 'binary');
const NODE_IN = new Uint8Array(1 + 2 * 32);
NODE_IN[0] = 1;

/** RFC 9162 node hash SHA-256(0x01 || left || right) of two latin1 hash strings. */
function nodeStr(left: HashStr, right: HashStr): HashStr {
  for (let k = 0; k < 32; k++) {
    NODE_IN[1 + k] = left.charCodeAt(k);
    NODE_IN[33 + k] = right.charCodeAt(k);
  }
  return sha256(NODE_IN);
}

const toHash = (h: HashStr): Hash => Buffer.from(h, 'latin1');

/** The chunk-relative compact range (see merkle.ts CompactRange), on latin1 hash strings. */
class StrRange {
  size = 0;
  hashes: HashStr[] = [];

  append(leaf: HashStr, onSubtree: (height: number, index: number, hash: HashStr) => void): void {
    let h = leaf;
    let n = this.size;
    let height = 0;
    while (n % 2 === 1) {
      h = nodeStr(this.hashes.pop() as HashStr, h);
      height++;
      n = (n - 1) / 2;
      if (height % TILE_HEIGHT === 0) onSubtree(height, Math.floor(this.size / 2 ** height), h);
    }
    this.hashes.push(h);
    this.size++;
  }
}

/** `count` comma-separated decimal integers (at most 16 digits, optional '-') into `out`; false if malformed. */
function parseInts(s: string, count: number, out: Float64Array): boolean {
  let k = 0;
  let v = 0;
  let neg = false;
  let digits = 0;
  for (let p = 0; p <= s.length; p++) {
    const c = p < s.length ? s.charCodeAt(p) : 0x2c;
    if (c === 0x2c) {
      if (digits === 0 || digits > 16 || k >= count) return false;
      out[k++] = neg ? -v : v;
      v = 0;
      neg = false;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      v = v * 10 + (c - 0x30);
      digits++;
    } else if (c === 0x2d && digits === 0 && !neg) {
      neg = true;
    } else {
      return false;
    }
  }
  return k === count;
}

/** What one chunk [start, start + CHUNK) yielded. Hashes are the chunk-relative compact range. */
export interface ChunkResult {
  readonly start: number;
  readonly count: number;
  readonly pruned: number;
  /** The pruned entry with the latest timestamp in the chunk (-1: none), and the latest `before` of its prune events (-1: none). */
  readonly prunedLast: { idx: number; ts: number };
  readonly pruneBefore: number;
  /** Bodies the chunk's prune events say they cleared. */
  readonly pruneLeaves: number;
  readonly hashes: Hash[];
  /** Compact ranges (chunk-relative) at the requested absolute sizes. */
  readonly snaps: Array<{ size: number; hashes: Hash[] }>;
  readonly failure?: VerifyFailure;
}

/**
 * Checks entries and tiles in [start, start + CHUNK); snapshots the range at `sizes` (absolute, ascending).
 *
 * Each batch is read as one block when the store offers it (`entryBlock`: no per-row objects, each
 * leaf hashed in place). A block that is not exactly the contiguous rows of the batch, or in which
 * any check fails, is checked again row by row (`entries`) from the same starting point, so the
 * row-by-row check decides every failure and its message.
 */
export async function checkChunk(store: AuditStore, start: number, sizes: readonly number[], chunkHeight = CHUNK_HEIGHT, readBatch = MAX_READ): Promise<ChunkResult> {
  const span = 2 ** chunkHeight;
  // A power of two in [256, span]: batches stay aligned with the 256-leaf tiles.
  const READ_BATCH = Math.min(span, 2 ** Math.max(8, Math.floor(Math.log2(Math.max(256, readBatch)))));
  const cr = new StrRange();
  const snaps: Array<{ size: number; hashes: Hash[] }> = [];
  const pre: { seq: number; ts: number; end?: number } = { seq: 0, ts: 0 };
  const idxCol = new Float64Array(READ_BATCH);
  const tsCol = new Float64Array(READ_BATCH);
  const lens = new Float64Array(READ_BATCH);
  let pruned = 0;
  // Pruning must be accounted for: a leaf may be NULL only if a logged prune event covers its timestamp.
  let prunedLast = { idx: -1, ts: -1 };
  let prunedBefore = -1;
  let pruneLeaves = 0;
  const prunedRow = (i: number, ts: number): void => { pruned++; if (ts > prunedLast.ts || prunedLast.idx < 0) prunedLast = { idx: i, ts }; };
  const pruneEvent = (b: Uint8Array, off: number, len: number): void => {
    const v = pre.end === undefined ? undefined : pruneEventOf(b, off, pre.end, len);
    if (!v) return;
    if (v.before > prunedBefore) prunedBefore = v.before;
    pruneLeaves += v.leaves;
  };
  let si = 0;
  let tiles = new Map<number, HashStr>();
  const high: Array<{ level: number; idx: number; hash: HashStr }> = [];
  const onSubtree = (height: number, rel: number, hash: HashStr): void => {
    const abs = start / 2 ** height + rel;
    if (height === TILE_HEIGHT) {
      if (tiles.get(abs) !== hash) fail('tile', abs, `tile ${height}/${abs}: missing or does not match entries ${abs * 256}..${abs * 256 + 255}`);
    } else {
      high.push({ level: height, idx: abs, hash });
    }
  };
  const add = (h: HashStr): void => {
    cr.append(h, onSubtree);
    while (si < sizes.length && (sizes[si] as number) === start + cr.size) snaps.push({ size: sizes[si++] as number, hashes: cr.hashes.map(toHash) });
  };

  /** The fast path over one block; returns the rows checked, or -1 when the block is not usable. */
  const checkBlock = (b: EntryBlock, from: number): number => {
    const count = b.count;
    if (count === 0) return 0;
    if (count > READ_BATCH || b.odd !== 0) return -1;
    const hashes = b.hashes;
    if (!hashes || hashes.length !== 32 * count || b.idx === null || b.ts === null || b.lengths === null) return -1;
    if (!parseInts(b.idx, count, idxCol) || !parseInts(b.ts, count, tsCol) || !parseInts(b.lengths, count, lens)) return -1;
    // Exactly the rows from, from + 1, ... in this order (no gap, duplicate or reordering).
    for (let r = 0; r < count; r++) if (idxCol[r] !== from + r) return -1;
    const leaves = b.leaves;
    let total = 0;
    for (let r = 0; r < count; r++) if ((lens[r] as number) >= 0) total += (lens[r] as number) + 1;
    if (total !== (leaves ? leaves.length : 0)) return -1;
    let off = 0;
    for (let r = 0; r < count; r++) {
      const i = from + r;
      const len = lens[r] as number;
      const ho = 32 * r;
      let h: HashStr;
      if (len >= 0) {
        const buf = leaves as Buffer;
        // The leaf is followed by the next 0x00 or the end of the block: the prefix cannot run past it.
        if (!readLeafPrefix(buf, off + 1, pre) || off + 1 + len > buf.length) fail('entry', i, `entry ${i}: record is not a canonical audit leaf`);
        if (pre.seq !== i) fail('entry', i, `entry ${i}: record carries index ${pre.seq} (swapped or moved entry)`);
        if (pre.ts !== tsCol[r]) fail('entry', i, `entry ${i}: timestamp column differs from the record`);
        h = sha256(new Uint8Array(buf.buffer, buf.byteOffset + off, len + 1));
        for (let k = 0; k < 32; k++) if (h.charCodeAt(k) !== hashes[ho + k]) fail('entry', i, `entry ${i}: record bytes do not match the leaf hash (edited)`);
        pruneEvent(buf, off + 1, len);
        off += len + 1;
      } else {
        h = hashes.toString('latin1', ho, ho + 32);
        prunedRow(i, tsCol[r] as number);
      }
      add(h);
    }
    return count;
  };

  /** The reference path: one object per row. */
  const checkRows = (rows: StoredEntry[], from: number): number => {
    for (let r = 0; r < rows.length; r++) {
      const e = rows[r] as StoredEntry;
      const i = from + r;
      if (e.idx !== i) fail('entry', i, `entry ${i}: missing (next stored entry is ${e.idx}; deleted entry)`);
      if (!Buffer.isBuffer(e.leafHash) || e.leafHash.length !== 32) fail('entry', i, `entry ${i}: leaf hash is malformed`);
      const stored = e.leafHash.toString('latin1');
      // Pruned means a NULL leaf; any other value (an empty TEXT, 0) must be a canonical leaf.
      if (e.leaf !== null) {
        if (!readLeafPrefix(e.leaf, 0, pre)) fail('entry', i, `entry ${i}: record is not a canonical audit leaf`);
        if (pre.seq !== i) fail('entry', i, `entry ${i}: record carries index ${pre.seq} (swapped or moved entry)`);
        if (pre.ts !== e.ts) fail('entry', i, `entry ${i}: timestamp column differs from the record`);
        if (sha256(Buffer.concat([LEAF_PREFIX, e.leaf])) !== stored) fail('entry', i, `entry ${i}: record bytes do not match the leaf hash (edited)`);
        pruneEvent(e.leaf, 0, e.leaf.length);
      } else {
        prunedRow(i, e.ts);
      }
      add(stored);
    }
    return rows.length;
  };

  try {
    for (let from = start; from < start + span; from += READ_BATCH) {
      tiles = new Map();
      for (const t of await store.tiles(TILE_HEIGHT, Math.floor(from / 256), Math.ceil((from + READ_BATCH) / 256))) tiles.set(t.idx, t.hash.toString('latin1'));
      high.length = 0;
      let count = -1;
      // A block the store cannot build (e.g. a column whose type was changed) is read row by row.
      const block = store.entryBlock ? await store.entryBlock(from, READ_BATCH).catch(() => undefined) : undefined;
      if (block) {
        const mark = { size: cr.size, hashes: cr.hashes.slice(), snaps: snaps.length, si, pruned, prunedLast, prunedBefore, pruneLeaves };
        try {
          count = checkBlock(block, from);
        } catch (err) {
          if (!(err instanceof Failed)) throw err;
          count = -1;
        }
        if (count < 0) {
          cr.size = mark.size;
          cr.hashes = mark.hashes;
          snaps.length = mark.snaps;
          si = mark.si;
          pruned = mark.pruned;
          prunedLast = mark.prunedLast;
          prunedBefore = mark.prunedBefore;
          pruneLeaves = mark.pruneLeaves;
          high.length = 0;
        }
      }
      if (count < 0) count = checkRows(await store.entries(from, READ_BATCH), from);
      for (const t of high) {
        const stored = await store.tiles(t.level, t.idx, t.idx + 1);
        if (!stored[0] || stored[0].hash.toString('latin1') !== t.hash) fail('tile', t.idx, `tile ${t.level}/${t.idx}: missing or does not match the entries`);
      }
      if (count < READ_BATCH) break;
      // SQLite reads are synchronous: yield so a gateway re-verifying in the background keeps serving.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return { start, count: cr.size, pruned, prunedLast, pruneBefore: prunedBefore, pruneLeaves, hashes: cr.hashes.map(toHash), snaps };
  } catch (err) {
    if (err instanceof Failed) return { start, count: cr.size, pruned, prunedLast, pruneBefore: prunedBefore, pruneLeaves, hashes: cr.hashes.map(toHash), snaps, failure: err.failure };
    throw err;
  }
}
