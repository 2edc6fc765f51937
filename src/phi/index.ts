/**
 * phiguard PHI engine: detection of the HIPAA Safe Harbor identifiers in text and JSON, and
 * policy-driven redaction. Pure library: no I/O. See docs/phi.md.
 */
export { PHI_TYPES, isPhiType, DEFAULT_MIN_SCORE } from './types.js';
export type { PhiType, Finding, ScanOptions } from './types.js';
export { scanText, candidates } from './scan.js';
export {
  compileRedactionPolicy, redactText, hashToken, DEFAULT_REDACTOR, REDACT_ACTIONS,
} from './redact.js';
export type { RedactAction, RedactionPolicy, CompiledRedactor, FieldOptions } from './redact.js';
export { detectJson, redactJson, redactNdjson } from './json/redact-json.js';
export type { JsonOptions } from './json/redact-json.js';
export { scanHeaders, scanQuery } from './headers.js';
export type { HeaderList, HeaderResult } from './headers.js';
export { generalizeDate, generalizeZip, generalizeAge, RESTRICTED_ZIP3 } from './generalize.js';
export { PhiInputError, PhiPolicyError } from './errors.js';
export { phiPolicySchema } from './schema.js';
export { policyFromConfig } from './config.js';
export { compilePhiSection, phiSectionSchema, resolveHashKey } from './policy.js';
export { checkHashKey, decodeHashKeyFile, decodeHashKeyText, MIN_HASH_KEY_BYTES, type HashKey, type HashKeyResult } from './hash-key.js';
export * as validators from './validators.js';
export { sniffKind } from './sniff.js';
export type { InputKind } from './sniff.js';
