/** `phiguard redact [--policy FILE] [FILE|-]`: the input with PHI redacted (see docs/phi.md). */
import { readFileSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import type { Command } from 'commander';
import {
  PhiInputError, policyFromConfig, redactJson, redactNdjson, redactText, sniffKind,
  type CompiledRedactor, type Finding,
} from '../phi/index.js';
import { checkPhiSectionFile, formatDiagnostic, PolicyError } from '../policy/index.js';

interface RedactCliOptions { policy?: string; report?: boolean; fhir?: boolean }

async function readAll(file: string | undefined): Promise<string> {
  if (file && file !== '-') return readFileSync(file, 'utf8');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The `phi:` section of a policy file, compiled by the same section compiler as the gateway's
 * (src/phi/policy.ts): same key rules, same positioned errors. Throws PolicyError on any error.
 */
export function loadPhiPolicy(file: string, env: Readonly<Record<string, string | undefined>> = process.env): { redactor: CompiledRedactor; fhir: boolean | undefined } {
  const r = checkPhiSectionFile(file, env);
  if (r.errors.length > 0) throw new PolicyError(r.errors);
  return { redactor: r.redactor ?? policyFromConfig(undefined), fhir: r.fhir };
}

export function redactAny(text: string, r: CompiledRedactor, fhir?: boolean): { text: string; findings: Finding[] } {
  const kind = sniffKind(text);
  const opts = fhir === undefined ? {} : { fhir };
  if (kind !== 'text') {
    try {
      return kind === 'json' ? redactJson(text, r, opts) : redactNdjson(text, r, opts);
    } catch (e) {
      if (!(e instanceof PhiInputError)) throw e;
    }
  }
  return redactText(text, r);
}

export function registerRedact(program: Command): void {
  program
    .command('redact')
    .description('Redact PHI from text, JSON (byte-preserving) or NDJSON by the phi: section of a policy')
    .argument('[file]', 'input file, or - for stdin', '-')
    .option('--policy <file>', 'phiguard policy file (YAML/JSON); its phi: section gives the actions')
    .option('--fhir', 'force FHIR-aware JSON rules')
    .option('--report', 'print finding counts by type to stderr')
    .action(async (file: string | undefined, o: RedactCliOptions) => {
      let loaded: ReturnType<typeof loadPhiPolicy>;
      try {
        loaded = o.policy ? loadPhiPolicy(o.policy) : { redactor: policyFromConfig(undefined), fhir: undefined };
      } catch (err) {
        if (!(err instanceof PolicyError)) throw err;
        // stdout carries the redacted text only: diagnostics go to stderr, like a failed validate.
        for (const d of err.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
        process.exitCode = 1;
        return;
      }
      const { redactor, fhir } = loaded;
      const text = await readAll(file);
      const res = redactAny(text, redactor, o.fhir ? true : fhir);
      process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(0); throw e; });
      process.stdout.write(res.text);
      if (o.report) {
        const counts: Record<string, number> = {};
        for (const f of res.findings) counts[f.type] = (counts[f.type] ?? 0) + 1;
        process.stderr.write(JSON.stringify({ findings: res.findings.length, byType: counts }) + '\n');
      }
    });
}
