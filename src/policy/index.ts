/** Load, validate and compile a policy file. */
import { readFileSync } from 'node:fs';
import { compilePolicy } from './compile.js';
import { formatDiagnostic, parsePolicyText, type PolicyDiagnostic } from './load.js';
import type { CompiledPolicy } from './types.js';
import { validateSchema } from './validate.js';

export type { CompiledPolicy, CompiledRoute, EgressConfig, EgressHost } from './types.js';
export { compileEgress } from './egress.js';
export { formatDiagnostic, type PolicyDiagnostic } from './load.js';
export { policySchema } from './schema.js';
export { checkPhiSectionFile, type PhiSectionResult } from './phi-file.js';

export class PolicyError extends Error {
  readonly code = 'PG_POLICY_INVALID';
  constructor(readonly diagnostics: readonly PolicyDiagnostic[]) {
    super(`policy is invalid:\n${diagnostics.map(formatDiagnostic).join('\n')}`);
    this.name = 'PolicyError';
  }
}

export function checkPolicyText(file: string, text: string, env: Readonly<Record<string, string | undefined>> = process.env): { policy?: CompiledPolicy; errors: PolicyDiagnostic[] } {
  const { parsed, errors } = parsePolicyText(file, text);
  if (!parsed) return { errors: sortDiagnostics(errors) };
  const schemaErrors = validateSchema(parsed);
  if (schemaErrors.length > 0) {
    // Report semantic errors too (duplicate routes, bad templates, unknown references), so a user
    // fixes everything in one pass. The compiler may trip over values the schema already rejected:
    // such failures, and errors on lines that already have a schema error, are left out.
    let semantic: PolicyDiagnostic[] = [];
    try {
      semantic = compilePolicy(parsed, env).errors;
    } catch {
      semantic = [];
    }
    const lines = new Set(schemaErrors.map((e) => e.line));
    return { errors: sortDiagnostics([...schemaErrors, ...semantic.filter((e) => !lines.has(e.line))]) };
  }
  const result = compilePolicy(parsed, env);
  return result.policy ? result : { errors: sortDiagnostics(result.errors) };
}

export function checkPolicyFile(file: string, env: Readonly<Record<string, string | undefined>> = process.env): { policy?: CompiledPolicy; errors: PolicyDiagnostic[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : 'cannot read file';
    return { errors: [{ file, line: 1, col: 1, code: 'PG_POLICY_IO', message: `${reason}; pass the path to a policy file (see examples/patient-api.yaml)` }] };
  }
  return checkPolicyText(file, text, env);
}

/** Loads a policy or throws PolicyError carrying every diagnostic. */
export function loadPolicy(file: string, env?: Readonly<Record<string, string | undefined>>): CompiledPolicy {
  const { policy, errors } = checkPolicyFile(file, env);
  if (!policy) throw new PolicyError(errors);
  return policy;
}

function sortDiagnostics(list: PolicyDiagnostic[]): PolicyDiagnostic[] {
  return [...list].sort((a, b) => a.line - b.line || a.col - b.col);
}
