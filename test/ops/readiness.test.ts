/**
 * /readyz tells the truth: it answers 503 while requests would fail (audit store on a full disk,
 * Redis down) and 200 again once the fault is gone, without a restart. A real tmpfs filled to the
 * last byte, a real redis-server stopped and started, the real gateway on loopback.
 */
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../../src/gateway/index.js';
import { loadPolicy } from '../../src/policy/index.js';
import { createPhiguard } from '../../src/runtime/index.js';
import { requireOrSkip } from '../helpers/requires.js';
import { canMount, eventually, freePort, haveRedisServer, mountTmpfs, startRedis, stopProcess, writePolicy } from './faults.js';

let upstream: Server;
let upstreamUrl = '';
beforeAll(async () => {
  upstream = createServer((_q, r) => r.writeHead(200, { 'content-type': 'application/json' }).end('{"resourceType":"CapabilityStatement"}'));
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => upstream.close(() => r())));

const get = async (url: string) => {
  const r = await fetch(url);
  return { status: r.status, body: await r.text() };
};

const mountable = canMount();
// The compiled build: the SQLite store commits on its writer thread there, as in production.
const dist = new URL('../../dist/runtime/index.js', import.meta.url);
const built = existsSync(fileURLToPath(dist));
const describeTmpfs = requireOrSkip('mounting a tmpfs (root) and the compiled build (npm run build)', mountable && built);

describeTmpfs('audit store on a filesystem that fills up', () => {
  let fs: ReturnType<typeof mountTmpfs>;
  let gw: Gateway;
  let url = '';
  const events: string[] = [];

  beforeAll(async () => {
    fs = mountTmpfs(8);
    const rt = (await import(dist.href)) as typeof import('../../src/runtime/index.js');
    const gwm = (await import(new URL('../../dist/gateway/index.js', import.meta.url).href)) as typeof import('../../src/gateway/index.js');
    const pm = (await import(new URL('../../dist/policy/index.js', import.meta.url).href)) as typeof import('../../src/policy/index.js');
    const guard = await rt.createPhiguard({ policy: pm.loadPolicy(writePolicy(mkdtempSync(join(tmpdir(), 'pg-ops-')))), auditStore: `sqlite:${join(fs!.dir, 'audit.db')}`, log: (e) => events.push(e.event) });
    gw = gwm.createGateway({ guard, port: 0, upstreamUrl });
    url = await gw.listen();
  });
  afterAll(async () => {
    fs?.free();
    await gw?.close().catch(() => undefined);
    fs?.unmount();
  });

  it('is ready, then not ready while the disk is full (requests 503), then ready again by itself', async () => {
    expect((await get(`${url}/readyz`)).status).toBe(200);
    expect((await get(`${url}/metadata`)).status).toBe(200);

    fs!.fill();
    // SQLite reuses the space its WAL already holds, so appends go on for a while on a full disk:
    // keep sending until the first one is refused (bounded).
    let denied = await get(`${url}/metadata`);
    for (let i = 0; i < 2000 && denied.status === 200; i++) denied = await get(`${url}/metadata`);
    expect(denied.status).toBe(503);
    expect(denied.body).toContain('PG_AUDIT_UNAVAILABLE');
    const notReady = await get(`${url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(JSON.parse(notReady.body)).toMatchObject({ status: 'not-ready', checks: { policy: 'ok', audit: expect.stringMatching(/^failing: SQLITE_FULL/) } });
    expect((await get(`${url}/healthz`)).status).toBe(200); // liveness: the process is fine

    fs!.free();
    expect(await eventually(async () => (await get(`${url}/readyz`)).status === 200)).toBe(true);
    expect(await eventually(async () => (await get(`${url}/metadata`)).status === 200)).toBe(true);
    expect(events).toContain('audit_store_reopen'); // the recovery is said in the log
  }, 60_000);
});

requireOrSkip('redis-server (Debian package redis-server)', haveRedisServer())('shared state store (Redis) down', () => {
  let gw: Gateway;
  let url = '';
  let port = 0;
  let redis: Awaited<ReturnType<typeof startRedis>>;
  const events: Array<{ event: string; detail?: string }> = [];

  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port);
    const policy = loadPolicy(writePolicy(mkdtempSync(join(tmpdir(), 'pg-ops-')), `access:\n  state: { store: "redis://127.0.0.1:${port}/0", timeout: 500ms }\n`));
    const guard = await createPhiguard({ policy, auditStore: 'memory:', log: (e) => events.push(e as never) });
    gw = createGateway({ guard, port: 0, upstreamUrl });
    url = await gw.listen();
  }, 20_000);
  afterAll(async () => {
    await gw?.close().catch(() => undefined);
    if (redis) await stopProcess(redis);
  });

  it('says at start-up that this Redis keeps nothing', () => {
    expect(events).toContainEqual(expect.objectContaining({ event: 'state_not_persistent' }));
  });

  it('is not ready while Redis is down, and ready again when it is back', async () => {
    expect(JSON.parse((await get(`${url}/readyz`)).body)).toMatchObject({ status: 'ready', checks: { state: 'ok' } });
    await stopProcess(redis);
    expect(await eventually(async () => (await get(`${url}/readyz`)).status === 503)).toBe(true);
    expect(JSON.parse((await get(`${url}/readyz`)).body).checks.state).toMatch(/^failing/);
    redis = await startRedis(port);
    expect(await eventually(async () => (await get(`${url}/readyz`)).status === 200, 150)).toBe(true);
  }, 60_000);
});
