/**
 * The audit log: batches appends into sequencer transactions (one durable commit per batch), keeps
 * only the compact range in the store's state row, writes 256-leaf tiles, signs checkpoints every N
 * entries or T ms, and keeps the witness file up to date.
 */
import { PhiguardError } from '../core/errors.js';
import { systemClock, type Clock } from '../core/types.js';
import type { Checkpoint } from './checkpoint.js';
import { canonicalJson, canonicalJsonFlat } from './canonical.js';
import { DIGEST_PLACEHOLDER, encryptDetail, newDataKey, periodOf, unwrapKey, wrapKey, type DetailGranularity } from './detail.js';
import type { AuditKeys } from './keys.js';
import { consistencyProof, inclusionProof, type Hash } from './merkle.js';
import { buildEventRecord, serializeBody, type AuditEventType, type BuiltRecord } from './record.js';
import { buildBatch } from './sequencer.js';
import { storeSource } from './source.js';
import type { AuditStore } from './stores/types.js';
import type { BatchInput, BatchResult, DetailRow, DetailSeal } from './types.js';
import { verifyStore, type VerifyOptions, type VerifyResult } from './verify.js';
import { readWitness, writeWitness } from './witness.js';

export interface AuditLogOptions {
  readonly keys: AuditKeys;
  readonly checkpointEvery?: number;
  readonly checkpointIntervalMs?: number;
  /** How long the first append of an idle log waits for company (ms); 0 (default): the end of the event-loop turn. */
  readonly batchWindowMs?: number;
  readonly maxBatch?: number;
  /**
   * Batches committing at once: while the store commits one batch, the callers it just released
   * build the next, so building records and the commit's fsync overlap. Default 2 for a store that
   * commits on its own thread (SQLite), 1 otherwise.
   */
  readonly pipelineDepth?: number;
  /**
   * With a commit slot free, an append posts the queue at once (before the end of the turn) when this
   * turn of the event loop has appended half the recent number of outstanding appends, and at least
   * this many (default 32, so that each half still spreads its commit's fixed cost over 32 records):
   * a burst is split in two, so one half commits while the other is built.
   */
  readonly eagerBatch?: number;
  /** Witness file path; undefined or false disables it. */
  readonly witnessPath?: string | false;
  /** Detail blobs: key granularity, or false to store none. */
  readonly detail?: DetailGranularity | false;
  readonly retentionDays?: number;
  readonly clock?: Clock;
}

export interface Receipt {
  readonly index: number;
  /** Tree size right after the batch holding this entry committed. */
  readonly size: number;
  readonly root: Hash;
  /** Checkpoint signed in the same transaction, if any. */
  readonly checkpoint?: number;
  /** `<index>.<size>.<base64url root>`: the value of the `phiguard-audit-receipt` header. */
  readonly header: string;
}

interface Pending {
  readonly ts: number;
  readonly bodyJson: string;
  readonly detail?: Omit<DetailRow, 'idx'>;
  readonly seal?: DetailSeal;
  resolve(r: Receipt): void;
  reject(e: unknown): void;
}


export const DEFAULT_RETENTION_DAYS = 2190;

/** The body with `what.detail` set to `ref`, keys in canonical order. */
function withDetailRef(body: BuiltRecord['body'], ref: { digest: string; period: string }): BuiltRecord['body'] {
  // A request record reserves the slot in canonical position: a spread keeps the key order.
  if ('detail' in body.what) return { ...body, what: { ...body.what, detail: ref } };
  // `detail` sorts right after `categories` (the first key of a request record's `what`).
  const { categories, ...rest } = body.what;
  return { ...body, what: { categories, detail: ref, ...rest } };
}

const DIGEST_SLOT = `"detail":{"digest":"`;
const PLACEHOLDER_SLOT = `${DIGEST_SLOT}${DIGEST_PLACEHOLDER}"`;

/**
 * UTF-8 byte offset of the digest placeholder in a serialized body, or -1 unless it occurs exactly
 * once. (JSON escapes every '"' inside a string, so the slot can only be the structural one.)
 */
function placeholderAt(json: string): number {
  const i = json.indexOf(PLACEHOLDER_SLOT);
  if (i < 0 || json.indexOf(PLACEHOLDER_SLOT, i + 1) >= 0) return -1;
  return Buffer.byteLength(json.slice(0, i + DIGEST_SLOT.length), 'utf8');
}

