/**
 * Scaled out as the brief describes: two gateway processes (`phiguard proxy`) share one PostgreSQL
 * audit log and one Redis state store. Traffic through both, then `phiguard audit verify` on the
 * shared log: one intact log with one record per request, from both replicas.
 * Needs PostgreSQL (127.0.0.1:5432, db `test`) and Redis (127.0.0.1:6379); skips with a message only
 * when they are unreachable and CI is unset.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireOrSkip } from '../helpers/requires.js';
import { startDemoUpstream, type DemoUpstream } from '../../src/demo/upstream.js';

const root = new URL('../../', import.meta.url).pathname;
const bin = join(root, 'bin/phiguard.js');
const reachable = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1', () => (s.destroy(), resolve(true)));
    s.on('error', () => resolve(false));
    s.setTimeout(1000, () => (s.destroy(), resolve(false)));
  });
const services = (await reachable(5432)) && (await reachable(6379));
if (!services && process.env.CI) throw new Error('PostgreSQL and Redis must be reachable in CI (127.0.0.1:5432, 127.0.0.1:6379)');
if (!services) console.warn('test/scale/replicas: skipped, PostgreSQL or Redis is not reachable on 127.0.0.1');

const schema = `replicas_${process.pid}_${Date.now().toString(36)}`;
const store = `postgres://postgres@127.0.0.1:5432/test?schema=${schema}`;
const dir = mkdtempSync(join(tmpdir(), 'phiguard-replicas-'));
const env: NodeJS.ProcessEnv = { ...process.env, PHIGUARD_LOG: 'silent' };
delete env.PHIGUARD_AUDIT_STORE;
const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', env });

let up: DemoUpstream;
const replicas: ChildProcess[] = [];
const urls: string[] = [];

beforeAll(async () => {
  if (!services) return;
  up = await startDemoUpstream();
  cpSync(join(root, 'examples/keys'), join(dir, 'keys'), { recursive: true });
  cpSync(join(root, 'examples/schemas'), join(dir, 'schemas'), { recursive: true });
  expect(cli('audit', 'keygen', '--out', './audit').status).toBe(0);
  const policy = readFileSync(join(root, 'examples/patient-api.yaml'), 'utf8')
    .replace(/^ {2}store: sqlite:.*$/m, `  store: "${store}"\n  signingKey: { file: ./audit.skey }\n  hmacKey: { file: ./audit.hmac }`)
    .replace(/^ {2}state: \{ store: memory \}.*$/m, `  state: { store: "redis://127.0.0.1:6379/0", prefix: "phiguard-${schema}:" }`);
  writeFileSync(join(dir, 'policy.yaml'), policy);
  const valid = cli('validate', 'policy.yaml');
  expect(valid.stdout + valid.stderr).toContain('ok');
  for (let i = 0; i < 2; i++) {
    const child = spawn(process.execPath, [bin, 'proxy', '-c', 'policy.yaml', '-l', '127.0.0.1:0', '-u', up.url], { cwd: dir, env });
    replicas.push(child);
    urls.push(
      await new Promise<string>((resolve, reject) => {
        child.stdout!.on('data', (d: Buffer) => resolve(d.toString().trim().split('\n')[0]!));
        child.on('exit', (code) => reject(new Error(`replica exited ${code}`)));
      }),
    );
  }
});

afterAll(async () => {
  for (const c of replicas) if (c.exitCode === null) c.kill('SIGTERM');
  await up?.close();
  if (services) {
    const client = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }
});

requireOrSkip('PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379)', services)('two gateway replicas, one PostgreSQL audit log, one Redis', () => {
  it('both replicas append to one log that verifies, one record per request', async () => {
    const patient = up.store.list('Patient')[0]!.id;
    const doc = cli('token', '--sub', 'dr-house', '--role', 'clinician', '--purpose', 'TREAT').stdout.trim();
    const statuses: number[] = [];
    await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const url = urls[i % 2]!;
        const r = await fetch(`${url}/Patient/${i % 4 === 3 ? 'nobody' : patient}`, { headers: i % 5 === 4 ? {} : { authorization: `Bearer ${doc}` } });
        statuses.push(r.status);
        expect(r.headers.get('phiguard-audit-receipt') ?? '').toMatch(/^\d+\.\d+\./);
      }),
    );
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(10);
    expect(statuses.filter((s) => s === 401).length).toBe(8);
    // Graceful stop: each replica flushes and signs a checkpoint.
    await Promise.all(replicas.map((c) => new Promise((r) => (c.once('exit', r), c.kill('SIGTERM')))));
    const verify = cli('audit', 'verify', '--store', store, '--public-key', './audit.pub');
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
    const entries = Number(/(\d+) entries/.exec(verify.stdout)?.[1]);
    // 40 requests plus the startup events each replica records (policy, keys, settings).
    expect(entries).toBeGreaterThanOrEqual(40);
    const query = cli('audit', 'query', '--store', store, '--config', 'policy.yaml', '--type', 'rest', '--format', 'json');
    expect(query.status, query.stderr).toBe(0);
    expect((JSON.parse(query.stdout) as unknown[]).length).toBe(40);
  });
});
