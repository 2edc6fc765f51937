/**
 * PostgreSQL audit store for several gateway replicas writing one log. Sequencing is serialised by a
 * row lock on the single state row (`SELECT ... FOR UPDATE`): each batch reads the tree size and
 * compact range, appends, writes tiles / checkpoint / new state, and commits (durable on COMMIT).
 * `?schema=NAME` in the URL selects the schema (created if missing); tables are `audit_*`.
 */
import pg from 'pg';
import { EMPTY_STATE, type CheckpointRow, type DetailRow, type SequencedWrite, type SequencerState, type StoredEntry, type TileRow } from '../types.js';
import type { AuditStore, EntryBlock, PruneResult } from './types.js';

const ident = (s: string): string => {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(s)) throw new Error('audit store: invalid schema name');
  return `"${s}"`;
};

function schemaSql(s: string): string {
  return `
CREATE SCHEMA IF NOT EXISTS ${s};
CREATE TABLE IF NOT EXISTS ${s}.audit_entries(idx bigint PRIMARY KEY, ts bigint NOT NULL, leaf bytea, leaf_hash bytea NOT NULL);
CREATE INDEX IF NOT EXISTS audit_entries_ts ON ${s}.audit_entries(ts);
CREATE TABLE IF NOT EXISTS ${s}.audit_tiles(level int NOT NULL, idx bigint NOT NULL, hash bytea NOT NULL, PRIMARY KEY(level, idx));
CREATE TABLE IF NOT EXISTS ${s}.audit_checkpoints(size bigint PRIMARY KEY, ts bigint NOT NULL, note text NOT NULL);
CREATE TABLE IF NOT EXISTS ${s}.audit_details(idx bigint PRIMARY KEY, period text NOT NULL, wrapped_key bytea, blob bytea NOT NULL);
CREATE TABLE IF NOT EXISTS ${s}.audit_detail_keys(period text PRIMARY KEY, wrapped bytea NOT NULL);
CREATE TABLE IF NOT EXISTS ${s}.audit_state(id int PRIMARY KEY CHECK (id = 1), size bigint NOT NULL, frontier bytea NOT NULL, cp_size bigint NOT NULL, cp_ts bigint NOT NULL);
CREATE TABLE IF NOT EXISTS ${s}.audit_meta(key text PRIMARY KEY, value text NOT NULL);
INSERT INTO ${s}.audit_state(id, size, frontier, cp_size, cp_ts) VALUES (1, 0, '\\x', 0, 0) ON CONFLICT (id) DO NOTHING;
CREATE OR REPLACE FUNCTION ${s}.audit_entries_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR NEW.idx IS DISTINCT FROM OLD.idx OR NEW.ts IS DISTINCT FROM OLD.ts
     OR NEW.leaf_hash IS DISTINCT FROM OLD.leaf_hash OR NEW.leaf IS NOT NULL THEN
    RAISE EXCEPTION 'audit log is append-only';
  END IF;
  RETURN NEW;
END $$;
CREATE OR REPLACE FUNCTION ${s}.audit_no_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'audit log is append-only'; END $$;
CREATE OR REPLACE TRIGGER audit_entries_guard BEFORE UPDATE OR DELETE ON ${s}.audit_entries FOR EACH ROW EXECUTE FUNCTION ${s}.audit_entries_guard();
CREATE OR REPLACE TRIGGER audit_checkpoints_guard BEFORE UPDATE OR DELETE ON ${s}.audit_checkpoints FOR EACH ROW EXECUTE FUNCTION ${s}.audit_no_change();
`;
}

const n = (v: unknown): number => Number(v);
interface EntryRow { idx: string; ts: string; leaf: Buffer | null; leaf_hash: Buffer }
const toEntry = (r: EntryRow): StoredEntry => ({ idx: n(r.idx), ts: n(r.ts), leaf: r.leaf, leafHash: r.leaf_hash });

export class PostgresStore implements AuditStore {
  readonly kind = 'postgres' as const;
  readonly displayUrl: string;
  readonly schema: string;
  /** The URL this store was opened with (credentials included): for verification workers only. */
  readonly connectionUrl: string;
  readonly #pool: pg.Pool;
  readonly #s: string;
  /** The last query window's index range (a query pages through one window). */
  #window: { key: string; lo: string | null; hi: string | null } | undefined;

