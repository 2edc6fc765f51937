/** The `canonicalize` stage: strict method, target, header and framing checks, done once. */
import { PhiguardError } from '../../core/errors.js';
import type { Stage } from '../../core/pipeline.js';
import type { CompiledPolicy, CompiledRoute } from '../../policy/types.js';
import { canonicalizeHeaders } from './headers.js';
import { canonicalizeTarget } from './path.js';

const METHOD = /^[A-Z]{1,16}$/;

export { canonicalizeTarget, encodeSegment, parseQuery, serializeQuery } from './path.js';
export { canonicalizeHeaders } from './headers.js';

export function createCanonicalizeStage(policy: CompiledPolicy): Stage<CompiledRoute> {
  return {
    onRequest(ctx) {
      const req = ctx.request;
      if (!METHOD.test(req.method)) throw new PhiguardError('PG_METHOD_INVALID', 'method is not an upper-case token');
      if (req.framingHazard) throw new PhiguardError('PG_FRAMING_INVALID', 'adapter reported a framing hazard');
      if (req.bodyError) throw new PhiguardError(req.bodyError, 'adapter could not read the body');
      const headers = canonicalizeHeaders(req.headers, policy.limits);
      const target = canonicalizeTarget(req.target);
      ctx.canonical = Object.freeze({
        method: req.method,
        path: target.path,
        segments: target.segments,
        query: target.query,
        params: target.params,
        headers,
        body: req.body,
        forwardTarget: target.forwardTarget,
      });
    },
  };
}
