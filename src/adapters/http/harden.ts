/**
 * Server-level hardening shared by every node:http-based shell (the node, Express, Fastify and Hono
 * adapters, and the gateway):
 *  - requests the HTTP parser rejects (oversize headers, TE+CL, malformed framing) get a `PG_*` JSON
 *    error instead of Node's bare default, and an operator log line with the code only;
 *  - header limits come from the policy.
 * `hardenServer` (adapters) adds: a request whose method, target or headers the canonicalize stage
 * rejects is denied by the pipeline (and audited) BEFORE the framework parses it, so framework
 * quirks (URL parsers that throw, routers that reject bad URLs without hooks) cannot change the
 * outcome. The gateway has no framework in front of the pipeline and needs only `hardenListener`.
 *
 *   const server = hardenServer(app.listen(8080), guard);
 */
import { ServerResponse, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { PhiguardError, REASON_CODES, type ReasonCode } from '../../core/errors.js';
import type { Phiguard } from '../../runtime/index.js';
import { runGuarded } from './guard.js';
import { toGuardRequest } from './io.js';

const HARDENED = Symbol.for('phiguard.hardened');
const LISTENER = Symbol.for('phiguard.hardened-listener');

/** Raw HTTP/1.1 error response for a request the parser could not read (no request id exists yet). */
export function clientErrorResponse(err: NodeJS.ErrnoException): string {
  const code = clientErrorCode(err);
  const status = REASON_CODES[code].status;
  const reason = status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request';
  const body = JSON.stringify({ error: { code, message: REASON_CODES[code].message } });
  return `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\ncache-control: no-store\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`;
}

function clientErrorCode(err: NodeJS.ErrnoException): ReasonCode {
  return err.code === 'HPE_HEADER_OVERFLOW' ? 'PG_HEADER_TOO_LARGE' : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'PG_REQUEST_TIMEOUT' : 'PG_FRAMING_INVALID';
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

/** Parser errors as PG_* answers (logged by code), and the policy's header limits. Idempotent. */
export function hardenListener<S extends Server>(server: S, guard: Phiguard): S {
  const s = server as S & { [LISTENER]?: boolean; maxHeaderSize?: number };
  if (s[LISTENER]) return server;
  s[LISTENER] = true;
  const limits = guard.policy.limits;
  s.maxHeaderSize = limits.maxHeaderBytes; // read per connection by node:http
  // Node drops headers past this count silently; canonicalize rejects a request that reaches it (431).
  s.maxHeadersCount = limits.maxHeaderCount;
  s.removeAllListeners('clientError');
  s.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    // Requests the parser rejects never reach the pipeline (no request exists): the code only.
    guard.log({ level: 'info', event: 'client_error', detail: err.code ?? 'parse error' });
    handleClientError(err, socket);
  });
  // Upgrade requests (websocket, h2c) are never handed over: the pipeline denies them (PG_UPGRADE_REFUSED,
  // audited) on a one-shot response, then the connection is closed.
  s.removeAllListeners('upgrade');
  s.on('upgrade', (req: IncomingMessage, socket: Duplex) => refuseUpgrade(guard, req, socket));
  // Expect: 100-continue: a declared body over the limit is answered 413 (readBody) before any 100 Continue.
  s.removeAllListeners('checkContinue');
  s.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (!(Number(req.headers['content-length']) > limits.maxRequestBytes)) res.writeContinue();
    s.emit('request', req, res);
  });
  return server;
}

function refuseUpgrade(guard: Phiguard, req: IncomingMessage, socket: Duplex): void {
  const res = new ServerResponse(req);
  res.assignSocket(socket as Socket);
  res.shouldKeepAlive = false;
  res.on('finish', () => socket.end());
  socket.on('error', () => socket.destroy());
  void runGuarded(guard, req, res, { deny: new PhiguardError('PG_UPGRADE_REFUSED', 'upgrade event') });
}

export function hardenServer<S extends Server>(server: S, guard: Phiguard): S {
  const s = server as S & { [HARDENED]?: boolean };
  if (s[HARDENED]) return server;
  s[HARDENED] = true;
  hardenListener(server, guard);
  const listeners = s.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  s.removeAllListeners('request');
  s.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const hazard = guard.precheck(toGuardRequest(req, null));
    if (hazard === undefined) {
      for (const l of listeners) l.call(s, req, res);
      return;
    }
    // The pipeline denies it at canonicalize (and audits); forwarding is impossible by construction.
    void runGuarded(guard, req, res, { deny: hazard });
  });
  return server;
}