export class AuditLog {
  readonly store: AuditStore;
  readonly keys: AuditKeys;
  readonly clock: Clock;
  readonly retentionDays: number;
  readonly witnessPath: string | undefined;
  readonly #every: number;
  readonly #intervalMs: number;
  readonly #windowMs: number;
  readonly #maxBatch: number;
  readonly #detail: DetailGranularity | false;
  readonly #depth: number;
  readonly #eager: number;
  #queue: Pending[] = [];
  #timer: NodeJS.Timeout | undefined;
  /** Batches posted to the store and not yet settled. */
  #inFlight = 0;
  /** Recent peak of the appends queued or committing (decays as batches settle). */
  #peak = 0;
  /** Appends since the last turn of the event loop ended. */
  #turnAppends = 0;
  #turnTimer: NodeJS.Immediate | undefined;
  /** Appends waiting for their period's detail key before they can queue (flush waits for them too). */
  readonly #keyWaits = new Set<Promise<unknown>>();
  /** Called whenever a batch settles (flush waits on these). */
  #settled: Array<() => void> = [];
  /** Records posted, and records whose batch settled, since the log opened (batches settle in post order). */
  #postedCount = 0;
  #settledCount = 0;
  #closing: Promise<void> | undefined;
  #cpTimer: NodeJS.Timeout | undefined;
  #witnessChain: Promise<void> = Promise.resolve();
  readonly #periodKeys = new Map<string, Buffer>();
  #closed = false;
  /** The store encrypts detail blobs itself, on its writer thread (see DetailSeal). */
  readonly #storeSeals: boolean;

  constructor(store: AuditStore, opts: AuditLogOptions) {
    this.store = store;
    this.keys = opts.keys;
    this.clock = opts.clock ?? systemClock;
    this.#every = opts.checkpointEvery ?? 1000;
    this.#intervalMs = opts.checkpointIntervalMs ?? 5000;
    this.#windowMs = opts.batchWindowMs ?? 0;
    this.#maxBatch = opts.maxBatch ?? 2048;
    // Pipelining pays where the store commits on its own thread (SQLite's writer); on PostgreSQL a
    // second transaction would only queue on the sequencer's row lock and halve the batches.
    this.#depth = Math.max(1, opts.pipelineDepth ?? (store.appendBatch ? 2 : 1));
    this.#eager = Math.max(1, opts.eagerBatch ?? 32);
    this.#detail = opts.detail ?? 'month';
    this.#storeSeals = store.appendBatch !== undefined && store.sealsDetail === true;
    this.retentionDays = opts.retentionDays ?? DEFAULT_RETENTION_DAYS;
    this.witnessPath = opts.witnessPath || undefined;
    if (this.#intervalMs > 0) {
      this.#cpTimer = setInterval(() => void this.checkpoint().catch(() => undefined), this.#intervalMs);
      this.#cpTimer.unref();
    }
  }

  /** Appends one record; resolves after its transaction committed (durable). Rejects with PG_AUDIT_UNAVAILABLE. */
  append(rec: BuiltRecord): Promise<Receipt> {
    return this.#append(rec, false);
  }

