/** The `route` stage: deny by default; only declared method + path templates pass. */
import { PhiguardError } from '../../core/errors.js';
import type { Stage } from '../../core/pipeline.js';
import type { CompiledPolicy, CompiledRoute } from '../../policy/types.js';

export function createRouteStage(policy: CompiledPolicy): Stage<CompiledRoute> {
  return {
    onRequest(ctx) {
      const canonical = ctx.canonical;
      if (!canonical) throw new PhiguardError('PG_INTERNAL', 'route before canonicalize');
      const found = policy.router.lookup(canonical.method, canonical.segments);
      if (found.kind === 'match') {
        ctx.route = { route: found.route, params: found.params };
        ctx.mode = found.route.mode ?? policy.mode;
        return;
      }
      if (found.kind === 'method-not-allowed') {
        ctx.responseHeaders.push(['allow', found.allowed.join(', ')]);
        throw new PhiguardError('PG_ROUTE_METHOD_NOT_ALLOWED');
      }
      throw new PhiguardError('PG_ROUTE_NOT_FOUND');
    },
  };
}
