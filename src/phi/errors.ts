/**
 * Typed errors. Messages carry positions and counts only, never input values, so they are
 * safe to log and to audit. Callers in the pipeline fail closed on any of them.
 */
export class PhiInputError extends Error {
  /** `PG_RESPONSE_UNPARSEABLE`-style reason the caller can map to a PG_* code. */
  readonly code: 'PHI_JSON_INVALID' | 'PHI_NDJSON_INVALID' | 'PHI_INPUT_TYPE';
  /** UTF-16 offset of the problem in the input, when known. */
  readonly offset: number | undefined;
  constructor(code: PhiInputError['code'], message: string, offset?: number) {
    super(message);
    this.name = 'PhiInputError';
    this.code = code;
    this.offset = offset;
  }
}

export class PhiPolicyError extends Error {
  readonly code = 'PHI_POLICY_INVALID' as const;
  /** Policy path of the offending key, e.g. `phi.actions.SSN`. */
  readonly path: string;
  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'PhiPolicyError';
    this.path = path;
  }
}
