/** `phiguard redact [--policy FILE] [FILE|-]`: the input with PHI redacted (see docs/phi.md). */
import { readFileSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { Buffer } from 'node:buffer';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { Ajv } from 'ajv';
import {
  PhiInputError, phiPolicySchema, policyFromConfig, redactJson, redactNdjson, redactText, sniffKind,
  type CompiledRedactor, type Finding,
} from '../phi/index.js';

interface RedactCliOptions { policy?: string; report?: boolean; fhir?: boolean }

async function readAll(file: string | undefined): Promise<string> {
  if (file && file !== '-') return readFileSync(file, 'utf8');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** hashKey reference → bytes: env:NAME (base64, hex or raw) or file:PATH. Never printed. */
export function resolveKeyRef(ref: string, baseDir = process.cwd()): Uint8Array {
  if (ref.startsWith('env:')) {
    const v = process.env[ref.slice(4)];
    if (!v) throw new Error(`phi.hashKey: environment variable ${ref.slice(4)} is not set`);
    if (/^[0-9a-fA-F]{32,}$/.test(v) && v.length % 2 === 0) return Buffer.from(v, 'hex');
    if (/^[A-Za-z0-9+/=_-]{22,}$/.test(v)) return Buffer.from(v, 'base64');
    return Buffer.from(v, 'utf8');
  }
  // Like every file a policy names, the key file resolves against the policy file's directory.
  if (ref.startsWith('file:')) return decodeKeyFile(readFileSync(resolvePath(baseDir, ref.slice(5))));
  throw new Error('phi.hashKey must be env:NAME or file:PATH');
}

/** A key file holds hex or base64 text (as `phiguard` writes them) or raw bytes. Same rule as the policy compiler. */
function decodeKeyFile(bytes: Buffer): Uint8Array {
  const t = bytes.toString('utf8').trim();
  if (/^[0-9a-fA-F]+$/.test(t) && t.length % 2 === 0) return Buffer.from(t, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) return Buffer.from(t, 'base64');
  return bytes;
}

/** Load the `phi:` section of a policy file (YAML or JSON) and compile it. */
export function loadPhiPolicy(file: string): { redactor: CompiledRedactor; fhir: boolean | undefined } {
  const doc = parseYaml(readFileSync(file, 'utf8')) as unknown;
  const section = doc && typeof doc === 'object' ? (doc as Record<string, unknown>).phi : undefined;
  if (section !== undefined) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(phiPolicySchema);
    if (!validate(section)) {
      const msg = (validate.errors ?? []).map((e) => `phi${e.instancePath.replace(/\//g, '.')}: ${e.message ?? 'invalid'}`).join('; ');
      throw new Error(`${file}: PG_POLICY_SCHEMA ${msg}`);
    }
  }
  const fhir = section && typeof section === 'object' ? (section as { fhir?: boolean }).fhir : undefined;
  return { redactor: policyFromConfig(section, (ref) => resolveKeyRef(ref, dirname(resolvePath(file)))), fhir };
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
      const { redactor, fhir } = o.policy ? loadPhiPolicy(o.policy) : { redactor: policyFromConfig(undefined), fhir: undefined };
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
