/**
 * Full verification of a stored log, streaming with constant memory:
 *   - entries are contiguous from 0 (a deleted entry is a gap);
 *   - each leaf starts with its own index and timestamp (swapped / moved entries) and hashes to the
 *     stored leaf hash (an edited byte);
 *   - stored tiles equal the recomputed subtrees;
 *   - every stored checkpoint is signed by a trusted key, names the origin, and its root equals the
 *     tree recomputed from the leaves at its size (edited history, forks); none is beyond the end
 *     (truncated tail); the state row agrees with the leaves;
 *   - the witness checkpoints kept outside the store are covered (rolled-back store, replaced history).
 *
 * The log is checked in aligned chunks of 2^16 entries (`checkChunk`), in order here or spread over
 * worker threads (verify-parallel.ts); `Merger` joins the chunks' compact ranges and checks the
 * checkpoints and witnesses that fall inside them.
 */
import { openCheckpoint, type Checkpoint } from './checkpoint.js';
import { hash as oneShot } from 'node:crypto';
import { CompactRange, consistencyProof, EMPTY_ROOT, foldRoot, verifyConsistency, type Hash } from './merkle.js';
import type { NoteVerifier } from './note.js';
import { pruneEventOf, readLeafPrefix } from './record.js';
import { storeSource, TILE_HEIGHT } from './source.js';
import type { AuditStore, CheckpointRow, EntryBlock, StoredEntry } from './stores/types.js';

export const CHUNK_HEIGHT = 16;
export const CHUNK = 2 ** CHUNK_HEIGHT;
const MAX_READ = 16_384;
const LEAF_PREFIX = Buffer.from([0]);

export interface VerifyOptions {
  readonly verifiers: readonly NoteVerifier[];
  readonly origin?: string;
  /** Signed checkpoint notes trusted from outside the store (witness file, receipts). */
  readonly witnesses?: readonly string[];
  readonly onProgress?: (verified: number) => void;
  /** log2 of the chunk size (8..16, default 16); small values exercise chunk joins in tests. */
  readonly chunkHeight?: number;
  /** Rows read (and checked without yielding) at a time; smaller keeps a serving event loop responsive. */
  readonly batchSize?: number;
}

export interface VerifyFailure {
  readonly kind: 'entry' | 'checkpoint' | 'witness' | 'tile' | 'state';
  /** Entry index, checkpoint size or tile index. */
  readonly at: number;
  readonly message: string;
}

export interface VerifyResult {
  readonly ok: boolean;
  readonly entries: number;
  readonly checkpoints: number;
  readonly pruned: number;
  readonly root: string;
  readonly latestCheckpoint?: number;
  /** Entries after the last signed checkpoint (not yet covered by a signature). */
  readonly unsignedTail: number;
  readonly failure?: VerifyFailure;
  readonly ms: number;
  /** Worker threads used (0: verified on the calling thread). */
  readonly workers?: number;
}

export class Failed extends Error {
  constructor(readonly failure: VerifyFailure) {
    super(failure.message);
  }
}

