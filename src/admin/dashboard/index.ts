/**
 * The compliance dashboard on the admin listener (docs/dashboard.md). Never open: a page request
 * without a session is redirected to /login, an API request without a session or the Bearer admin
 * token gets 401 PG_AUTH_MISSING. Logging in posts the admin token (compared in constant time) and
 * sets a session cookie (src/admin/dashboard/session.ts); every cookie-authenticated POST must carry
 * the session's CSRF token (403 PG_ADMIN_CSRF), and a POST whose Origin is another site is refused.
 * Every response carries a strict CSP (no inline script), X-Frame-Options DENY, nosniff, no-store.
 * Errors are a code and a generic message; input values are never echoed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { keyedRef } from '../../audit/keys.js';
import { auditPage, charts, disclosures, integrity, verifyNow, type Reply } from './api.js';
import { APP_CSS } from './assets/app-css.js';
import { APP_JS } from './assets/app-js.js';
import { streamFeed } from './feed-sse.js';
import { appPage, loginPage } from './pages.js';
import { BadRequest } from './params.js';
import { queue, review } from './review.js';
import { clearCookie, createSessions, sameSecret, sessionCookie, type Session, type Sessions } from './session.js';
import type { DashboardGuard } from './types.js';

export type { DashboardGuard } from './types.js';

export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
});

export interface DashboardOptions {
  readonly guard: DashboardGuard;
  readonly token: string;
  /** Mark the session cookie Secure (the listener is https, or behind a TLS-terminating proxy). */
  readonly secureCookies?: boolean;
  readonly now?: () => number;
}

export interface Dashboard {
  /** Serves the request when it is the dashboard's (true), else leaves it to the caller (false). */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  readonly sessions: Sessions;
}

