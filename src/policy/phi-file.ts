/**
 * Only the `phi:` section of a policy file (YAML or JSON), for `phiguard redact --policy FILE`:
 * parsed with positions, validated against the section's schema, compiled by the one section
 * compiler (src/phi/policy.ts) the gateway uses. The rest of the file is not required to be a
 * complete policy.
 */
import { readFileSync } from 'node:fs';
import { compilePhiSection, phiSectionSchema, type CompiledRedactor } from '../phi/index.js';
import { createCompileContext } from './context.js';
import { parsePolicyText, type PolicyDiagnostic } from './load.js';
import { validateAt } from './validate.js';

export interface PhiSectionResult {
  /** Undefined when the file has errors, or no `phi:` section (`present: false`). */
  readonly redactor?: CompiledRedactor;
  readonly present: boolean;
  readonly fhir?: boolean;
  readonly errors: readonly PolicyDiagnostic[];
}

export function checkPhiSectionFile(file: string, env: Readonly<Record<string, string | undefined>> = process.env): PhiSectionResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : 'cannot read file';
    return { present: false, errors: [{ file, line: 1, col: 1, code: 'PG_POLICY_IO', message: `${reason}; pass the path to a policy file with a phi: section` }] };
  }
  const { parsed, errors } = parsePolicyText(file, text);
  if (!parsed) return { present: false, errors };
  const section = (parsed.value as Record<string, unknown>).phi;
  if (section === undefined) return { present: false, errors: [] };
  const schemaErrors = validateAt(parsed, phiSectionSchema as object, ['phi']);
  if (schemaErrors.length > 0) return { present: true, errors: schemaErrors };
  const diagnostics: PolicyDiagnostic[] = [];
  const redactor = compilePhiSection(section, createCompileContext(parsed, env, diagnostics));
  if (!redactor || diagnostics.length > 0) return { present: true, errors: diagnostics };
  const fhir = (section as { fhir?: boolean }).fhir;
  return { present: true, redactor, ...(fhir !== undefined ? { fhir } : {}), errors: [] };
}
