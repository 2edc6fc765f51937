/**
 * Fastify 5 adapter: a plugin (not encapsulated: its hooks apply to every route and to 404s).
 *
 *   const guard = await createPhiguard({ policy: 'policy.yaml' });
 *   const app = Fastify();
 *   await app.register(phiguardFastify, { guard });
 *   app.get('/Patient/:id', async (req) => ...);   // req.body, req.phiguard
 *
 * Fastify routes a request before any hook runs, on the raw URL. So the first `onRequest` hook
 * takes the request over (`reply.hijack()`), runs the pipeline and, when it allows the request,
 * re-dispatches it through Fastify's router on the CANONICAL target (`fastify.routing`). The
 * re-dispatched request gets the checked body (preParsing feeds exactly the checked bytes to
 * Fastify's parsers) and `request.phiguard`; what the route sends is captured, inspected and
 * audited before release: capturing the raw response (not an onSend hook) also covers what onSend
 * hooks registered after phiguard, serializers and the error handler produce. Undeclared paths are
 * denied by the pipeline before Fastify's router; a declared path no route serves gets 404
 * PG_ROUTE_NOT_FOUND from the plugin's not-found handler (option `notFound`).
 * The plugin also hardens `fastify.server` (see hardenServer) so requests Fastify would reject
 * before its hooks run are still denied by the pipeline with the same `PG_*` code.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { denialResponse } from '../../core/pipeline.js';
import type { Phiguard } from '../../runtime/index.js';
import { runGuarded, type PhiguardRequestInfo } from '../http/guard.js';
import { hardenServer } from '../http/harden.js';

export type { PhiguardRequestInfo } from '../http/guard.js';

declare module 'fastify' {
  interface FastifyRequest {
    phiguard: PhiguardRequestInfo | null;
  }
}

export interface PhiguardFastifyOptions {
  readonly guard: Phiguard;
  /**
   * Install a not-found handler (default true) so a request the policy allows but no Fastify route
   * serves gets the same deny-by-default answer as an undeclared path (404 PG_ROUTE_NOT_FOUND),
   * still inspected and audited. Set false to keep your own `setNotFoundHandler` (Fastify allows one
   * per prefix).
   */
  readonly notFound?: boolean;
}

/** Set on the raw request once the pipeline took it over (the re-dispatch must not re-enter). */
const CHECKED = Symbol('phiguard.checked');
type Raw = { [CHECKED]?: boolean; rawBody?: Buffer; body?: unknown; phiguard?: PhiguardRequestInfo };

const plugin: FastifyPluginAsync<PhiguardFastifyOptions> = async (fastify: FastifyInstance, { guard, notFound = true }) => {
  if (!guard) throw new Error('phiguardFastify: the `guard` option is required');
  hardenServer(fastify.server, guard);
  fastify.decorateRequest('phiguard', null);

  fastify.addHook('onRequest', (request, reply, done) => {
    const raw = request.raw as typeof request.raw & Raw;
    if (raw[CHECKED]) {
      request.phiguard = raw.phiguard ?? null;
      return done();
    }
    raw[CHECKED] = true;
    reply.hijack();
    void runGuarded(guard, raw, reply.raw, { next: () => fastify.routing(raw, reply.raw) });
    done(); // the hijacked reply ends Fastify's own lifecycle for this dispatch
  });

  // Fastify's body parsers read exactly the bytes the pipeline checked (the socket stream is spent).
  fastify.addHook('preParsing', async (request) => Readable.from((request.raw as Raw).rawBody ? [(request.raw as Raw).rawBody!] : []));

  // Media types with no parser of their own (e.g. application/fhir+json) get the checked body.
  fastify.addContentTypeParser('*', (request, _payload, done) => done(null, (request.raw as Raw).body));

  if (notFound) {
    fastify.setNotFoundHandler((request, reply) => {
      const denial = denialResponse('PG_ROUTE_NOT_FOUND', request.phiguard?.requestId ?? '');
      reply.code(denial.status);
      for (const [k, v] of denial.headers) reply.header(k, v);
      return reply.send(Buffer.from(denial.body ?? new Uint8Array(0)));
    });
  }
};

(plugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
(plugin as unknown as Record<symbol, string>)[Symbol.for('fastify.display-name')] = 'phiguard';

export const phiguardFastify = plugin;
export default plugin;
