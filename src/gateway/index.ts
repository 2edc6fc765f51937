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
import { failClosed, writeResponse } from '../adapters/http/io.js';
import { DEFAULT_TLS } from '../policy/tls.js';
import type { Phiguard } from '../runtime/index.js';
import type { Readiness } from '../runtime/readiness.js';
import { addressMatcher, answerInsecure, transportDecision } from './plain-http.js';
import { loadTlsMaterial, resolveTlsSources, sourceFiles, TlsMaterialError, watchFiles, type ListenerTls, type TlsMaterial } from './tls.js';
import { createUpstream, type Upstream } from './upstream.js';
import { configKey } from '../runtime/shared.js';
import type { UpstreamConfig } from '../policy/types.js';

export { TLS_CIPHERS, TLS_CURVES } from '../policy/tls.js';
export { resolveTlsSources, type ListenerTls, type PemSource } from './tls.js';

/** What a TLS reload did: `changed` false when the files were unchanged; on failure the old context stays. */
export type TlsReloadResult = { readonly ok: true; readonly changed: boolean } | { readonly ok: false; readonly error: string };

export interface GatewayOptions {
  readonly guard: Phiguard;
  /** Overrides the policy's upstream URL. */
  readonly upstreamUrl?: string;
  readonly host?: string;
  readonly port?: number;
  /** Extra readiness checks (audit store, state store). */
  readonly ready?: () => Promise<boolean>;
  /**
   * Terminate TLS in the gateway (default: the policy's `tls.cert`/`tls.key`, if any). Buffers, files
   * (re-read by `reloadTls()`) or PEM text. With `clientCa`, clients may present certificates (mTLS):
   * the verified certificate is the identity of system clients (`identity.mtls.clients`). Unverified
   * or absent certificates are not refused at the handshake: the pipeline denies (and audits) them.
   * Version floor, suites and curves come from the policy's `tls:` section.
   */
  readonly tls?: ListenerTls;
  /** Called after every TLS reload attempt (SIGHUP, `tls.watch`, `reloadTls()`). */
  readonly onTlsReload?: (r: TlsReloadResult) => void;
}

export interface Gateway {
  readonly server: Server;
  /** The upstream in use (replaced when a policy reload changes `upstream:`). */
  readonly upstream: Upstream;
  /** `http://HOST:PORT` once listening. */
  url(): string;
  listen(): Promise<string>;
  /**
   * Re-reads the certificate, key and client CA and swaps them in for new connections; open
   * connections keep theirs. Invalid files are refused (logged by name) and the old context stays.
   */
  reloadTls(): TlsReloadResult;
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
export const HSTS = 'max-age=31536000; includeSubDomains';

export function createGateway(opts: GatewayOptions): Gateway {
  const { guard } = opts;
  const policy = guard.policy;
  const url = opts.upstreamUrl ?? policy.upstream?.url;
  if (!url) throw new Error('no upstream: set upstream.url in the policy or pass --upstream URL');
  let upstream = createUpstream({ ...DEFAULT_UPSTREAM, ...policy.upstream, url }, policy.trustedProxies);
  // TLS material, ciphers and the listener's parser limits are fixed at start; the rest follows reloads.
  const settings = policy.tls ?? DEFAULT_TLS;
  let transport = { tls: settings, publicUrl: policy.upstream?.publicUrl };
  const tls = opts.tls ?? resolveTlsSources({}, {}, settings);
  let material: TlsMaterial | undefined = tls ? loadTlsMaterial(tls, settings) : undefined;
  let trusted = addressMatcher(policy.trustedProxies);
  const retiring = new Set<Promise<void>>();
  const unsubscribe = guard.onReload((next, prev) => {
    trusted = addressMatcher(next.trustedProxies);
    transport = { tls: next.tls ?? DEFAULT_TLS, publicUrl: next.upstream?.publicUrl };
    const nextUrl = opts.upstreamUrl ?? next.upstream?.url;
    if (nextUrl && (configKey(next.upstream) !== configKey(prev.upstream) || configKey(next.trustedProxies) !== configKey(prev.trustedProxies))) {
      const old = upstream;
      upstream = createUpstream({ ...DEFAULT_UPSTREAM, ...next.upstream, url: nextUrl }, next.trustedProxies);
      // Requests already forwarded finish on the old pool; it closes once they have.
      const p = old.close().catch(() => undefined).finally(() => retiring.delete(p));
      retiring.add(p);
    }
    const fixed = [configKey(next.limits.maxHeaderBytes, next.limits.requestTimeoutMs) !== configKey(prev.limits.maxHeaderBytes, prev.limits.requestTimeoutMs) ? 'limits.maxHeaderBytes/requestTimeout' : '',
      configKey(next.tls?.cert, next.tls?.key, next.tls?.clientCa, next.tls?.minVersion, next.tls?.ciphers, next.tls?.curves) !== configKey(prev.tls?.cert, prev.tls?.key, prev.tls?.clientCa, prev.tls?.minVersion, prev.tls?.ciphers, prev.tls?.curves) ? 'tls certificate/versions/ciphers' : ''].filter(Boolean);
    if (fixed.length) guard.log({ level: 'warn', event: 'policy_reload_needs_restart', detail: `${fixed.join(', ')} changed: the listener keeps its start-up values until a restart (certificate files reload on SIGHUP)` });
  });
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
    // Plain HTTP where TLS is required: refused (audited) or redirected before anything else runs.
    const decision = transportDecision(req, transport.tls, trusted, transport.publicUrl);
    if (decision.kind === 'refuse' || decision.kind === 'redirect') {
      void answerInsecure(guard, req, res, decision).catch(() => failClosed(res)).finally(() => inFlight--);
      return;
    }
    // HSTS on every response served over TLS (here or at a trusted proxy), denials included.
    if (decision.kind === 'secure') res.setHeader('strict-transport-security', HSTS);
    const up = upstream;
    void runGuarded(guard, req, res, { forward: (ctx) => up.forward(ctx), probe: (ctx) => up.forward(ctx) }).finally(() => inFlight--);
  };

