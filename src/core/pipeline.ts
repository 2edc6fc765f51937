/**
 * The fixed pipeline. The order lives here and nowhere else:
 *
 *   canonicalize -> identify -> route -> authorize -> validateRequest
 *     -> [handler or upstream]
 *     -> inspectResponse -> audit -> alert
 *
 * A user configures stages; nobody reorders them. Every error denies (fail closed). In monitor
 * mode a *monitorable* denial is recorded in `ctx.decisions` and the request continues; protocol
 * hazards and internal faults are never monitorable.
 */
import { randomUUID } from 'node:crypto';
import { errorBody, PhiguardError, REASON_CODES, toPhiguardError, type ErrorWhere, type ReasonCode } from './errors.js';
import type { GuardContext, Mode, RouteView } from './context.js';
import { systemClock, type Clock, type GuardRequest, type GuardResponse, type StageName } from './types.js';

export const REQUEST_STAGES = ['canonicalize', 'identify', 'route', 'authorize', 'validateRequest'] as const;
/** Run on a real handler/upstream response (never on our own denials, which carry no data). */
export const RESPONSE_STAGES = ['inspectResponse'] as const;
/**
 * Run for every request, allowed or denied, once the response is final. `audit` is the last stage
 * that may change the response (a failed append denies); the stages after it observe what was
 * released: `authorize` charges the records actually released to bulk limits, `alert` notifies.
 */
export const FINAL_STAGES = ['audit', 'authorize', 'alert'] as const;
/** The last final stage whose failure denies; failures of the final stages after it are logged. */
export const FINAL_GATE: (typeof FINAL_STAGES)[number] = 'audit';


export interface Stage<R extends RouteView = RouteView> {
  /** Request phase. Throw a PhiguardError to deny. */
  onRequest?(ctx: GuardContext<R>): void | Promise<void>;
  /** Response phase: may replace `ctx.response`. Throw to deny (the response is replaced by an error). */
  onResponse?(ctx: GuardContext<R>): void | Promise<void>;
  /**
   * Final phase: every request, allowed or denied (`ctx.outcome` says which), after the response is
   * final. Up to FINAL_GATE a throw denies; after it, a throw is logged against the stage.
   */
  onFinal?(ctx: GuardContext<R>): void | Promise<void>;
}

/** Forwards the canonical request to the handler or upstream and returns its full response. */
export type Forward<R extends RouteView = RouteView> = (ctx: GuardContext<R>) => Promise<GuardResponse>;

export interface PipelineOptions<R extends RouteView = RouteView> {
  readonly policy: { readonly name: string; readonly hash: string; readonly mode: Mode };
  readonly stages: Partial<Record<StageName, Stage<R>>>;
  readonly clock?: Clock;
  /** Upper bound for any single stage (ms). A stage that exceeds it denies with PG_GUARD_TIMEOUT. */
  readonly stageTimeoutMs?: number;
  /**
   * Called when the audit stage fails and the route allows it to ("allow and alert").
   * Returning true keeps the response; otherwise the request fails closed.
   */
  readonly auditFailureAllowed?: (ctx: GuardContext<R>) => boolean;
  /** Operator log sink. Receives codes and ids only, never request data. */
  readonly log?: (event: PipelineLogEvent) => void;
  readonly newId?: () => string;
}

export interface PipelineLogEvent {
  readonly level: 'info' | 'warn' | 'error';
  readonly event: string;
  readonly requestId: string;
  readonly code?: ReasonCode;
  readonly stage?: string;
  readonly detail?: string;
}

const JSON_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['content-type', 'application/json; charset=utf-8'],
  ['cache-control', 'no-store'],
  ['x-content-type-options', 'nosniff'],
];

export function denialResponse(code: ReasonCode, requestId: string, status = REASON_CODES[code].status, where?: ErrorWhere): GuardResponse {
  const body = new TextEncoder().encode(errorBody(code, requestId, where));
  const headers: Array<[string, string]> = JSON_HEADERS.map(([k, v]) => [k, v]);
  if (status === 401) headers.push(['www-authenticate', 'Bearer']);
  return { status, headers, body };
}

export class Pipeline<R extends RouteView = RouteView> {
  readonly #opts: PipelineOptions<R>;
  readonly #clock: Clock;

  constructor(opts: PipelineOptions<R>) {
    this.#opts = opts;
    this.#clock = opts.clock ?? systemClock;
  }

