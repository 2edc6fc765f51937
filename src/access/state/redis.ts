/**
 * Redis state store: sessions, break-glass grants and bulk-limit windows shared by replicas. Every
 * read-modify-write is one Lua script (atomic across processes). Any Redis error fails closed with
 * PG_STATE_UNAVAILABLE.
 *
 * State loss: a Redis that restarts without persistence (or is flushed) comes back empty. The store
 * keeps an epoch key; after every (re)connection, and at least every EPOCH_CHECK_MS, it checks that
 * the epoch it knew is still there before serving a command. A missing or different epoch is a
 * state reset: it is recorded (the `resetAt` time, shared with the other replicas in the epoch key)
 * and reported once through `onReset`. For one bulk window after a reset, the caps are halved: the
 * counts of that window were lost, so a principal may at most release 1.5x a cap across it instead
 * of 2x. Absolute session limits do not depend on the store (anchored on auth_time or the token's
 * iat); idle limits and break-glass grants restart at the reset (a new break-glass use is recorded
 * for review again).
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { PhiguardError } from '../../core/errors.js';
import type { BreakGlassEvent, BulkCheck, BulkResult, SessionStatus, StatePersistence, StateStore } from './types.js';

export const EPOCH_CHECK_MS = 5_000;

const EPOCH = `
local id = redis.call('HGET', KEYS[1], 'id')
if id then return {id, redis.call('HGET', KEYS[1], 'resetAt') or '-1'} end
redis.call('HSET', KEYS[1], 'id', ARGV[1], 'createdAt', ARGV[2], 'resetAt', ARGV[3])
return {ARGV[1], ARGV[3]}`;

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
  /** Told once per detected state reset (time of detection). */
  readonly onReset?: (at: number) => void;
  /** Clock for epoch bookkeeping (defaults to Date.now). */
  readonly now?: () => number;
}

export class RedisStateStore implements StateStore {
  readonly #redis: Redis;
  readonly #own: boolean;
  readonly #p: string;
  readonly #opts: RedisStoreOptions;
  /** The epoch this process last saw; undefined before the first contact. */
  #epoch: string | undefined;
  #resetAt = -1;
  #checked: Promise<void> | undefined;
  #checkedAt = 0;

  /** Pass an ioredis instance (shared, not closed by us) or a redis:// URL (owned). */
  constructor(redis: Redis | string, opts: RedisStoreOptions) {
    this.#own = typeof redis === 'string';
    this.#redis =
      typeof redis === 'string'
        ? new Redis(redis, { maxRetriesPerRequest: 1, commandTimeout: opts.timeoutMs, connectTimeout: opts.timeoutMs, enableOfflineQueue: true })
        : redis;
    if (this.#own) this.#redis.on('error', () => undefined); // surfaced per command as PG_STATE_UNAVAILABLE
    // A new connection may be to a Redis that restarted empty: check the epoch before the next command.
    this.#redis.on('ready', () => (this.#checked = undefined));
    this.#p = opts.prefix;
    this.#opts = opts;
  }

  /** Time of the last detected state reset (ms), or -1. */
  get resetAt(): number {
    return this.#resetAt;
  }

  async #run<T>(fn: () => Promise<T>): Promise<T> {
    try {
      await this.#ensureEpoch();
      return await fn();
    } catch (err) {
      if (err instanceof PhiguardError) throw err;
      throw new PhiguardError('PG_STATE_UNAVAILABLE', 'redis state store error', { cause: err });
    }
  }

  #ensureEpoch(): Promise<void> {
    const now = (this.#opts.now ?? Date.now)();
    if (this.#checked && now - this.#checkedAt < EPOCH_CHECK_MS) return this.#checked;
    this.#checkedAt = now;
    const check = (async () => {
      const fresh = randomBytes(9).toString('base64url');
      // First contact with no epoch: a new deployment (nothing to lose). A known epoch that is gone: a reset now.
      const resetAt = this.#epoch === undefined ? -1 : now;
      const [id, at] = (await this.#redis.eval(EPOCH, 1, `${this.#p}epoch`, fresh, String(now), String(resetAt))) as [string, string];
      const known = this.#epoch;
      this.#epoch = id;
      this.#resetAt = Number(at);
      if (known !== undefined && known !== id) this.#opts.onReset?.(now);
    })();
    this.#checked = check;
    check.catch(() => {
      if (this.#checked === check) this.#checked = undefined; // retried with the next command
    });
    return check;
  }

  /** Caps for a window that began before a detected reset are halved (its counts were lost). */
  #capsAfterReset(check: BulkCheck, now: number): BulkCheck {
    if (this.#resetAt < 0 || now - this.#resetAt >= check.windowMs) return check;
    const half = (n: number | undefined) => (n === undefined ? undefined : Math.floor(n / 2));
    const maxPatients = half(check.maxPatients);
    const maxRecords = half(check.maxRecords);
    return { ...check, ...(maxPatients !== undefined ? { maxPatients } : {}), ...(maxRecords !== undefined ? { maxRecords } : {}) };
  }

  ping(): Promise<void> {
    return this.#run(async () => {
      if ((await this.#redis.ping()) !== 'PONG') throw new Error('unexpected PING answer');
    });
  }

  /** AOF or RDB snapshots configured? CONFIG may be disabled (managed Redis): then undefined. */
  persistence(): Promise<StatePersistence> {
    return this.#run(async () => {
      const info = await this.#redis.info('persistence');
      const aof = /^aof_enabled:(\d)/m.exec(info)?.[1] === '1';
      if (aof) return { durable: true, detail: 'appendonly (AOF) enabled' };
      let save: string | undefined;
      try {
        const r = (await this.#redis.config('GET', 'save')) as string[];
        save = r[1];
      } catch {
        return { durable: undefined, detail: 'AOF disabled; CONFIG GET save not permitted, RDB snapshots unknown' };
      }
      if (save && save.trim() !== '') return { durable: true, detail: `RDB snapshots (save ${save}); state since the last snapshot can be lost` };
      return { durable: false, detail: 'no AOF and no RDB snapshots: all state is lost when Redis restarts' };
    });
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

  bulkAdd(principalKey: string, patients: readonly string[], records: number, now: number, input: BulkCheck): Promise<BulkResult> {
    const bucket = Math.floor(now / input.windowMs);
    return this.#run(async () => {
      const check = this.#capsAfterReset(input, now);
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
