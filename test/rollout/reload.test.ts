/**
 * Live policy reload (issue 11): a valid policy is put in force, an invalid one is rejected with its
 * diagnostics while the running one stays; both are logged, audited and alerted; requests in flight
 * finish under the policy they started with; shared resources are not reopened when unchanged; a
 * reload under load through the real gateway loses no request.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert, AlertSink } from '../../src/alerts/index.js';
import { parseLeaf } from '../../src/audit/record.js';
import { verifyStore } from '../../src/audit/verify.js';
import { createGateway } from '../../src/gateway/index.js';
import { createPhiguard, type Phiguard } from '../../src/runtime/index.js';
import { simulate } from '../../src/runtime/simulate.js';

const POLICY = (name: string, extraRoute = '') => `version: 1
name: ${name}
upstream: { url: http://127.0.0.1:1 }
routes:
  - { id: meta, method: GET, path: /metadata, public: true }
${extraRoute}`;
const WITH_EXTRA = POLICY('reloaded', '  - { id: extra, method: GET, path: /extra, public: true }\n');
const INVALID = `version: 1
name: broken
routes:
  - { id: meta, method: GET, path: /metadata, public: true, bogus: 1 }
  - { id: meta, method: GET, path: /metadata, public: true }
`;

const ok = () => ({ status: 200, headers: [['content-type', 'application/json']] as Array<[string, string]>, body: '{"ok":true}' });

function collectingSink(): AlertSink & { alerts: Alert[] } {
  const alerts: Alert[] = [];
  return { name: 'test', alerts, send: (a: Alert) => void alerts.push(a), close: async () => undefined } as unknown as AlertSink & { alerts: Alert[] };
}

async function events(guard: Phiguard, type: string) {
  const rows = await guard.audit.log.store.entries(0, await guard.audit.log.size());
  return rows.map((r) => (r.leaf ? parseLeaf(r.leaf) : undefined)).filter((l) => l?.type === type);
}

let cleanup: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'pg-reload-'));
  const file = join(dir, 'policy.yaml');
  writeFileSync(file, POLICY('first'));
  const lines: Array<Record<string, unknown>> = [];
  const sink = collectingSink();
  const guard = await createPhiguard({ policy: file, auditStore: 'memory:', log: (e) => lines.push(e as never), alerts: { sinks: [sink] } });
  cleanup.push(() => guard.close());
  return { dir, file, lines, sink, guard };
}

describe('guard.reload()', () => {
  it('puts a valid policy in force, on the record before the first request under it', async () => {
    const { file, guard, lines, sink } = await setup();
    const before = guard.policy.hash;
    const denied = await simulate(guard, { target: '/extra' }, ok);
    expect(denied.forwarded).toBe(false);
    expect(denied.status).toBeGreaterThanOrEqual(400);
    writeFileSync(file, WITH_EXTRA);
    const r = await guard.reload();
    expect(r).toMatchObject({ ok: true, changed: true, previous: { name: 'first', hash: before }, policy: { name: 'reloaded' }, reopened: [] });
    expect(guard.policy.name).toBe('reloaded');
    const res = await simulate(guard, { target: '/extra' }, ok);
    expect(res.status).toBe(200);
    expect(res.ctx.policy.hash).toBe(guard.policy.hash);
    const reloads = (await events(guard, 'policy')).filter((e) => e?.what.action === 'reloaded');
    expect(reloads).toHaveLength(1);
    expect(reloads[0]!.what).toMatchObject({ name: 'reloaded', hash: guard.policy.hash, previous: `first ${before}` });
    const rest = await events(guard, 'rest');
    expect(rest.at(-1)!.what.policy).toEqual({ hash: guard.policy.hash, name: 'reloaded' });
    expect(lines.some((l) => l.event === 'policy_reloaded')).toBe(true);
    expect(sink.alerts.some((a) => a.kind === 'policy' && /^policy reloaded/.test(String(a.detail)))).toBe(true);
    expect(await guard.metrics.text()).toMatch(new RegExp(`hash="${guard.policy.hash}"`));
    // The same file again: nothing swapped, nothing recorded.
    expect(await guard.reload()).toMatchObject({ ok: true, changed: false });
    expect((await events(guard, 'policy')).filter((e) => e?.what.action === 'reloaded')).toHaveLength(1);
  });

  it('rejects a policy that fails validation: every diagnostic with FILE:LINE:COL, logged, audited, alerted; the running policy stays', async () => {
    const { file, guard, lines, sink } = await setup();
    const hash = guard.policy.hash;
    writeFileSync(file, INVALID);
    const r = await guard.reload();
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe('PG_POLICY_INVALID');
    expect(r.errors.length).toBeGreaterThanOrEqual(2); // the unknown key and the duplicate route, at once
    for (const e of r.errors) expect(e).toMatch(/policy\.yaml:\d+:\d+/);
    expect(guard.policy.hash).toBe(hash);
    expect((await simulate(guard, { target: '/metadata' }, ok)).status).toBe(200);
    const rejected = (await events(guard, 'policy')).filter((e) => e?.what.action === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.what).toMatchObject({ code: 'PG_POLICY_INVALID', errors: r.errors.length, inForce: hash });
    const line = lines.find((l) => l.event === 'policy_rejected');
    expect(String(line?.detail)).toMatch(/stays in force/);
    expect(sink.alerts.some((a) => a.kind === 'policy' && a.code === 'PG_POLICY_INVALID' && /^policy rejected/.test(String(a.detail)))).toBe(true);
  });

  it('rejects a path that does not exist (PG_POLICY_INVALID with the path), the running policy stays', async () => {
    const { dir, guard } = await setup();
    const r = await guard.reload(join(dir, 'nope.yaml'));
    expect(r).toMatchObject({ ok: false, code: 'PG_POLICY_INVALID' });
    expect(guard.policy.name).toBe('first');
  });

  it('a request in flight finishes under the policy it started with; the next one uses the new policy', async () => {
    const { file, guard } = await setup();
    const oldHash = guard.policy.hash;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const upstreamCalled = new Promise<void>((r) => (started = r));
    const slow = simulate(guard, { target: '/metadata' }, async () => {
      started();
      await gate;
      return ok();
    });
    await upstreamCalled;
    writeFileSync(file, WITH_EXTRA);
    expect((await guard.reload()).ok).toBe(true);
    const fresh = await simulate(guard, { target: '/extra' }, ok);
    expect(fresh.status).toBe(200);
    release();
    const res = await slow;
    expect(res.status).toBe(200);
    expect(res.ctx.policy.hash).toBe(oldHash);
    const rest = await events(guard, 'rest');
    const mine = rest.find((l) => l?.what.requestId === res.ctx.id);
    expect(mine?.what.policy).toEqual({ hash: oldHash, name: 'first' });
  });

  it('keeps the audit log, alert sinks and PHI workers open when their sections did not change; reopens what changed', async () => {
    const { file, guard } = await setup();
    const audit = guard.audit;
    writeFileSync(file, WITH_EXTRA);
    expect(await guard.reload()).toMatchObject({ ok: true, reopened: [] });
    expect(guard.audit).toBe(audit);
    writeFileSync(file, `${WITH_EXTRA}alerts:\n  rules:\n    - { kind: probing, threshold: 5, window: 1m }\n`);
    const r = await guard.reload();
    expect(r).toMatchObject({ ok: true, reopened: ['alerts'] });
    expect(guard.audit).toBe(audit);
  });

  it('a changed audit section on an embedded store reopens the log (same file, same keys); the log stays one intact chain', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pg-reload-audit-'));
    const file = join(dir, 'policy.yaml');
    const db = join(dir, 'audit.db');
    writeFileSync(file, `${POLICY('sqlite')}audit:\n  store: sqlite:${db}\n  checkpoint: { every: 5 }\n`);
    // The test run sets PHIGUARD_AUDIT_STORE=memory: (vitest.config.ts); this test needs the policy's store.
    const saved = process.env.PHIGUARD_AUDIT_STORE;
    delete process.env.PHIGUARD_AUDIT_STORE;
    cleanup.push(() => void (process.env.PHIGUARD_AUDIT_STORE = saved));
    const guard = await createPhiguard({ policy: file, log: () => undefined });
    cleanup.push(() => guard.close());
    for (let i = 0; i < 3; i++) expect((await simulate(guard, { target: '/metadata' }, ok)).status).toBe(200);
    const before = guard.audit;
    writeFileSync(file, `${POLICY('sqlite')}audit:\n  store: sqlite:${db}\n  checkpoint: { every: 2 }\n`);
    const rr = await guard.reload();
    expect(rr, JSON.stringify(rr)).toMatchObject({ ok: true, reopened: ['audit'] });
    expect(guard.audit).not.toBe(before);
    for (let i = 0; i < 3; i++) expect((await simulate(guard, { target: '/metadata' }, ok)).status).toBe(200);
    await guard.audit.log.checkpoint();
    const r = await verifyStore(guard.audit.log.store, { verifiers: [guard.audit.log.keys.verifier], origin: guard.audit.log.keys.origin });
    expect(r.ok).toBe(true);
    expect((await events(guard, 'rest')).length).toBe(6);
  });

  it('concurrent reloads are serialized: the last one wins and each is recorded once', async () => {
    const { dir, guard } = await setup();
    const a = join(dir, 'a.yaml');
    const b = join(dir, 'b.yaml');
    writeFileSync(a, POLICY('a'));
    writeFileSync(b, POLICY('b'));
    const results = await Promise.all([guard.reload(a), guard.reload(b), guard.reload(a)]);
    expect(results.map((r) => r.ok && r.changed)).toEqual([true, true, true]);
    expect(guard.policy.name).toBe('a');
    expect((await events(guard, 'policy')).filter((e) => e?.what.action === 'reloaded')).toHaveLength(3);
  });
});

describe('reload under load through the gateway', () => {
  it('alternating policies 20 times while 8 clients send requests: every request is answered 200, none is lost', async () => {
    const upstream: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"resourceType":"CapabilityStatement"}');
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
    cleanup.push(() => new Promise((r) => upstream.close(r)));
    const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const { dir, file, guard } = await setup();
    const other = join(dir, 'other.yaml');
    writeFileSync(other, WITH_EXTRA);
    const gw = createGateway({ guard, upstreamUrl, port: 0 });
    const url = await gw.listen();
    cleanup.unshift(() => gw.close(1000)); // before guard.close (the gateway closes the guard itself)
    let stop = false;
    const statuses: Record<string, number> = {};
    const hashes = new Set<string>();
    const client = async () => {
      while (!stop) {
        const r = await fetch(`${url}/metadata`);
        await r.arrayBuffer();
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      }
    };
    const clients = Array.from({ length: 8 }, client);
    for (let i = 0; i < 20; i++) {
      const r = await guard.reload(i % 2 === 0 ? other : file);
      expect(r.ok).toBe(true);
      hashes.add(guard.policy.hash);
      // Let requests run under each generation.
      await new Promise((res) => setTimeout(res, 20));
    }
    stop = true;
    await Promise.all(clients);
    const total = Object.values(statuses).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(20);
    expect(statuses).toEqual({ 200: total });
    expect(hashes.size).toBe(2);
    // Every request has its audit record, each naming one of the two policies.
    const rest = await events(guard, 'rest');
    expect(rest.length).toBe(total);
    expect(new Set(rest.map((l) => (l!.what.policy as { hash: string }).hash))).toEqual(hashes);
  });
});
