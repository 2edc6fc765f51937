/**
 * The storage contract every audit store (memory, SQLite, PostgreSQL) implements. The rows and the
 * sequencer state it reads and writes are declared in `../types.ts`.
 */
import type { NoteSigner } from '../note.js';
import type { BatchInput, BatchResult, CheckpointRow, DetailRow, SequencedWrite, SequencerState, StoredEntry, TileRow } from '../types.js';

/**
 * A run of entries read in one query, ascending by idx: no per-row objects. `idx`, `ts` and
 * `lengths` are the idx column, the ts column and the byte length of each leaf (-1 when pruned), in
 * decimal, comma-separated; `hashes` is the leaf_hash column concatenated; `leaves` holds, for each
 * non-pruned entry in order, the byte 0x00 followed by the leaf (the RFC 9162 leaf-hash input,
 * hashed in place). `odd` counts the rows the block cannot stand for faithfully (a column not of its
 * stored type, a leaf hash that is not 32 bytes): the verifier re-checks such a block row by row.
 */
export interface EntryBlock {
  readonly count: number;
  readonly idx: string | null;
  readonly ts: string | null;
  readonly lengths: string | null;
  readonly hashes: Buffer | null;
  readonly leaves: Buffer | null;
  readonly odd: number;
}

export interface PruneResult {
  readonly leaves: number;
  readonly details: number;
  readonly keys: number;
}

export interface AuditStore {
  readonly kind: 'memory' | 'sqlite' | 'postgres';
  /** The store URL without credentials. */
  readonly displayUrl: string;
  init(): Promise<void>;
  /**
   * Runs `build` with exclusive access to the sequencer state (across processes), then commits what
   * it returns in one durable transaction. Resolves only after the commit.
   */
  sequence<T>(build: (state: SequencerState) => { write: SequencedWrite; result: T }): Promise<T>;
  /** Optional fast path (the SQLite writer thread): runs the sequencer step itself. */
  appendBatch?(input: BatchInput, signer: NoteSigner): Promise<BatchResult>;
  /** appendBatch encrypts the detail blobs of items carrying `seal` (off the event loop). */
  readonly sealsDetail?: boolean;
  state(): Promise<SequencerState>;
  /** Entries with idx in [start, start+limit), ascending. */
  entries(start: number, limit: number): Promise<StoredEntry[]>;
  /**
   * Optional fast path for verification: the entries with idx in [start, start+limit) as one block
   * (see EntryBlock), or undefined when the store cannot produce one. The verifier re-checks a block
   * it finds inconsistent, or that fails, row by row with `entries`.
   */
  entryBlock?(start: number, limit: number): Promise<EntryBlock | undefined>;
  /**
   * For verification: the lowest idx stored below 0, else the lowest idx >= size, else undefined
   * (rows that no contiguous read from 0 reaches).
   */
  entryOutside?(size: number): Promise<number | undefined>;
  /** Entries whose ts is in [since, until), idx > afterIdx, ascending by idx (afterIdx -1 starts a new scan). */
  entriesByTime(since: number, until: number, afterIdx: number, limit: number): Promise<StoredEntry[]>;
  leafHashes(start: number, end: number): Promise<Buffer[]>;
  tiles(level: number, start: number, end: number): Promise<TileRow[]>;
  /** Checkpoints with size > afterSize, ascending, at most limit. */
  checkpoints(afterSize: number, limit: number): Promise<CheckpointRow[]>;
  latestCheckpoint(): Promise<CheckpointRow | undefined>;
  /** Stores `wrapped` for `period` unless one exists; returns the stored one. */
  periodKey(period: string, wrapped: Buffer): Promise<Buffer>;
  getPeriodKey(period: string): Promise<Buffer | undefined>;
  periodKeyNames(): Promise<string[]>;
  detail(idx: number): Promise<DetailRow | undefined>;
  /** Drops leaf bodies and detail blobs with ts < before, and the named period keys. Leaf hashes stay. */
  prune(before: number, periods: readonly string[]): Promise<PruneResult>;
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;
  close(): Promise<void>;
}
