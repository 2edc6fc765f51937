/**
 * node:http primitives shared by every node:http-based adapter and the gateway: read a request
 * into the neutral shape, write a final response, and fail closed when anything else went wrong.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { PhiguardError } from '../../core/errors.js';
import { denialResponse } from '../../core/pipeline.js';
import type { GuardRequest, GuardResponse, HeaderList, TransportInfo } from '../../core/types.js';

/** Hop-by-hop headers (RFC 9110 7.6.1) and framing headers: never forwarded as received. */
export const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'content-length',
]);

/** Removes hop-by-hop headers, including any named in Connection. Returns a new list of new pairs. */
export function stripHopByHop(headers: ReadonlyArray<readonly [string, string]>): Array<[string, string]> {
  let named: Set<string> | undefined;
  for (const [k, v] of headers) if (k === 'connection') for (const t of v.split(',')) (named ??= new Set()).add(t.trim().toLowerCase());
  const out: Array<[string, string]> = [];
  for (const [k, v] of headers) if (!HOP_BY_HOP.has(k) && !named?.has(k)) out.push([k, v]);
  return out;
}

export function headerList(raw: readonly string[]): HeaderList {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([(raw[i] as string).toLowerCase(), raw[i + 1] as string]);
  return out;
}

export function transportOf(req: IncomingMessage): TransportInfo | undefined {
  const sock = req.socket as TLSSocket;
  if (!sock.encrypted) return undefined;
  const cert = sock.getPeerCertificate?.();
  // Presented certificates are passed on with `authorized`: identify refuses unverified ones with a code.
  const hasCert = cert && Object.keys(cert).length > 0;
  return {
    encrypted: true,
    protocol: sock.getProtocol?.() ?? undefined,
    authorized: sock.authorized,
    ...(hasCert
      ? {
          peerCertificate: {
            subject: cert.subject ? Object.entries(cert.subject).map(([k, v]) => `${k}=${String(v)}`).join(',') : '',
            fingerprint256: cert.fingerprint256,
            ...(cert.subjectaltname ? { san: cert.subjectaltname.split(', ') } : {}),
            ...(cert.issuer ? { issuer: Object.entries(cert.issuer).map(([k, v]) => `${k}=${String(v)}`).join(',') } : {}),
          },
        }
      : {}),
  };
}

/**
 * True when the request has no body by its framing (RFC 9112 6.3: a request with neither
 * Content-Length nor Transfer-Encoding has a zero-length body), so there is nothing to read.
 */
export function bodyless(req: IncomingMessage): boolean {
  return req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined;
}

/**
 * Buffers the request body with a hard size cap and a deadline. Rejects before reading when
 * Content-Length already exceeds the cap.
 */
export function readBody(req: IncomingMessage, maxBytes: number, timeoutMs: number): Promise<Uint8Array | null> {
  return new Promise((resolve, reject) => {
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > maxBytes) {
      req.resume();
      reject(new PhiguardError('PG_BODY_TOO_LARGE', 'declared length over limit'));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (err: PhiguardError | null, value?: Uint8Array | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      if (err) {
        req.resume();
        reject(err);
      } else resolve(value ?? null);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) finish(new PhiguardError('PG_BODY_TOO_LARGE', 'body over limit'));
      else chunks.push(chunk);
    };
    const onEnd = () => finish(null, size === 0 ? null : Buffer.concat(chunks, size));
    const onError = () => finish(new PhiguardError('PG_FRAMING_INVALID', 'request stream error'));
    const timer = setTimeout(() => finish(new PhiguardError('PG_REQUEST_TIMEOUT')), timeoutMs);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    if (req.complete && req.readableEnded) onEnd();
  });
}

export function toGuardRequest(req: IncomingMessage, body: Uint8Array | null): GuardRequest {
  const tls = transportOf(req);
  return {
    method: req.method ?? '',
    target: req.url ?? '',
    headers: headerList(req.rawHeaders),
    body,
    remoteAddress: req.socket.remoteAddress ?? '',
    ...(req.socket.remotePort !== undefined ? { remotePort: req.socket.remotePort } : {}),
    ...(tls ? { tls } : {}),
    framingHazard: req.headers['transfer-encoding'] !== undefined && req.headers['content-length'] !== undefined,
  };
}

/** Writes a final response; framing headers are recomputed here, never copied. */
export function writeResponse(res: ServerResponse, response: GuardResponse, headOnly = false): void {
  let named: Set<string> | undefined;
  for (const [k, v] of response.headers) if (k === 'connection') for (const t of v.split(',')) (named ??= new Set()).add(t.trim().toLowerCase());
  const out = Object.create(null) as Record<string, string | string[]>;
  for (const [k, v] of response.headers) {
    if (HOP_BY_HOP.has(k) || named?.has(k)) continue;
    const prev = out[k];
    if (prev === undefined) out[k] = v;
    else if (typeof prev === 'string') out[k] = [prev, v];
    else prev.push(v);
  }
  const body = response.body ?? new Uint8Array(0);
  const noBody = response.status === 204 || response.status === 304 || (response.status >= 100 && response.status < 200);
  if (!noBody) out['content-length'] = String(body.byteLength);
  res.writeHead(response.status, out);
  res.end(headOnly || noBody ? undefined : body);
}

/**
 * The last resort when guarding a request failed outside the pipeline (which never throws): a
 * generic PG_INTERNAL answer if nothing was sent yet, else the connection is cut. Never a partial
 * or unchecked response.
 */
export function failClosed(res: ServerResponse): void {
  try {
    if (!res.headersSent) {
      writeResponse(res, denialResponse('PG_INTERNAL', ''));
      return;
    }
  } catch {
    /* fall through: cut the connection */
  }
  res.destroy();
}
