/**
 * `phiguard replay --config FILE TRAFFIC [--against FILE] [--format text|json|markdown]`: recorded
 * traffic (HAR 1.2 or NDJSON) through the policy's pipeline, offline, with the recorded responses as
 * the upstream. Exit 0 with the report; 1 when `--against` finds requests whose decision or released
 * body changes; 2 when a policy or the traffic file is unusable (FILE:LINE:COL on stderr).
 */
import type { Command } from 'commander';
import { checkPolicyFile, formatDiagnostic } from '../policy/index.js';
import type { CompiledPolicy } from '../policy/types.js';
import { formatMarkdown, formatText } from '../rollout/replay/format.js';
import { replayFile } from '../rollout/replay/run.js';
import { TrafficFileError } from '../rollout/replay/traffic.js';
import { createProgress } from './progress.js';

interface ReplayCliOptions {
  config: string;
  against?: string;
  format: string;
  clock: string;
  trustRecordedIdentity?: boolean;
}

function policyOrExit(file: string): CompiledPolicy | undefined {
  const { policy, errors } = checkPolicyFile(file);
  for (const d of errors) process.stderr.write(`${formatDiagnostic(d)}\n`);
  return policy;
}

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('replay recorded traffic (HAR 1.2 or NDJSON) through a policy offline; report per route and reason code')
    .argument('<traffic>', 'HAR 1.2 file or NDJSON of {request, response} pairs')
    .requiredOption('-c, --config <file>', 'policy file')
    .option('--against <file>', 'a second policy: list requests whose decision or released body changes')
    .option('--format <format>', 'text | json | markdown', 'text')
    .option('--clock <mode>', 'recorded (each entry at its startedDateTime) | now', 'recorded')
    .option('--trust-recorded-identity', 'OFFLINE SANDBOX ONLY: accept recorded bearer tokens without checking their signature (claims, expiry and issuer still checked)')
    .action(async (traffic: string, opts: ReplayCliOptions) => {
      if (!['text', 'json', 'markdown'].includes(opts.format) || !['recorded', 'now'].includes(opts.clock)) {
        process.stderr.write('phiguard replay: --format must be text, json or markdown; --clock must be recorded or now\n');
        process.exitCode = 2;
        return;
      }
      const policy = policyOrExit(opts.config);
      const against = opts.against ? policyOrExit(opts.against) : undefined;
      if (!policy || (opts.against && !against)) {
        process.exitCode = 2;
        return;
      }
      if (opts.trustRecordedIdentity) {
        process.stderr.write('phiguard replay: WARNING --trust-recorded-identity: token signatures are NOT verified (offline sandbox only; never a statement about production)\n');
      }
      let progress: ReturnType<typeof createProgress> | undefined;
      try {
        const report = await replayFile(traffic, {
          policy,
          ...(against ? { against } : {}),
          clock: opts.clock as 'recorded' | 'now',
          trustRecordedIdentity: opts.trustRecordedIdentity === true,
          onProgress: (bytes, total) => {
            progress ??= createProgress('replay (bytes)', total);
            progress.update(bytes);
          },
        });
        progress?.end();
        const text = opts.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : opts.format === 'markdown' ? formatMarkdown(report) : formatText(report);
        process.stdout.write(text);
        process.exitCode = report.diff && report.diff.changed > 0 ? 1 : 0;
      } catch (err) {
        progress?.end();
        if (err instanceof TrafficFileError) {
          process.stderr.write(`${traffic}:${err.line ?? 1}:${err.column ?? 1}: ${err.message}\n`);
          process.exitCode = 2;
          return;
        }
        throw err;
      }
    });
}
