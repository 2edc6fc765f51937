/**
 * The phiguard command line. Each subcommand lives in its own file and registers itself; only the
 * module of the command being run is loaded (the PHI dictionaries, audit stores and JWT code are
 * not paid for by `phiguard validate`).
 */
import { Command, CommanderError } from 'commander';
import { PolicyError, formatDiagnostic } from '../policy/index.js';

type Register = (program: Command) => void;

const COMMANDS: Record<string, () => Promise<Register>> = {
  validate: () => import('./validate.js').then((m) => m.registerValidate),
  proxy: () => import('./proxy.js').then((m) => m.registerProxy),
  demo: () => import('./demo.js').then((m) => m.registerDemo),
  scan: () => import('./scan.js').then((m) => m.registerScan),
  redact: () => import('./redact.js').then((m) => m.registerRedact),
  audit: () => import('./audit.js').then((m) => m.registerAudit),
  token: () => import('./token.js').then((m) => m.registerToken),
  init: () => import('./init.js').then((m) => m.registerInit),
  replay: () => import('./replay.js').then((m) => m.registerReplay),
  test: () => import('./policy-test.js').then((m) => m.registerTest),
};

export async function buildProgram(only?: string): Promise<Command> {
  const program = new Command('phiguard')
    .description('HIPAA runtime guardrails for HTTP APIs')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)');
  const names = only && COMMANDS[only] ? [only] : Object.keys(COMMANDS);
  for (const name of names) (await COMMANDS[name]!())(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = await buildProgram(argv[2]);
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
