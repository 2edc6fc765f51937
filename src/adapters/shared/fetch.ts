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

/** RFC 9110 field names, and values with no CR, LF or NUL (what a real Headers object guarantees). */
const FIELD_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const FIELD_VALUE = /^[^\r\n\0]*$/;
const notAResponse = (detail = 'handler returned no Response') => new PhiguardError('PG_HANDLER_ERROR', detail);

/**
 * A Response's header list, read structurally: any iterable of [name, value] pairs, `entries()` or
 * `forEach(value, name)` (Headers from another realm or runtime, @hono/node-server's lightweight
 * Response...). Names and values must be valid field names and values, else the handler's answer
 * is refused.
 */
function responseHeaders(h: unknown): Array<[string, string]> {
  if (h === null || typeof h !== 'object') throw notAResponse('handler Response has no headers');
  const o = h as { [Symbol.iterator]?: unknown; entries?: unknown; forEach?: unknown };
  const out: Array<[string, string]> = [];
  const add = (k: unknown, v: unknown) => {
    if (typeof k !== 'string' || typeof v !== 'string' || !FIELD_NAME.test(k) || !FIELD_VALUE.test(v)) throw notAResponse('handler Response has an invalid header');
    out.push([k.toLowerCase(), v]);
  };
  const pairs = (it: Iterable<unknown>) => {
    for (const e of it) {
      if (!Array.isArray(e) || e.length !== 2) throw notAResponse('handler Response has an invalid header');
      add(e[0], e[1]);
    }
  };
  // Plain arrays and records are not a Response's headers (a handler returned a plain object).
  if (Array.isArray(h)) throw notAResponse('handler Response has no headers');
  if (typeof o[Symbol.iterator] === 'function') pairs(h as Iterable<unknown>);
  else if (typeof o.entries === 'function') pairs((o.entries as () => Iterable<unknown>).call(h));
  else if (typeof o.forEach === 'function') (o.forEach as (cb: (v: unknown, k: unknown) => void) => void).call(h, (v, k) => add(k, v));
  else throw notAResponse('handler Response has no headers');
  return out;
}

/** An ArrayBuffer or view from any realm as bytes (by tag, not `instanceof`), else undefined. */
function toBytes(buf: unknown): Uint8Array | undefined {
  if (ArrayBuffer.isView(buf)) return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  const tag = Object.prototype.toString.call(buf);
  return tag === '[object ArrayBuffer]' || tag === '[object SharedArrayBuffer]' ? new Uint8Array(buf as ArrayBuffer) : undefined;
}

/**
 * Reads a handler's Response into the neutral shape (capped). The Response is recognised by its
 * shape, not by `instanceof`: runtimes replace the global (@hono/node-server installs a
 * "lightweight" Response class, so a `Response.json()` or undici Response is not an instance of the
 * global one) and other realms have their own. What is accepted: an object with an integer
 * `status` in 200..599, headers (iterable / `entries()` / `forEach`), an `arrayBuffer()` method, and
 * a `body` that is a ReadableStream or null. Anything else (null, plain objects, strings, a used
 * body) is refused with PG_HANDLER_ERROR: never released.
 */
export async function fromFetchResponse(res: unknown, maxBytes: number): Promise<GuardResponse> {
  if (res === null || typeof res !== 'object') throw notAResponse();
  const r = res as { status?: unknown; headers?: unknown; body?: unknown; bodyUsed?: unknown; arrayBuffer?: unknown };
  const status = r.status;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599) throw notAResponse('handler Response has an invalid status');
  if (typeof r.arrayBuffer !== 'function') throw notAResponse();
  const headers = responseHeaders(r.headers);
  if (r.bodyUsed === true) throw notAResponse('handler Response body already read');
  const stream = r.body;
  if (stream !== null && stream !== undefined && typeof (stream as { getReader?: unknown }).getReader !== 'function') throw notAResponse('handler Response body is not a stream');
  const tooLarge = () => new PhiguardError('PG_UPSTREAM_RESPONSE_TOO_LARGE', 'handler response over limit');
  let body: Uint8Array | null;
  if (stream) body = await readStream(stream as ReadableStream<Uint8Array>, maxBytes, tooLarge);
  else if (stream === null) body = null;
  else {
    // No body property at all: the one read the object offers (checked after the fact).
    const buf: unknown = await (r.arrayBuffer as () => Promise<unknown>).call(res);
    const bytes = toBytes(buf);
    if (!bytes) throw notAResponse('handler Response body is not bytes');
    if (bytes.byteLength > maxBytes) throw tooLarge();
    body = bytes.byteLength === 0 ? null : bytes;
  }
  return { status, headers: stripHopByHop(headers), body };
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
