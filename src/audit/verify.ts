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
 * The log is checked in aligned chunks of 2^16 entries (`checkChunk`, verify-chunk.ts), in order here or spread over
 * worker threads (verify-parallel.ts); `Merger` joins the chunks' compact ranges and checks the
 * checkpoints and witnesses that fall inside them.
 */
import { openCheckpoint, type Checkpoint } from './checkpoint.js';
import { CompactRange, consistencyProof, EMPTY_ROOT, foldRoot, verifyConsistency, type Hash } from './merkle.js';
import type { NoteVerifier } from './note.js';
import { storeSource } from './source.js';
import type { AuditStore } from './stores/types.js';
import { TILE_HEIGHT, type CheckpointRow } from './types.js';
import { CHUNK_HEIGHT, checkChunk, fail, Failed, type ChunkResult, type VerifyFailure } from './verify-chunk.js';

export { CHUNK, CHUNK_HEIGHT, checkChunk, Failed, type ChunkResult, type VerifyFailure } from './verify-chunk.js';

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
