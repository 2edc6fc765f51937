/**
 * Redis state store: sessions, break-glass grants and bulk-limit windows shared by replicas. Every
 * read-modify-write is one Lua script (atomic across processes). Any Redis error fails closed with
 * PG_STATE_UNAVAILABLE.
 */
import { Redis } from 'ioredis';
import { PhiguardError } from '../../core/errors.js';
import type { BreakGlassEvent, BulkCheck, BulkResult, SessionStatus, StateStore } from './types.js';

const MAX_EVENTS = 10_000;

const TOUCH = `
local now, idle, abs, started = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local v = redis.call('HMGET', KEYS[1], 'first', 'last', 'ended')
local first, last, ended = tonumber(v[1]), tonumber(v[2]), v[3]
if not first then
  first = now
  if started >= 0 and started <= now then first = started end
  last = now
  redis.call('HSET', KEYS[1], 'first', string.format('%d', first), 'last', ARGV[1])
end
redis.call('PEXPIRE', KEYS[1], ARGV[5])
if ended then return ended end
local status = 'ok'
if abs >= 0 and now - first >= abs then status = 'absolute' elseif idle >= 0 and now - last >= idle then status = 'idle' end
if status ~= 'ok' then redis.call('HSET', KEYS[1], 'ended', status) return status end
if now > last then redis.call('HSET', KEYS[1], 'last', ARGV[1]) end
return 'ok'`;

const BREAK_GLASS = `
redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2])
return redis.call('GET', KEYS[1])`;

const BULK = `
local now, win, maxP, maxR, rec = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local enforce = ARGV[6] == '1'
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%d', now - win))
local fresh, seen = 0, {}
for i = 8, #ARGV do
  local p = ARGV[i]
  if not seen[p] then
    seen[p] = true
    if not redis.call('ZSCORE', KEYS[1], p) then fresh = fresh + 1 end
  end
end
local count = redis.call('ZCARD', KEYS[1])
local cur = tonumber(redis.call('GET', KEYS[2]) or '0')
if enforce then
  if maxP >= 0 and count + fresh > maxP then return {0, 'patients'} end
  if maxR >= 0 and cur + rec > maxR then return {0, 'records'} end
end
if ARGV[7] == '1' then return {1, tostring(count + fresh), tostring(cur + rec)} end
for i = 8, #ARGV do redis.call('ZADD', KEYS[1], ARGV[1], ARGV[i]) end
if count + fresh > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
local total = redis.call('INCRBY', KEYS[2], rec)
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return {1, tostring(count + fresh), tostring(total)}`;

export interface RedisStoreOptions {
  readonly prefix: string;
  readonly timeoutMs: number;
}

export class RedisStateStore implements StateStore {
  readonly #redis: Redis;
  readonly #own: boolean;
  readonly #p: string;

  /** Pass an ioredis instance (shared, not closed by us) or a redis:// URL (owned). */
  constructor(redis: Redis | string, opts: RedisStoreOptions) {
    this.#own = typeof redis === 'string';
    this.#redis =
      typeof redis === 'string'
        ? new Redis(redis, { maxRetriesPerRequest: 1, commandTimeout: opts.timeoutMs, connectTimeout: opts.timeoutMs, enableOfflineQueue: true })
        : redis;
    if (this.#own) this.#redis.on('error', () => undefined); // surfaced per command as PG_STATE_UNAVAILABLE
    this.#p = opts.prefix;
  }

  async #run<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw new PhiguardError('PG_STATE_UNAVAILABLE', 'redis state store error', { cause: err });
    }
  }

  touchSession(key: string, now: number, idleMs: number | undefined, absoluteMs: number | undefined, startedAt?: number): Promise<SessionStatus> {
    const ttl = absoluteMs ?? idleMs ?? 86_400_000;
    return this.#run(async () => {
      const r = await this.#redis.eval(TOUCH, 1, `${this.#p}s:${key}`, String(now), String(idleMs ?? -1), String(absoluteMs ?? -1), String(startedAt ?? -1), String(ttl));
      return r === 'idle' || r === 'absolute' ? r : r === 'ok' ? 'ok' : 'absolute';
    });
  }

  breakGlassFirstUse(key: string, now: number, ttlMs: number): Promise<number> {
    return this.#run(async () => Number(await this.#redis.eval(BREAK_GLASS, 1, `${this.#p}bg:${key}`, String(now), String(ttlMs))));
  }

  addBreakGlassEvent(event: BreakGlassEvent): Promise<void> {
    const key = `${this.#p}bg-events`;
    return this.#run(async () => {
      await this.#redis.multi().lpush(key, JSON.stringify(event)).ltrim(key, 0, MAX_EVENTS - 1).exec();
    });
  }

  listBreakGlassEvents(limit = 100): Promise<BreakGlassEvent[]> {
    return this.#run(async () => (await this.#redis.lrange(`${this.#p}bg-events`, 0, limit - 1)).map((s) => JSON.parse(s) as BreakGlassEvent));
  }

  bulkAdd(principalKey: string, patients: readonly string[], records: number, now: number, check: BulkCheck): Promise<BulkResult> {
    const bucket = Math.floor(now / check.windowMs);
    return this.#run(async () => {
      const r = (await this.#redis.eval(
        BULK,
        2,
        `${this.#p}bp:{${principalKey}}`,
        `${this.#p}br:{${principalKey}}:${bucket}`, // same hash slot (Redis Cluster)
        String(now),
        String(check.windowMs),
        String(check.maxPatients ?? -1),
        String(check.maxRecords ?? -1),
        String(records),
        check.enforce === false ? '0' : '1',
        check.dryRun ? '1' : '0',
        ...patients,
      )) as [number, string, string?];
      if (r[0] !== 1) return { ok: false, limit: r[1] === 'patients' ? 'patients' : 'records' };
      return { ok: true, patients: Number(r[1]), records: Number(r[2]) };
    });
  }

  async close(): Promise<void> {
    if (this.#own) await this.#redis.quit().catch(() => this.#redis.disconnect());
  }
}
