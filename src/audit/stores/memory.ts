/** In-memory audit store for unit tests of other stages. Not durable. */
import { EMPTY_STATE, type CheckpointRow, type DetailRow, type SequencedWrite, type SequencerState, type StoredEntry, type TileRow } from '../types.js';
import type { AuditStore, PruneResult } from './types.js';

export class MemoryStore implements AuditStore {
  readonly kind = 'memory' as const;
  /** `memory:`, or `ndjson:FILE` for a loaded export. */
  readonly displayUrl: string;
  #state: SequencerState = EMPTY_STATE;
  readonly #entries: StoredEntry[] = [];
  readonly #tiles = new Map<string, TileRow>();
  readonly #checkpoints: CheckpointRow[] = [];
  readonly #details = new Map<number, DetailRow>();
  readonly #keys = new Map<string, Buffer>();
  readonly #meta = new Map<string, string>();
  #chain: Promise<unknown> = Promise.resolve();
  /** Test hook: make the next appends fail. */
  failAppends = false;

  constructor(displayUrl = 'memory:') {
    this.displayUrl = displayUrl;
  }

  async init(): Promise<void> {}

  sequence<T>(build: (state: SequencerState) => { write: SequencedWrite; result: T }): Promise<T> {
    const run = this.#chain.then(async () => {
      if (this.failAppends) throw new Error('memory store: append failure (test)');
      const { write, result } = build(this.#state);
      for (const e of write.entries) this.#entries[e.idx] = e;
      for (const t of write.tiles) this.#tiles.set(`${t.level}:${t.idx}`, t);
      for (const d of write.details) this.#details.set(d.idx, d);
      if (write.checkpoint) this.#checkpoints.push(write.checkpoint);
      this.#state = write.state;
      return result;
    });
    this.#chain = run.catch(() => undefined);
    return run;
  }

  async state(): Promise<SequencerState> {
    return this.#state;
  }

  async entries(start: number, limit: number): Promise<StoredEntry[]> {
    return this.#entries.slice(start, start + limit).filter(Boolean);
  }

  async entryOutside(size: number): Promise<number | undefined> {
    for (let i = size; i < this.#entries.length; i++) if (this.#entries[i]) return i;
    return undefined;
  }

  async entriesByTime(since: number, until: number, afterIdx: number, limit: number): Promise<StoredEntry[]> {
    const out: StoredEntry[] = [];
    for (let i = Math.max(0, afterIdx + 1); i < this.#entries.length && out.length < limit; i++) {
      const e = this.#entries[i];
      if (e && e.ts >= since && e.ts < until) out.push(e);
    }
    return out;
  }

  async leafHashes(start: number, end: number): Promise<Buffer[]> {
    return this.#entries.slice(start, end).filter(Boolean).map((e) => e.leafHash);
  }

  async tiles(level: number, start: number, end: number): Promise<TileRow[]> {
    const out: TileRow[] = [];
    for (let i = start; i < end; i++) {
      const t = this.#tiles.get(`${level}:${i}`);
      if (t) out.push(t);
    }
    return out;
  }

  async checkpoints(afterSize: number, limit: number): Promise<CheckpointRow[]> {
    return this.#checkpoints.filter((c) => c.size > afterSize).sort((a, b) => a.size - b.size).slice(0, limit);
  }

  async latestCheckpoint(): Promise<CheckpointRow | undefined> {
    return this.#checkpoints.reduce<CheckpointRow | undefined>((m, c) => (!m || c.size > m.size ? c : m), undefined);
  }

  async periodKey(period: string, wrapped: Buffer): Promise<Buffer> {
    if (!this.#keys.has(period)) this.#keys.set(period, wrapped);
    return this.#keys.get(period) as Buffer;
  }

  async getPeriodKey(period: string): Promise<Buffer | undefined> {
    return this.#keys.get(period);
  }

  async periodKeyNames(): Promise<string[]> {
    return [...this.#keys.keys()].sort();
  }

  async detail(idx: number): Promise<DetailRow | undefined> {
    return this.#details.get(idx);
  }

  async prune(before: number, periods: readonly string[]): Promise<PruneResult> {
    let leaves = 0;
    let details = 0;
    for (const [i, e] of this.#entries.entries()) {
      if (e && e.ts < before) {
        if (e.leaf) leaves++;
        this.#entries[i] = { ...e, leaf: null };
        if (this.#details.delete(i)) details++;
      }
    }
    let keys = 0;
    for (const p of periods) if (this.#keys.delete(p)) keys++;
    return { leaves, details, keys };
  }

  async getMeta(key: string): Promise<string | undefined> {
    return this.#meta.get(key);
  }

  async setMeta(key: string, value: string): Promise<void> {
    this.#meta.set(key, value);
  }

  async close(): Promise<void> {}
}
