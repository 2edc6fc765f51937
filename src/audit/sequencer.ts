/**
 * The sequencer step, pure: given the durable state (tree size, compact range, last checkpoint) and
 * a batch of serialized bodies, assign indices, build the leaves and their hashes, extend the compact
 * range, collect completed 256^k-leaf tiles, and sign a checkpoint when one is due. Every store runs
 * it inside its exclusive transaction (in-thread, in the SQLite writer thread, or under PostgreSQL's
 * row lock), so the order of leaves is the order of commits.
 */
import { signCheckpoint } from './checkpoint.js';
import { CompactRange, prefixedLeafHash, type Hash } from './merkle.js';
import type { NoteSigner } from './note.js';
import { TILE_HEIGHT, type BatchInput, type BatchItem, type BatchResult, type DetailRow, type SequencedWrite, type SequencerState, type StoredEntry, type TileRow } from './types.js';

/** 0x00 || `{"seq":<idx>,` || the body after its `{` (the body starts `{"ts":`, see serializeBody). */
function prefixedLeaf(idx: number, p: BatchItem): Buffer {
  const head = `{"seq":${idx},`;
  const body = p.bodyUtf8 ?? Buffer.from(p.bodyJson ?? '', 'utf8');
  if (body[0] !== 0x7b) throw new Error('audit body must be a JSON object');
  const buf = Buffer.allocUnsafe(1 + head.length + body.length - 1);
  buf[0] = 0;
  buf.write(head, 1, 'latin1');
  buf.set(body.subarray(1), 1 + head.length);
  return buf;
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
    // 0x00 || leaf in one buffer: the leaf hash input, and the leaf as a view of it.
    const prefixed = prefixedLeaf(idx, p);
    const h = prefixedLeafHash(prefixed);
    const leaf = prefixed.subarray(1);
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
