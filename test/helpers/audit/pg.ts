/**
 * PostgreSQL test support. `pgReachable` only probes; suites gate on it with `requireOrSkip`
 * (test/helpers/requires.ts): skip with a message only when unreachable and CI is unset.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const PG_URL = process.env.PHIGUARD_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** For `requireOrSkip`: what the PostgreSQL suites need, and how to point them at a server. */
export const PG_NEED = `PostgreSQL at ${PG_URL}`;
export const PG_HOW = 'start it, or set PHIGUARD_TEST_PG_URL';

export async function pgReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch {
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
