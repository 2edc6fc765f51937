import { PhiPolicyError } from './errors.js';
import { compileRedactionPolicy, type CompiledRedactor, type RedactionPolicy } from './redact.js';

/**
 * Turn a parsed `phi:` section (already validated against phiPolicySchema) into a compiled
 * redactor. `resolveKey` maps the `hashKey` reference (`env:NAME` / `file:PATH`) to bytes; the
 * engine does no I/O itself.
 */
export function policyFromConfig(section: unknown, resolveKey?: (ref: string) => Uint8Array): CompiledRedactor {
  if (section === undefined || section === null) return compileRedactionPolicy({ default: 'remove' });
  if (typeof section !== 'object' || Array.isArray(section)) throw new PhiPolicyError('phi', 'must be a mapping');
  const s = section as Record<string, unknown>;
  const p: RedactionPolicy = { default: s.default as RedactionPolicy['default'] };
  if (s.actions !== undefined) p.actions = s.actions as RedactionPolicy['actions'];
  if (s.minScore !== undefined) p.minScore = s.minScore as number;
  if (s.sensitivity !== undefined) p.sensitivity = s.sensitivity as RedactionPolicy['sensitivity'];
  if (s.fields !== undefined) p.fields = s.fields as RedactionPolicy['fields'];
  if (s.fhir !== undefined) p.fhir = s.fhir as boolean;
  if (s.fhirInvalid !== undefined) p.fhirInvalid = s.fhirInvalid as RedactionPolicy['fhirInvalid'];
  if (s.hashKey !== undefined) {
    if (typeof s.hashKey !== 'string') throw new PhiPolicyError('phi.hashKey', 'must be env:NAME or file:PATH');
    if (!resolveKey) throw new PhiPolicyError('phi.hashKey', 'no key resolver available');
    p.hashKey = resolveKey(s.hashKey);
  }
  return compileRedactionPolicy(p);
}