  /** `accepted`: an append made before close() began, back from fetching its detail key. */
  #append(rec: BuiltRecord, accepted: boolean): Promise<Receipt> {
    if (this.#closed || (this.#closing && !accepted)) return Promise.reject(new PhiguardError('PG_AUDIT_UNAVAILABLE', 'audit log closed'));
    // Synchronous when the period key is cached, so a burst of appends lands in one batch.
    if (rec.detail && this.#detail && this.#detail !== 'record') {
      const period = periodOf(rec.body.ts, this.#detail);
      if (!this.#periodKeys.has(period)) {
        const keyed = this.#periodKey(period);
        this.#keyWaits.add(keyed);
        const drop = () => void this.#keyWaits.delete(keyed);
        keyed.then(drop, drop);
        return keyed.then(
          () => this.#append(rec, true),
          (err: unknown) => Promise.reject(new PhiguardError('PG_AUDIT_UNAVAILABLE', 'detail key unavailable', { cause: err })),
        );
      }
    }
    let body = rec.body;
    let detail: Omit<DetailRow, 'idx'> | undefined;
    let seal: DetailSeal | undefined;
    let bodyJson: string;
    try {
      if (rec.detail && this.#detail) {
        const period = periodOf(body.ts, this.#detail);
        const perRecord = this.#detail === 'record';
        const key = perRecord ? newDataKey() : (this.#periodKeys.get(period) as Buffer);
        if (this.#storeSeals && !perRecord) {
          // The writer thread encrypts the blob and puts its digest in the placeholder's place.
          bodyJson = serializeBody(withDetailRef(body, { digest: DIGEST_PLACEHOLDER, period }));
          const digestAt = placeholderAt(bodyJson);
          if (digestAt >= 0) seal = { period, key, plain: canonicalJsonFlat(rec.detail), digestAt };
        }
        if (!seal) {
          const enc = encryptDetail(key, rec.detail);
          detail = { period, wrappedKey: perRecord ? wrapKey(this.keys.detailKek, key, period) : null, blob: enc.blob };
          body = withDetailRef(body, { digest: enc.digest, period: perRecord ? 'record' : period });
          bodyJson = serializeBody(body);
        }
      }
      bodyJson ??= serializeBody(body);
    } catch (err) {
      return Promise.reject(new PhiguardError('PG_AUDIT_UNAVAILABLE', 'audit record could not be serialized', { cause: err }));
    }
    return new Promise<Receipt>((resolve, reject) => {
      this.#queue.push({ ts: body.ts, bodyJson, ...(detail ? { detail } : {}), ...(seal ? { seal } : {}), resolve, reject });
      this.#peak = Math.max(this.#peak, this.#outstanding());
      this.#markTurn();
      const split = this.#splitAt();
      if (this.#depth > 1 && this.#inFlight < this.#depth && this.#turnAppends >= split && this.#queue.length >= split) this.#post();
      else this.#schedule();
    });
  }

  /** Appends a non-request event (policy / key / settings change, prune, startup). */
  appendEvent(type: Exclude<AuditEventType, 'rest'>, what: Parameters<typeof buildEventRecord>[2]): Promise<Receipt> {
    return this.append(buildEventRecord(type, this.clock.now(), what));
  }

  async #periodKey(period: string): Promise<Buffer> {
    const cached = this.#periodKeys.get(period);
    if (cached) return cached;
    const stored = await this.store.periodKey(period, wrapKey(this.keys.detailKek, newDataKey(), period));
    const key = unwrapKey(this.keys.detailKek, stored, period);
    this.#periodKeys.set(period, key);
    return key;
  }

  /** The data key of a detail row, or undefined once destroyed. */
  async detailKey(row: DetailRow): Promise<Buffer | undefined> {
    if (row.wrappedKey) return unwrapKey(this.keys.detailKek, row.wrappedKey, row.period);
    const w = await this.store.getPeriodKey(row.period);
    return w ? unwrapKey(this.keys.detailKek, w, row.period) : undefined;
  }

  /**
   * Group commit, pipelined: appends queue up and are committed as batches (one transaction, one
   * fsync each), in the order they were posted. An idle store takes the whole queue at the end of
   * the event-loop turn (or after `batchWindowMs`). A burst, that is one turn of the event loop
   * appending at least half the recent number of outstanding appends (`#splitAt`), is posted as
   * soon as it reaches that size while fewer than `pipelineDepth` batches are committing, so one
   * half commits while the event loop builds the other. Appends that arrive one by one wait for
   * the running commit and share the next one, as without pipelining.
   */
  #schedule(afterCommit = false): void {
    if (this.#timer || this.#queue.length === 0) return; // a pending post picks the queue up
    const start = () => {
      this.#timer = undefined;
      this.#pump(false);
    };
    // The batch window applies to the first append of an idle log, not between batches under load.
    const wait = this.#windowMs > 0 && this.#inFlight === 0 && !afterCommit;
    this.#timer = wait ? setTimeout(start, this.#windowMs) : (setImmediate(start) as unknown as NodeJS.Timeout);
  }

  /** Appends queued or committing. */
  #outstanding(): number {
    return this.#postedCount - this.#settledCount + this.#queue.length;
  }

  #splitAt(): number {
    return Math.max(this.#eager, this.#peak >> 1);
  }

  /** Counts the appends of this event-loop turn (a burst: callers released together, or many responses read at once). */
  #markTurn(): void {
    this.#turnAppends++;
    this.#turnTimer ??= setImmediate(() => {
      this.#turnAppends = 0;
      this.#turnTimer = undefined;
    });
  }

  /** Posts what may go now: the queue to an idle store; with `all` (flush), a batch to every free slot. */
  #pump(all: boolean): void {
    if (this.#inFlight === 0 && this.#queue.length > 0) this.#post();
    while (all && this.#queue.length > 0 && this.#inFlight < this.#depth) this.#post();
  }

  #post(): void {
    // A pending end-of-turn or batch-window post is superseded: what is left of the queue goes when
    // this batch settles, or with the next burst.
    this.#clearTimer();
    const batch = this.#queue.splice(0, this.#maxBatch);
    this.#inFlight++;
    this.#postedCount += batch.length;
    void this.#commit(batch, false, () => {
      this.#inFlight--;
      this.#settledCount += batch.length;
      this.#peak = Math.max(this.#outstanding(), this.#peak - (this.#peak >> 3));
    }).finally(() => {
      const waiters = this.#settled;
      this.#settled = [];
      for (const w of waiters) w();
      // Callers released by this batch append in microtasks; the next turn posts what they queued.
      this.#schedule(true);
    });
  }

  /** Commits one batch; `settled` runs as soon as the store answered, before the callers are released. */
  async #commit(batch: Pending[], force: boolean, settled?: () => void): Promise<BatchResult | undefined> {
    let done = settled;
    const settle = () => {
      done?.();
      done = undefined;
    };
    try {
      const input: BatchInput = {
        // A Pending is a BatchItem (ts, bodyJson, detail): no copy per record.
        items: batch,
        force,
        now: this.clock.now(),
        every: this.#every,
        intervalMs: this.#intervalMs,
        origin: this.keys.origin,
      };
      const res = this.store.appendBatch
        ? await this.store.appendBatch(input, this.keys.signer)
        : await this.store.sequence((state) => buildBatch(state, input, this.keys.signer));
      settle();
      const root64 = res.root.toString('base64url');
      for (let i = 0; i < batch.length; i++) {
        const index = res.first + i;
        (batch[i] as Pending).resolve({ index, size: res.size, root: res.root, ...(res.checkpoint ? { checkpoint: res.checkpoint.size } : {}), header: `${index}.${res.size}.${root64}` });
      }
      if (res.checkpoint) this.#witness(res.checkpoint.note);
      return res;
    } catch (err) {
      settle();
      const e = new PhiguardError('PG_AUDIT_UNAVAILABLE', `append failed: ${err instanceof Error ? err.message.slice(0, 120) : 'unknown'}`, { cause: err });
      for (const p of batch) p.reject(e);
      if (batch.length === 0) throw e;
      return undefined;
    }
  }

  #witness(note: string): void {
    const path = this.witnessPath;
    if (!path) return;
    this.#witnessChain = this.#witnessChain.then(() => {
      try {
        writeWitness(path, note);
      } catch {
        /* reported by the next verification, which compares the witness */
      }
    });
  }

  #clearTimer(): void {
    if (!this.#timer) return;
    clearTimeout(this.#timer);
    clearImmediate(this.#timer as unknown as NodeJS.Immediate);
    this.#timer = undefined;
  }

  /**
   * Waits until every append made before the call has committed (or failed). Appends made during
   * the wait do not hold it up, so a busy log still flushes (and checkpoints, and closes).
   */
  async flush(): Promise<void> {
    // Appends that were waiting for a detail key queue themselves once it is there.
    while (this.#keyWaits.size > 0) await Promise.allSettled([...this.#keyWaits]).then(() => new Promise((r) => setImmediate(r)));
    const mark = this.#postedCount + this.#queue.length;
    while (this.#settledCount < mark) {
      this.#clearTimer();
      this.#pump(true);
      await new Promise<void>((resolve) => this.#settled.push(resolve));
      // Timers and I/O get a turn between batches, also from a store that answers within the turn.
      await new Promise((r) => setImmediate(r));
    }
    await this.#witnessChain;
  }

  /** Signs a checkpoint of the current tree when it grew since the last one; returns the latest checkpoint. */
  async checkpoint(): Promise<Checkpoint | undefined> {
    await this.flush();
    await this.#commit([], true);
    await this.#witnessChain;
    return this.latestCheckpoint();
  }

  async latestCheckpoint(): Promise<Checkpoint | undefined> {
    const row = await this.store.latestCheckpoint();
    if (!row) return undefined;
    const { openCheckpoint } = await import('./checkpoint.js');
    return openCheckpoint(row.note, [this.keys.verifier], this.keys.origin);
  }

  async size(): Promise<number> {
    return (await this.store.state()).size;
  }

  async root(size?: number): Promise<Hash> {
    const { rangeHash } = await import('./merkle.js');
    const n = size ?? (await this.size());
    return rangeHash(storeSource(this.store), 0, n);
  }

  /**
   * Verifies the whole log with this log's public key, origin and witness (plus `opts.witnesses`).
   * Pending appends are committed first.
   */
  async verify(opts: Partial<VerifyOptions> = {}): Promise<VerifyResult> {
    await this.flush();
    const w = this.witnessPath ? readWitness(this.witnessPath) : undefined;
    return verifyStore(this.store, {
      verifiers: [this.keys.verifier],
      origin: this.keys.origin,
      ...opts,
      witnesses: [...(w ? [w] : []), ...(opts.witnesses ?? [])],
    });
  }

  inclusionProof(index: number, size: number): Promise<Hash[]> {
    return inclusionProof(storeSource(this.store), index, size);
  }

  consistencyProof(m: number, n: number): Promise<Hash[]> {
    return consistencyProof(storeSource(this.store), m, n);
  }

  /**
   * Records policy, key and audit-settings changes since the last start (compared with what the
   * store last saw), as audit events.
   */
  async noteStartup(info: { policy?: { name: string; hash: string }; settings?: Record<string, string | number | boolean> }): Promise<number> {
    let appended = 0;
    const check = async (key: string, value: string, type: Exclude<AuditEventType, 'rest'>, what: Record<string, string>) => {
      const prev = await this.store.getMeta(key);
      if (prev === value) return;
      await this.appendEvent(type, { ...what, ...(prev !== undefined ? { previous: prev } : {}), first: prev === undefined });
      await this.store.setMeta(key, value);
      appended++;
    };
    if (info.policy) await check('policy', `${info.policy.name} ${info.policy.hash}`, 'policy', { name: info.policy.name, hash: info.policy.hash });
    await check('keys', `${this.keys.origin} ${this.keys.signer.keyId.toString('hex')}`, 'keys', { origin: this.keys.origin, keyId: this.keys.signer.keyId.toString('hex') });
    if (info.settings) {
      const { createHash } = await import('node:crypto');
      const h = createHash('sha256').update(canonicalJson(info.settings)).digest('hex');
      await check('settings', h, 'config', { settings: h });
    }
    return appended;
  }

  /** Drops leaf bodies, detail blobs and period keys older than `before` (must be beyond retention). Logged as an event. */
  async prune(before: number): Promise<{ leaves: number; details: number; keys: number; receipt: Receipt }> {
    const limit = this.clock.now() - this.retentionDays * 86_400_000;
    if (!(before <= limit)) throw new Error(`prune: --before must be at least ${this.retentionDays} days in the past (retention)`);
    const cut = new Date(before).toISOString();
    const periods = (await this.store.periodKeyNames()).filter((p) => (p.length === 7 ? p < cut.slice(0, 7) : p.length === 10 ? p < cut.slice(0, 10) : false));
    const res = await this.store.prune(before, periods);
    for (const p of periods) this.#periodKeys.delete(p);
    const receipt = await this.appendEvent('prune', { before, leaves: res.leaves, details: res.details, keys: res.keys, retentionDays: this.retentionDays });
    return { ...res, receipt };
  }

  /** Refuses new appends (PG_AUDIT_UNAVAILABLE), commits those already made, signs a last checkpoint and closes the store. */
  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closing ??= (async () => {
      if (this.#cpTimer) clearInterval(this.#cpTimer);
      try {
        await this.checkpoint();
      } finally {
        this.#closed = true;
        await this.store.close();
      }
    })();
    return this.#closing;
  }
}
