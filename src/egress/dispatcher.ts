/**
 * The undici side of the guard: an interceptor that checks every dispatched request (fetch and
 * undici call dispatch once per redirect hop, and so does undici's redirect interceptor composed on
 * top) and scans bodies bound for non-BAA hosts, on an Agent whose connect-time `lookup` checks the
 * address actually connected.
 */
import { Agent, type Dispatcher } from 'undici';
import type { EgressConfig } from '../policy/types.js';
import { checkBody, collectBody, needsScan, type PhiScan } from './body.js';
import { EgressError } from './errors.js';
import { checkTarget } from './hosts.js';
import type { Block, LookupFunction } from './lookup.js';

type Handler = Dispatcher.DispatchHandler & { onError?: (err: Error) => void };

/** Delivers `err` to a handler of either undici handler API. */
function fail(handler: Handler, err: Error): void {
  if (typeof handler.onResponseError === 'function') handler.onResponseError(null as never, err);
  else handler.onError?.(err);
}

export function egressInterceptor(config: EgressConfig, block: Block, scan: PhiScan): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => function egressDispatch(opts, handler) {
    const method = String(opts.method ?? 'GET').toUpperCase();
    let target;
    try {
      const origin = opts.origin === undefined ? '' : String(opts.origin);
      target = checkTarget(config, new URL(opts.path ?? '/', origin), method);
    } catch (err) {
      const e = block(err instanceof EgressError ? { code: err.code, host: err.host, reason: err.reason, method } : { code: 'PG_EGRESS_DENIED', host: '', reason: 'bad-url', method });
      queueMicrotask(() => fail(handler as Handler, e));
      return true;
    }
    if (!needsScan(config, target) || opts.body === undefined || opts.body === null) return dispatch(opts, handler);
    const t = target;
    collectBody(opts.body, config.maxScanBytes)
      .then((body) => {
        if (!body) throw new EgressError({ code: 'PG_EGRESS_PHI', host: t.host, reason: 'body-unreadable', method });
        checkBody(config, t, body, method, scan);
        dispatch({ ...opts, body }, handler);
      })
      .catch((err: unknown) => {
        const e = err instanceof EgressError ? err : new EgressError({ code: 'PG_EGRESS_PHI', host: t.host, reason: 'body-unreadable', method });
        fail(handler as Handler, block({ code: e.code, host: e.host, reason: e.reason, method }));
      });
    return true;
  };
}

export interface AgentOptions {
  readonly lookup: LookupFunction;
  /** Extra TLS options for the guarded agent (e.g. a private CA); verification stays on. */
  readonly tls?: { readonly ca?: string | Buffer | readonly (string | Buffer)[] };
}

/** The dispatcher installed globally: a fresh Agent with the guarded lookup, composed with the check. */
export function guardedDispatcher(config: EgressConfig, block: Block, scan: PhiScan, opts: AgentOptions): Dispatcher {
  const agent = new Agent({ connect: { lookup: opts.lookup as never, ...(opts.tls?.ca ? { ca: opts.tls.ca as never } : {}) } });
  return agent.compose(egressInterceptor(config, block, scan));
}
