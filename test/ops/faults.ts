/** Real faults for the operations tests: a tmpfs that can be filled, a throwaway redis-server. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A small tmpfs of our own (root only). Undefined when it cannot be mounted. */
export function mountTmpfs(sizeMiB: number): { dir: string; fill(): void; free(): void; unmount(): void } | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'phiguard-tmpfs-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  const filler = join(dir, 'filler');
  return {
    dir,
    // Writes until the filesystem is full (ENOSPC), as a runaway log or a full volume would.
    fill() {
      spawnSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=1M', `count=${sizeMiB + 1}`], { stdio: 'ignore' });
    },
    free() {
      rmSync(filler, { force: true });
    },
    unmount() {
      spawnSync('umount', ['-l', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const canMount = (): boolean => {
  const t = mountTmpfs(1);
  t?.unmount();
  return t !== undefined;
};

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export const haveRedisServer = (): boolean => spawnSync('redis-server', ['--version']).status === 0;

/** A redis-server that keeps nothing on disk, on `port`. */
export async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', tmpdir()], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('Ready to accept connections') && resolve());
    child.once('exit', (code) => reject(new Error(`redis-server exited ${code}`)));
  });
  return child;
}

export const stopProcess = (c: ChildProcess): Promise<void> =>
  new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : (c.once('exit', () => r()), c.kill('SIGKILL'))));

/** Polls `fn` until it returns true (bounded; the test's own timeout is the real bound). */
export async function eventually(fn: () => Promise<boolean>, tries = 100, everyMs = 100): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (await fn().catch(() => false)) return true;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return false;
}

export function writePolicy(dir: string, extra = ''): string {
  const file = join(dir, 'policy.yaml');
  writeFileSync(file, `version: 1\nname: ops-test\nroutes:\n  - { id: metadata, method: GET, path: /metadata, public: true }\n${extra}`);
  return file;
}
