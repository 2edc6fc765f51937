/**
 * Shared state behind sessions (automatic logoff), break-glass and bulk limits. In memory by
 * default; Redis when replicas share it. Keys are already hashed by the callers (no identifiers
 * in clear in the store except in break-glass review events, which hold references only).
 */
export type SessionStatus = 'ok' | 'idle' | 'absolute';

export interface BreakGlassEvent {
  readonly at: number;
  readonly firstUse: number;
  readonly principal: string;
  readonly patient: string;
  readonly reason: string;
  readonly justificationDigest: string;
  readonly requestId: string;
  readonly route: string;
}

export interface BulkCheck {
  readonly windowMs: number;
  readonly maxPatients?: number;
  readonly maxRecords?: number;
  /** false: add even past a limit (response-time accounting of what was already released). */
  readonly enforce?: boolean;
  /** true: only tell whether adding would exceed a limit; nothing is added. */
  readonly dryRun?: boolean;
}

export interface StatePersistence {
  readonly durable: boolean | undefined;
  /** What was found, for the operator log (no data). */
  readonly detail: string;
}

export type BulkResult = { readonly ok: true; readonly patients: number; readonly records: number } | { readonly ok: false; readonly limit: 'patients' | 'records' };

export interface StateStore {
  /**
   * Records activity on a session at `now`. `startedAt` (auth_time) bounds the absolute limit when
   * known; otherwise the first time the session was seen. Once timed out a session stays ended.
   */
  touchSession(key: string, now: number, idleMs: number | undefined, absoluteMs: number | undefined, startedAt?: number): Promise<SessionStatus>;
  /** First use time of a break-glass grant (set at `now` when new); kept for `ttlMs`. */
  breakGlassFirstUse(key: string, now: number, ttlMs: number): Promise<number>;
  addBreakGlassEvent(event: BreakGlassEvent): Promise<void>;
  /** Newest first. */
  listBreakGlassEvents(limit?: number): Promise<BreakGlassEvent[]>;
  /**
   * Adds `patients` (hashed ids) and `records` to the principal's window, unless that would exceed
   * a limit, in which case nothing is added and the exceeded limit is returned. With `dryRun`
   * nothing is added either way.
   */
  bulkAdd(principalKey: string, patients: readonly string[], records: number, now: number, check: BulkCheck): Promise<BulkResult>;
  /** Readiness: resolves when the store answers; rejects (PG_STATE_UNAVAILABLE) otherwise. */
  ping(): Promise<void>;
  /**
   * What survives a restart of the store: `durable` false when nothing is persisted (state is lost
   * on restart), undefined when the store cannot tell.
   */
  persistence(): Promise<StatePersistence>;
  close(): Promise<void>;
}
