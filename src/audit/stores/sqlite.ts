/**
 * Embedded SQLite audit store (better-sqlite3): WAL, synchronous=FULL (a commit is durable; NORMAL
 * with `durability: 'process'`), one
 * `BEGIN IMMEDIATE` transaction per sequenced batch, so several processes may share one file.
 * Triggers make entries append-only (only the leaf body may be cleared, by prune).
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { NoteSigner } from '../note.js';
import { EMPTY_STATE, type BatchInput, type BatchResult, type CheckpointRow, type DetailRow, type SequencedWrite, type SequencerState, type StoredEntry, type TileRow } from '../types.js';
import { packBatch } from './batch-codec.js';
import type { AuditStore, EntryBlock, PruneResult } from './types.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS audit_entries(idx INTEGER PRIMARY KEY, ts INTEGER NOT NULL, leaf BLOB, leaf_hash BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS audit_entries_ts ON audit_entries(ts);
CREATE TABLE IF NOT EXISTS audit_tiles(level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL, PRIMARY KEY(level, idx)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS audit_checkpoints(size INTEGER PRIMARY KEY, ts INTEGER NOT NULL, note TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS audit_details(idx INTEGER PRIMARY KEY, period TEXT NOT NULL, wrapped_key BLOB, blob BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS audit_detail_keys(period TEXT PRIMARY KEY, wrapped BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS audit_state(id INTEGER PRIMARY KEY CHECK (id = 1), size INTEGER NOT NULL, frontier BLOB NOT NULL, cp_size INTEGER NOT NULL, cp_ts INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS audit_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TRIGGER IF NOT EXISTS audit_entries_no_delete BEFORE DELETE ON audit_entries BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_entries_prune_only BEFORE UPDATE ON audit_entries
  WHEN NEW.idx IS NOT OLD.idx OR NEW.ts IS NOT OLD.ts OR NEW.leaf_hash IS NOT OLD.leaf_hash OR NEW.leaf IS NOT NULL
  BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
`;

type Row = [number, number, Buffer | null, Buffer];
/** Rows per multi-row INSERT in a sequenced batch. */
const ROWS = 16;

/** Structured clone turns Buffers into Uint8Arrays. */
function fromWorker(r: unknown): BatchResult {
  const x = r as { first: number; size: number; root: Uint8Array; checkpoint?: { size: number; note: string } };
  return { first: x.first, size: x.size, root: Buffer.from(x.root.buffer, x.root.byteOffset, x.root.length), ...(x.checkpoint ? { checkpoint: x.checkpoint } : {}) };
}
const toEntry = (r: Row): StoredEntry => ({ idx: r[0], ts: r[1], leaf: r[2], leafHash: r[3] });

/** Rows go in ROWS at a time (one statement run instead of ROWS), the rest one by one. */
function insertRows<R>(rows: readonly R[], many: Database.Statement, one: Database.Statement, args: (row: R, out: unknown[]) => void): void {
  let i = 0;
  for (; i + ROWS <= rows.length; i += ROWS) {
    const a: unknown[] = [];
    for (let j = i; j < i + ROWS; j++) args(rows[j] as R, a);
    many.run(a);
  }
  for (; i < rows.length; i++) {
    const a: unknown[] = [];
    args(rows[i] as R, a);
    one.run(a);
  }
}

const WORKER_URL = new URL('./sqlite-worker.js', import.meta.url);
const signerKeys = new WeakMap<NoteSigner, string>();

export interface SqliteStoreOptions {
  /**
   * `thread` (default when the compiled worker exists): appends run in a writer thread, off the event
   * loop. `inline`: appends run on the calling thread (tests running the TypeScript sources).
   */
  readonly writer?: 'thread' | 'inline';
  /** Open for reading only (verification, query, export): no schema changes, no writer thread. */
  readonly readOnly?: boolean;
  /** Operational events (codes only): e.g. `audit_store_reopen` after a storage fault. */
  readonly onEvent?: (e: { readonly event: string; readonly detail: string }) => void;
  /**
   * `durable` (default): synchronous=FULL, every commit is fsynced before append resolves.
   * `process`: synchronous=NORMAL (WAL): a commit is atomic and in the OS when append resolves; it
   * survives a crash of the process, not a power loss or OS crash (docs/audit.md, Durability).
   */
  readonly durability?: 'durable' | 'process';
}

