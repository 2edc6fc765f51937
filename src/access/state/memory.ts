/** In-process state store (the embedded default). Bounded: expired entries are swept as it grows. */
import type { BreakGlassEvent, BulkCheck, BulkResult, SessionStatus, StatePersistence, StateStore } from './types.js';

const MAX_EVENTS = 10_000;
const SWEEP_EVERY = 1_000;

interface Session {
  first: number;
  last: number;
  ended?: SessionStatus;
  expires: number;
}
interface Bulk {
  patients: Map<string, number>;
  bucket: number;
  records: number;
  expires: number;
}

export class MemoryStateStore implements StateStore {
  readonly #sessions = new Map<string, Session>();
  readonly #breakGlass = new Map<string, { first: number; expires: number }>();
  readonly #bulk = new Map<string, Bulk>();
  #events: BreakGlassEvent[] = [];
  #writes = 0;

  async touchSession(key: string, now: number, idleMs: number | undefined, absoluteMs: number | undefined, startedAt?: number): Promise<SessionStatus> {
    this.#sweep(now);
    let s = this.#sessions.get(key);
    if (!s) {
      s = { first: startedAt !== undefined && startedAt <= now ? startedAt : now, last: now, expires: now + (absoluteMs ?? idleMs ?? 86_400_000) };
      this.#sessions.set(key, s);
    }
    s.expires = now + (absoluteMs ?? idleMs ?? 86_400_000);
    const status = s.ended ?? sessionStatus(s.first, s.last, now, idleMs, absoluteMs);
    if (status !== 'ok') {
      s.ended = status;
      return status;
    }
    s.last = Math.max(s.last, now);
    return 'ok';
  }

  async breakGlassFirstUse(key: string, now: number, ttlMs: number): Promise<number> {
    this.#sweep(now);
    const e = this.#breakGlass.get(key);
    if (e && e.expires > now) return e.first;
    this.#breakGlass.set(key, { first: now, expires: now + ttlMs });
    return now;
  }

  async addBreakGlassEvent(event: BreakGlassEvent): Promise<void> {
    this.#events.push(Object.freeze({ ...event }));
    if (this.#events.length > MAX_EVENTS) this.#events = this.#events.slice(-MAX_EVENTS);
  }

  async listBreakGlassEvents(limit = 100): Promise<BreakGlassEvent[]> {
    return this.#events.slice(-limit).reverse();
  }

  async bulkAdd(principalKey: string, patients: readonly string[], records: number, now: number, check: BulkCheck): Promise<BulkResult> {
    this.#sweep(now);
    const bucket = Math.floor(now / check.windowMs);
    let b = this.#bulk.get(principalKey);
    if (!b) this.#bulk.set(principalKey, (b = { patients: new Map(), bucket, records: 0, expires: 0 }));
    if (b.bucket !== bucket) {
      b.bucket = bucket;
      b.records = 0;
    }
    for (const [p, t] of b.patients) if (t <= now - check.windowMs) b.patients.delete(p);
    const fresh = [...new Set(patients)].filter((p) => !b.patients.has(p));
    const enforce = check.enforce !== false;
    if (enforce && check.maxPatients !== undefined && b.patients.size + fresh.length > check.maxPatients) return { ok: false, limit: 'patients' };
    if (enforce && check.maxRecords !== undefined && b.records + records > check.maxRecords) return { ok: false, limit: 'records' };
    if (check.dryRun) return { ok: true, patients: b.patients.size + fresh.length, records: b.records + records };
    for (const p of patients) b.patients.set(p, now);
    b.records += records;
    b.expires = now + check.windowMs;
    return { ok: true, patients: b.patients.size, records: b.records };
  }

  async ping(): Promise<void> {}

  /** In one process nothing outlives a restart, and nothing is shared: said plainly. */
  async persistence(): Promise<StatePersistence> {
    return { durable: false, detail: 'in-process memory: state is per process and lost on restart' };
  }

  async close(): Promise<void> {}

  #sweep(now: number): void {
    if (++this.#writes % SWEEP_EVERY !== 0) return;
    for (const [k, s] of this.#sessions) if (s.expires <= now) this.#sessions.delete(k);
    for (const [k, e] of this.#breakGlass) if (e.expires <= now) this.#breakGlass.delete(k);
    for (const [k, b] of this.#bulk) if (b.expires <= now) this.#bulk.delete(k);
  }
}

export function sessionStatus(first: number, last: number, now: number, idleMs: number | undefined, absoluteMs: number | undefined): SessionStatus {
  if (absoluteMs !== undefined && now - first >= absoluteMs) return 'absolute';
  if (idleMs !== undefined && now - last >= idleMs) return 'idle';
  return 'ok';
}
