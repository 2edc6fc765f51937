/** Runs `phiguard proxy` from the TypeScript sources in a child process, with a policy in a temp dir. */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsNodeArgs } from './ts/node.js';

export function startProxy(policyText: string, args: string[], env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'pg-proxy-cli-'));
  const policy = join(dir, 'policy.yaml');
  writeFileSync(policy, policyText);
  const script = join(dir, 'cli.ts');
  writeFileSync(script, `import { main } from ${JSON.stringify(fileURLToPath(new URL('../../src/cli/index.ts', import.meta.url)))};\nawait main(process.argv);\n`);
  const c = spawn(process.execPath, tsNodeArgs(script, 'proxy', '--config', policy, '--listen', '127.0.0.1:0', '--upstream', 'http://127.0.0.1:9', '--audit-store', 'memory:', ...args), { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
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
  let stdout = '';
  const lines: Array<(all: string) => boolean> = [];
  c.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    for (const l of [...lines]) if (l(stdout)) lines.splice(lines.indexOf(l), 1);
  });
  /** The first stdout line matching `re` (e.g. the listener URL, `admin: URL`). */
  const stdoutLine = (re: RegExp) => new Promise<string>((resolve, reject) => {
    const check = (all: string) => {
      const m = all.split('\n').find((l) => re.test(l));
      if (m !== undefined) resolve(m.trim());
      return m !== undefined;
    };
    if (!check(stdout)) lines.push(check);
    c.once('exit', (code) => reject(new Error(`proxy exited ${code}: ${stderr}`)));
  });
  const url = stdoutLine(/^https?:\/\//);
  return { child: c, policy, url, stdoutLine, until, stderr: () => stderr };
}

