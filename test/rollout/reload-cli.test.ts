/**
 * `phiguard proxy`: SIGHUP reloads the policy, `--watch` reloads it when the file changes; an
 * invalid edit is rejected on stderr with FILE:LINE:COL and the gateway keeps serving the old policy.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { tsNodeArgs } from '../helpers/ts/node.js';

const base = 'version: 1\nname: cli-reload\nroutes:\n  - { id: m, method: GET, path: /metadata, public: true }\n';
const withExtra = `${base}  - { id: x, method: GET, path: /extra, public: true }\n`;
const broken = 'version: 1\nname: cli-reload\nroutes:\n  - { id: m, method: GET, path: /metadata, public: true, nonsense: 1 }\n';

let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill('SIGTERM');
  child = undefined;
});

function start(args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'pg-reload-cli-'));
  const policy = join(dir, 'policy.yaml');
  writeFileSync(policy, base);
  const script = join(dir, 'cli.ts');
  writeFileSync(script, `import { main } from ${JSON.stringify(fileURLToPath(new URL('../../src/cli/index.ts', import.meta.url)))};\nawait main(process.argv);\n`);
  const c = spawn(process.execPath, tsNodeArgs(script, 'proxy', '--config', policy, '--listen', '127.0.0.1:0', '--upstream', 'http://127.0.0.1:9', '--audit-store', 'memory:', ...args), { stdio: ['ignore', 'pipe', 'pipe'] });
  child = c;
  let stderr = '';
  const waiters: Array<{ re: RegExp; from: number; resolve: () => void }> = [];
  c.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    for (const w of [...waiters]) if (w.re.test(stderr.slice(w.from))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  const until = (re: RegExp) => new Promise<void>((resolve, reject) => {
    waiters.push({ re, from: stderr.length, resolve });
    c.once('exit', (code) => reject(new Error(`proxy exited ${code}: ${stderr}`)));
  });
  const url = new Promise<string>((resolve, reject) => {
    c.stdout.on('data', (d: Buffer) => resolve(d.toString().split('\n')[0]!.trim()));
    c.once('exit', (code) => reject(new Error(`proxy exited ${code}: ${stderr}`)));
  });
  return { policy, url, until, stderr: () => stderr };
}

const status = async (url: string) => {
  const r = await fetch(url);
  await r.arrayBuffer();
  return r.status;
};

describe('phiguard proxy reloads its policy', () => {
  it('on SIGHUP: a valid edit is in force, an invalid one is rejected with its position and the old policy keeps serving', async () => {
    const p = start([]);
    const url = await p.url;
    expect(await status(`${url}/extra`)).not.toBe(200);
    writeFileSync(p.policy, withExtra);
    const inForce = p.until(/SIGHUP: policy "cli-reload" [0-9a-f]{12} in force/);
    child!.kill('SIGHUP');
    await inForce;
    // /extra now routes (the upstream at port 9 is closed: a gateway error, not a routing denial).
    const r = await fetch(`${url}/extra`);
    expect(((await r.json()) as { error: { code: string } }).error.code).toMatch(/^PG_UPSTREAM_/);
    writeFileSync(p.policy, broken);
    const rejected = p.until(/SIGHUP: reload rejected \(PG_POLICY_INVALID\)[^\n]*\n\s+\S*policy\.yaml:4:\d+/);
    child!.kill('SIGHUP');
    await rejected;
    const again = await fetch(`${url}/extra`);
    expect(((await again.json()) as { error: { code: string } }).error.code).toMatch(/^PG_UPSTREAM_/);
    expect(child!.exitCode).toBeNull();
  });

  it('with --watch: a change to the file is picked up without a signal', async () => {
    const p = start(['--watch']);
    const watching = p.until(/watching .*policy\.yaml/);
    const url = await p.url;
    await watching;
    const inForce = p.until(/file change: policy "cli-reload" [0-9a-f]{12} in force/);
    writeFileSync(p.policy, withExtra);
    await inForce;
    const r = await fetch(`${url}/extra`);
    expect(((await r.json()) as { error: { code: string } }).error.code).toMatch(/^PG_UPSTREAM_/);
  });
});
