/**
 * A real Redis without persistence, killed and restarted under the store: the reset is detected
 * (once, by every replica), open bulk windows are treated conservatively (caps halved for one
 * window) and absolute session limits survive because they are anchored on the token's times.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStateStore } from './redis.js';

const haveRedis = spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).status === 0;
if (!haveRedis && process.env.CI) throw new Error('redis-server is required in CI (Debian package redis-server) but was not found');
if (!haveRedis) console.warn('[skip] redis-server not installed and CI is unset: skipping the Redis restart tests');

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** A throwaway Redis that keeps nothing on disk, like the one that lost 6,474 records' worth of counts. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', '/tmp'], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => d.toString().includes('Ready to accept connections') && resolve();
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`redis-server exited ${code}`)));
  });
  return child;
}
const stop = (c: ChildProcess) => new Promise<void>((r) => (c.exitCode !== null ? r() : (c.once('exit', () => r()), c.kill('SIGKILL'))));

// Skipped only when no `redis-server` binary is installed to start a private instance (CI installs one).
describe.skipIf(!haveRedis)('Redis restarted without persistence', () => {
  let port = 0;
  let redis: ChildProcess;
  let now = 1_700_000_000_000;
  const clock = () => now;
  const resets: Array<{ replica: string; at: number }> = [];
  let a: RedisStateStore;
  let b: RedisStateStore;

  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port);
    const url = `redis://127.0.0.1:${port}/0`;
    a = new RedisStateStore(url, { prefix: 't:', timeoutMs: 1000, now: clock, onReset: (at) => resets.push({ replica: 'a', at }) });
    b = new RedisStateStore(url, { prefix: 't:', timeoutMs: 1000, now: clock, onReset: (at) => resets.push({ replica: 'b', at }) });
  }, 20_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    if (redis) await stop(redis);
  });

  const check = { windowMs: 3_600_000, maxRecords: 10 };
  const add = (s: RedisStateStore, n = 1) => s.bulkAdd('dr-1', [], n, now, check);

  it('reports that it keeps nothing (checked at start-up)', async () => {
    expect(await a.persistence()).toMatchObject({ durable: false });
  });

  it('detects the reset on every replica, and halves the caps of the window that spans it', async () => {
    for (let i = 0; i < 8; i++) expect((await add(i % 2 ? a : b)).ok).toBe(true);
    expect(await a.touchSession('s1', now, undefined, 8 * 3_600_000, now - 3_600_000)).toBe('ok');
    expect(resets).toEqual([]);

    await stop(redis);
    redis = await startRedis(port); // empty: --save "" --appendonly no
    now += 60_000;

    // Without the epoch the counter would restart at 0 and allow 10 more records in this window.
    const results = [];
    for (let i = 0; i < 7; i++) results.push((await add(a)).ok);
    expect(results).toEqual([true, true, true, true, true, false, false]); // 10 / 2 = 5
    expect(resets).toEqual([{ replica: 'a', at: now }]);
    expect(a.resetAt).toBe(now);

    // The other replica learns of the same reset from the epoch key, and applies the same caps.
    expect((await add(b)).ok).toBe(false);
    expect(b.resetAt).toBe(now);

    // One window after the reset the full caps apply again.
    now += 3_600_000;
    expect((await add(a, 10)).ok).toBe(true);
  }, 30_000);

  it('absolute session limits do not restart with the lost state (anchored on the token time)', async () => {
    const authTime = now - 8 * 3_600_000 - 1; // authenticated just over 8 h ago
    expect(await a.touchSession('s-after-reset', now, undefined, 8 * 3_600_000, authTime)).toBe('absolute');
  });

  it('a Redis that is down fails closed (PG_STATE_UNAVAILABLE), and ping says so', async () => {
    await stop(redis);
    await expect(a.ping()).rejects.toMatchObject({ code: 'PG_STATE_UNAVAILABLE' });
    await expect(add(a)).rejects.toMatchObject({ code: 'PG_STATE_UNAVAILABLE' });
    redis = await startRedis(port);
  }, 30_000);
});
