/** The phiguard command line. Each subcommand lives in its own file and registers itself here. */
import { Command, CommanderError } from 'commander';
import { PolicyError, formatDiagnostic } from '../policy/index.js';
import { registerAudit } from './audit.js';
import { registerDemo } from './demo.js';
import { registerProxy } from './proxy.js';
import { registerRedact } from './redact.js';
import { registerScan } from './scan.js';
import { registerValidate } from './validate.js';

export function buildProgram(): Command {
  const program = new Command('phiguard')
    .description('HIPAA runtime guardrails for HTTP APIs')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)');
  registerValidate(program);
  registerProxy(program);
  registerDemo(program);
  registerScan(program);
  registerRedact(program);
  registerAudit(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  program.exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    if (err instanceof PolicyError) {
      for (const d of err.diagnostics) process.stdout.write(`${formatDiagnostic(d)}\n`);
      process.exitCode = 1;
      return;
    }
    process.stderr.write(`phiguard: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  }
}