const BODY_MAX = 8 * 1024;
const PAGES = new Set(['/', '/index.html']);

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let n = 0;
    req.on('data', (c: Buffer) => {
      n += c.length;
      if (n > BODY_MAX) {
        reject(new BadRequest());
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const bearer = (h: string | undefined) => /^Bearer ([!-~]+)$/.exec(h ?? '')?.[1];

export function createDashboard(o: DashboardOptions): Dashboard {
  if (o.token.length < 16) throw new Error('the admin token must be at least 16 characters');
  const now = o.now ?? Date.now;
  const sessions = createSessions(now);
  const secure = o.secureCookies === true;
  const send = (res: ServerResponse, status: number, body: string, type: string, extra: Record<string, string> = {}) => {
    res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, ...extra });
    res.end(body);
  };
  const fail = (res: ServerResponse, status: number, code: string, message: string, where?: string) =>
    send(res, status, JSON.stringify({ error: { code, message, ...(where ? { where: { in: 'query', name: where } } : {}) } }), 'application/json; charset=utf-8');
  const reply = (res: ServerResponse, r: Reply) => send(res, r.status, r.body, r.type, r.headers);
  const redirect = (res: ServerResponse, to: string, extra: Record<string, string> = {}) => send(res, 303, '', 'text/plain; charset=utf-8', { location: to, ...extra });
  /**
   * A cross-site POST is refused before anything else: Sec-Fetch-Site (browsers send it) must say
   * same-origin (or none: typed by the user); an Origin header, when not `null`, must name this host.
   */
  const crossSite = (req: IncomingMessage) => {
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') return true;
    const origin = req.headers.origin;
    if (origin === undefined) return false;
    if (origin === 'null') return site === undefined;
    try {
      return new URL(origin).host !== req.headers.host;
    } catch {
      return true;
    }
  };
  const viewer = () => keyedRef(o.guard.audit.log.keys, 'user', 'phiguard-admin|token');

  async function api(req: IncomingMessage, res: ServerResponse, path: string, search: URLSearchParams, session: Session | undefined): Promise<void> {
    const get = req.method === 'GET' || req.method === 'HEAD';
    if (get && path === '/api/audit') return reply(res, await auditPage(o.guard, search));
    if (get && path === '/api/disclosures') return reply(res, await disclosures(o.guard, search, viewer()));
    if (get && path === '/api/breakglass') return reply(res, await queue(o.guard, search));
    if (get && path === '/api/integrity') return reply(res, await integrity(o.guard, now()));
    if (get && path === '/api/charts') return reply(res, await charts(o.guard, search, now()));
    if (get && path === '/api/feed') return streamFeed(req, res, o.guard.feed, SECURITY_HEADERS, () => !session || sessions.fromCookie(req.headers.cookie) !== undefined);
    if (req.method === 'POST' && (path === '/api/breakglass/review' || path === '/api/integrity/verify')) {
      if (!/^application\/json(;|$)/.test(req.headers['content-type'] ?? '')) throw new BadRequest();
      let body: unknown;
      try {
        body = JSON.parse((await readBody(req)) || '{}');
      } catch (err) {
        throw err instanceof BadRequest ? err : new BadRequest();
      }
      if (path === '/api/integrity/verify') return reply(res, await verifyNow(o.guard, now));
      return reply(res, await review(o.guard, body, viewer()));
    }
    if (['/api/audit', '/api/disclosures', '/api/breakglass', '/api/integrity', '/api/charts', '/api/feed', '/api/breakglass/review', '/api/integrity/verify'].includes(path)) return fail(res, 405, 'PG_ROUTE_METHOD_NOT_ALLOWED', 'Method not allowed.');
    return fail(res, 404, 'PG_ROUTE_NOT_FOUND', 'Not found.');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://admin.invalid');
    const path = url.pathname;
    const isApi = path === '/api' || path.startsWith('/api/');
    if (!(PAGES.has(path) || isApi || path === '/login' || path === '/logout' || path.startsWith('/assets/'))) return false;
    try {
      if (path === '/assets/app.js' && req.method === 'GET') return send(res, 200, APP_JS, 'text/javascript; charset=utf-8'), true;
      if (path === '/assets/app.css' && req.method === 'GET') return send(res, 200, APP_CSS, 'text/css; charset=utf-8'), true;
      if (path.startsWith('/assets/')) return fail(res, 404, 'PG_ROUTE_NOT_FOUND', 'Not found.'), true;
      const post = req.method === 'POST';
      if (post && crossSite(req)) return fail(res, 403, 'PG_ADMIN_CSRF', 'The request is missing a valid CSRF token.'), true;
      if (path === '/login') {
        if (req.method === 'GET') return send(res, 200, loginPage(false), 'text/html; charset=utf-8'), true;
        if (!post) return fail(res, 405, 'PG_ROUTE_METHOD_NOT_ALLOWED', 'Method not allowed.'), true;
        const form = new URLSearchParams(await readBody(req));
        const given = form.get('token') ?? '';
        if (!sameSecret(given, o.token)) return send(res, 401, loginPage(true), 'text/html; charset=utf-8'), true;
        const s = sessions.create();
        return redirect(res, '/', { 'set-cookie': sessionCookie(s, secure) }), true;
      }
      const session = sessions.fromCookie(req.headers.cookie);
      const token = bearer(req.headers.authorization);
      const byBearer = token !== undefined && sameSecret(token, o.token);
      if (path === '/logout') {
        if (!post) return fail(res, 405, 'PG_ROUTE_METHOD_NOT_ALLOWED', 'Method not allowed.'), true;
        if (!session) return redirect(res, '/login', { 'set-cookie': clearCookie(secure) }), true;
        const form = new URLSearchParams(await readBody(req));
        if (!sameSecret(form.get('csrf') ?? '', session.csrf)) return fail(res, 403, 'PG_ADMIN_CSRF', 'The request is missing a valid CSRF token.'), true;
        sessions.destroy(session.id);
        return redirect(res, '/login', { 'set-cookie': clearCookie(secure) }), true;
      }
      if (!session && !byBearer) {
        if (isApi) fail(res, 401, 'PG_AUTH_MISSING', 'Authentication is required.');
        else redirect(res, '/login');
        return true;
      }
      // The CSRF token is needed whenever the cookie is what authenticates (a Bearer token is not ambient).
      if (post && !byBearer && !sameSecret(String(req.headers['x-csrf-token'] ?? ''), session!.csrf)) return fail(res, 403, 'PG_ADMIN_CSRF', 'The request is missing a valid CSRF token.'), true;
      if (PAGES.has(path)) {
        if (req.method !== 'GET') return fail(res, 405, 'PG_ROUTE_METHOD_NOT_ALLOWED', 'Method not allowed.'), true;
        // A Bearer-only caller has no session: give it one so the page's own calls carry a CSRF token.
        const s = session ?? sessions.create();
        return send(res, 200, appPage(s.csrf), 'text/html; charset=utf-8', session ? {} : { 'set-cookie': sessionCookie(s, secure) }), true;
      }
      await api(req, res, path, url.searchParams, session);
      return true;
    } catch (err) {
      if (res.headersSent) res.destroy();
      else if (err instanceof BadRequest) fail(res, 400, 'PG_ADMIN_BAD_REQUEST', 'A parameter of the request is invalid.', err.param);
      else fail(res, 500, 'PG_INTERNAL', 'Internal error.');
      return true;
    }
  }
  return { handle, sessions };
}
