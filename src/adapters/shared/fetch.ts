/**
 * fetch (WHATWG Request/Response) <-> neutral shape, for fetch-style adapters (Hono, phiguardFetch).
 * Every read is size-capped and time-bounded; every failure is a PhiguardError (fail closed).
 */
import type { IncomingMessage } from 'node:http';
import { PhiguardError } from '../../core/errors.js';
import type { GuardContext } from '../../core/context.js';
import type { GuardRequest, GuardResponse } from '../../core/types.js';
import { headerList, stripHopByHop, transportOf } from '../http/io.js';
export { requestInfo } from '../http/guard.js';

/** The node:http request behind a fetch Request, when the runtime exposes it (@hono/node-server: `env.incoming`). */
export function nodeIncoming(env: unknown): IncomingMessage | undefined {
  const incoming = (env as { incoming?: IncomingMessage } | null | undefined)?.incoming;
  return incoming && typeof incoming === 'object' && Array.isArray(incoming.rawHeaders) ? incoming : undefined;
}

export async function withTimeout<T>(work: Promise<T>, ms: number, err: () => PhiguardError): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(err()), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** Reads a web stream fully; rejects with `tooLarge` past maxBytes (and cancels the stream). */
export async function readStream(stream: ReadableStream<Uint8Array> | null, maxBytes: number, tooLarge: () => PhiguardError): Promise<Uint8Array | null> {
  if (!stream) return null;
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        void reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  return size === 0 ? null : Buffer.concat(chunks, size);
}

/** Reads a request body with the policy's cap and deadline. */
export async function readFetchBody(req: Request, maxBytes: number, timeoutMs: number): Promise<Uint8Array | null> {
  const declared = req.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) throw new PhiguardError('PG_BODY_TOO_LARGE', 'declared length over limit');
  const tooLarge = () => new PhiguardError('PG_BODY_TOO_LARGE', 'body over limit');
  return withTimeout(readStream(req.body, maxBytes, tooLarge), timeoutMs, () => new PhiguardError('PG_REQUEST_TIMEOUT'));
}

/**
 * The neutral request. With a node:http request behind it, the raw target, the exact header list,
 * the socket peer and TLS facts come from there; a pure fetch runtime only has the URL as parsed
 * (already WHATWG-normalised) and merged headers.
 */
export function fetchToGuardRequest(req: Request, body: Uint8Array | null, incoming?: IncomingMessage, remoteAddress = ''): GuardRequest {
  if (incoming) {
    const tls = transportOf(incoming);
    return {
      method: incoming.method ?? req.method,
      target: incoming.url ?? '',
      headers: headerList(incoming.rawHeaders),
      body,
      remoteAddress: incoming.socket?.remoteAddress ?? '',
      ...(incoming.socket?.remotePort !== undefined ? { remotePort: incoming.socket.remotePort } : {}),
      ...(tls ? { tls } : {}),
      framingHazard: incoming.headers['transfer-encoding'] !== undefined && incoming.headers['content-length'] !== undefined,
    };
  }
  const url = new URL(req.url);
  return {
    method: req.method,
    target: url.pathname + url.search,
    headers: [...req.headers].map(([k, v]) => [k.toLowerCase(), v] as const),
    body,
    remoteAddress,
    framingHazard: req.headers.has('transfer-encoding') && req.headers.has('content-length'),
  };
}

/** Reads a handler's Response into the neutral shape (capped). */
export async function fromFetchResponse(res: Response, maxBytes: number): Promise<GuardResponse> {
  if (!(res instanceof Response)) throw new PhiguardError('PG_HANDLER_ERROR', 'handler returned no Response');
  const headers: Array<[string, string]> = [];
  for (const [k, v] of res.headers) headers.push([k.toLowerCase(), v]);
  const body = await readStream(res.body, maxBytes, () => new PhiguardError('PG_UPSTREAM_RESPONSE_TOO_LARGE', 'handler response over limit'));
  return { status: res.status, headers: stripHopByHop(headers), body };
}

/** The final Response: framing recomputed, never copied (same rules as writeResponse). */
export function toFetchResponse(response: GuardResponse, headOnly: boolean): Response {
  const headers = new Headers();
  for (const [k, v] of stripHopByHop(response.headers)) headers.append(k, v);
  const noBody = response.status === 204 || response.status === 304;
  const body = response.body ?? new Uint8Array(0);
  if (!noBody) headers.set('content-length', String(body.byteLength));
  return new Response(headOnly || noBody || body.byteLength === 0 ? null : body, { status: response.status, headers });
}

/** The checked request as a fresh fetch Request: canonical target, checked headers and body only. */
export function canonicalFetchRequest(ctx: GuardContext, base: string): Request {
  const c = ctx.canonical;
  if (!c) throw new PhiguardError('PG_INTERNAL', 'forward without canonical request');
  const headers = new Headers();
  for (const [k, v] of stripHopByHop([...c.headers])) headers.append(k, v);
  const body = c.body && c.body.byteLength > 0 ? c.body : null;
  return new Request(new URL(c.forwardTarget, base), { method: c.method, headers, ...(body ? { body } : {}) });
}
