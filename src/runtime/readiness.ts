/**
 * Readiness means "can serve a request now": the policy is loaded, the audit store accepts writes,
 * and configured shared state answers. (Liveness, `/healthz`, only says the process runs.)
 *
 * The audit store is judged by the outcome of real appends: the last one succeeded recently; after
 * a failed append, by a probe that takes the same path as a request's record (a `health` event
 * appended to the log: the recovery is on the record); while the log is idle, by a cheaper write
 * outside the log (a meta row). Probes are throttled, so an orchestrator polling /readyz costs at
 * most one write per PROBE_MS. Checks carry codes only, never data.
 */
import type { Stage } from '../core/pipeline.js';

export const PROBE_MS = 2_000;
/**
 * After a failed append the store is reported not ready for at least this long, whatever a probe
 * says: a nearly full disk can take one small write and refuse the next record (hysteresis).
 */
export const HOLD_MS = 3_000;
/** An append that succeeded this recently proves the store writable without a probe. */
export const FRESH_MS = 10_000;
const CHECK_TIMEOUT_MS = 2_000;

export interface ReadinessCheck {
  readonly ok: boolean;
  /** A reason code or short cause when not ok (no data). */
  readonly detail?: string;
}

export interface Readiness {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, ReadinessCheck>>;
}

/** Follows append outcomes; decides whether the audit store can take writes. */
export class AuditHealth {
  #lastOk = -Infinity;
  #failing: string | undefined;
  #failedAt = -Infinity;
  #probe: { at: number; result: Promise<ReadinessCheck> } | undefined;

  constructor(
    /** A cheap write outside the log (idle store). */
    private readonly probeWrite: () => Promise<void>,
    /** An append through the log, told the code of the failure it checks after. */
    private readonly probeAppend: (after: string) => Promise<void>,
    private readonly now: () => number = Date.now,
  ) {}

  succeeded(): void {
    this.#lastOk = this.now();
    this.#failing = undefined;
  }

  failed(code: string): void {
    this.#failing = code;
    this.#failedAt = this.now();
  }

  /** Wraps the audit stage so every append outcome is recorded (the stage's behaviour is unchanged). */
  track<S extends Stage<never>>(stage: S): S {
    const inner = stage.onFinal;
    if (!inner) return stage;
    return {
      ...stage,
      onFinal: async (ctx: never) => {
        try {
          await inner.call(stage, ctx);
          this.succeeded();
        } catch (err) {
          this.failed(describe(err));
          throw err;
        }
      },
    } as S;
  }

  check(): Promise<ReadinessCheck> {
    const now = this.now();
    if (this.#failing === undefined && now - this.#lastOk < FRESH_MS) return Promise.resolve({ ok: true });
    if (this.#failing !== undefined && now - this.#failedAt < HOLD_MS) return Promise.resolve({ ok: false, detail: this.#failing });
    if (this.#probe && now - this.#probe.at < PROBE_MS) return this.#probe.result;
    const failing = this.#failing;
    const probe = failing !== undefined ? this.probeAppend(failing).then(() => this.succeeded()) : this.probeWrite();
    const result = withTimeout(probe, CHECK_TIMEOUT_MS).then(
      () => ({ ok: true }) as ReadinessCheck,
      (err: unknown) => ({ ok: false, detail: describe(err) }) as ReadinessCheck,
    );
    this.#probe = { at: now, result };
    return result;
  }
}

/** The most specific code along the cause chain (e.g. SQLITE_FULL under PG_AUDIT_UNAVAILABLE). */
function describe(err: unknown): string {
  let code: string | undefined;
  let e = err as { code?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; e && depth < 5; depth++, e = e.cause as typeof e) if (typeof e.code === 'string') code = e.code;
  return code ?? (err instanceof Error && err.message === 'timeout' ? 'timeout' : 'write failed');
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), ms);
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Runs every check; ready only when all pass. */
export async function readiness(checks: Readonly<Record<string, () => Promise<ReadinessCheck>>>): Promise<Readiness> {
  const names = Object.keys(checks);
  const results = await Promise.all(
    names.map((n) =>
      withTimeout(checks[n]!(), CHECK_TIMEOUT_MS).catch((err: unknown) => ({ ok: false, detail: describe(err) }) as ReadinessCheck),
    ),
  );
  const out: Record<string, ReadinessCheck> = {};
  names.forEach((n, i) => (out[n] = results[i]!));
  return { ready: results.every((r) => r.ok), checks: out };
}
