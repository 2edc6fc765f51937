/**
 * Server-level hardening shared by every node:http-based adapter (node, Express, Fastify, Hono on
 * @hono/node-server):
 *  - requests the HTTP parser rejects (oversize headers, TE+CL, malformed framing) get a `PG_*` JSON
 *    error instead of Node's bare default;
 *  - header limits come from the policy;
 *  - a request whose method, target or headers the canonicalize stage rejects is denied by the
 *    pipeline (and audited) BEFORE the framework parses it, so framework quirks (URL parsers that
 *    throw, routers that reject bad URLs without hooks) cannot change the outcome.
 *
 *   const server = hardenServer(app.listen(8080), guard);
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { REASON_CODES, toPhiguardError, type ReasonCode } from '../../core/errors.js';
import { denialResponse } from '../../core/pipeline.js';
import type { GuardContext } from '../../core/context.js';
import { createCanonicalizeStage } from '../../guards/canonicalize/index.js';
import type { Phiguard } from '../../runtime/index.js';
import { toGuardRequest, writeResponse } from './http.js';
import { guardNodeRequest } from './index.js';

const HARDENED = Symbol.for('phiguard.hardened');

/** Raw HTTP/1.1 error response for a request the parser could not read (no request id exists yet). */
export function clientErrorResponse(err: NodeJS.ErrnoException): string {
  const code: ReasonCode =
    err.code === 'HPE_HEADER_OVERFLOW' ? 'PG_HEADER_TOO_LARGE' : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'PG_REQUEST_TIMEOUT' : 'PG_FRAMING_INVALID';
  const status = REASON_CODES[code].status;
  const reason = status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request';
  const body = JSON.stringify({ error: { code, message: REASON_CODES[code].message } });
  return `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\ncache-control: no-store\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`;
}

/** The `clientError` listener: a PG_* JSON answer when the socket can still take one, else close it. */
export function handleClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  const busy = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
  if (!socket.writable || busy || err.code === 'ECONNRESET' || err.code === 'EPIPE') {
    socket.destroy();
    return;
  }
  socket.end(clientErrorResponse(err));
}

export function hardenServer<S extends Server>(server: S, guard: Phiguard): S {
  const s = server as S & { [HARDENED]?: boolean; maxHeaderSize?: number };
  if (s[HARDENED]) return server;
  s[HARDENED] = true;
  const limits = guard.policy.limits;
  s.maxHeaderSize = limits.maxHeaderBytes; // read per connection by node:http
  s.maxHeadersCount = limits.maxHeaderCount; // canonicalize rejects a request that reaches it (431)

  s.removeAllListeners('clientError');
  s.on('clientError', handleClientError);

  const canonicalize = createCanonicalizeStage(guard.policy);
  const listeners = s.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  s.removeAllListeners('request');
  s.on('request', (req: IncomingMessage, res: ServerResponse) => {
    let hazard: unknown;
    try {
      canonicalize.onRequest!({ request: toGuardRequest(req, null) } as GuardContext as never);
    } catch (err) {
      hazard = toPhiguardError(err);
    }
    if (hazard === undefined) {
      for (const l of listeners) l.call(s, req, res);
      return;
    }
    // The pipeline denies it at canonicalize (and audits); forwarding is impossible by construction.
    guardNodeRequest(guard, req, res, { forward: () => Promise.reject(hazard) }).catch(() => {
      if (!res.headersSent) writeResponse(res, denialResponse('PG_INTERNAL', ''));
      else res.destroy();
    });
  });
  return server;
}