  newContext(request: GuardRequest): GuardContext<R> {
    const now = this.#clock.now();
    return {
      id: (this.#opts.newId ?? randomUUID)(),
      clock: this.#clock,
      receivedAt: now,
      request,
      policy: this.#opts.policy,
      mode: this.#opts.policy.mode,
      decisions: [],
      responseHeaders: [],
    };
  }

  /**
   * Runs the whole pipeline for one request: the request phase, the forward, the response phase,
   * then the final phase, each iterating its declared stage list (PHASES). Never throws: every
   * failure becomes a denial response, reported against the stage that raised it.
   */
  async handle(request: GuardRequest, forward: Forward<R>): Promise<{ ctx: GuardContext<R>; response: GuardResponse }> {
    const ctx = this.newContext(request);
    const at: { stage: StageName | 'upstream' } = { stage: REQUEST_STAGES[0] };
    try {
      await this.#phase(ctx, REQUEST_STAGES, 'onRequest', at);
      if (!ctx.outcome) {
        at.stage = 'upstream';
        await this.#forward(ctx, forward);
      }
      // Only real handler/upstream responses are inspected; our own denials carry no data.
      if (!ctx.outcome) await this.#phase(ctx, RESPONSE_STAGES, 'onResponse', at);
    } catch (err) {
      // Defensive: the phases catch their own errors; anything here is a bug and still denies.
      this.#deny(ctx, at.stage, toPhiguardError(err));
    }
    if (!ctx.response) this.#deny(ctx, at.stage, new PhiguardError('PG_INTERNAL', 'no response'));
    await this.#finalPhase(ctx);
    const response = ctx.response as GuardResponse;
    // Ours only: a handler or upstream must not hand the client a second (spoofed) id or receipt.
    response.headers = response.headers.filter(([k]) => k !== 'x-request-id' && k !== 'phiguard-audit-receipt');
    response.headers.push(['x-request-id', ctx.id], ...ctx.responseHeaders);
    return { ctx, response };
  }

  /** Runs one phase's stages in order; stops at the first enforced denial. */
  async #phase(ctx: GuardContext<R>, names: readonly StageName[], hook: 'onRequest' | 'onResponse', at: { stage: StageName | 'upstream' }): Promise<void> {
    for (const name of names) {
      const stage = this.#opts.stages[name];
      const fn = stage?.[hook];
      if (!fn) continue;
      at.stage = name;
      const err = await this.#run(ctx, name, () => fn.call(stage, ctx));
      if (err && !this.#monitorOrDeny(ctx, name, err)) return;
    }
  }

  async #forward(ctx: GuardContext<R>, forward: Forward<R>): Promise<void> {
    const started = this.#clock.now();
    try {
      ctx.response = await forward(ctx);
    } catch (err) {
      const e = err instanceof PhiguardError ? err : new PhiguardError('PG_HANDLER_ERROR', err instanceof Error ? err.name : undefined, { cause: err });
      this.#deny(ctx, 'upstream', e);
    } finally {
      ctx.upstreamMs = this.#clock.now() - started;
    }
  }

  /** The final phase: FINAL_STAGES in order. Up to FINAL_GATE a failure denies; after it, it is logged. */
  async #finalPhase(ctx: GuardContext<R>): Promise<void> {
    let gated = true;
    for (const name of FINAL_STAGES) {
      const stage = this.#opts.stages[name];
      const fn = stage?.onFinal;
      if (fn) {
        const err = await this.#run(ctx, name, () => fn.call(stage, ctx));
        if (err && gated) this.#finalDenial(ctx, name, err);
        // Past the gate the response is released as audited: a failure there is logged, never turned into a denial.
        else if (err) this.#log({ level: 'error', event: `${name}_failed`, requestId: ctx.id, code: err.code, stage: name });
      }
      if (name === FINAL_GATE) gated = false;
    }
  }

  /** A failed append (or another gate stage): fail closed, unless the route allows "allow and alert". */
  #finalDenial(ctx: GuardContext<R>, name: StageName, err: PhiguardError): void {
    this.#log({ level: 'error', event: `${name}_failed`, requestId: ctx.id, code: err.code, stage: name, detail: err.detail });
    if (name === 'audit' && this.#opts.auditFailureAllowed?.(ctx)) {
      ctx.decisions.push({ stage: 'audit', code: 'PG_AUDIT_UNAVAILABLE', detail: 'allowed by route: allow-and-alert' });
      return;
    }
    // Fail closed: nothing checked or unchecked is released without its audit record.
    const code = name === 'audit' && (err.code === 'PG_INTERNAL' || err.code === 'PG_GUARD_TIMEOUT') ? 'PG_AUDIT_UNAVAILABLE' : err.code;
    this.#deny(ctx, name, new PhiguardError(code, err.detail));
  }

  /** Returns true when the pipeline may continue (monitor mode recorded it). */
  #monitorOrDeny(ctx: GuardContext<R>, stage: StageName, err: PhiguardError): boolean {
    if (ctx.mode === 'monitor' && REASON_CODES[err.code].monitorable) {
      ctx.decisions.push({ stage, code: err.code, ...(err.detail ? { detail: err.detail } : {}), monitor: ctx.policy.mode === 'monitor' ? 'policy' : 'route' });
      this.#log({ level: 'warn', event: 'monitor_would_deny', requestId: ctx.id, code: err.code, stage });
      return true;
    }
    this.#deny(ctx, stage, err);
    return false;
  }

  #deny(ctx: GuardContext<R>, stage: StageName | 'upstream', err: PhiguardError): void {
    ctx.outcome = { stage, code: err.code, status: err.status, ...(err.detail ? { detail: err.detail } : {}) };
    ctx.response = denialResponse(err.code, ctx.id, err.status, err.where);
    this.#log({ level: err.status >= 500 ? 'error' : 'info', event: 'deny', requestId: ctx.id, code: err.code, stage, detail: err.detail });
  }

  /** Runs one stage with a time bound; returns the error (as PhiguardError) or undefined. */
  async #run(ctx: GuardContext<R>, name: StageName, fn: () => void | Promise<void>): Promise<PhiguardError | undefined> {
    const limit = this.#opts.stageTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    try {
      const result = fn();
      if (result && typeof (result as Promise<void>).then === 'function') {
        if (limit && limit > 0) {
          await Promise.race([
            result,
            new Promise<never>((_, reject) => {
              timer = setTimeout(() => reject(new PhiguardError('PG_GUARD_TIMEOUT', name)), limit);
            }),
          ]);
        } else {
          await result;
        }
      }
      return undefined;
    } catch (err) {
      const e = toPhiguardError(err);
      if (e.code === 'PG_INTERNAL') this.#log({ level: 'error', event: 'guard_error', requestId: ctx.id, stage: name, detail: e.detail });
      return e;
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  #log(e: PipelineLogEvent): void {
    try {
      this.#opts.log?.(e);
    } catch {
      /* a broken log sink must not change a decision */
    }
  }
}
