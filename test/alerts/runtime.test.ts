/**
 * Alerts and metrics through the real runtime: requests (in memory, simulate) break rules; a real
 * loopback webhook receiver gets the signed alert; a hanging sink does not stop requests; dropped
 * alerts are counted in /metrics (scraped from the admin listener) and recorded in the audit log.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminServer, type AdminServer } from '../../src/admin/server.js';
import type { Alert } from '../../src/alerts/index.js';
import { checkPolicyText } from '../../src/policy/index.js';
import { createPhiguard, type Phiguard } from '../../src/runtime/index.js';
import { simulate } from '../../src/runtime/simulate.js';

const SECRET = 'runtime-test-secret-0123456789';
const TOKEN = 'admin-token-0123456789abcdef';
let good: { url: string; server: Server; alerts: Alert[]; waiters: Array<() => void>; headers: IncomingMessage['headers'][]; bodies: string[] };
let hanging: { url: string; server: Server; seen: number };
let guard: Phiguard;
let admin: AdminServer;

const listen = (s: Server) => new Promise<string>((r) => s.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(s.address() as AddressInfo).port}/hook`)));
const until = async (pred: () => boolean) => {
  while (!pred()) await new Promise<void>((r) => good.waiters.push(r));
};

beforeAll(async () => {
  const alerts: Alert[] = [];
  const waiters: Array<() => void> = [];
  const headers: IncomingMessage['headers'][] = [];
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let b = '';
    req.on('data', (c) => (b += c));
    req.on('end', () => {
      res.writeHead(204).end();
      alerts.push(JSON.parse(b) as Alert);
      headers.push(req.headers);
      bodies.push(b);
      for (const w of waiters.splice(0)) w();
    });
  });
  good = { url: await listen(server), server, alerts, waiters, headers, bodies };
  const hs = createServer(() => { hanging.seen++; /* never answers */ });
  hanging = { url: await listen(hs), server: hs, seen: 0 };
  const text = `version: 1
name: alerts-runtime
routes:
  - { id: ping, method: GET, path: /ping, public: true }
alerts:
  webhook: { url: "${good.url}", minSeverity: low, secret: { env: HOOK_SECRET } }
  slack: { url: { env: HANG_URL }, minSeverity: low, timeout: 60s }
  queueSize: 20
  retries: 0
  rules:
    - { id: probe, kind: probing, threshold: 3, window: 1m, severity: medium }
    - { id: no-auth, kind: auth-failures, threshold: 3, window: 1m }
    - { id: denied-routes, kind: denial, stages: [route, identify], severity: low, dedupe: 1m }
    - { id: every-denial, kind: denial, stages: [route, identify], severity: low, dedupe: 0 }
    - { kind: policy }
`;
  const { policy, errors } = checkPolicyText('alerts.yaml', text, { HOOK_SECRET: SECRET, HANG_URL: hanging.url });
  expect(errors).toEqual([]);
  guard = await createPhiguard({ policy: policy!, auditStore: 'memory:', log: () => undefined, alerts: { dropRecordMs: 20 } });
  admin = await createAdminServer({ guard, token: TOKEN });
});
afterAll(async () => {
  await admin?.close();
  await guard?.close();
  for (const s of [good.server, hanging.server]) await new Promise((r) => { s.closeAllConnections(); s.close(r); });
});

