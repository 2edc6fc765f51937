/**
 * Captures what an in-process handler writes to a ServerResponse so the response can be
 * inspected (and audited) before a single byte reaches the client.
 */
import type { ServerResponse } from 'node:http';
import { PhiguardError } from '../../core/errors.js';
import type { GuardResponse } from '../../core/types.js';
import { writeResponse } from './io.js';

type Chunk = string | Uint8Array;
const toBuf = (c: Chunk, enc?: BufferEncoding) => (typeof c === 'string' ? Buffer.from(c, enc ?? 'utf8') : Buffer.from(c.buffer, c.byteOffset, c.byteLength));

export interface Capture {
  /** Resolves when the handler ends its response; rejects if it exceeds maxBytes or timeoutMs. */
  readonly done: Promise<GuardResponse>;
  /** Restores the real response object and writes the final (inspected) response. */
  release(response: GuardResponse, headOnly: boolean): void;
}

export function captureResponse(res: ServerResponse, maxBytes: number, timeoutMs: number): Capture {
  const chunks: Buffer[] = [];
  let size = 0;
  let settled = false;
  let resolveDone!: (r: GuardResponse) => void;
  let rejectDone!: (e: unknown) => void;
  const done = new Promise<GuardResponse>((res_, rej) => {
    resolveDone = res_;
    rejectDone = rej;
  });
  // A handler that throws before anyone awaits `done` must not leave an unhandled rejection behind.
  done.catch(() => undefined);
  const timer = setTimeout(() => fail(new PhiguardError('PG_UPSTREAM_TIMEOUT', 'handler did not finish')), timeoutMs);
  const fail = (e: unknown) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    rejectDone(e);
  };
  const add = (c: Chunk | undefined | null, enc?: BufferEncoding) => {
    if (c === undefined || c === null || settled) return;
    const b = toBuf(c, enc);
    size += b.length;
    if (size > maxBytes) fail(new PhiguardError('PG_UPSTREAM_RESPONSE_TOO_LARGE', 'handler response over limit'));
    else chunks.push(b);
  };
  const r = res as unknown as Record<string, unknown>;
  const patched = ['writeHead', 'write', 'end', 'flushHeaders', 'writeContinue', 'writeProcessing', 'writeEarlyHints'];

  r.writeHead = (status: number, reason?: unknown, headers?: unknown) => {
    res.statusCode = status;
    const h = (typeof reason === 'object' ? reason : headers) as Record<string, string | string[]> | string[] | undefined;
    if (Array.isArray(h)) for (let i = 0; i + 1 < h.length; i += 2) res.setHeader(h[i] as string, h[i + 1] as string);
    else if (h) for (const [k, v] of Object.entries(h)) if (v !== undefined) res.setHeader(k, v);
    return res;
  };
  r.flushHeaders = () => undefined;
  r.writeContinue = () => undefined;
  r.writeProcessing = () => undefined;
  r.writeEarlyHints = () => undefined;
  r.write = (chunk: Chunk, enc?: unknown, cb?: unknown) => {
    add(chunk, typeof enc === 'string' ? (enc as BufferEncoding) : undefined);
    const fn = typeof enc === 'function' ? enc : cb;
    if (typeof fn === 'function') queueMicrotask(() => (fn as () => void)());
    return true;
  };
  r.end = (chunk?: unknown, enc?: unknown, cb?: unknown) => {
    if (typeof chunk === 'function') cb = chunk;
    else add(chunk as Chunk, typeof enc === 'string' ? (enc as BufferEncoding) : undefined);
    const fn = typeof enc === 'function' ? enc : cb;
    if (!settled) {
      settled = true;
      clearTimeout(timer);
      const headers: Array<[string, string]> = [];
      for (const [k, v] of Object.entries(res.getHeaders())) {
        if (v === undefined) continue;
        for (const one of Array.isArray(v) ? v : [v]) headers.push([k.toLowerCase(), String(one)]);
      }
      resolveDone({ status: res.statusCode, headers, body: size === 0 ? null : Buffer.concat(chunks, size) });
    }
    if (typeof fn === 'function') queueMicrotask(() => (fn as () => void)());
    return res;
  };
  res.once('close', () => fail(new PhiguardError('PG_HANDLER_ERROR', 'client closed before handler finished')));

  return {
    done,
    release(response, headOnly) {
      clearTimeout(timer);
      for (const name of patched) delete r[name];
      for (const name of res.getHeaderNames()) res.removeHeader(name);
      if (res.headersSent || res.writableEnded) return;
      writeResponse(res, response, headOnly);
    },
  };
}