const STORAGE_FAULT = /^SQLITE_(READONLY|IOERR|FULL|CANTOPEN|NOTADB)/;
/** Errors a fresh connection may cure once the filesystem recovers. */
export const isStorageFault = (code: unknown): boolean => typeof code === 'string' && STORAGE_FAULT.test(code);

export class SqliteStore implements AuditStore {
  readonly kind = 'sqlite' as const;
  readonly displayUrl: string;
  readonly path: string;
  readonly writerMode: 'thread' | 'inline';
  readonly readOnly: boolean;
  #db!: Database.Database;
  #st!: Record<string, Database.Statement>;
  #worker: Worker | undefined;
  #starting: Promise<void> | undefined;
  #closing = false;
  /** The last query window's index range (a query pages through one window). */
  #window: { key: string; lo: number | null; hi: number | null } | undefined;
  #nextId = 1;
  #utf8: boolean | undefined;
  /** Storage faults in a row, and the time before which no new connection is opened. */
  #faults = 0;
  #reopenAfter = 0;
  readonly #onEvent: SqliteStoreOptions['onEvent'];
  readonly durability: 'durable' | 'process';
  /** Commits awaiting a reply, per writer thread: a thread that dies fails only its own. */
  readonly #waiting = new WeakMap<Worker, Map<number, { resolve(v: unknown): void; reject(e: Error): void }>>();
  /** The signing key and origin each writer thread last received (sent again after any error). */
  readonly #signing = new WeakMap<Worker, { skey: string; origin: string }>();

  constructor(path: string, opts: SqliteStoreOptions = {}) {
    this.path = path;
    this.displayUrl = `sqlite:${path}`;
    this.readOnly = opts.readOnly === true;
    this.#onEvent = opts.onEvent;
    this.durability = opts.durability === 'process' ? 'process' : 'durable';
    this.writerMode = this.readOnly ? 'inline' : opts.writer ?? (WORKER_URL.protocol === 'file:' && existsSync(fileURLToPath(WORKER_URL)) && path !== ':memory:' ? 'thread' : 'inline');
  }

  /** Present only in writer-thread mode (see AuditStore.appendBatch). */
  get appendBatch(): ((input: BatchInput, signer: NoteSigner) => Promise<BatchResult>) | undefined {
    if (this.writerMode !== 'thread') return undefined;
    return (input, signer) => {
      let skey = signerKeys.get(signer);
      if (!skey) signerKeys.set(signer, (skey = signer.privateKey()));
      // The message is the id and one transferred buffer; the signing key and origin go only when
      // they differ from what this writer thread last received (see #post).
      const packed = packBatch(input);
      return this.#post({ packed }, [packed], { skey, origin: input.origin }).then(fromWorker);
    };
  }

  /** The writer thread encrypts detail blobs (BatchItem.seal): the event loop does not. */
  get sealsDetail(): boolean {
    return this.writerMode === 'thread';
  }

  /**
   * A storage fault (read-only, full or failing filesystem) may leave a connection unusable after
   * the filesystem recovers: the writer thread that saw it is retired, and the next batch opens a
   * fresh connection, not before a backoff (100 ms doubling to 5 s while faults continue).
   */
  #retire(w: Worker, code: string): void {
    if (this.#worker !== w) return;
    this.#worker = undefined;
    this.#faults++;
    this.#reopenAfter = Date.now() + Math.min(5_000, 100 * 2 ** Math.min(this.#faults - 1, 6));
    this.#onEvent?.({ event: 'audit_store_reopen', detail: `${code}: reopening the SQLite store after a storage fault (attempt ${this.#faults})` });
    void w.terminate();
  }

