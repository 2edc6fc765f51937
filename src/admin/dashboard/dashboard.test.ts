/**
 * The dashboard over real HTTP: the example policy behind the real gateway and demo upstream,
 * real JWTs, the admin listener on loopback. Auth (redirect, 401, login, cookie attributes, logout),
 * CSRF on every POST, each API route and its error paths (400 with a code, the input never echoed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLeaf } from '../../audit/record.js';
import { ADMIN_TOKEN, startDashboardStack, traffic, type DashboardStack } from '../../../test/helpers/dashboard.js';
import { bearer, tok } from '../../../test/helpers/security.js';
import { createAdminServer } from '../server.js';

let s: DashboardStack;
let cookie: string;
let csrf: string;
const ISS = 'https://demo.phiguard.invalid';
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = (r: Response): Promise<any> => r.json();

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${s.admin.url}${path}`, { headers, redirect: 'manual' });
const asCookie = (extra: Record<string, string> = {}) => ({ cookie, ...extra });
const api = async (path: string) => {
  const r = await get(path, bearer(ADMIN_TOKEN));
  return { status: r.status, body: (await json(r)) as any };
};
const post = (path: string, body: unknown, headers: Record<string, string>) =>
  fetch(`${s.admin.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), redirect: 'manual' });

async function login(token: string): Promise<Response> {
  return fetch(`${s.admin.url}/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token }).toString(), redirect: 'manual' });
}

async function allRows(query = ''): Promise<any[]> {
  const out: any[] = [];
  let cursor: string | null = null;
  do {
    const { body } = await api(`/api/audit?limit=500${query}${cursor ? `&cursor=${cursor}` : ''}`);
    out.push(...body.rows);
    cursor = body.next;
  } while (cursor);
  return out;
}

beforeAll(async () => {
  s = await startDashboardStack();
  const t = await traffic(s);
  expect(t).toEqual({ allowed: 2, denied: 1, breakGlass: 1 });
});
afterAll(async () => {
  await s?.close();
});

describe('authentication', () => {
  it('redirects pages to /login and answers API calls 401 PG_AUTH_MISSING without a session or token', async () => {
    const page = await get('/');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/login');
    const r = await get('/api/audit');
    expect(r.status).toBe(401);
    expect((await json(r)).error.code).toBe('PG_AUTH_MISSING');
    expect((await get('/api/audit', bearer('wrong-token-0123456789abcdef'))).status).toBe(401);
    expect((await get('/api/feed', { cookie: 'pg_admin=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' })).status).toBe(401);
  });

  it('serves every page with a strict CSP, DENY framing, nosniff and no-store', async () => {
    const r = await get('/login');
    expect(r.status).toBe(200);
    const csp = r.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(r.headers.get('x-frame-options')).toBe('DENY');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(await r.text()).toContain('<form method="post" action="/login">');
  });

  it('rejects a wrong token without echoing it, and sets an HttpOnly SameSite=Strict session cookie for the right one', async () => {
    const bad = await login('not-the-token-but-long-enough');
    expect(bad.status).toBe(401);
    const text = await bad.text();
    expect(text).toContain('The token was not accepted.');
    expect(text).not.toContain('not-the-token');
    expect(bad.headers.get('set-cookie')).toBeNull();

    const ok = await login(ADMIN_TOKEN);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/');
    const set = ok.headers.get('set-cookie')!;
    expect(set).toMatch(/^pg_admin=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    expect(set).not.toContain('Secure'); // plain-http loopback listener
    cookie = set.split(';')[0]!;
    const page = await get('/', asCookie());
    expect(page.status).toBe(200);
    const html = await page.text();
    csrf = /<meta name="csrf-token" content="([A-Za-z0-9_-]+)">/.exec(html)![1]!;
    expect(html).toContain('<script src="/assets/app.js"></script>');
    expect(html).not.toMatch(/<script>|<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    expect(html).not.toContain(ADMIN_TOKEN);
  });

  it('refuses a cross-site login POST (Origin of another host)', async () => {
    const r = await fetch(`${s.admin.url}/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' }, body: `token=${ADMIN_TOKEN}`, redirect: 'manual' });
    expect(r.status).toBe(403);
    expect((await json(r)).error.code).toBe('PG_ADMIN_CSRF');
  });
});

describe('CSRF on POST', () => {
  it('refuses POSTs a browser marks cross-site, and a null Origin without Sec-Fetch-Site', async () => {
    for (const h of [{ 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { origin: 'null' }, { origin: 'not a url' }] as Array<Record<string, string>>) {
      const r = await post('/api/integrity/verify', {}, asCookie({ 'x-csrf-token': csrf, ...h }));
      expect(r.status, JSON.stringify(h)).toBe(403);
      expect((await json(r)).error.code).toBe('PG_ADMIN_CSRF');
    }
    const same = await post('/api/integrity/verify', {}, asCookie({ 'x-csrf-token': csrf, 'sec-fetch-site': 'same-origin', origin: 'null' }));
    expect(same.status).toBe(200);
    const notJson = await fetch(`${s.admin.url}/api/integrity/verify`, { method: 'POST', headers: { ...asCookie(), 'x-csrf-token': csrf, 'content-type': 'text/plain' }, body: '{}' });
    expect(notJson.status).toBe(400);
  });

  it('needs the session CSRF token with a cookie; a Bearer token needs none', async () => {
    const none = await post('/api/integrity/verify', {}, asCookie());
    expect(none.status).toBe(403);
    expect((await json(none)).error.code).toBe('PG_ADMIN_CSRF');
    const wrong = await post('/api/integrity/verify', {}, asCookie({ 'x-csrf-token': 'A'.repeat(43) }));
    expect(wrong.status).toBe(403);
    const cross = await post('/api/integrity/verify', {}, asCookie({ 'x-csrf-token': csrf, origin: 'http://evil.example' }));
    expect(cross.status).toBe(403);
    const ok = await post('/api/integrity/verify', {}, asCookie({ 'x-csrf-token': csrf, origin: s.admin.url }));
    expect(ok.status).toBe(200);
    expect(await json(ok)).toMatchObject({ ok: true });
    const viaBearer = await post('/api/integrity/verify', {}, bearer(ADMIN_TOKEN));
    expect(viaBearer.status).toBe(200);
  });

  it('integrity shows the latest checkpoint and the verification just run', async () => {
    const { status, body } = await api('/api/integrity');
    expect(status).toBe(200);
    expect(body.size).toBeGreaterThan(4);
    expect(body.checkpoint).toMatchObject({ signed: true });
    expect(body.verify).toMatchObject({ ok: true });
    expect(body.verify.ageSeconds).toBeGreaterThanOrEqual(0);
  });
});

describe('audit explorer', () => {
  it('filters by patient, user, route, reason and outcome, answering with keyed references', async () => {
    const byPatient = await api(`/api/audit?patient=Patient/${s.patient}`);
    expect(byPatient.body.rows.length).toBe(2);
    expect(byPatient.body.rows.every((r: any) => r.patients.includes(byPatient.body.refs.patient))).toBe(true);
    expect(JSON.stringify(byPatient.body)).not.toContain(s.patient);

    const byUser = await api(`/api/audit?user=${encodeURIComponent(`${ISS}|dr-house`)}`);
    expect(byUser.body.rows.map((r: any) => r.purpose).sort()).toEqual(['ETREAT', 'TREAT']);
    expect(byUser.body.rows.every((r: any) => r.user === byUser.body.refs.user)).toBe(true);

    expect((await api('/api/audit?reason=PG_AUTH_MISSING')).body.rows.map((r: any) => r.status)).toEqual([401]);
    expect((await api('/api/audit?outcome=denied')).body.rows.every((r: any) => r.denied)).toBe(true);
    expect((await api('/api/audit?route=patient-read')).body.rows.length).toBe(3);
    expect((await api('/api/audit?route=no-such-route')).body.rows).toEqual([]);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await api(`/api/audit?since=${future}`)).body.rows).toEqual([]);
  });

  it('pages through the log with a cursor: every record once, in order', async () => {
    const all = await allRows();
    const paged: any[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const { body } = await api(`/api/audit?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(body.rows.length).toBeLessThanOrEqual(2);
      paged.push(...body.rows);
      cursor = body.next;
      pages++;
    } while (cursor && pages < 100);
    expect(paged.map((r) => r.index)).toEqual(all.map((r) => r.index));
    expect(pages).toBeGreaterThan(2);
    expect(new Set(paged.map((r) => r.index)).size).toBe(paged.length);
  });

  it('answers 400 PG_ADMIN_BAD_REQUEST to a bad cursor, date, limit or parameter, never echoing the input', async () => {
    for (const [q, name] of [['cursor=-1', 'cursor'], ['cursor=abc<script>', 'cursor'], ['since=yesterday-7731', 'since'], ['until=2026-13-45T99:99', 'until'], ['limit=0', 'limit'], ['limit=100000', 'limit'], ['reason=not_a_code', 'reason'], ['since=2026-12-02&until=2026-12-01', 'since'], ['cursor=1&cursor=2', 'cursor']] as const) {
      const r = await get(`/api/audit?${q}`, bearer(ADMIN_TOKEN));
      expect(r.status, q).toBe(400);
      const text = await r.text();
      expect(JSON.parse(text).error, q).toEqual({ code: 'PG_ADMIN_BAD_REQUEST', message: 'A parameter of the request is invalid.', where: { in: 'query', name } });
      expect(text).not.toMatch(/script|yesterday|7731|99:99|100000|not_a_code/);
    }
    const unknown = await get('/api/audit?ssn=536-22-1234', bearer(ADMIN_TOKEN));
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).not.toMatch(/ssn|536/);
    expect((await get('/api/nothing', bearer(ADMIN_TOKEN))).status).toBe(404);
    expect((await post('/api/audit', {}, bearer(ADMIN_TOKEN))).status).toBe(405);
  });
});

describe('accounting of disclosures', () => {
  it('lists the disclosures of one patient, exports CSV and FHIR as downloads, and audits each viewing', async () => {
    const before = (await allRows('&type=review')).length;
    const j = await api(`/api/disclosures?patient=Patient/${s.patient}`);
    expect(j.status).toBe(200);
    expect(j.body.rows.map((r: any) => r.purpose)).toEqual(['TREAT', 'HPAYMT']);
    expect(JSON.stringify(j.body)).not.toContain(s.patient);

    const csv = await get(`/api/disclosures?patient=Patient/${s.patient}&format=csv`, bearer(ADMIN_TOKEN));
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="disclosures-[A-Za-z0-9_-]+-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toMatch(/^index,date,type,user/);
    expect(lines.length).toBe(3);
    expect(lines.slice(1).every((l) => l.includes(j.body.patient))).toBe(true);

    const fhir = await get(`/api/disclosures?patient=Patient/${s.patient}&format=fhir`, bearer(ADMIN_TOKEN));
    expect(fhir.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.json"$/);
    const bundle = await json(fhir);
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.entry.length).toBe(2);
    expect(bundle.entry.every((e: any) => e.resource.resourceType === 'AuditEvent')).toBe(true);

    await s.guard.audit.log.flush();
    const reviews = await allRows('&type=review');
    expect(reviews.length).toBe(before + 3);
    const leaves = await s.guard.audit.log.store.entries(reviews.at(-1)!.index, 1);
    const what = parseLeaf(leaves[0]!.leaf!).what;
    expect(what).toMatchObject({ action: 'disclosure-report', patient: j.body.patient, format: 'fhir', rows: 2 });
  });

  it('fails closed: when the viewing cannot be recorded, no report is shown', async () => {
    const log = s.guard.audit.log;
    const failing = new Proxy(log, { get: (t, k) => (k === 'appendEvent' ? () => Promise.reject(new Error('store down')) : Reflect.get(t, k, t)) });
    const admin = await createAdminServer({ guard: { metrics: s.guard.metrics, feed: s.guard.feed, audit: { log: failing } }, token: ADMIN_TOKEN });
    try {
      const r = await fetch(`${admin.url}/api/disclosures?patient=Patient/${s.patient}&format=csv`, { headers: bearer(ADMIN_TOKEN) });
      expect(r.status).toBe(500);
      const text = await r.text();
      expect(JSON.parse(text).error.code).toBe('PG_INTERNAL');
      expect(text).not.toMatch(/index,date|store down/);
    } finally {
      await admin.close();
    }
  });

  it('needs a patient and valid dates', async () => {
    expect((await api('/api/disclosures')).body.error).toMatchObject({ code: 'PG_ADMIN_BAD_REQUEST', where: { name: 'patient' } });
    expect((await api('/api/disclosures?patient=x&format=xml')).status).toBe(400);
    expect((await api('/api/disclosures?patient=x&since=soon')).status).toBe(400);
  });
});

describe('break-glass review queue', () => {
  it('lists unreviewed break-glass accesses; a decision is audited and leaves the queue', async () => {
    const q = await api('/api/breakglass');
    expect(q.body.open.length).toBe(1);
    const entry = q.body.open[0];
    expect(entry).toMatchObject({ breakGlass: 'ETREAT', purpose: 'ETREAT' });

    const bad = [
      [{ entry: entry.index, decision: 'maybe', note: 'x' }, 'decision'],
      [{ entry: entry.index, decision: 'approve', note: 'n'.repeat(281) }, 'note'],
      [{ entry: entry.index, decision: 'approve', note: '' }, 'note'],
      [{ entry: entry.index, decision: 'approve', note: 'Called James Okafor at 617-555-0142, SSN 536-22-1234' }, 'note'],
      [{ entry: 0, decision: 'approve', note: 'not a break-glass entry' }, 'entry'],
      [{ entry: -3, decision: 'approve', note: 'negative' }, 'entry'],
    ] as const;
    for (const [body, name] of bad) {
      const r = await post('/api/breakglass/review', body, asCookie({ 'x-csrf-token': csrf }));
      expect(r.status, name).toBe(400);
      expect((await json(r)).error.where.name).toBe(name);
    }
    expect((await post('/api/breakglass/review', { entry: entry.index, decision: 'approve', note: 'ok', extra: 1 }, bearer(ADMIN_TOKEN))).status).toBe(400);

    const ok = await post('/api/breakglass/review', { entry: entry.index, decision: 'approve', note: 'ER attending confirmed the emergency' }, asCookie({ 'x-csrf-token': csrf }));
    expect(ok.status).toBe(200);
    const rec = await json(ok);
    expect(rec).toMatchObject({ recorded: true, entry: entry.index, decision: 'approve' });
    const again = await post('/api/breakglass/review', { entry: entry.index, decision: 'flag', note: 'second opinion' }, bearer(ADMIN_TOKEN));
    expect(again.status).toBe(409);

    const after = await api('/api/breakglass');
    expect(after.body.open).toEqual([]);
    expect(after.body.reviewed[0]).toMatchObject({ entry: entry.index, decision: 'approve', note: 'ER attending confirmed the emergency', index: rec.index });
    const [leaf] = await s.guard.audit.log.store.entries(rec.index, 1);
    expect(parseLeaf(leaf!.leaf!)).toMatchObject({ type: 'review', what: { action: 'break-glass-review', entry: entry.index, decision: 'approve' } });
  });
});

describe('charts', () => {
  it('buckets every request of the last 24 hours, violations counted apart', async () => {
    const { body } = await api('/api/charts');
    expect(body.buckets.length).toBe(24);
    const rest = await allRows('&type=rest');
    const sum = (k: string) => body.buckets.reduce((a: number, b: any) => a + b[k], 0);
    expect(sum('requests')).toBe(rest.length);
    expect(sum('denied')).toBe(rest.filter((r) => r.denied).length);
    expect(sum('breakGlass')).toBe(1);
    expect((await api('/api/charts?hours=0')).status).toBe(400);
  });
});

describe('live feed', () => {
  it('streams a decision for a new request: ids and codes, no path or patient id', async () => {
    const ac = new AbortController();
    const r = await fetch(`${s.admin.url}/api/feed`, { headers: asCookie(), signal: ac.signal });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = r.body!.getReader();
    const seen = new Set(s.guard.feed.recent().map((e) => (e.kind === 'decision' ? e.requestId : '')));
    const doc = await tok.clinician();
    const res = await fetch(`${s.gatewayUrl}/Patient/${s.other}`, { headers: bearer(doc) });
    await res.arrayBuffer();
    expect(res.status).toBe(200);
    let text = '';
    const dec = new TextDecoder();
    const fresh = () => text.split('\n\n').filter((b) => b.startsWith('event: decision')).map((b) => JSON.parse(b.split('\ndata: ')[1]!)).filter((e) => !seen.has(e.requestId));
    while (fresh().length === 0) {
      const { value, done } = await reader.read();
      if (done) break;
      text += dec.decode(value, { stream: true });
    }
    ac.abort();
    const events = fresh();
    expect(events.length).toBe(1);
    const last = events.at(-1);
    expect(last).toMatchObject({ kind: 'decision', route: 'patient-read', method: 'GET', status: 200, outcome: 'allowed', code: 'PG_OK' });
    expect(last.user).toMatch(/^[0-9a-f]{32}$/);
    expect(text).not.toContain(s.other);
    expect(text).not.toContain('dr-house');
    expect(text).toContain('event: alert'); // the break-glass alert of the traffic
  });
});

describe('logout and configuration', () => {
  it('logout needs the CSRF token and ends the session', async () => {
    const noCsrf = await fetch(`${s.admin.url}/logout`, { method: 'POST', headers: { ...asCookie(), 'content-type': 'application/x-www-form-urlencoded' }, body: 'csrf=wrong', redirect: 'manual' });
    expect(noCsrf.status).toBe(403);
    const out = await fetch(`${s.admin.url}/logout`, { method: 'POST', headers: { ...asCookie(), 'content-type': 'application/x-www-form-urlencoded' }, body: `csrf=${csrf}`, redirect: 'manual' });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await get('/', asCookie())).status).toBe(303);
    expect((await get('/api/audit', asCookie())).status).toBe(401);
  });

  it('is off with dashboard: false and absent without a token', async () => {
    const off = await createAdminServer({ guard: s.guard, token: ADMIN_TOKEN, dashboard: false });
    const pub = await createAdminServer({ guard: s.guard, metricsPublic: true });
    try {
      expect((await fetch(`${off.url}/login`)).status).toBe(401);
      expect((await fetch(`${off.url}/api/audit`, { headers: bearer(ADMIN_TOKEN) })).status).toBe(404);
      expect((await fetch(`${pub.url}/`, { redirect: 'manual' })).status).toBe(401);
      expect((await fetch(`${pub.url}/api/audit`)).status).toBe(401);
    } finally {
      await off.close();
      await pub.close();
    }
  });
});
