/** PostgreSQL test support: skip (with a message) only when unreachable and CI is unset. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const PG_URL = process.env.PHIGUARD_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function pgReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch {
    if (process.env.CI) throw new Error(`PostgreSQL at ${PG_URL} is unreachable and CI is set: PostgreSQL tests must run`);
    console.warn(`[phiguard audit] PostgreSQL at ${PG_URL} is unreachable: skipping PostgreSQL tests (set CI to make this fail)`);
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

export function uniqueSchema(tag: string): string {
  return `pgt_${tag}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

export async function pgExec(schema: string, sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    await c.query(`SET search_path TO "${schema}"`);
    return await c.query(sql, params);
  } finally {
    await c.end();
  }
}

export async function dropSchema(schema: string): Promise<void> {
  await pgExec('public', `DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
}
