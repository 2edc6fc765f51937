/**
 * node:http adapter: wraps a `(req, res)` handler so every request goes through the pipeline.
 *
 *   const guard = await createPhiguard({ policy: 'policy.yaml' });
 *   hardenServer(http.createServer(phiguardNode(guard, (req, res) => { ... })), guard).listen(8080);
 *
 * The handler receives the checked body as `req.body` (parsed JSON for JSON types, a Buffer
 * otherwise) and `req.rawBody`; the request stream is already consumed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { toPhiguardError } from '../../core/errors.js';
import { denialResponse, type Forward } from '../../core/pipeline.js';
import type { GuardContext } from '../../core/context.js';
import type { CompiledRoute } from '../../policy/types.js';
import type { Phiguard } from '../../runtime/index.js';
import { captureResponse } from './capture.js';
import { readBody, toGuardRequest, writeResponse } from './http.js';

// Server-level hardening (parser errors as PG_* JSON, header limits, canonicalize before any router).
export { clientErrorResponse, hardenServer } from './server.js';

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface PhiguardRequestInfo {
  readonly requestId: string;
  readonly principal: GuardContext['principal'];
  readonly route: string | undefined;
  readonly params: Readonly<Record<string, string>>;
}

/** Makes the checked request visible to the handler, exactly as validated. */
export function exposeChecked(req: IncomingMessage, ctx: GuardContext<CompiledRoute>): void {
  const r = req as IncomingMessage & Record<string, unknown>;
  const body = ctx.canonical?.body ?? null;
  const type = ctx.canonical?.headers.get('content-type') ?? '';
  r.rawBody = body ? Buffer.from(body) : undefined;
  if (body && /^application\/([a-z.+-]*\+)?json\b/i.test(type)) r.body = JSON.parse(Buffer.from(body).toString('utf8'));
  else if (body) r.body = Buffer.from(body);
  else r.body = undefined; // never leave a body some earlier code parsed from unchecked bytes
  r._body = true; // body parsers skip an already-read body
  // Handlers see the canonical target, never the raw one.
  if (ctx.canonical) req.url = ctx.canonical.forwardTarget;
  r.phiguard = Object.freeze({
    requestId: ctx.id,
    principal: ctx.principal,
    route: ctx.route?.route.id,
    params: ctx.route?.params ?? {},
  } satisfies PhiguardRequestInfo);
}

/** Where a guarded request goes once allowed: an in-process handler, or a forward function (gateway). */
export type NodeTarget = { readonly next: () => void | Promise<void> } | { readonly forward: Forward<CompiledRoute> };

/** Runs one node:http request through the guard and writes the final response. */
export async function guardNodeRequest(guard: Phiguard, req: IncomingMessage, res: ServerResponse, target: NodeTarget): Promise<void> {
  const limits = guard.policy.limits;
  const headOnly = req.method === 'HEAD';
  let body: Uint8Array | null = null;
  try {
    body = await readBody(req, limits.maxRequestBytes, limits.requestTimeoutMs);
  } catch (err) {
    // The pipeline still runs (and audits) the request without its body; forwarding is
    // replaced by the read error, so the request is denied with that error's code.
    const e = toPhiguardError(err);
    const { response } = await guard.handle({ ...toGuardRequest(req, null), bodyError: e.code }, () => Promise.reject(e));
    writeResponse(res, response, headOnly);
    return;
  }
  const request = toGuardRequest(req, body);
  let capture: ReturnType<typeof captureResponse> | undefined;
  const forward: Forward<CompiledRoute> =
    'forward' in target
      ? target.forward
      : async (ctx) => {
          exposeChecked(req, ctx);
          capture = captureResponse(res, guard.policy.upstream?.maxResponseBytes ?? 10 * 1024 * 1024, limits.requestTimeoutMs);
          await target.next();
          return capture.done;
        };
  const { response } = await guard.handle(request, forward);
  if (capture) capture.release(response, headOnly);
  else writeResponse(res, response, headOnly);
}

export function phiguardNode(guard: Phiguard, handler: NodeHandler): NodeHandler {
  return (req, res) => {
    guardNodeRequest(guard, req, res, { next: () => handler(req, res) }).catch(() => {
      if (!res.headersSent) writeResponse(res, denialResponse('PG_INTERNAL', ''));
      else res.destroy();
    });
  };
}
