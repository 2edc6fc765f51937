/** The `canonicalize` stage: strict method, target, header and framing checks, done once. */
import { PhiguardError } from '../../core/errors.js';
import type { Stage } from '../../core/pipeline.js';
import type { CanonicalRequest, GuardRequest } from '../../core/types.js';
import type { CompiledPolicy, CompiledRoute } from '../../policy/types.js';
import { canonicalizeHeaders } from './headers.js';
import { canonicalizeTarget } from './path.js';

const METHOD = /^[A-Z]{1,16}$/;

export { canonicalizeTarget, encodeSegment, parseQuery, serializeQuery } from './path.js';
export { canonicalizeHeaders } from './headers.js';

/**
 * The canonical request, or a PhiguardError (thrown). Pure: the stage below calls it once per
 * request; hardened servers call it (through the runtime's `precheck`) on a request's head
 * before any framework parses it.
 */
export function canonicalRequest(policy: Pick<CompiledPolicy, 'limits'>, req: GuardRequest): CanonicalRequest {
  if (req.transportError) throw new PhiguardError(req.transportError, 'refused by the listener (transport)');
  if (!METHOD.test(req.method)) throw new PhiguardError('PG_METHOD_INVALID', 'method is not an upper-case token');
  if (req.framingHazard) throw new PhiguardError('PG_FRAMING_INVALID', 'adapter reported a framing hazard');
  if (req.bodyError) throw new PhiguardError(req.bodyError, 'adapter could not read the body');
  const headers = canonicalizeHeaders(req.headers, policy.limits);
  const target = canonicalizeTarget(req.target);
  return Object.freeze({
    method: req.method,
    path: target.path,
    segments: target.segments,
    query: target.query,
    params: target.params,
    headers,
    body: req.body,
    forwardTarget: target.forwardTarget,
  });
}

export function createCanonicalizeStage(policy: CompiledPolicy): Stage<CompiledRoute> {
  return {
    onRequest(ctx) {
      ctx.canonical = canonicalRequest(policy, ctx.request);
    },
  };
}
