/**
 * The `alert` stage: reads a finished request into an AlertInput (codes, stages, keyed references:
 * no request values) and hands it to the rules engine (src/alerts/rules.ts). Never blocks: the
 * engine runs after the stage returns (counting rules may wait on the shared state store), and its
 * failures are reported to `onError`, never to the request.
 */
import type { Stage } from '../../core/pipeline.js';
import type { GuardContext } from '../../core/context.js';
import { REASON_CODES, isReasonCode } from '../../core/errors.js';
import type { AlertEngine, AlertInput } from '../../alerts/index.js';
import type { CompiledRoute } from '../../policy/types.js';
import { normalizePatient } from '../../audit/keys.js';

/** Keyed references (the audit log's): alerts never carry a raw principal id, address or patient id. */
export interface AlertRefs {
  readonly principal?: (id: string) => string;
  readonly peer?: (address: string) => string;
  readonly patient?: (ref: string) => string;
}

const denial = (code: string) => isReasonCode(code) && REASON_CODES[code].status >= 400;

export function alertInput(ctx: GuardContext<CompiledRoute>, refs: AlertRefs): AlertInput {
  const codes = ctx.decisions.map((d) => ({ code: d.code, stage: d.stage, denial: denial(d.code) }));
  if (ctx.outcome) codes.push({ code: ctx.outcome.code, stage: ctx.outcome.stage as never, denial: denial(ctx.outcome.code) });
  // One form per patient (`Patient/ID`): the route's `pa` and the response's `Patient/pa` are one patient, not two.
  const patients = new Set<string>([...(ctx.inspection?.patients ?? []), ...(ctx.access?.patient ? [ctx.access.patient] : [])].map(normalizePatient));
  const phi = Object.values(ctx.inspection?.phiFindings ?? {}).reduce((a, b) => a + b, 0);
  return {
    requestId: ctx.id,
    time: ctx.receivedAt,
    codes,
    ...(ctx.outcome ? { outcome: { code: ctx.outcome.code, stage: ctx.outcome.stage, status: ctx.outcome.status } } : {}),
    ...(ctx.route ? { route: ctx.route.route.id } : {}),
    ...(ctx.principal && refs.principal ? { principal: refs.principal(ctx.principal.id) } : {}),
    ...(ctx.request.remoteAddress && refs.peer ? { peer: refs.peer(ctx.request.remoteAddress) } : {}),
    patients: refs.patient ? [...patients].map(refs.patient) : [],
    phiFindings: phi,
    breakGlass: ctx.access?.breakGlass !== undefined,
  };
}

export function createAlertStage(engine: AlertEngine, refs: AlertRefs = {}, onError?: (reason: string) => void): Stage<CompiledRoute> {
  return {
    onFinal(ctx) {
      const input = alertInput(ctx, refs);
      void engine.observe(input).catch(() => onError?.('alert rules failed'));
    },
  };
}
