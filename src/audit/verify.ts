/**
 * Full verification of a stored log, streaming in batches with constant memory:
 *   - entries are contiguous from 0 (a deleted entry is a gap);
 *   - each leaf starts with its own index and timestamp (swapped / moved entries) and hashes to the
 *     stored leaf hash (an edited byte);
 *   - stored tiles equal the recomputed subtrees;
 *   - every stored checkpoint is signed by a trusted key, names the origin, and its root equals the
 *     tree recomputed from the leaves at its size (edited history, forks); none is beyond the end
 *     (truncated tail); the state row agrees with the leaves;
 *   - the witness checkpoint kept outside the store is covered (rolled-back store, replaced history).
 */
import { openCheckpoint, type Checkpoint } from './checkpoint.js';
import { CompactRange, consistencyProof, leafHash, verifyConsistency, type Hash } from './merkle.js';
import type { NoteVerifier } from './note.js';
import { leafPrefix } from './record.js';
import { storeSource, TILE_HEIGHT } from './source.js';
import type { AuditStore, CheckpointRow } from './stores/types.js';

export interface VerifyOptions {
  readonly verifiers: readonly NoteVerifier[];
  readonly origin?: string;
  /** Signed checkpoint notes trusted from outside the store (witness file, receipts). */
  readonly witnesses?: readonly string[];
  readonly batchSize?: number;
  readonly onProgress?: (verified: number) => void;
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
}

class Failed extends Error {
  constructor(readonly failure: VerifyFailure) {
    super(failure.message);
  }
}

const fail = (kind: VerifyFailure['kind'], at: number, message: string): never => {
  throw new Failed({ kind, at, message });
};

