/** `phiguard validate FILE...`: exit 0, or exit 1 with every error as FILE:LINE:COL: PG_... message. */
import type { Command } from 'commander';
import { checkPolicyFile, formatDiagnostic } from '../policy/index.js';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check policy files; prints every error as FILE:LINE:COL: PG_CODE message')
    .argument('<files...>', 'policy files (YAML or JSON)')
    .option('-q, --quiet', 'print nothing when valid')
    .action((files: string[], opts: { quiet?: boolean }) => {
      let failed = false;
      for (const file of files) {
        const { policy, errors } = checkPolicyFile(file);
        for (const d of errors) process.stdout.write(`${formatDiagnostic(d)}\n`);
        if (!policy) failed = true;
        else if (!opts.quiet) process.stderr.write(`${file}: ok (policy "${policy.name}", ${policy.routes.length} routes, sha256 ${policy.hash.slice(0, 12)})\n`);
      }
      process.exitCode = failed ? 1 : 0;
    });
}
