/**
 * `phiguard init --openapi SPEC | --har TRAFFIC [--out FILE] [--force]`: a starting policy (stdout
 * without --out) that validates, and with --out its generated tests beside it (FILE.test.yaml).
 * Exit 0 ok; 2 unusable input (FILE:LINE:COL: PG_... message) or a refused overwrite.
 */
import type { Command } from 'commander';
import { relative } from 'node:path';
import { formatDiagnostic } from '../policy/index.js';
import { createProgress } from './progress.js';

interface Opts { openapi?: string; har?: string; out?: string; force?: boolean; name?: string }

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('write a starting policy (and its tests) from an OpenAPI 3.0/3.1 description or recorded traffic')
    .option('--openapi <spec>', 'OpenAPI 3.0 or 3.1 description (YAML or JSON)')
    .option('--har <traffic>', 'recorded traffic: HAR 1.2 or NDJSON of {request, response}')
    .option('--out <file>', 'write the policy here (and FILE.test.yaml beside it); default: policy to stdout')
    .option('--force', 'replace an existing --out file and its tests')
    .option('--name <name>', 'policy name (default: from --out or the description title)')
    .action(async (opts: Opts) => {
      const { runInit } = await import('../rollout/init/index.js');
      let progress: ReturnType<typeof createProgress> | undefined;
      const args = process.argv.slice(2).join(' ');
      const result = await runInit({
        ...opts,
        command: `phiguard ${args}`,
        onProgress: (bytes, total) => {
          progress ??= createProgress('reading traffic (bytes)', total);
          progress.update(bytes);
        },
      });
      progress?.end();
      for (const issue of result.issues ?? []) {
        const where = issue.line !== undefined ? `${opts.har}:${issue.line}:${issue.column ?? 1}` : opts.har;
        process.stderr.write(`${where}: entry ${issue.index} skipped: ${issue.message}\n`);
      }
      if (result.errors.length) {
        for (const d of result.errors) process.stderr.write(`${formatDiagnostic(d)}\n`);
        process.exitCode = 2;
        return;
      }
      const m = result.model!;
      for (const w of m.warnings) process.stderr.write(`note: ${w}\n`);
      const fields = [...m.resources.values()].reduce((n, f) => n + f.length, 0) || m.routes.reduce((n, r) => n + r.phi.length, 0);
      const summary = `${m.routes.length} routes, ${fields} PHI fields${result.entries !== undefined ? `, from ${result.entries} entries (${result.issues?.length ?? 0} malformed, skipped)` : ''}`;
      if (result.written.length) {
        for (const f of result.written) process.stderr.write(`wrote ${relative(process.cwd(), f)}\n`);
        process.stderr.write(`${summary}; next: phiguard validate ${opts.out} && phiguard test ${relative(process.cwd(), result.written[1]!)}\n`);
      } else {
        process.stdout.write(result.policy!);
        process.stderr.write(`${summary}; pass --out FILE to also write the generated tests\n`);
      }
      process.exitCode = 0;
    });
}
