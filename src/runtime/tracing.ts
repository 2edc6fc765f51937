/**
 * OpenTelemetry spans, one per request (`phiguard.request`, continuing an incoming W3C
 * `traceparent` when the SDK's propagator is set up) with one child per stage hook (`phiguard.<stage>`). Only the API package is a
 * dependency: spans go wherever the application's SDK sends them, and nowhere when none is set up.
 * Tracing is on when asked for (`tracing: true` or a Tracer) or when the standard
 * `OTEL_TRACES_EXPORTER` variable names an exporter other than `none`.
 *
 * Attributes carry codes, ids and counts only: the route id and template, method, status, reason
 * code, policy hash. Never a path, query, header value, claim or body.
 */
import { context, propagation, SpanKind, SpanStatusCode, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';
import type { GuardContext } from '../core/context.js';
import type { Stage } from '../core/pipeline.js';
import type { StageName } from '../core/types.js';
import type { CompiledRoute } from '../policy/index.js';
import { PhiguardError } from '../core/errors.js';

export type TracingOption = boolean | Tracer | undefined;

/** The tracer to use, or undefined when tracing is off. */
export function tracerFor(option: TracingOption, env: Readonly<Record<string, string | undefined>> = process.env): Tracer | undefined {
  if (option === false) return undefined;
  if (option && option !== true) return option;
  const exporter = env.OTEL_TRACES_EXPORTER?.trim().toLowerCase();
  if (option === true || (exporter !== undefined && exporter !== '' && exporter !== 'none')) return trace.getTracer('phiguard');
  return undefined;
}

const HOOKS = ['onRequest', 'onResponse', 'onFinal'] as const;
const PHASE = { onRequest: 'request', onResponse: 'response', onFinal: 'final' } as const;

type Ctx = GuardContext<CompiledRoute>;

/** Header getter for W3C trace context (traceparent, tracestate) on the raw request. */
const getter = {
  keys: (h: ReadonlyArray<readonly [string, string]>) => h.map(([k]) => k),
  get: (h: ReadonlyArray<readonly [string, string]>, key: string) => h.find(([k]) => k === key)?.[1],
};

/**
 * Wraps the stages with spans. The request span starts at the first hook a request reaches and
 * ends after the last final stage (`last`), so a request produces one trace whatever its outcome.
 */
export function traced(tracer: Tracer, stages: Partial<Record<StageName, Stage<CompiledRoute>>>, policyHash: string, last: StageName): Partial<Record<StageName, Stage<CompiledRoute>>> {
  const requests = new WeakMap<Ctx, { span: Span; ctx: Context }>();
  const root = (c: Ctx) => {
    let r = requests.get(c);
    if (!r) {
      const parent = propagation.extract(context.active(), c.request.headers, getter);
      const span = tracer.startSpan('phiguard.request', { kind: SpanKind.SERVER, attributes: { 'http.request.method': safeMethod(c.request.method), 'phiguard.policy.hash': policyHash, 'phiguard.request.id': c.id } }, parent);
      r = { span, ctx: trace.setSpan(parent, span) };
      requests.set(c, r);
    }
    return r;
  };
  const finish = (c: Ctx) => {
    const r = requests.get(c);
    if (!r) return;
    requests.delete(c);
    const route = c.route?.route;
    if (route) r.span.setAttributes({ 'phiguard.route': route.id, 'http.route': route.template });
    r.span.setAttribute('http.response.status_code', c.response?.status ?? c.outcome?.status ?? 0);
    r.span.setAttribute('phiguard.outcome', c.outcome?.code ?? 'PG_OK');
    if (c.outcome) r.span.setStatus({ code: SpanStatusCode.ERROR, message: c.outcome.code });
    r.span.end();
  };
  const out: Partial<Record<StageName, Stage<CompiledRoute>>> = {};
  for (const [name, stage] of Object.entries(stages) as Array<[StageName, Stage<CompiledRoute>]>) {
    if (!stage) continue;
    const w: Stage<CompiledRoute> = {};
    for (const hook of HOOKS) {
      const fn = stage[hook];
      if (!fn && !(hook === 'onFinal' && name === last)) continue;
      w[hook] = async (c: Ctx) => {
        const r = root(c);
        const span = tracer.startSpan(`phiguard.${name}`, { attributes: { 'phiguard.stage': name, 'phiguard.phase': PHASE[hook] } }, r.ctx);
        try {
          if (fn) await context.with(trace.setSpan(r.ctx, span), () => fn.call(stage, c));
        } catch (err) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof PhiguardError ? err.code : 'PG_INTERNAL' });
          throw err;
        } finally {
          span.end();
          if (hook === 'onFinal' && name === last) finish(c);
        }
      };
    }
    out[name] = w;
  }
  return out;
}

const safeMethod = (m: string) => (/^[A-Za-z]{1,16}$/.test(m) ? m.toUpperCase() : '_OTHER');
