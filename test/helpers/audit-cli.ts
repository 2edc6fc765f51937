/** Runs `phiguard audit ...` in process and captures stdout, stderr and the exit code. */
import { Command } from 'commander';
import { registerAudit } from '../../src/cli/audit.js';

export async function runAudit(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const program = new Command('phiguard').exitOverride();
  registerAudit(program);
  let out = '';
  let err = '';
  const orig = process.stdout.write.bind(process.stdout);
  const origErr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => ((out += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((err += String(chunk)), true)) as typeof process.stderr.write;
  process.exitCode = undefined;
  try {
    await program.parseAsync(['node', 'phiguard', 'audit', ...args]);
    return { code: Number(process.exitCode ?? 0), out, err };
  } finally {
    process.stdout.write = orig;
    process.stderr.write = origErr;
    process.exitCode = undefined;
  }
}
