/** Runs one replica writer process (./replica-writer.ts) appending `count` entries to `url`; resolves with its indexes. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tsNodeArgs } from '../ts/node.js';

export function runWriter(url: string, count: number, writer: string, seed: Buffer, origin: string): Promise<number[]> {
  const script = fileURLToPath(new URL('./replica-writer.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, tsNodeArgs(script, url, String(count), writer), {
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