export async function verifyStore(store: AuditStore, opts: VerifyOptions): Promise<VerifyResult> {
  const started = performance.now();
  const batch = Math.ceil(Math.max(256, opts.batchSize ?? 16_384) / 256) * 256;
  const cr = new CompactRange();
  let checkpoints = 0;
  let pruned = 0;
  let latest: Checkpoint | undefined;
  let cpQueue: CheckpointRow[] = [];
  let cpAfter = 0;
  let cpDone = false;
  const witnesses: Checkpoint[] = [];
  for (const [i, note] of (opts.witnesses ?? []).entries()) {
    const w = openCheckpoint(note, opts.verifiers, opts.origin);
    if (!w) return done(fail2('witness', i, 'witness checkpoint is not validly signed by the trusted key'));
    witnesses.push(w);
  }
  witnesses.sort((a, b) => a.size - b.size);
  function fail2(kind: VerifyFailure['kind'], at: number, message: string): VerifyFailure {
    return { kind, at, message };
  }
  function done(failure?: VerifyFailure): VerifyResult {
    return {
      ok: !failure,
      entries: cr.size,
      checkpoints,
      pruned,
      root: cr.root().toString('base64'),
      ...(latest ? { latestCheckpoint: latest.size } : {}),
      unsignedTail: cr.size - (latest?.size ?? 0),
      ...(failure ? { failure } : {}),
      ms: performance.now() - started,
    };
  }

  const nextCheckpoint = async (): Promise<CheckpointRow | undefined> => {
    if (cpQueue.length === 0 && !cpDone) {
      cpQueue = await store.checkpoints(cpAfter, 1024);
      if (cpQueue.length === 0) cpDone = true;
    }
    return cpQueue[0];
  };

  // Checks every checkpoint and witness whose size equals the current tree size.
  const atSize = async (size: number): Promise<void> => {
    let cp = await nextCheckpoint();
    while (cp && cp.size <= size) {
      cpQueue.shift();
      cpAfter = cp.size;
      if (cp.size < size) fail('checkpoint', cp.size, `checkpoint ${cp.size}: size does not match any tree size seen`);
      const opened = openCheckpoint(cp.note, opts.verifiers, opts.origin);
      if (!opened) fail('checkpoint', cp.size, `checkpoint ${cp.size}: signature, origin or format is invalid`);
      if (opened!.size !== cp.size) fail('checkpoint', cp.size, `checkpoint ${cp.size}: signed size ${opened!.size} differs from its row`);
      if (!opened!.root.equals(cr.root())) {
        fail('checkpoint', cp.size, `checkpoint ${cp.size}: signed root does not match the entries (edited history or fork)`);
      }
      latest = opened;
      checkpoints++;
      cp = await nextCheckpoint();
    }
    while (witnesses[0] && witnesses[0].size === size) {
      const w = witnesses.shift() as Checkpoint;
      if (!w.root.equals(cr.root())) fail('witness', w.size, `witness checkpoint ${w.size}: root does not match the entries (history replaced)`);
    }
  };

  try {
    await atSize(0);
    const tileBuf = new Map<string, Hash>();
    for (let start = 0; ; start += batch) {
      const rows = await store.entries(start, batch);
      if (rows.length === 0) break;
      // Stored tiles for this batch (level 8); higher levels are fetched when completed.
      const t8 = await store.tiles(TILE_HEIGHT, Math.floor(start / 256), Math.ceil((start + batch) / 256));
      tileBuf.clear();
      for (const t of t8) tileBuf.set(`${t.level}:${t.idx}`, t.hash);
      const pendingHigh: Array<{ level: number; idx: number; hash: Hash }> = [];
      for (const e of rows) {
        const i = cr.size;
        if (e.idx !== i) fail('entry', i, `entry ${i}: missing (next stored entry is ${e.idx}; deleted entry)`);
        if (e.leafHash.length !== 32) fail('entry', i, `entry ${i}: leaf hash is malformed`);
        if (e.leaf) {
          const pre = leafPrefix(e.leaf);
          if (!pre) fail('entry', i, `entry ${i}: record is not a canonical audit leaf`);
          if (pre!.seq !== i) fail('entry', i, `entry ${i}: record carries index ${pre!.seq} (swapped or moved entry)`);
          if (pre!.ts !== e.ts) fail('entry', i, `entry ${i}: timestamp column differs from the record`);
          if (!leafHash(e.leaf).equals(e.leafHash)) fail('entry', i, `entry ${i}: record bytes do not match the leaf hash (edited)`);
        } else {
          pruned++;
        }
        cr.append(e.leafHash, (height, idx, hash) => {
          if (height === TILE_HEIGHT) {
            const stored = tileBuf.get(`${height}:${idx}`);
            if (!stored || !stored.equals(hash)) fail('tile', idx, `tile ${height}/${idx}: missing or does not match entries ${idx * 256}..${idx * 256 + 255}`);
          } else if (height % TILE_HEIGHT === 0) {
            pendingHigh.push({ level: height, idx, hash });
          }
        });
        // Checkpoints land on arbitrary sizes; check them as the tree passes them.
        if (cpQueue[0]?.size === cr.size || witnesses[0]?.size === cr.size || (cpQueue.length === 0 && !cpDone)) await atSize(cr.size);
      }
      for (const t of pendingHigh) {
        const stored = await store.tiles(t.level, t.idx, t.idx + 1);
        if (!stored[0] || !stored[0].hash.equals(t.hash)) fail('tile', t.idx, `tile ${t.level}/${t.idx}: missing or does not match the entries`);
      }
      opts.onProgress?.(cr.size);
      if (rows.length < batch) break;
    }
    const cp = await nextCheckpoint();
    if (cp) fail('checkpoint', cp.size, `checkpoint ${cp.size} covers ${cp.size} entries but the store holds ${cr.size} (truncated tail)`);
    if (witnesses[0]) {
      const w = witnesses[0];
      fail('witness', w.size, `witness checkpoint ${w.size} is beyond the store's ${cr.size} entries (rolled back or truncated store)`);
    }
    const state = await store.state();
    if (state.size !== cr.size) fail('state', cr.size, `sequencer state says ${state.size} entries but ${cr.size} are stored`);
    if (!CompactRange.deserialize(state.size, state.frontier).root().equals(cr.root())) fail('state', cr.size, 'sequencer state (compact range) does not match the entries');
    // A light client's view: the latest checkpoint must be provably consistent with every witness.
    for (const note of opts.witnesses ?? []) {
      const w = openCheckpoint(note, opts.verifiers, opts.origin) as Checkpoint;
      if (latest && w.size > 0 && w.size < latest.size) {
        const proof = await consistencyProof(storeSource(store), w.size, latest.size);
        if (!verifyConsistency(w.size, latest.size, proof, w.root, latest.root)) fail('witness', w.size, `witness ${w.size}: no valid consistency proof to checkpoint ${latest.size}`);
      }
    }
    return done();
  } catch (err) {
    if (err instanceof Failed) return done(err.failure);
    throw err;
  }
}
