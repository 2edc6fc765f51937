import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { makeKeys } from './keys.js';
import { createSigner, generateSeed } from './note.js';
import { openStore } from './open.js';
import { parseLeaf } from './record.js';
import { verifyStore } from './verify.js';
import { dropSchema, pgReachable, PG_URL, uniqueSchema } from './__tests__/pg.js';

const pgOk = await pgReachable();
const schema = uniqueSchema('replicas');

function runWriter(url: string, count: number, writer: string, seed: Buffer, origin: string): Promise<number[]> {
  const script = fileURLToPath(new URL('./__tests__/pg-writer.ts', import.meta.url));
  const loader = new URL('./__tests__/register-ts.mjs', import.meta.url).href;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', loader, script, url, String(count), writer], {
      env: { ...process.env, AUDIT_SEED: seed.toString('hex'), AUDIT_ORIGIN: origin },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as number[]) : reject(new Error(`writer ${writer} exited ${code}: ${err.slice(0, 2000)}`))));
  });
}

describe.skipIf(!pgOk)('PostgreSQL: two gateway processes appending to one log', () => {
  afterAll(() => dropSchema(schema));

  it('sequences both without gaps or duplicates and the result verifies', async () => {
    const origin = 'phiguard.test/replicas';
    const seed = generateSeed();
    const keys = makeKeys(createSigner(origin, seed), Buffer.alloc(32, 7));
    const url = `${PG_URL}?schema=${schema}`;
    const N = 1500;
    const [a, b] = await Promise.all([runWriter(url, N, 'A', seed, origin), runWriter(url, N, 'B', seed, origin)]);
    const all = [...a, ...b].sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: 2 * N }, (_, i) => i));
    const store = await openStore(url);
    try {
      const r = await verifyStore(store, { verifiers: [keys.verifier], origin });
      expect(r).toMatchObject({ ok: true, entries: 2 * N, latestCheckpoint: 2 * N });
      expect(r.checkpoints).toBeGreaterThan(2);
      // Both writers' records interleave in the one log.
      const rows = await store.entries(0, 2 * N);
      const writers = new Set(rows.map((e) => String(parseLeaf(e.leaf!).what.requestId).split('-')[0]));
      expect(writers).toEqual(new Set(['A', 'B']));
      const firstB = rows.findIndex((e) => String(parseLeaf(e.leaf!).what.requestId).startsWith('B-'));
      const lastA = rows.findLastIndex((e) => String(parseLeaf(e.leaf!).what.requestId).startsWith('A-'));
      expect(firstB).toBeLessThan(lastA);
    } finally {
      await store.close();
    }
  }, 120_000);
});