  readonly #readOnly: boolean;

  constructor(url: string, opts: { max?: number; readOnly?: boolean } = {}) {
    this.#readOnly = opts.readOnly === true;
    this.connectionUrl = url;
    const u = new URL(url);
    this.schema = u.searchParams.get('schema') ?? 'public';
    u.searchParams.delete('schema');
    this.#s = ident(this.schema);
    const shown = new URL(u.toString());
    shown.password = '';
    this.displayUrl = `${shown.toString()}${this.schema !== 'public' ? `${shown.search ? '&' : '?'}schema=${this.schema}` : ''}`;
    this.#pool = new pg.Pool({ connectionString: u.toString(), max: opts.max ?? 4 });
    this.#pool.on('error', () => undefined);
  }

  #t(name: string): string {
    return `${this.#s}.audit_${name}`;
  }

  /**
   * A checked-out connection for `fn`. The pool stops listening for errors on a client while it is
   * checked out: a backend terminated between two queries would emit an unhandled 'error' and end
   * the process. The listener turns it into a failed query; a client that failed is discarded.
   */
  async #withClient<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.#pool.connect();
    const onError = (): void => undefined;
    c.on('error', onError);
    let failed: Error | undefined;
    try {
      return await fn(c);
    } catch (err) {
      failed = err instanceof Error ? err : new Error(String(err));
      throw err;
    } finally {
      c.off('error', onError);
      c.release(failed);
    }
  }

  async init(): Promise<void> {
    if (this.#readOnly) {
      await this.#pool.query(`SELECT 1 FROM ${this.#t('state')} LIMIT 1`);
      return;
    }
    await this.#withClient(async (c) => {
      await c.query('SELECT pg_advisory_lock(hashtext($1))', [`phiguard-audit-init:${this.schema}`]);
      try {
        await c.query(schemaSql(this.#s));
      } finally {
        await c.query('SELECT pg_advisory_unlock(hashtext($1))', [`phiguard-audit-init:${this.schema}`]);
      }
    });
  }

  async sequence<T>(build: (state: SequencerState) => { write: SequencedWrite; result: T }): Promise<T> {
    return this.#withClient(async (c) => {
      try {
        // Three round trips per batch: lock + read state, one statement writing everything, commit.
        const [, r] = (await c.query(`BEGIN; SELECT size, frontier, cp_size, cp_ts FROM ${this.#t('state')} WHERE id = 1 FOR UPDATE`)) as unknown as [pg.QueryResult, pg.QueryResult];
        const row = r.rows[0] as { size: string; frontier: Buffer; cp_size: string; cp_ts: string } | undefined;
        const state = row ? { size: n(row.size), frontier: row.frontier, cpSize: n(row.cp_size), cpTs: n(row.cp_ts) } : EMPTY_STATE;
        const { write, result } = build(state);
        const e = write.entries;
        const t = write.tiles;
        const d = write.details;
        const cp = write.checkpoint ? [write.checkpoint] : [];
        const st = write.state;
        await c.query(
          `WITH e AS (INSERT INTO ${this.#t('entries')}(idx, ts, leaf, leaf_hash) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bytea[], $4::bytea[])),
                t AS (INSERT INTO ${this.#t('tiles')}(level, idx, hash) SELECT * FROM unnest($5::int[], $6::bigint[], $7::bytea[]) ON CONFLICT (level, idx) DO UPDATE SET hash = excluded.hash),
                d AS (INSERT INTO ${this.#t('details')}(idx, period, wrapped_key, blob) SELECT * FROM unnest($8::bigint[], $9::text[], $10::bytea[], $11::bytea[])),
                c AS (INSERT INTO ${this.#t('checkpoints')}(size, ts, note) SELECT * FROM unnest($12::bigint[], $13::bigint[], $14::text[]))
           UPDATE ${this.#t('state')} SET size = $15, frontier = $16, cp_size = $17, cp_ts = $18 WHERE id = 1`,
          [
            e.map((x) => x.idx), e.map((x) => x.ts), e.map((x) => x.leaf), e.map((x) => x.leafHash),
            t.map((x) => x.level), t.map((x) => x.idx), t.map((x) => x.hash),
            d.map((x) => x.idx), d.map((x) => x.period), d.map((x) => x.wrappedKey), d.map((x) => x.blob),
            cp.map((x) => x.size), cp.map((x) => x.ts), cp.map((x) => x.note),
            st.size, st.frontier, st.cpSize, st.cpTs,
          ],
        );
        await c.query('COMMIT');
        return result;
      } catch (err) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  async state(): Promise<SequencerState> {
    const r = await this.#pool.query(`SELECT size, frontier, cp_size, cp_ts FROM ${this.#t('state')} WHERE id = 1`);
    const row = r.rows[0] as { size: string; frontier: Buffer; cp_size: string; cp_ts: string } | undefined;
    return row ? { size: n(row.size), frontier: row.frontier, cpSize: n(row.cp_size), cpTs: n(row.cp_ts) } : EMPTY_STATE;
  }

  async entries(start: number, limit: number): Promise<StoredEntry[]> {
    const r = await this.#pool.query(`SELECT idx, ts, leaf, leaf_hash FROM ${this.#t('entries')} WHERE idx >= $1 AND idx < $2 ORDER BY idx`, [start, start + limit]);
    return (r.rows as EntryRow[]).map(toEntry);
  }

  async entryBlock(start: number, limit: number): Promise<EntryBlock | undefined> {
    const r = await this.#pool.query({
      text: `SELECT count(*), string_agg(idx::text, ','), string_agg(ts::text, ','), string_agg(coalesce(octet_length(leaf), -1)::text, ','),
                    string_agg(leaf_hash, ''::bytea), '\\x00'::bytea || string_agg(leaf, '\\x00'::bytea),
                    count(*) FILTER (WHERE octet_length(leaf_hash) IS DISTINCT FROM 32)
               FROM (SELECT idx, ts, leaf, leaf_hash FROM ${this.#t('entries')} WHERE idx >= $1 AND idx < $2 ORDER BY idx) e`,
      values: [start, start + limit],
      rowMode: 'array',
    });
    const x = r.rows[0] as [string, string | null, string | null, string | null, Buffer | null, Buffer | null, string];
    return { count: n(x[0]), idx: x[1], ts: x[2], lengths: x[3], hashes: x[4], leaves: x[5], odd: n(x[6]) };
  }

  async entryOutside(size: number): Promise<number | undefined> {
    const r = await this.#pool.query({
      text: `SELECT coalesce((SELECT min(idx) FROM ${this.#t('entries')} WHERE idx < 0), (SELECT min(idx) FROM ${this.#t('entries')} WHERE idx >= $1))`,
      values: [size],
      rowMode: 'array',
    });
    const v = (r.rows[0] as [string | null])[0];
    return v === null ? undefined : n(v);
  }

  /** Pages by index: the window's index range first, then idx ranges filtered by ts. */
  async entriesByTime(since: number, until: number, afterIdx: number, limit: number): Promise<StoredEntry[]> {
    const key = `${since}:${until}`;
    if (afterIdx < 0 || this.#window?.key !== key) {
      const range = await this.#pool.query(`SELECT min(idx) AS lo, max(idx) AS hi FROM ${this.#t('entries')} WHERE ts >= $1 AND ts < $2`, [since, until]);
      this.#window = { key, ...(range.rows[0] as { lo: string | null; hi: string | null }) };
    }
    const { lo, hi } = this.#window;
    if (lo === null || hi === null) return [];
    const out: StoredEntry[] = [];
    for (let from = Math.max(n(lo), afterIdx + 1); out.length < limit && from <= n(hi); from += 8192) {
      const r = await this.#pool.query(`SELECT idx, ts, leaf, leaf_hash FROM ${this.#t('entries')} WHERE idx >= $1 AND idx < $2 AND ts >= $3 AND ts < $4 ORDER BY idx`, [from, Math.min(from + 8192, n(hi) + 1), since, until]);
      out.push(...(r.rows as EntryRow[]).map(toEntry));
    }
    return out;
  }

  async leafHashes(start: number, end: number): Promise<Buffer[]> {
    const r = await this.#pool.query(`SELECT leaf_hash FROM ${this.#t('entries')} WHERE idx >= $1 AND idx < $2 ORDER BY idx`, [start, end]);
    return r.rows.map((x: { leaf_hash: Buffer }) => x.leaf_hash);
  }

  async tiles(level: number, start: number, end: number): Promise<TileRow[]> {
    const r = await this.#pool.query(`SELECT level, idx, hash FROM ${this.#t('tiles')} WHERE level = $1 AND idx >= $2 AND idx < $3 ORDER BY idx`, [level, start, end]);
    return r.rows.map((x: { level: number; idx: string; hash: Buffer }) => ({ level: x.level, idx: n(x.idx), hash: x.hash }));
  }

  async checkpoints(afterSize: number, limit: number): Promise<CheckpointRow[]> {
    const r = await this.#pool.query(`SELECT size, ts, note FROM ${this.#t('checkpoints')} WHERE size > $1 ORDER BY size LIMIT $2`, [afterSize, limit]);
    return r.rows.map((x: { size: string; ts: string; note: string }) => ({ size: n(x.size), ts: n(x.ts), note: x.note }));
  }

  async latestCheckpoint(): Promise<CheckpointRow | undefined> {
    const r = await this.#pool.query(`SELECT size, ts, note FROM ${this.#t('checkpoints')} ORDER BY size DESC LIMIT 1`);
    const x = r.rows[0] as { size: string; ts: string; note: string } | undefined;
    return x ? { size: n(x.size), ts: n(x.ts), note: x.note } : undefined;
  }

  async periodKey(period: string, wrapped: Buffer): Promise<Buffer> {
    await this.#pool.query(`INSERT INTO ${this.#t('detail_keys')}(period, wrapped) VALUES ($1, $2) ON CONFLICT (period) DO NOTHING`, [period, wrapped]);
    return (await this.getPeriodKey(period)) as Buffer;
  }

  async getPeriodKey(period: string): Promise<Buffer | undefined> {
    const r = await this.#pool.query(`SELECT wrapped FROM ${this.#t('detail_keys')} WHERE period = $1`, [period]);
    return (r.rows[0] as { wrapped: Buffer } | undefined)?.wrapped;
  }

  async periodKeyNames(): Promise<string[]> {
    const r = await this.#pool.query(`SELECT period FROM ${this.#t('detail_keys')} ORDER BY period`);
    return r.rows.map((x: { period: string }) => x.period);
  }

  async detail(idx: number): Promise<DetailRow | undefined> {
    const r = await this.#pool.query(`SELECT idx, period, wrapped_key, blob FROM ${this.#t('details')} WHERE idx = $1`, [idx]);
    const x = r.rows[0] as { idx: string; period: string; wrapped_key: Buffer | null; blob: Buffer } | undefined;
    return x ? { idx: n(x.idx), period: x.period, wrappedKey: x.wrapped_key, blob: x.blob } : undefined;
  }

  async prune(before: number, periods: readonly string[]): Promise<PruneResult> {
    return this.#withClient(async (c) => {
      try {
        await c.query('BEGIN');
        const d = await c.query(`DELETE FROM ${this.#t('details')} WHERE idx IN (SELECT idx FROM ${this.#t('entries')} WHERE ts < $1)`, [before]);
        const l = await c.query(`UPDATE ${this.#t('entries')} SET leaf = NULL WHERE ts < $1 AND leaf IS NOT NULL`, [before]);
        const k = await c.query(`DELETE FROM ${this.#t('detail_keys')} WHERE period = ANY($1::text[])`, [periods]);
        await c.query('COMMIT');
        return { leaves: l.rowCount ?? 0, details: d.rowCount ?? 0, keys: k.rowCount ?? 0 };
      } catch (err) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  async getMeta(key: string): Promise<string | undefined> {
    const r = await this.#pool.query(`SELECT value FROM ${this.#t('meta')} WHERE key = $1`, [key]);
    return (r.rows[0] as { value: string } | undefined)?.value;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.#pool.query(`INSERT INTO ${this.#t('meta')}(key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [key, value]);
  }

  async close(): Promise<void> {
    await this.#pool.end().catch(() => undefined);
  }
}
