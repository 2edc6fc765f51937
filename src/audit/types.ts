/**
 * The audit log's shared data shapes and constants: the rows every store keeps, the sequencer's
 * durable state, and a sequencer batch in and out. Both the sequencer (`sequencer.ts`) and the store
 * contract (`stores/types.ts`) import this file; it imports neither, so there is no circle.
 */
import type { Hash } from './merkle.js';

/** Tiles are perfect subtrees of 2^TILE_HEIGHT (256) leaves, stored at levels 8, 16, 24, ... */
export const TILE_HEIGHT = 8;

export interface StoredEntry {
  readonly idx: number;
  readonly ts: number;
  /** Canonical leaf bytes; null once pruned (the leaf hash stays). */
  readonly leaf: Buffer | null;
  readonly leafHash: Buffer;
}

export interface TileRow {
  readonly level: number;
  readonly idx: number;
  readonly hash: Buffer;
}

export interface CheckpointRow {
  readonly size: number;
  readonly ts: number;
  readonly note: string;
}

export interface DetailRow {
  readonly idx: number;
  readonly period: string;
  /** Per-record data key (wrapped), or null when the period key applies. */
  readonly wrappedKey: Buffer | null;
  readonly blob: Buffer;
}

/** The sequencer's durable state: tree size, compact range (right edge), last checkpoint. */
export interface SequencerState {
  readonly size: number;
  readonly frontier: Buffer;
  readonly cpSize: number;
  readonly cpTs: number;
}

export const EMPTY_STATE: SequencerState = Object.freeze({ size: 0, frontier: Buffer.alloc(0), cpSize: 0, cpTs: 0 });

/** What one sequencer step commits, in one durable transaction. */
export interface SequencedWrite {
  readonly entries: readonly StoredEntry[];
  readonly tiles: readonly TileRow[];
  readonly details: readonly DetailRow[];
  readonly state: SequencerState;
  readonly checkpoint?: CheckpointRow;
}

export interface BatchItem {
  readonly ts: number;
  /** The serialized body (`serializeBody`); the writer thread passes its UTF-8 bytes instead. */
  readonly bodyJson?: string;
  readonly bodyUtf8?: Uint8Array;
  readonly detail?: Omit<DetailRow, 'idx'>;
  /**
   * A detail blob still to encrypt (stores with `sealsDetail`, i.e. the SQLite writer thread): the
   * period's data key, the canonical JSON of the detail, and where in the body (UTF-8 byte offset)
   * the 64 '0' placeholder of `what.detail.digest` stands. The store encrypts the blob, writes its
   * SHA-256 there and stores it as `detail`, before the leaf is built: the leaf is byte for byte
   * the one an encryption on the calling thread gives.
   */
  readonly seal?: DetailSeal;
}

export interface DetailSeal {
  readonly period: string;
  readonly key: Uint8Array;
  readonly plain: string | Uint8Array;
  readonly digestAt: number;
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
