/**
 * `integrity.checkVersion: gateway`: before an update carrying If-Match is forwarded, the current
 * version is fetched (a GET of the same path with the same identity headers, through the same
 * upstream) and If-Match is evaluated against its ETag with the strong comparison (RFC 9110
 * 13.1.1). 412 when it does not hold; the update is forwarded only when it does (with If-Match,
 * so an upstream that checks too closes the window between the two requests).
 */
import { PhiguardError } from '../core/errors.js';
import type { Forward } from '../core/pipeline.js';
import { ifMatchHolds, parseEntityTag, parseIfMatch } from '../core/etag.js';
import type { GuardContext } from '../core/context.js';
import type { CompiledRoute } from '../policy/types.js';
import { PRECONDITION_METHODS } from '../guards/validate-request/integrity.js';

/** Request headers of the update that must not travel on the version probe. */
const NOT_ON_PROBE = new Set(['if-match', 'if-none-match', 'if-modified-since', 'if-unmodified-since', 'if-range', 'content-type', 'content-length', 'content-digest', 'repr-digest', 'transfer-encoding', 'content-encoding']);

function probeContext(ctx: GuardContext<CompiledRoute>): GuardContext<CompiledRoute> {
  const c = ctx.canonical!;
  const headers = new Map([...c.headers].filter(([k]) => !NOT_ON_PROBE.has(k)));
  return { ...ctx, canonical: { ...c, method: 'GET', body: null, headers, forwardTarget: c.forwardTarget.split('?')[0]!, query: '', params: new Map() } };
}

/** Wraps `forward` with the version check; `probe` forwards a GET (undefined: in-process handler, nothing to ask). */
export function withVersionCheck(forward: Forward<CompiledRoute>, probe: Forward<CompiledRoute> | undefined): Forward<CompiledRoute> {
  return async (ctx) => {
    const c = ctx.canonical;
    const setting = ctx.route?.route.integrity?.checkVersion ?? 'auto';
    const value = c?.headers.get('if-match');
    if (!c || value === undefined || !PRECONDITION_METHODS.has(c.method) || setting === 'upstream' || (setting === 'auto' && !probe)) return forward(ctx);
    if (!probe) throw new PhiguardError('PG_INTERNAL', 'integrity.checkVersion: gateway needs the gateway (an in-process handler has no upstream to ask)');
    const cond = parseIfMatch(value);
    if (!cond) throw new PhiguardError('PG_PRECONDITION_INVALID', 'If-Match is not * or a list of entity tags');
    const current = await probe(probeContext(ctx));
    if (current.status >= 500) throw new PhiguardError('PG_UPSTREAM_UNAVAILABLE', `version probe answered ${current.status}`);
    const exists = current.status >= 200 && current.status < 300;
    const etag = parseEntityTag(current.headers.find(([k]) => k === 'etag')?.[1]);
    if (!ifMatchHolds(cond, { exists, ...(etag ? { etag } : {}) })) {
      const detail = !exists ? `no current representation (probe ${current.status})` : etag ? 'If-Match does not match the current ETag' : 'the current representation has no strong ETag';
      if (ctx.mode !== 'monitor') throw new PhiguardError('PG_PRECONDITION_FAILED', detail);
      ctx.decisions.push({ stage: 'validateRequest', code: 'PG_PRECONDITION_FAILED', detail: `${detail} (monitor: forwarded)` });
    }
    return forward(ctx);
  };
}