  async #post(msg: Record<string, unknown>, transfer: ArrayBuffer[] = [], signing?: { skey: string; origin: string }): Promise<unknown> {
    if (!this.#worker && !msg.close && Date.now() < this.#reopenAfter) throw Object.assign(new Error('audit store: reopening after a storage fault'), { code: 'SQLITE_REOPEN_BACKOFF' });
    // A writer thread that died (its in-flight batch failed closed) is restarted for the next batch.
    if (!this.#worker && !this.#closing && !msg.close) {
      await (this.#starting ??= this.#startWorker()
        .catch((err: unknown) => {
          // The filesystem is still unwritable: back off before the next attempt.
          this.#faults++;
          this.#reopenAfter = Date.now() + Math.min(5_000, 100 * 2 ** Math.min(this.#faults - 1, 6));
          throw err;
        })
        .finally(() => (this.#starting = undefined)));
    }
    const w = this.#worker;
    if (!w) throw new Error('audit store: writer thread is not running');
    const id = this.#nextId++;
    const waiting = this.#waiting.get(w)!;
    let out: Record<string, unknown> = { id, ...msg };
    // A thread handles its messages in order, so a key it received holds for the ones after it.
    const sent = signing && this.#signing.get(w);
    if (signing && (sent?.skey !== signing.skey || sent.origin !== signing.origin)) out = { ...out, skey: signing.skey, origin: signing.origin };
    return new Promise((resolve, reject) => {
      // Keep the process alive while a commit is outstanding; idle, the writer thread does not.
      if (waiting.size === 0) w.ref();
      waiting.set(id, { resolve, reject });
      try {
        w.postMessage(out, transfer);
      } catch (err) {
        waiting.delete(id);
        if (waiting.size === 0) w.unref();
        throw err;
      }
      if (out.skey !== undefined) this.#signing.set(w, signing!);
    });
  }

  async #startWorker(): Promise<void> {
    const w = new Worker(WORKER_URL, { workerData: { path: this.path, durability: this.durability } });
    await new Promise<void>((resolve, reject) => {
      const onMsg = (m: { ready?: boolean }) => {
        if (m.ready) {
          w.off('error', reject);
          resolve();
        }
      };
      w.once('message', onMsg);
      w.once('error', reject);
    });
    const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
    this.#waiting.set(w, waiting);
    w.on('message', (m: { id?: number; result?: unknown; error?: string; code?: string }) => {
      const p = m.id !== undefined ? waiting.get(m.id) : undefined;
      if (!p) return;
      waiting.delete(m.id as number);
      if (waiting.size === 0) w.unref();
      if (m.error !== undefined) {
        this.#signing.delete(w);
        p.reject(Object.assign(new Error(m.error), m.code ? { code: m.code } : {}));
        if (isStorageFault(m.code)) this.#retire(w, m.code as string);
      } else {
        this.#faults = 0;
        p.resolve(m.result);
      }
    });
    const failAll = (err: Error) => {
      for (const p of waiting.values()) p.reject(err);
      waiting.clear();
      if (this.#worker === w) this.#worker = undefined;
    };
    w.on('error', failAll);
    w.on('exit', () => failAll(new Error('audit store: writer thread exited')));
    w.unref();
    this.#worker = w;
  }

  async init(): Promise<void> {
    if (this.readOnly && !existsSync(this.path)) throw new Error(`audit store not found: ${this.path}`);
    if (this.path !== ':memory:' && !this.readOnly) mkdirSync(dirname(this.path), { recursive: true });
    const db = new Database(this.path, this.readOnly ? { readonly: true, fileMustExist: true } : {});
    db.pragma('busy_timeout = 10000');
    // Verification and queries stream the whole file: map it instead of copying pages through reads.
    if (this.readOnly) db.pragma('mmap_size = 1073741824');
    if (!this.readOnly) {
      // Replicas opening a new file at the same moment: switching to WAL and creating the schema can
      // answer SQLITE_BUSY without waiting (SQLite does not run the busy handler where waiting could
      // deadlock), so retry for up to the busy timeout.
      for (let attempt = 0; ; attempt++) {
        try {
          db.pragma('journal_mode = WAL');
          db.pragma(this.durability === 'process' ? 'synchronous = NORMAL' : 'synchronous = FULL');
          db.exec(SCHEMA);
          break;
        } catch (err) {
          const code = (err as { code?: string }).code ?? '';
          if (!code.startsWith('SQLITE_BUSY') && !code.startsWith('SQLITE_LOCKED') || attempt >= 200) throw err;
          await new Promise((r) => setTimeout(r, 10 + Math.floor(Math.random() * 40)));
        }
      }
    }
    this.#db = db;
    if (this.writerMode === 'thread') await this.#startWorker();
    const p = (sql: string) => db.prepare(sql);
    this.#st = {
      state: p('SELECT size, frontier, cp_size, cp_ts FROM audit_state WHERE id = 1'),
      putState: p('INSERT INTO audit_state(id, size, frontier, cp_size, cp_ts) VALUES (1, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET size = excluded.size, frontier = excluded.frontier, cp_size = excluded.cp_size, cp_ts = excluded.cp_ts'),
      putEntry: p('INSERT INTO audit_entries(idx, ts, leaf, leaf_hash) VALUES (?, ?, ?, ?)'),
      putEntries: p(`INSERT INTO audit_entries(idx, ts, leaf, leaf_hash) VALUES ${Array(ROWS).fill('(?, ?, ?, ?)').join(', ')}`),
      putTile: p('INSERT OR REPLACE INTO audit_tiles(level, idx, hash) VALUES (?, ?, ?)'),
      putDetail: p('INSERT INTO audit_details(idx, period, wrapped_key, blob) VALUES (?, ?, ?, ?)'),
      putDetails: p(`INSERT INTO audit_details(idx, period, wrapped_key, blob) VALUES ${Array(ROWS).fill('(?, ?, ?, ?)').join(', ')}`),
      putCheckpoint: p('INSERT INTO audit_checkpoints(size, ts, note) VALUES (?, ?, ?)'),
      entries: p('SELECT idx, ts, leaf, leaf_hash FROM audit_entries WHERE idx >= ? AND idx < ? ORDER BY idx').raw(),
      // One row per block: group_concat copies the column bytes as they are (UTF-8 database). Rows
      // with a value of another type (TEXT leaf, BLOB ts, ...) or a hash that is not 32 bytes are
      // counted: the row-by-row check decides those. The type test uses SQLite's ordering of storage
      // classes (numbers < TEXT < BLOB, compared without conversion): \`x < 2^53\` holds only for a
      // number (a REAL then prints with '.' or 'e', which the integer parser rejects) and \`x >= x''\`
      // only for a BLOB; cheaper than typeof() on every column of every row.
      block: p(`SELECT count(*), group_concat(idx, ','), group_concat(ts, ','), group_concat(ifnull(octet_length(leaf), -1), ','),
                  CAST(group_concat(leaf_hash, '') AS BLOB), CAST(x'00' || group_concat(leaf, x'00') AS BLOB),
                  count(*) - count(CASE WHEN idx < 9007199254740992 AND ts < 9007199254740992 AND ts > -9007199254740992
                    AND leaf_hash >= x'' AND length(leaf_hash) = 32 AND (leaf IS NULL OR leaf >= x'') THEN 1 END)
                FROM (SELECT idx, ts, leaf, leaf_hash FROM audit_entries WHERE idx >= ? AND idx < ? ORDER BY idx)`).raw(),
      outside: p('SELECT ifnull((SELECT min(idx) FROM audit_entries WHERE idx < 0), (SELECT min(idx) FROM audit_entries WHERE idx >= ?))').pluck(),
      byTime: p('SELECT idx, ts, leaf, leaf_hash FROM audit_entries WHERE idx >= ? AND idx < ? AND ts >= ? AND ts < ? ORDER BY idx').raw(),
      timeRange: p('SELECT min(idx) AS lo, max(idx) AS hi FROM audit_entries WHERE ts >= ? AND ts < ?'),
      hashes: p('SELECT leaf_hash FROM audit_entries WHERE idx >= ? AND idx < ? ORDER BY idx').pluck(),
      tiles: p('SELECT level, idx, hash FROM audit_tiles WHERE level = ? AND idx >= ? AND idx < ? ORDER BY idx'),
      checkpoints: p('SELECT size, ts, note FROM audit_checkpoints WHERE size > ? ORDER BY size LIMIT ?'),
      latest: p('SELECT size, ts, note FROM audit_checkpoints ORDER BY size DESC LIMIT 1'),
      keyIns: p('INSERT OR IGNORE INTO audit_detail_keys(period, wrapped) VALUES (?, ?)'),
      keyGet: p('SELECT wrapped FROM audit_detail_keys WHERE period = ?').pluck(),
      keyNames: p('SELECT period FROM audit_detail_keys ORDER BY period').pluck(),
      keyDel: p('DELETE FROM audit_detail_keys WHERE period = ?'),
      detail: p('SELECT idx, period, wrapped_key AS wrappedKey, blob FROM audit_details WHERE idx = ?'),
      pruneLeaves: p('UPDATE audit_entries SET leaf = NULL WHERE ts < ? AND leaf IS NOT NULL'),
      pruneDetails: p('DELETE FROM audit_details WHERE idx IN (SELECT idx FROM audit_entries WHERE ts < ?)'),
      metaGet: p('SELECT value FROM audit_meta WHERE key = ?').pluck(),
      metaPut: p('INSERT INTO audit_meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
    };
  }

  #readState(): SequencerState {
    const r = this.#st.state!.get() as { size: number; frontier: Buffer; cp_size: number; cp_ts: number } | undefined;
    return r ? { size: r.size, frontier: r.frontier, cpSize: r.cp_size, cpTs: r.cp_ts } : EMPTY_STATE;
  }

  async sequence<T>(build: (state: SequencerState) => { write: SequencedWrite; result: T }): Promise<T> {
    return this.sequenceSync(build);
  }

  /** The sequencer transaction on this thread's connection. */
  sequenceSync<T>(build: (state: SequencerState) => { write: SequencedWrite; result: T }): T {
    const st = this.#st;
    const tx = this.#db.transaction(() => {
      const { write, result } = build(this.#readState());
      insertRows(write.entries, st.putEntries!, st.putEntry!, (e, a) => a.push(e.idx, e.ts, e.leaf, e.leafHash));
      for (const t of write.tiles) st.putTile!.run(t.level, t.idx, t.hash);
      insertRows(write.details, st.putDetails!, st.putDetail!, (d, a) => a.push(d.idx, d.period, d.wrappedKey, d.blob));
      if (write.checkpoint) st.putCheckpoint!.run(write.checkpoint.size, write.checkpoint.ts, write.checkpoint.note);
      st.putState!.run(write.state.size, write.state.frontier, write.state.cpSize, write.state.cpTs);
      return result;
    });
    return tx.immediate();
  }

  /** The `synchronous` pragma of this connection (2 = FULL, 1 = NORMAL): what a commit waits for. */
  synchronousLevel(): number {
    return Number(this.#db.pragma('synchronous', { simple: true }));
  }

  async state(): Promise<SequencerState> {
    return this.#readState();
  }

  async entries(start: number, limit: number): Promise<StoredEntry[]> {
    return (this.#st.entries!.all(start, start + limit) as Row[]).map(toEntry);
  }

  async entryBlock(start: number, limit: number): Promise<EntryBlock | undefined> {
    if (this.#utf8 === undefined) this.#utf8 = this.#db.pragma('encoding', { simple: true }) === 'UTF-8';
    if (!this.#utf8) return undefined;
    const r = this.#st.block!.get(start, start + limit) as [number, string | null, string | null, string | null, Buffer | null, Buffer | null, number];
    return { count: r[0], idx: r[1], ts: r[2], lengths: r[3], hashes: r[4], leaves: r[5], odd: r[6] };
  }

  async entryOutside(size: number): Promise<number | undefined> {
    return (this.#st.outside!.get(size) as number | null) ?? undefined;
  }

  /** Pages by index (never sorting the time index): the window's index range first, then idx ranges filtered by ts. */
  async entriesByTime(since: number, until: number, afterIdx: number, limit: number): Promise<StoredEntry[]> {
    const key = `${since}:${until}`;
    if (afterIdx < 0 || this.#window?.key !== key) this.#window = { key, ...(this.#st.timeRange!.get(since, until) as { lo: number | null; hi: number | null }) };
    const { lo, hi } = this.#window;
    if (lo === null || hi === null) return [];
    const out: StoredEntry[] = [];
    for (let from = Math.max(lo, afterIdx + 1); out.length < limit && from <= hi; from += 8192) {
      for (const r of this.#st.byTime!.all(from, Math.min(from + 8192, hi + 1), since, until) as Row[]) out.push(toEntry(r));
    }
    return out;
  }

  async leafHashes(start: number, end: number): Promise<Buffer[]> {
    return this.#st.hashes!.all(start, end) as Buffer[];
  }

  async tiles(level: number, start: number, end: number): Promise<TileRow[]> {
    return this.#st.tiles!.all(level, start, end) as TileRow[];
  }

  async checkpoints(afterSize: number, limit: number): Promise<CheckpointRow[]> {
    return this.#st.checkpoints!.all(afterSize, limit) as CheckpointRow[];
  }

  async latestCheckpoint(): Promise<CheckpointRow | undefined> {
    return this.#st.latest!.get() as CheckpointRow | undefined;
  }

  async periodKey(period: string, wrapped: Buffer): Promise<Buffer> {
    this.#st.keyIns!.run(period, wrapped);
    return this.#st.keyGet!.get(period) as Buffer;
  }

  async getPeriodKey(period: string): Promise<Buffer | undefined> {
    return this.#st.keyGet!.get(period) as Buffer | undefined;
  }

  async periodKeyNames(): Promise<string[]> {
    return this.#st.keyNames!.all() as string[];
  }

  async detail(idx: number): Promise<DetailRow | undefined> {
    return this.#st.detail!.get(idx) as DetailRow | undefined;
  }

  async prune(before: number, periods: readonly string[]): Promise<PruneResult> {
    const tx = this.#db.transaction(() => {
      const details = this.#st.pruneDetails!.run(before).changes;
      const leaves = this.#st.pruneLeaves!.run(before).changes;
      let keys = 0;
      for (const p of periods) keys += this.#st.keyDel!.run(p).changes;
      return { leaves, details, keys };
    });
    return tx.immediate();
  }

  async getMeta(key: string): Promise<string | undefined> {
    return this.#st.metaGet!.get(key) as string | undefined;
  }

  async setMeta(key: string, value: string): Promise<void> {
    this.#st.metaPut!.run(key, value);
  }

  /** Test hook: kills the writer thread as a crash would (in-flight appends fail; the next one restarts it). */
  async killWriterForTest(): Promise<void> {
    await this.#worker?.terminate();
  }

  async close(): Promise<void> {
    this.#closing = true;
    const w = this.#worker;
    if (w) {
      await this.#post({ close: true }).catch(() => undefined);
      this.#worker = undefined;
      await w.terminate();
    }
    if (this.#db?.open) this.#db.close();
  }
}