describe('alerts through the runtime', () => {
  it('a probing peer is alerted to the webhook, signed, while a hanging sink stalls nothing', async () => {
    const results = [];
    for (let i = 0; i < 30; i++) results.push(await simulate(guard, { target: `/nope/${i}`, remoteAddress: '192.0.2.7' }, () => ({ status: 200 })));
    // every request completed (the hanging Slack receiver holds one delivery, its queue overflows)
    expect(results.map((r) => r.status).every((s) => s === 404 || s === 401)).toBe(true);
    const code = results[0]!.code!;
    const rule = code === 'PG_ROUTE_NOT_FOUND' ? 'probe' : 'no-auth';
    await until(() => good.alerts.some((a) => a.rule === rule));
    const i = good.alerts.findIndex((a) => a.rule === rule);
    const a = good.alerts[i]!;
    expect(a).toMatchObject({ code, count: 3, severity: rule === 'probe' ? 'medium' : 'medium' });
    expect(a.peer).toMatch(/^[0-9a-f]{32}$/); // a keyed reference, never the address
    expect(JSON.stringify(good.alerts)).not.toContain('192.0.2.7');
    expect(JSON.stringify(good.alerts)).not.toContain('/nope');
    const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(good.headers[i]!['phiguard-signature']))!;
    const expected = createHmac('sha256', SECRET).update(`${m[1]}.${good.bodies[i]}`).digest();
    expect(timingSafeEqual(expected, Buffer.from(m[2]!, 'hex'))).toBe(true);
    // the deduplicated denial rule: one alert for the repeated code, not thirty; the other (dedupe: 0) passes
    // each one (queueSize 20: a burst beyond it is dropped and counted, see /metrics below)
    await until(() => good.alerts.filter((x) => x.rule === 'every-denial').length >= 1);
    expect(good.alerts.filter((x) => x.rule === 'denied-routes')).toHaveLength(1);
    expect(hanging.seen).toBeGreaterThanOrEqual(1);
    // and traffic still flows
    expect((await simulate(guard, { target: '/ping' }, () => ({ status: 200, headers: [['content-type', 'application/json']], body: '{"ok":true}' }))).status).toBe(200);
  });

  it('raise() sends a policy event', async () => {
    guard.alerts.raise({ kind: 'policy', action: 'reloaded', detail: 'hash abc123' });
    await until(() => good.alerts.some((a) => a.kind === 'policy'));
    expect(good.alerts.find((a) => a.kind === 'policy')).toMatchObject({ code: 'PG_OK', detail: 'policy reloaded: hash abc123', severity: 'medium' });
  });

  it('dropped alerts are recorded in the audit log as a health event', async () => {
    const store = guard.audit.log.store;
    let found: Record<string, unknown> | undefined;
    while (!found) {
      const st = await store.state();
      const entries = await store.entries(0, Number((st as { size?: number }).size ?? 1000));
      found = entries.map((e) => JSON.parse(e.leaf!.toString('utf8')) as { type: string; what: Record<string, unknown> })
        .find((l) => l.type === 'health' && l.what.check === 'alerts')?.what;
      if (!found) await new Promise((r) => setTimeout(r, 20));
    }
    expect(Object.keys(found.dropped as object)).toContain('slack:queue_full');
  });
});

describe('/metrics on the admin listener', () => {
  it('needs the token; scraped and parsed', async () => {
    expect((await fetch(`${admin.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${admin.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    const res = await fetch(`${admin.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const samples = parseProm(await res.text());
    const get = (name: string, labels: Record<string, string> = {}) =>
      samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((a, s) => a + s.value, 0);
    expect(get('phiguard_requests_total', { result: 'denied' })).toBe(30);
    expect(get('phiguard_requests_total', { result: 'allowed' })).toBe(1);
    expect(get('phiguard_decisions_total', { code: 'PG_OK', route: 'ping', kind: 'outcome' })).toBe(1);
    expect(get('phiguard_policy_info', { name: 'alerts-runtime', hash: guard.policy.hash })).toBe(1);
    expect(get('phiguard_stage_duration_seconds_count', { stage: 'canonicalize', phase: 'request' })).toBe(31);
    expect(get('phiguard_audit_append_duration_seconds_count')).toBe(31);
    expect(get('phiguard_alerts_dropped_total', { sink: 'slack', reason: 'queue_full' })).toBeGreaterThan(0);
    expect(get('phiguard_alert_deliveries_total', { sink: 'webhook' })).toBeGreaterThan(0);
    expect(get('phiguard_alerts_total', { kind: 'policy' })).toBe(1);
    expect(samples.some((s) => s.name === 'phiguard_audit_backlog')).toBe(true);
  });
  it('refuses to start open', async () => {
    await expect(createAdminServer({ guard })).rejects.toThrow(/token/);
    const pub = await createAdminServer({ guard, metricsPublic: true });
    try {
      expect((await fetch(`${pub.url}/metrics`)).status).toBe(200);
      expect((await fetch(`${pub.url}/anything`)).status).toBe(401);
    } finally {
      await pub.close();
    }
  });
});

/** Prometheus text format 0.0.4: `name{l="v",...} value` lines; HELP/TYPE comments skipped. */
function parseProm(text: string): Array<{ name: string; labels: Record<string, string>; value: number }> {
  const out = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`bad metrics line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!.replace(/\\(.)/g, '$1');
    out.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}