const fail = (kind: VerifyFailure['kind'], at: number, message: string): never => {
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

/** Joins chunk results in order and checks checkpoints and witnesses as the tree passes their sizes. */
export class Merger {
  readonly cr = new CompactRange();
  checkpoints = 0;
  pruned = 0;
  prunedLast = { idx: -1, ts: -1 };
  pruneBefore = -1;
  pruneLeaves = 0;
  latest: Checkpoint | undefined;
  readonly #witnesses: Checkpoint[];
  readonly #pending = new Map<number, CheckpointRow[]>();
  readonly chunkHeight: number;
  readonly chunk: number;

  constructor(
    readonly store: AuditStore,
    readonly opts: VerifyOptions,
  ) {
    this.chunkHeight = Math.max(TILE_HEIGHT, Math.min(CHUNK_HEIGHT, opts.chunkHeight ?? CHUNK_HEIGHT));
    this.chunk = 2 ** this.chunkHeight;
    this.#witnesses = [];
    for (const [i, note] of (opts.witnesses ?? []).entries()) {
      const w = openCheckpoint(note, opts.verifiers, opts.origin);
      if (!w) fail('witness', i, 'witness checkpoint is not validly signed by the trusted key');
      this.#witnesses.push(w!);
    }
    this.#witnesses.sort((a, b) => a.size - b.size);
  }

  /** Checkpoint rows with size in (start, start + chunk], and the sizes to snapshot for the chunk. */
  async plan(start: number): Promise<number[]> {
    const rows: CheckpointRow[] = [];
    for (let after = start; ; ) {
      const got = await this.store.checkpoints(after, 4096);
      const inside = got.filter((c) => c.size <= start + this.chunk);
      rows.push(...inside);
      if (inside.length < got.length || got.length < 4096) break;
      after = (got[got.length - 1] as CheckpointRow).size;
    }
    this.#pending.set(start, rows);
    const sizes = new Set(rows.map((c) => c.size));
    for (const w of this.#witnesses) if (w.size > start && w.size <= start + this.chunk) sizes.add(w.size);
    return [...sizes].sort((a, b) => a - b);
  }

  async begin(): Promise<void> {
    const [zero] = await this.store.checkpoints(-1, 1);
    if (zero && zero.size === 0) this.#check(0, EMPTY_ROOT, [zero]);
    for (const w of this.#witnesses) if (w.size === 0 && !w.root.equals(EMPTY_ROOT)) fail('witness', 0, 'witness checkpoint 0: root is not the empty tree');
  }

  #check(size: number, root: Hash, rows: CheckpointRow[]): void {
    for (const cp of rows.filter((c) => c.size === size)) {
      const opened = openCheckpoint(cp.note, this.opts.verifiers, this.opts.origin);
      if (!opened) fail('checkpoint', size, `checkpoint ${size}: signature, origin or format is invalid`);
      if (opened!.size !== size) fail('checkpoint', size, `checkpoint ${size}: signed size ${opened!.size} differs from its row`);
      if (!opened!.root.equals(root)) fail('checkpoint', size, `checkpoint ${size}: signed root does not match the entries (edited history or fork)`);
      this.latest = opened;
      this.checkpoints++;
    }
    for (const w of this.#witnesses) {
      if (w.size === size && !w.root.equals(root)) fail('witness', size, `witness checkpoint ${size}: root does not match the entries (history replaced)`);
    }
  }

  /** Returns true when the chunk was full (more may follow). Throws Failed on the first failure. */
  async accept(res: ChunkResult): Promise<boolean> {
    const rows = this.#pending.get(res.start) ?? [];
    this.#pending.delete(res.start);
    for (const snap of res.snaps) this.#check(snap.size, foldRoot([...this.cr.hashes, ...snap.hashes]), rows);
    if (res.failure) throw new Failed(res.failure);
    this.pruned += res.pruned;
    if (res.prunedLast.idx >= 0 && (res.prunedLast.ts > this.prunedLast.ts || this.prunedLast.idx < 0)) this.prunedLast = res.prunedLast;
    if (res.pruneBefore > this.pruneBefore) this.pruneBefore = res.pruneBefore;
    this.pruneLeaves += res.pruneLeaves;
    if (res.count === this.chunk) {
      const high: Array<{ level: number; idx: number; hash: Hash }> = [];
      this.cr.appendSubtree(this.chunkHeight, res.hashes[0] as Hash, (level, idx, hash) => {
        if (level % TILE_HEIGHT === 0) high.push({ level, idx, hash });
      });
      for (const t of high) {
        const stored = await this.store.tiles(t.level, t.idx, t.idx + 1);
        if (!stored[0] || !stored[0].hash.equals(t.hash)) fail('tile', t.idx, `tile ${t.level}/${t.idx}: missing or does not match the entries`);
      }
    } else {
      for (const h of res.hashes) this.cr.hashes.push(h);
      this.cr.size += res.count;
    }
    this.opts.onProgress?.(this.cr.size);
    return res.count === this.chunk;
  }

  async finish(): Promise<void> {
    const n = this.cr.size;
    // A record body may only be gone (pruned) where a logged prune event dropped it: every pruned
    // entry's timestamp lies before the latest prune's `before`. Blanking a leaf by hand keeps its hash
    // (the tree still verifies) but destroys the record, so it is tampering.
    // The prune events also say how many bodies they cleared (only bodies still present are counted), so
    // the pruned rows must number exactly their sum: a body blanked by hand, even with its timestamp
    // column back-dated into the pruned window, makes one too many.
    if (this.pruned > 0 && (!(this.prunedLast.ts < this.pruneBefore) || this.pruned !== this.pruneLeaves)) {
      const i = this.prunedLast.idx;
      fail('entry', i, `entry ${i}: record body removed but no logged prune covers it (deleted record content; ${this.pruned} bodies missing, prune events account for ${this.pruneLeaves})`);
    }
    // Rows no contiguous read from 0 reaches: below 0, or behind a gap after the last entry read (an
    // entry at n itself was appended after the read; the state check below decides that).
    const out = this.store.entryOutside ? await this.store.entryOutside(n) : undefined;
    if (out !== undefined && out !== n) {
      if (out < 0) fail('entry', out, `entry ${out}: stored at a negative index (inserted row)`);
      fail('entry', n, `entry ${n}: missing (next stored entry is ${out}; deleted entry)`);
    }
    const [beyond] = await this.store.checkpoints(n, 1);
    if (beyond) fail('checkpoint', beyond.size, `checkpoint ${beyond.size} covers ${beyond.size} entries but the store holds ${n} (truncated tail)`);
    const w = this.#witnesses.find((x) => x.size > n);
    if (w) fail('witness', w.size, `witness checkpoint ${w.size} is beyond the store's ${n} entries (rolled back or truncated store)`);
    const state = await this.store.state();
    if (state.size !== n) fail('state', n, `sequencer state says ${state.size} entries but ${n} are stored`);
    if (!CompactRange.deserialize(state.size, state.frontier).root().equals(this.cr.root())) fail('state', n, 'sequencer state (compact range) does not match the entries');
    // A light client's view: the latest checkpoint must be provably consistent with every witness.
    const latest = this.latest;
    for (const x of this.#witnesses) {
      if (latest && x.size > 0 && x.size < latest.size) {
        const proof = await consistencyProof(storeSource(this.store), x.size, latest.size);
        if (!verifyConsistency(x.size, latest.size, proof, x.root, latest.root)) fail('witness', x.size, `witness ${x.size}: no valid consistency proof to checkpoint ${latest.size}`);
      }
    }
  }

  result(started: number, failure?: VerifyFailure, workers = 0): VerifyResult {
    return {
      ok: !failure,
      entries: this.cr.size,
      checkpoints: this.checkpoints,
      pruned: this.pruned,
      root: this.cr.root().toString('base64'),
      ...(this.latest ? { latestCheckpoint: this.latest.size } : {}),
      unsignedTail: this.cr.size - (this.latest?.size ?? 0),
      ...(failure ? { failure } : {}),
      ms: performance.now() - started,
      workers,
    };
  }
}

/** Verifies on the calling thread. */
export async function verifyStore(store: AuditStore, opts: VerifyOptions): Promise<VerifyResult> {
  const started = performance.now();
  let m: Merger | undefined;
  try {
    m = new Merger(store, opts);
    await m.begin();
    for (let start = 0; ; start += m.chunk) {
      const sizes = await m.plan(start);
      if (!(await m.accept(await checkChunk(store, start, sizes, m.chunkHeight, opts.batchSize)))) break;
    }
    await m.finish();
    return m.result(started);
  } catch (err) {
    if (!(err instanceof Failed)) throw err;
    return m ? m.result(started, err.failure) : failedEarly(started, err.failure);
  }
}

function failedEarly(started: number, failure: VerifyFailure): VerifyResult {
  return { ok: false, entries: 0, checkpoints: 0, pruned: 0, root: EMPTY_ROOT.toString('base64'), unsignedTail: 0, failure, ms: performance.now() - started };
}
