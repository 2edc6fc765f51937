/**
 * The standalone gateway: a reverse proxy that runs every request through the pipeline and
 * forwards only what was checked. Serves /healthz and /readyz itself.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { denialResponse } from '../core/pipeline.js';
import { runGuarded } from '../adapters/http/guard.js';
import { hardenListener } from '../adapters/http/harden.js';
import { writeResponse } from '../adapters/http/io.js';
import type { Phiguard } from '../runtime/index.js';
import type { Readiness } from '../runtime/readiness.js';
import { createUpstream, type Upstream } from './upstream.js';
import type { UpstreamConfig } from '../policy/types.js';

export interface GatewayOptions {
  readonly guard: Phiguard;
  /** Overrides the policy's upstream URL. */
  readonly upstreamUrl?: string;
  readonly host?: string;
  readonly port?: number;
  /** Extra readiness checks (audit store, state store). */
  readonly ready?: () => Promise<boolean>;
  /**
   * Terminate TLS in the gateway. With `clientCa`, clients may present certificates (mTLS): the
   * verified certificate is the identity of system clients (`identity.mtls.clients`). Unverified or
   * absent certificates are not refused at the handshake: the pipeline denies (and audits) them.
   */
  readonly tls?: { readonly cert: Buffer; readonly key: Buffer; readonly clientCa?: Buffer };
}

export interface Gateway {
  readonly server: Server;
  readonly upstream: Upstream;
  /** `http://HOST:PORT` once listening. */
  url(): string;
  listen(): Promise<string>;
  /** Stops accepting, lets in-flight requests finish (up to graceMs), then closes pools. */
  close(graceMs?: number): Promise<void>;
}

const DEFAULT_UPSTREAM: Omit<UpstreamConfig, 'url'> = {
  connectTimeoutMs: 2_000,
  headersTimeoutMs: 10_000,
  bodyTimeoutMs: 30_000,
  maxResponseBytes: 10 * 1024 * 1024,
  connections: 64,
};

/** Forward-secret AEAD suites only: TLS 1.3 suites first, then ECDHE with AES-GCM or ChaCha20 for TLS 1.2. */
export const TLS_CIPHERS = [
  'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305', 'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256',
].join(':');
export const TLS_CURVES = 'X25519:P-256:P-384';
export const HSTS = 'max-age=31536000; includeSubDomains';

export function createGateway(opts: GatewayOptions): Gateway {
  const { guard } = opts;
  const policy = guard.policy;
  const url = opts.upstreamUrl ?? policy.upstream?.url;
  if (!url) throw new Error('no upstream: set upstream.url in the policy or pass --upstream URL');
  const upstream = createUpstream({ ...DEFAULT_UPSTREAM, ...policy.upstream, url }, policy.trustedProxies);
  let closing = false;
  let inFlight = 0;
  const readyz = async (): Promise<Readiness> => {
    try {
      const r = await guard.readiness();
      const extra = opts.ready ? await opts.ready().catch(() => false) : true;
      return extra ? r : { ready: false, checks: { ...r.checks, extra: { ok: false } } };
    } catch {
      return { ready: false, checks: { readiness: { ok: false, detail: 'check failed' } } };
    }
  };

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    if (closing) {
      res.setHeader('connection', 'close');
      writeResponse(res, denialResponse('PG_SHUTTING_DOWN', ''));
      return;
    }
    if (req.url === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
      writeResponse(res, { status: 200, headers: [['content-type', 'application/json'], ['cache-control', 'no-store']], body: Buffer.from('{"status":"ok"}') }, req.method === 'HEAD');
      return;
    }
    if (req.url === '/readyz' && (req.method === 'GET' || req.method === 'HEAD')) {
      void readyz().then((r) => {
        const checks = Object.fromEntries(Object.entries(r.checks).map(([k, c]) => [k, c.ok ? 'ok' : `failing${c.detail ? `: ${c.detail}` : ''}`]));
        const body = JSON.stringify({ status: r.ready ? 'ready' : 'not-ready', checks });
        writeResponse(res, { status: r.ready ? 200 : 503, headers: [['content-type', 'application/json'], ['cache-control', 'no-store']], body: Buffer.from(body) }, req.method === 'HEAD');
      });
      return;
    }
    inFlight++;
    // HSTS on every response the TLS listener serves, denials included (writeResponse keeps it).
    if (opts.tls) res.setHeader('strict-transport-security', HSTS);
    void runGuarded(guard, req, res, { forward: (ctx) => upstream.forward(ctx), probe: (ctx) => upstream.forward(ctx) }).finally(() => inFlight--);
  };

  const serverOptions = {
    maxHeaderSize: policy.limits.maxHeaderBytes,
    requestTimeout: policy.limits.requestTimeoutMs,
    headersTimeout: Math.min(policy.limits.requestTimeoutMs, 20_000),
    keepAliveTimeout: 5_000,
    requireHostHeader: true,
    joinDuplicateHeaders: false,
  };
  const server: Server = opts.tls
    ? createTlsServer(
        {
          ...serverOptions,
          cert: opts.tls.cert,
          key: opts.tls.key,
          // TLS 1.2 is the floor (1.0/1.1 refused); 1.3 is negotiated whenever the client offers it.
          minVersion: 'TLSv1.2',
          ciphers: TLS_CIPHERS,
          ecdhCurve: TLS_CURVES,
          honorCipherOrder: true,
          ...(opts.tls.clientCa ? { ca: opts.tls.clientCa, requestCert: true, rejectUnauthorized: false } : {}),
        },
        handler,
      )
    : createServer(serverOptions, handler);
  // The same listener hardening as the adapters: parser errors as PG_* answers, the policy's header limits.
  hardenListener(server, guard);

  let address = '';
  return {
    server,
    upstream,
    url: () => address,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(opts.port ?? 8080, opts.host ?? '127.0.0.1', () => {
          const a = server.address() as AddressInfo;
          address = `${opts.tls ? 'https' : 'http'}://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`;
          resolve(address);
        });
      }),
    async close(graceMs = 10_000) {
      closing = true;
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeIdleConnections();
      const deadline = Date.now() + graceMs;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      server.closeAllConnections();
      await closed;
      await upstream.close();
      await guard.close();
    },
  };
}