  const serverOptions = {
    maxHeaderSize: policy.limits.maxHeaderBytes,
    requestTimeout: policy.limits.requestTimeoutMs,
    headersTimeout: Math.min(policy.limits.requestTimeoutMs, 20_000),
    keepAliveTimeout: 5_000,
    requireHostHeader: true,
    joinDuplicateHeaders: false,
  };
  // TLS 1.2 is the floor (1.0/1.1 refused; tls.minVersion may raise it); 1.3 whenever the client offers it.
  const server: Server = tls && material
    ? createTlsServer({ ...serverOptions, ...material.options, ...(tls.clientCa ? { requestCert: true, rejectUnauthorized: false } : {}) }, handler)
    : createServer(serverOptions, handler);
  const reloadTls = (): TlsReloadResult => {
    let r: TlsReloadResult;
    if (!tls || !material) r = { ok: false, error: 'the listener does not serve TLS' };
    else {
      try {
        const next = loadTlsMaterial(tls, settings);
        const changed = next.digest !== material.digest;
        if (changed) (server as unknown as { setSecureContext(o: object): void }).setSecureContext(next.options);
        if (changed) guard.log({ level: 'info', event: 'tls_reloaded', detail: `certificate valid until ${next.notAfter}; open connections keep the previous one` });
        material = next;
        r = { ok: true, changed };
      } catch (err) {
        const why = err instanceof TlsMaterialError ? err.message : 'the new TLS material could not be loaded';
        guard.log({ level: 'error', event: 'tls_reload_failed', detail: `${why}; the previous certificate stays in use` });
        r = { ok: false, error: why };
      }
    }
    opts.onTlsReload?.(r);
    return r;
  };
  const stopWatch = tls && settings.watch ? watchFiles(sourceFiles(tls), () => void reloadTls()) : () => undefined;
  // The same listener hardening as the adapters: parser errors as PG_* answers, the policy's header limits.
  hardenListener(server, guard);

  let address = '';
  return {
    server,
    get upstream() {
      return upstream;
    },
    url: () => address,
    reloadTls,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(opts.port ?? 8080, opts.host ?? '127.0.0.1', () => {
          const a = server.address() as AddressInfo;
          address = `${tls ? 'https' : 'http'}://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`;
          resolve(address);
        });
      }),
    async close(graceMs = 10_000) {
      closing = true;
      stopWatch();
      unsubscribe();
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeIdleConnections();
      const deadline = Date.now() + graceMs;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      server.closeAllConnections();
      await closed;
      await upstream.close();
      await Promise.all(retiring);
      await guard.close();
    },
  };
}
