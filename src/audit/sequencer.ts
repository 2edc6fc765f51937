/**
 * The sequencer step, pure: given the durable state (tree size, compact range, last checkpoint) and
 * a batch of serialized bodies, assign indices, build the leaves and their hashes, extend the compact
 * range, collect completed 256^k-leaf tiles, and sign a checkpoint when one is due. Every store runs
 * it inside its exclusive transaction (in-thread, in the SQLite writer thread, or under PostgreSQL's
 * row lock), so the order of leaves is the order of commits.
 */
import { signCheckpoint } from './checkpoint.js';
import { CompactRange, leafHash, type Hash } from './merkle.js';
import type { NoteSigner } from './note.js';
import { leafBytes } from './record.js';
import { TILE_HEIGHT } from './source.js';
import type { DetailRow, SequencedWrite, SequencerState, StoredEntry, TileRow } from './stores/types.js';

export interface BatchItem {
  readonly ts: number;
  readonly bodyJson: string;
  readonly detail?: Omit<DetailRow, 'idx'>;
}

export interface BatchInput {
  readonly items: readonly BatchItem[];
  /** Sign a checkpoint even if neither the size nor the time threshold was reached. */
  readonly force: boolean;
  readonly now: number;
  readonly every: number;
  readonly intervalMs: number;
  readonly origin: string;
}

export interface BatchResult {
  readonly first: number;
  readonly size: number;
  readonly root: Hash;
  readonly checkpoint?: { readonly size: number; readonly note: string };
}

export function buildBatch(state: SequencerState, input: BatchInput, signer: NoteSigner): { write: SequencedWrite; result: BatchResult } {
  const cr = CompactRange.deserialize(state.size, state.frontier);
  const first = cr.size;
  const entries: StoredEntry[] = [];
  const tiles: TileRow[] = [];
  const details: DetailRow[] = [];
  const onSubtree = (height: number, idx: number, hash: Hash) => {
    if (height % TILE_HEIGHT === 0) tiles.push({ level: height, idx, hash });
  };
  for (const p of input.items) {
    const idx = cr.size;
    const leaf = leafBytes(idx, p.bodyJson);
    const h = leafHash(leaf);
    cr.append(h, onSubtree);
    entries.push({ idx, ts: p.ts, leaf, leafHash: h });
    if (p.detail) details.push({ idx, ...p.detail });
  }
  const root = cr.root();
  const now = input.now;
  const due = cr.size > state.cpSize && (input.force || cr.size - state.cpSize >= input.every || (input.intervalMs > 0 && now - state.cpTs >= input.intervalMs));
  const checkpoint = due ? { size: cr.size, ts: now, note: signCheckpoint(signer, input.origin, cr.size, root).note } : undefined;
  return {
    write: {
      entries,
      tiles,
      details,
      state: { size: cr.size, frontier: cr.serialize(), cpSize: checkpoint ? cr.size : state.cpSize, cpTs: checkpoint ? now : state.cpTs },
      ...(checkpoint ? { checkpoint } : {}),
    },
    result: { first, size: cr.size, root, ...(checkpoint ? { checkpoint: { size: checkpoint.size, note: checkpoint.note } } : {}) },
  };
}
