/**
 * Two separate Node processes (replicas) run the identify + authorize stages against one Redis:
 * the idle session limit and the bulk limits hold across them. Skips only when Redis is
 * unreachable AND `CI` is unset.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireOrSkip } from '../../../test/helpers/requires.js';
import { makeKey, mint, T0, type TestKey } from '../../../test/helpers/access.js';
import { testPolicy } from '../../../test/helpers/policy-text.js';
import { tsNodeArgs } from '../../../test/helpers/ts/node.js';
import { RedisStateStore } from './redis.js';

const REDIS_URL = process.env.PHIGUARD_TEST_REDIS ?? 'redis://127.0.0.1:6379/0';
const repo = resolve(import.meta.dirname, '../../..');

async function redisUp(): Promise<boolean> {
  const r = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

const available = await redisUp();
if (!available && process.env.CI) throw new Error(`Redis is required in CI but ${REDIS_URL} is unreachable`);
if (!available) console.warn(`[skip] Redis at ${REDIS_URL} is unreachable and CI is unset: skipping the shared-state tests`);

class Replica {
  readonly #proc: ChildProcessWithoutNullStreams;
  readonly #lines: AsyncIterator<string>;
  constructor(policyFile: string) {
    this.#proc = spawn(process.execPath, tsNodeArgs(join(repo, 'test/helpers/access-replica.mjs'), repo, policyFile), { stdio: ['pipe', 'pipe', 'pipe'] });
    this.#proc.stderr.on('data', (d) => process.stderr.write(`[replica] ${d}`));
    this.#lines = createInterface({ input: this.#proc.stdout })[Symbol.asyncIterator]();
  }
  get pid(): number {
    return this.#proc.pid as number;
  }
  async next(): Promise<Record<string, unknown>> {
    const { value, done } = await this.#lines.next();
    if (done) throw new Error('replica exited');
    return JSON.parse(value) as Record<string, unknown>;
  }
  async req(now: number, path: string, token: string): Promise<string> {
    this.#proc.stdin.write(`${JSON.stringify({ now, path, token })}\n`);
    const r = await this.next();
    expect(r.pid).toBe(this.pid);
    return r.code as string;
  }
  stop(): void {
    this.#proc.stdin.end(`${JSON.stringify({ quit: true })}\n`);
  }
}

requireOrSkip(`Redis at ${REDIS_URL}`, available, 'start it, or set PHIGUARD_TEST_REDIS')('Redis-shared state across two processes', () => {
  let key: TestKey;
  let a: Replica;
  let b: Replica;
  const prefix = `pgtest:${randomBytes(6).toString('hex')}:`;

  beforeAll(async () => {
    key = await makeKey('ES256', 'k1');
    const dir = mkdtempSync(join(tmpdir(), 'pg-replicas-'));
    writeFileSync(join(dir, 'jwks.json'), JSON.stringify({ keys: [key.publicJwk] }));
    const state = `  state: { store: "${REDIS_URL}", prefix: "${prefix}" }\n`;
    const text = testPolicy('{ file: ./jwks.json }').replace('access:\n', `access:\n${state}`).replace('maxRecords: 50', 'maxRecords: 5');
    writeFileSync(join(dir, 'policy.yaml'), text);
    a = new Replica(join(dir, 'policy.yaml'));
    b = new Replica(join(dir, 'policy.yaml'));
    expect((await a.next()).ready).toBe(a.pid);
    expect((await b.next()).ready).toBe(b.pid);
    expect(a.pid).not.toBe(b.pid);
  }, 60_000);

  afterAll(async () => {
    a?.stop();
    b?.stop();
    const r = new Redis(REDIS_URL);
    const keys = await r.keys(`${prefix}*`);
    if (keys.length) await r.del(...keys);
    r.disconnect();
  });

  it('idle logoff and the distinct-patient cap hold across replicas', async () => {
    const m = 60_000;
    const token = await mint(key, { sub: 'dr-shared', sid: 'shared-session', exp: T0 / 1000 + 3600 });
    expect(await a.req(T0, '/Patient/a', token)).toBe('OK');
    expect(await b.req(T0 + 10 * m, '/Patient/b', token)).toBe('OK');
    // 20 minutes after A last saw the session: only B's activity at +10m keeps it alive.
    expect(await a.req(T0 + 20 * m, '/Patient/c', token)).toBe('OK');
    // B itself has seen one patient; the replicas together have seen three (the cap).
    expect(await b.req(T0 + 21 * m, '/Patient/d', token)).toBe('PG_RATE_PATIENTS');
    expect(await b.req(T0 + 22 * m, '/Patient/a', token)).toBe('OK');
    // Idle for 15 minutes since the last activity anywhere: logged off on both.
    expect(await a.req(T0 + 37 * m, '/Patient/a', token)).toBe('PG_SESSION_IDLE_TIMEOUT');
    expect(await b.req(T0 + 37 * m, '/Patient/a', token)).toBe('PG_SESSION_IDLE_TIMEOUT');
  });

  it('the record cap holds across replicas', async () => {
    const token = await mint(key, { sub: 'dr-records', exp: T0 / 1000 + 3600 });
    const codes: string[] = [];
    for (let i = 0; i < 6; i++) codes.push(await (i % 2 ? b : a).req(T0 + i * 1000, '/Patient/a', token));
    expect(codes).toEqual(['OK', 'OK', 'OK', 'OK', 'OK', 'PG_RATE_RECORDS']);
  });

  it('RedisStateStore: break-glass first use and review list are shared', async () => {
    const s1 = new RedisStateStore(REDIS_URL, { prefix, timeoutMs: 1000 });
    const s2 = new RedisStateStore(REDIS_URL, { prefix, timeoutMs: 1000 });
    expect(await s1.breakGlassFirstUse('k', T0, 60_000)).toBe(T0);
    expect(await s2.breakGlassFirstUse('k', T0 + 5, 60_000)).toBe(T0);
    await s1.addBreakGlassEvent({ at: T0, firstUse: T0, principal: 'iss|u', patient: 'Patient/1', reason: 'ETREAT', justificationDigest: 'ab', requestId: 'r', route: 'x' });
    expect((await s2.listBreakGlassEvents())[0]).toMatchObject({ principal: 'iss|u', reason: 'ETREAT' });
    await Promise.all([s1.close(), s2.close()]);
  });

  it('fails closed with PG_STATE_UNAVAILABLE when Redis is down', async () => {
    const s = new RedisStateStore('redis://127.0.0.1:1/0', { prefix, timeoutMs: 300 });
    await expect(s.touchSession('x', T0, 1000, undefined)).rejects.toMatchObject({ code: 'PG_STATE_UNAVAILABLE' });
    await s.close();
  });
});
