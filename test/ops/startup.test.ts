/**
 * Start-up failures exit non-zero with one line that says what to do, instead of hanging with the
 * audit log, worker threads or sockets keeping the process alive. Real ports, a real PostgreSQL.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireOrSkip } from '../helpers/requires.js';
import { canMount, mountTmpfs, writePolicy } from './faults.js';

const root = new URL('../../', import.meta.url).pathname;
const bin = join(root, 'bin/phiguard.js');

/** Runs the CLI; resolves with its exit code and output once it exits (the test's timeout bounds "never exits"). */
function runToExit(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, PHIGUARD_LOG: 'silent', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

let held: Server;
let port = 0;
beforeAll(async () => {
  held = createServer();
  await new Promise<void>((r) => held.listen(0, '127.0.0.1', () => r()));
  port = (held.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((r) => held.close(() => r())));

const proxy = ['proxy', '--config', 'examples/patient-api.yaml', '--upstream', 'http://127.0.0.1:9'];

describe('start-up failures exit at once, saying what to do', () => {
  it('proxy: the port is in use', async () => {
    const r = await runToExit([...proxy, '--listen', `127.0.0.1:${port}`, '--audit-store', 'memory:']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`phiguard: cannot listen on 127.0.0.1:${port}: the address is already in use. Stop the process that holds it, or choose another with --listen HOST:PORT.\n`);
  }, 15_000);

  it('demo: a port the user chose is in use (only the default port falls back to a free one)', async () => {
    const r = await runToExit(['demo', '--listen', `127.0.0.1:${port}`, '--audit-store', 'memory:']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/already in use.*--listen HOST:PORT/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  }, 15_000);

  it('proxy: --tls-cert without --tls-key, refused before anything is opened (no key file is created)', async () => {
    const r = await runToExit([...proxy, '--listen', '127.0.0.1:0', '--tls-cert', 'cert.pem'], { PHIGUARD_AUDIT_STORE: 'sqlite:./should-not-exist.db' });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('phiguard: --tls-cert and --tls-key go together: add --tls-key FILE\n');
    const { existsSync } = await import('node:fs');
    expect(existsSync(join(root, 'should-not-exist.db.keys.json'))).toBe(false);
  }, 15_000);

  it('proxy: a TLS file that does not exist', async () => {
    const r = await runToExit([...proxy, '--listen', '127.0.0.1:0', '--tls-cert', 'nope.pem', '--tls-key', 'nope.key', '--audit-store', 'memory:']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('phiguard: cannot read nope.pem: file not found.\n');
  }, 15_000);

  it('proxy: a PostgreSQL audit store and no keys in the policy', async () => {
    const r = await runToExit([...proxy, '--listen', '127.0.0.1:0', '--audit-store', `postgres://postgres@127.0.0.1:5432/test?schema=nokeys_${process.pid}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^phiguard: audit: .*set audit\.signingKey and audit\.hmacKey .*phiguard audit keygen/);
  }, 15_000);

  it('proxy: an invalid policy prints every positioned error', async () => {
    const r = await runToExit(['proxy', '--config', 'test/fixtures/does-not-exist.yaml', '--listen', '127.0.0.1:0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/does-not-exist\.yaml:1:1: PG_POLICY_IO /);
  }, 15_000);
});

requireOrSkip('mounting a tmpfs (root)', canMount())('shutdown while the audit store is unwritable', () => {
  it('reports in one line and exits 3, never with a stack trace', async () => {
    const fs = mountTmpfs(8)!;
    try {
      const policy = writePolicy(mkdtempSync(join(tmpdir(), 'pg-shutdown-')));
      const child = spawn(process.execPath, [bin, 'proxy', '--config', policy, '--listen', '127.0.0.1:0', '--upstream', 'http://127.0.0.1:9', '--audit-store', `sqlite:${join(fs.dir, 'a.db')}`], { cwd: root, env: { ...process.env, PHIGUARD_LOG: 'silent' } });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const url = await new Promise<string>((resolve) => child.stdout.on('data', (d: Buffer) => resolve(d.toString().trim())));
      fs.fill();
      for (let i = 0; i < 20; i++) await fetch(`${url}/metadata`).then((r) => r.text()).catch(() => undefined);
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      child.kill('SIGTERM');
      const code = await exited;
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(stderr).toContain('phiguard: shutting down');
      // Either the close finished (the last records were already committed) or it says why not.
      if (code === 3) expect(stderr).toMatch(/phiguard: shutdown incomplete: PG_AUDIT_UNAVAILABLE/);
      else expect(code).toBe(0);
    } finally {
      fs.free();
      fs.unmount();
    }
  }, 30_000);
});
