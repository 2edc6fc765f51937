/**
 * The admin listener, separate from the traffic listener: `/metrics` (Prometheus text) and
 * `/healthz`. Never open by default: every path but `/healthz` needs `Authorization: Bearer <token>`
 * (compared in constant time); `metricsPublic: true` serves `/metrics` without it (a scraper on a
 * private network). Without a token it refuses to start unless metrics are explicitly public.
 * Responses carry no request data; errors are a code and a generic message. With a token, the same
 * listener serves the compliance dashboard (src/admin/dashboard, docs/dashboard.md).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics } from '../runtime/metrics.js';
import { createDashboard, type DashboardGuard } from './dashboard/index.js';

export interface AdminServerOptions {
  /** With `audit` and `feed` (a Phiguard has both), the token also opens the dashboard at `/` (docs/dashboard.md). */
  readonly guard: { readonly metrics: Metrics } & Partial<Pick<DashboardGuard, 'audit' | 'feed'>>;
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Bearer token for the admin endpoints (>= 16 characters). */
  readonly token?: string;
  /** Serve /metrics without the token (default false). */
  readonly metricsPublic?: boolean;
  /** Serve the compliance dashboard (default true when there is a token and the guard has an audit log and a feed). */
  readonly dashboard?: boolean;
  /** Mark the dashboard's session cookie Secure (the listener sits behind TLS). */
  readonly secureCookies?: boolean;
}

export interface AdminServer {
  readonly server: Server;
  /** `http://HOST:PORT` */
  readonly url: string;
  close(): Promise<void>;
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

export function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer ([!-~]+)$/.exec(header ?? '');
  return m !== null && timingSafeEqual(digest(m[1]!), digest(token));
}

function send(res: ServerResponse, status: number, body: string, type = 'application/json; charset=utf-8', extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...extra });
  res.end(body);
}
const error = (res: ServerResponse, status: number, code: string, message: string, extra?: Record<string, string>) =>
  send(res, status, JSON.stringify({ error: { code, message } }), undefined, extra);

export async function createAdminServer(o: AdminServerOptions): Promise<AdminServer> {
  if (!o.token && !o.metricsPublic) throw new Error('the admin listener needs a token (or metricsPublic: true for /metrics alone)');
  if (o.token !== undefined && o.token.length < 16) throw new Error('the admin token must be at least 16 characters');
  const dashboard = o.token !== undefined && o.dashboard !== false && o.guard.audit && o.guard.feed
    ? createDashboard({ guard: o.guard as DashboardGuard, token: o.token, ...(o.secureCookies ? { secureCookies: true } : {}) })
    : undefined;
  const authorized = (req: IncomingMessage) => o.token !== undefined && bearerMatches(req.headers.authorization, o.token);
  const server = createServer(async (req, res) => {
    try {
      const path = (req.url ?? '/').split('?')[0];
      if (dashboard && (await dashboard.handle(req, res))) return;
      if (req.method !== 'GET' && req.method !== 'HEAD') return error(res, 405, 'PG_ROUTE_METHOD_NOT_ALLOWED', 'Method not allowed.');
      if (path === '/healthz') return send(res, 200, '{"ok":true}');
      const isMetrics = path === '/metrics';
      if (!(isMetrics && o.metricsPublic) && !authorized(req)) return error(res, 401, 'PG_AUTH_MISSING', 'Authentication is required.', { 'www-authenticate': 'Bearer realm="phiguard-admin"' });
      if (isMetrics) return send(res, 200, await o.guard.metrics.text(), o.guard.metrics.contentType);
      return error(res, 404, 'PG_ROUTE_NOT_FOUND', 'Not found.');
    } catch {
      if (!res.headersSent) error(res, 500, 'PG_INTERNAL', 'Internal error.');
      else res.destroy();
    }
  });
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => resolve());
  });
  const a = server.address() as AddressInfo;
  const host = a.family === 'IPv6' ? `[${a.address}]` : a.address;
  return {
    server,
    url: `http://${host}:${a.port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
