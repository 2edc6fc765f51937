/**
 * Hono adapter: a middleware, and `phiguardFetch` for any fetch-style handler or runtime.
 *
 *   const guard = await createPhiguard({ policy: 'policy.yaml' });
 *   const app = new Hono<PhiguardEnv>();
 *   app.use(phiguardHono(guard));
 *   app.get('/Patient/:id', (c) => c.json(...));      // c.req.json() is the checked body; c.get('phiguard')
 *   hardenServer(serve({ fetch: app.fetch, port: 8080 }), guard);
 *
 * Hono routes before middleware runs, on the URL as parsed by the runtime; the middleware denies
 * (PG_PATH_INVALID) if that path is not the canonical one the pipeline checked. `phiguardFetch`
 * instead hands the handler a fresh Request built from the canonical target, so nothing can differ.
 */
import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { PhiguardError, toPhiguardError } from '../../core/errors.js';
import type { GuardContext } from '../../core/context.js';
import type { Forward } from '../../core/pipeline.js';
import type { GuardRequest } from '../../core/types.js';
import type { CompiledRoute } from '../../policy/types.js';
import type { Phiguard } from '../../runtime/index.js';
import type { PhiguardRequestInfo } from '../http/guard.js';
import { readBody } from '../http/io.js';
import { canonicalFetchRequest, fetchToGuardRequest, fromFetchResponse, nodeIncoming, readFetchBody, requestInfo, toFetchResponse, withTimeout } from '../shared/fetch.js';

export { hardenServer } from '../http/harden.js';
export type { PhiguardRequestInfo } from '../http/guard.js';
export type PhiguardEnv = { Variables: { phiguard: PhiguardRequestInfo } };

const maxResponse = (g: Phiguard) => g.policy.upstream?.maxResponseBytes ?? 10 * 1024 * 1024;
const timeout = () => new PhiguardError('PG_UPSTREAM_TIMEOUT', 'handler did not finish');

/**
 * Reads the body (capped, time-bounded), runs the pipeline with `forward`, returns the final
 * Response. With a node:http request behind the Request (@hono/node-server: `env.incoming`) the body
 * is read from the socket stream itself, as every node adapter does: runtimes build fetch Requests
 * without a body for GET/HEAD, which would hide a smuggled body from the checks.
 */
async function run(guard: Phiguard, req: Request, env: unknown, forward: (ctx: GuardContext<CompiledRoute>) => Promise<unknown>): Promise<Response> {
  const { maxRequestBytes, requestTimeoutMs } = guard.policy.limits;
  const incoming = nodeIncoming(env);
  const headOnly = (incoming?.method ?? req.method) === 'HEAD';
  let request: GuardRequest;
  let fwd: Forward<CompiledRoute>;
  try {
    if (incoming && bodyTaken(incoming)) {
      throw new PhiguardError('PG_INTERNAL', 'request body was read before phiguard: make phiguardHono the first middleware');
    }
    const body = incoming ? await readBody(incoming, maxRequestBytes, requestTimeoutMs) : await readFetchBody(req, maxRequestBytes, requestTimeoutMs);
    request = fetchToGuardRequest(req, body, incoming);
    // The deadline covers the handler AND reading its body (a body stream that never ends).
    fwd = (ctx) => withTimeout(forward(ctx).then((res) => fromFetchResponse(res, maxResponse(guard))), requestTimeoutMs, timeout);
  } catch (err) {
    // Still run (and audit) the request without its body; forwarding is replaced by the read error.
    const e = toPhiguardError(err);
    request = { ...fetchToGuardRequest(req, null, incoming), bodyError: e.code };
    fwd = () => Promise.reject(e);
  }
  const { response } = await guard.handle(request, fwd);
  return toFetchResponse(response, headOnly);
}

/**
 * True when the request declares a body and something already consumes the node stream (e.g. a
 * middleware before phiguard read `c.req.raw`): the pipeline would check an empty body while the
 * bytes went elsewhere, so the request fails closed instead.
 */
function bodyTaken(incoming: IncomingMessage): boolean {
  const declares = incoming.headers['transfer-encoding'] !== undefined || Number(incoming.headers['content-length'] ?? 0) > 0;
  return declares && (incoming.readableFlowing !== null || incoming.readableEnded);
}

/** Decoded segments of a URL pathname ('/' has none); undecodable input never equals a checked path. */
const segmentsOf = (pathname: string): string[] => {
  const parts = pathname === '/' ? [] : pathname.slice(1).split('/');
  return parts.map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return '\u0000';
    }
  });
};

export function phiguardHono(guard: Phiguard): MiddlewareHandler<PhiguardEnv> {
  return async (c: Context<PhiguardEnv>, next) => {
    const res = await run(guard, c.req.raw, c.env, async (ctx) => {
      // Hono already routed on its own parse of the URL: it must be the path that was checked.
      const seen = segmentsOf(new URL(c.req.url).pathname);
      const checked = ctx.canonical?.segments ?? [];
      if (seen.length !== checked.length || seen.some((s, i) => s !== checked[i])) throw new PhiguardError('PG_PATH_INVALID', 'framework routed a different path');
      c.set('phiguard', requestInfo(ctx));
      // From here on the handler sees only the checked request: canonical URL and query, checked
      // headers, and exactly the checked body (c.req.json()/text()/arrayBuffer() read it).
      c.req.raw = canonicalFetchRequest(ctx, c.req.url);
      c.req.path = ctx.canonical!.path;
      c.req.bodyCache = {};
      await next();
      return c.res;
    });
    c.res = undefined; // otherwise Hono merges the handler's unchecked headers back in
    c.res = res;
  };
}

const INFO = new WeakMap<Request, PhiguardRequestInfo>();

/** What the pipeline decided about a Request handed to a phiguardFetch handler. */
export function phiguardInfo(req: Request): PhiguardRequestInfo | undefined {
  return INFO.get(req);
}

export type FetchHandler<E = unknown> = (req: Request, env?: E) => Response | Promise<Response>;

/**
 * Wraps any fetch-style handler (`app.fetch`, a Worker/Deno/Bun handler). The handler receives a
 * new Request built only from the checked canonical target, headers and body.
 */
export function phiguardFetch<E = unknown>(guard: Phiguard, handler: FetchHandler<E>): (req: Request, env?: E) => Promise<Response> {
  return async (req, env) =>
    run(guard, req, env, async (ctx) => {
      const inner = canonicalFetchRequest(ctx, req.url);
      INFO.set(inner, requestInfo(ctx));
      return handler(inner, env);
    });
}
