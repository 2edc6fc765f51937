/**
 * `phiguard test FILE|DIR...`: runs policy unit tests (`*.test.yaml`). Exit 0 when every case
 * passes, 1 when a case fails, 2 when a test file does not load (its errors as FILE:LINE:COL).
 */
import type { Command } from 'commander';
import { formatJson, formatJunit, formatTree, runTestFiles, totals } from '../rollout/tests/index.js';

const FORMATS = { tree: formatTree, json: formatJson, junit: formatJunit } as const;

export function registerTest(program: Command): void {
  program
    .command('test')
    .description('run policy unit tests (*.test.yaml); a directory is searched for them')
    .argument('<files...>', 'test files or directories')
    .option('--format <format>', 'tree | json | junit', 'tree')
    .action(async (files: string[], opts: { format: string }) => {
      const format = FORMATS[opts.format as keyof typeof FORMATS];
      if (!format) {
        process.stderr.write('phiguard test: --format must be tree, json or junit\n');
        process.exitCode = 2;
        return;
      }
      const results = await runTestFiles(files);
      if (results.length === 0) {
        process.stderr.write('phiguard test: no *.test.yaml files found\n');
        process.exitCode = 2;
        return;
      }
      process.stdout.write(format(results));
      const t = totals(results);
      process.exitCode = t.broken > 0 ? 2 : t.failed > 0 ? 1 : 0;
    });
}
