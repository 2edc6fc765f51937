/**
 * Runs one node:http request through the pipeline: read the body (capped, time-bounded), hand the
 * checked request to an in-process handler (captured) or a forward function (the gateway), write
 * the final response. The base every node:http-based adapter and the gateway share.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { toPhiguardError } from '../../core/errors.js';
import type { Forward } from '../../core/pipeline.js';
import type { GuardContext } from '../../core/context.js';
import type { CompiledRoute } from '../../policy/types.js';
import type { Phiguard } from '../../runtime/index.js';
import { captureResponse, type Capture } from './capture.js';
import { bodyless, failClosed, readBody, toGuardRequest, writeResponse } from './io.js';

export interface PhiguardRequestInfo {
  readonly requestId: string;
  readonly principal: GuardContext['principal'];
  readonly route: string | undefined;
  readonly params: Readonly<Record<string, string>>;
}

export function requestInfo(ctx: GuardContext): PhiguardRequestInfo {
  return Object.freeze({ requestId: ctx.id, principal: ctx.principal, route: ctx.route?.route.id, params: ctx.route?.params ?? {} });
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
  r.phiguard = requestInfo(ctx);
}

/**
 * Where a guarded request goes once allowed: an in-process handler (`next`), a forward function
 * (gateway), or nowhere: `deny` fails the request closed with that error, still through the
 * pipeline so it is audited.
 */
export type NodeTarget =
  | { readonly next: () => void | Promise<void> }
  | { readonly forward: Forward<CompiledRoute>; readonly probe?: Forward<CompiledRoute> }
  | { readonly deny: unknown };

async function guardNodeRequest(guard: Phiguard, req: IncomingMessage, res: ServerResponse, target: NodeTarget): Promise<void> {
  const limits = guard.policy.limits;
  const headOnly = req.method === 'HEAD';
  let body: Uint8Array | null = null;
  try {
    // Nothing to read when the framing says there is no body: no listeners, no timer.
    body = bodyless(req) ? null : await readBody(req, limits.maxRequestBytes, limits.requestTimeoutMs);
  } catch (err) {
    // The pipeline still runs (and audits) the request without its body; forwarding is
    // replaced by the read error, so the request is denied with that error's code.
    const e = toPhiguardError(err);
    const { response } = await guard.handle({ ...toGuardRequest(req, null), bodyError: e.code }, () => Promise.reject(e));
    writeResponse(res, response, headOnly);
    return;
  }
  const request = toGuardRequest(req, body);
  let capture: Capture | undefined;
  let forward: Forward<CompiledRoute>;
  if ('deny' in target) forward = () => Promise.reject(target.deny);
  else if ('forward' in target) forward = target.forward;
  else {
    forward = async (ctx) => {
      exposeChecked(req, ctx);
      capture = captureResponse(res, guard.policy.upstream?.maxResponseBytes ?? 10 * 1024 * 1024, limits.requestTimeoutMs);
      await target.next();
      return capture.done;
    };
  }
  const { response } = await guard.handle(request, forward, 'forward' in target ? target.probe : undefined);
  if (capture) capture.release(response, headOnly);
  else writeResponse(res, response, headOnly);
}

/** Guards one request; whatever fails outside the pipeline fails closed (`failClosed`). Never rejects. */
export function runGuarded(guard: Phiguard, req: IncomingMessage, res: ServerResponse, target: NodeTarget): Promise<void> {
  return guardNodeRequest(guard, req, res, target).catch(() => failClosed(res));
}
