/**
 * Every decision phiguard makes carries a stable reason code. This file is the single
 * source of truth; docs/errors.md documents each code and a test keeps the two in step.
 *
 * Client-facing messages are generic on purpose: they never echo input values, tokens or PHI.
 */

/**
 * Where a code is raised: a pipeline stage (src/core/pipeline.ts), or
 * - `policy`: loading, validating and compiling the policy (before any request);
 * - `transport`: the adapter or gateway around the pipeline (reading the request off the
 *   connection, refusing it while shutting down, checks a framework adapter adds);
 * - `upstream`: the in-process handler or the gateway's upstream call;
 * - `any`: any stage (internal faults, stage timeouts) or the final outcome.
 */
export const REASON_STAGES = Object.freeze([
  'policy', 'transport', 'canonicalize', 'identify', 'route', 'authorize', 'validateRequest',
  'upstream', 'inspectResponse', 'audit', 'alert', 'any',
] as const);

export type ReasonStage = (typeof REASON_STAGES)[number];

export interface ReasonCodeInfo {
  /** HTTP status sent to the client when this code denies a request. */
  readonly status: number;
  /** Generic, client-safe message. Never includes request data. */
  readonly message: string;
  /**
   * Whether `monitor` mode may let the request through while recording the would-be denial.
   * Protocol-level hazards and internal faults are never monitorable: they always fail closed.
   */
  readonly monitorable: boolean;
  /** The stages that raise this code, read from the code that raises it; the main one first. */
  readonly stages: readonly ReasonStage[];
  /**
   * Set when nothing raises this code yet: the capability that will. A test checks that every other
   * code is raised somewhere in src, and that no reserved code is.
   */
  readonly reserved?: string;
}

const c = (stage: ReasonStage | readonly ReasonStage[], status: number, message: string, monitorable = true): ReasonCodeInfo =>
  Object.freeze({ status, message, monitorable, stages: Object.freeze(typeof stage === 'string' ? [stage] : [...stage]) });

/** A code declared for a later capability (named in `capability`); nothing raises it today. */
const reserved = (capability: string, stage: ReasonStage | readonly ReasonStage[], status: number, message: string, monitorable = true): ReasonCodeInfo =>
  Object.freeze({ ...c(stage, status, message, monitorable), reserved: capability });

/** Sections group codes by family; each entry declares the stages that raise it (first argument). */
export const REASON_CODES = Object.freeze({
  // --- allow / informational -------------------------------------------------
  PG_OK: c('any', 200, 'Allowed.'),

  // --- policy (validate / compile) --------------------------------------------
  PG_POLICY_PARSE: c('policy', 500, 'The policy file could not be parsed.', false),
  PG_POLICY_SCHEMA: c('policy', 500, 'The policy does not match the policy schema.', false),
  PG_POLICY_UNKNOWN_KEY: c('policy', 500, 'The policy contains an unknown key.', false),
  PG_POLICY_ROUTE: c('policy', 500, 'A route declaration is invalid.', false),
  PG_POLICY_DUPLICATE_ROUTE: c('policy', 500, 'Two routes declare the same method and path.', false),
  PG_POLICY_REFERENCE: c('policy', 500, 'The policy refers to something it does not define.', false),
  PG_POLICY_IO: c('policy', 500, 'The policy file could not be read.', false),
  PG_POLICY_INVALID: c('policy', 500, 'A reloaded policy failed validation; the running policy stays in force.', false),
  PG_POLICY_RELOAD_FAILED: c('policy', 500, 'A valid policy could not be put in force; the running policy stays in force.', false),
  // policy test files (`phiguard test`, src/rollout/tests): reported as FILE:LINE:COL, exit 2
  PG_TEST_PARSE: c('policy', 500, 'The policy test file could not be parsed.', false),
  PG_TEST_SCHEMA: c('policy', 500, 'The policy test file does not match the test file schema.', false),
  PG_TEST_REFERENCE: c('policy', 500, 'The policy test file refers to something it does not define.', false),
  PG_TEST_IO: c('policy', 500, 'A file the policy test names could not be read.', false),

  // --- canonicalize -----------------------------------------------------------
  PG_PATH_INVALID: c(['canonicalize', 'transport'], 400, 'The request target is not a valid origin-form path.', false),
  PG_PATH_ENCODED_SEPARATOR: c('canonicalize', 400, 'Encoded path separators are not allowed.', false),
  PG_PATH_DOUBLE_ENCODING: c('canonicalize', 400, 'Double percent-encoding is not allowed.', false),
  PG_PATH_PARAMETER: c('canonicalize', 400, 'Path parameters (;) are not allowed.', false),
  PG_PATH_EMPTY_SEGMENT: c('canonicalize', 400, 'Empty path segments (//) are not allowed.', false),
  PG_PATH_CONTROL_CHAR: c('canonicalize', 400, 'Control characters are not allowed in the request target.', false),
  PG_PATH_TRAVERSAL: c('canonicalize', 400, 'The path escapes its root.', false),
  PG_PATH_ABSOLUTE_FORM: c('canonicalize', 400, 'Absolute-form request targets are not allowed.', false),
  PG_HEADER_DUPLICATE: c('canonicalize', 400, 'A header that must be unique was sent more than once.', false),
  PG_HEADER_METHOD_OVERRIDE: c('canonicalize', 400, 'Method-override headers are not allowed.', false),
  PG_HEADER_INVALID: c('canonicalize', 400, 'A request header is malformed.', false),
  PG_HEADER_TOO_MANY: c('canonicalize', 431, 'Too many request headers.', false),
  PG_HEADER_TOO_LARGE: c(['transport', 'canonicalize'], 431, 'Request headers are too large.', false),
  PG_METHOD_INVALID: c('canonicalize', 400, 'The request method is not valid.', false),
  PG_UPGRADE_REFUSED: c('canonicalize', 400, 'Protocol upgrades are not allowed.', false),
  PG_FRAMING_INVALID: c(['transport', 'canonicalize'], 400, 'The request body framing is ambiguous or invalid.', false),
  PG_QUERY_INVALID: c('canonicalize', 400, 'The query string is malformed.', false),
  PG_QUERY_NOT_ALLOWED: c('validateRequest', 400, 'A query parameter is not allowed on this route.'),
  PG_FORMAT_NOT_ALLOWED: c('validateRequest', 406, 'Only JSON representations are served on this route.'),

  // --- route ------------------------------------------------------------------
  PG_ROUTE_NOT_FOUND: c(['route', 'transport', 'inspectResponse'], 404, 'Not found.'),
  PG_ROUTE_METHOD_NOT_ALLOWED: c('route', 405, 'Method not allowed.'),

  // --- identify ---------------------------------------------------------------
  PG_AUTH_MISSING: c(['identify', 'authorize'], 401, 'Authentication is required.'),
  PG_AUTH_INVALID: c('identify', 401, 'The credentials are invalid.'),
  PG_AUTH_EXPIRED: c('identify', 401, 'The credentials have expired.'),
  PG_AUTH_ALG: c('identify', 401, 'The token algorithm is not allowed.'),
  PG_AUTH_CLAIMS: c('identify', 401, 'The token claims are not acceptable.'),
  PG_AUTH_KEY_UNKNOWN: c('identify', 401, 'The token was signed by an unknown key.'),
  PG_AUTH_JWKS_UNAVAILABLE: c('identify', 503, 'The identity provider keys are unavailable.', false),
  PG_AUTH_ANONYMOUS: c('identify', 401, 'Anonymous or shared principals are not allowed.'),
  PG_AUTH_MTLS: c('identify', 401, 'The client certificate is missing or not trusted.'),
  PG_AUTH_MFA_REQUIRED: c('authorize', 401, 'Multi-factor authentication is required for this resource.'),
  PG_SESSION_IDLE_TIMEOUT: c('identify', 401, 'The session timed out after inactivity.'),
  PG_SESSION_ABSOLUTE_TIMEOUT: c('identify', 401, 'The session reached its maximum lifetime.'),
  PG_STATE_UNAVAILABLE: c(['identify', 'authorize'], 503, 'Session state is unavailable.', false),

  // --- authorize --------------------------------------------------------------
  PG_AUTHZ_ROLE: c('authorize', 403, 'Forbidden.'),
  PG_AUTHZ_SCOPE: c(['authorize', 'inspectResponse'], 403, 'Forbidden.'),
  PG_AUTHZ_SCOPE_MALFORMED: c('authorize', 403, 'Forbidden.'),
  PG_AUTHZ_PATIENT_COMPARTMENT: c('authorize', 403, 'Forbidden.'),
  PG_AUTHZ_PURPOSE: c(['identify', 'authorize'], 403, 'Forbidden.'),
  PG_AUTHZ_SECURITY_LABEL: c('inspectResponse', 403, 'Forbidden.'),
  PG_BREAK_GLASS_DENIED: c('authorize', 403, 'Emergency access is not allowed.'),
  PG_BREAK_GLASS_GRANTED: c('authorize', 200, 'Emergency access granted and recorded.'),
  PG_RATE_PATIENTS: c('authorize', 429, 'Too many distinct patients accessed in the time window.'),
  PG_RATE_RECORDS: c('authorize', 429, 'Too many records accessed in the time window.'),

  // --- validate request -------------------------------------------------------
  PG_BODY_TOO_LARGE: c(['transport', 'validateRequest'], 413, 'The request body is too large.', false),
  PG_BODY_CONTENT_TYPE: c('validateRequest', 415, 'The request content type is not allowed.'),
  PG_BODY_ENCODING: c('validateRequest', 415, 'The content encoding is not supported.', false),
  PG_BODY_JSON_INVALID: c('validateRequest', 400, 'The request body is not valid JSON.', false),
  PG_BODY_JSON_HAZARD: c('validateRequest', 400, 'The request body contains a JSON hazard.', false),
  PG_BODY_SCHEMA: c('validateRequest', 422, 'The request body does not match the schema.'),
  PG_BODY_NOT_ALLOWED: c('validateRequest', 400, 'A body is not allowed on this request.', false),
  PG_PRECONDITION_REQUIRED: c('validateRequest', 428, 'A precondition header (If-Match) is required.'),
  PG_PRECONDITION_FAILED: c(['validateRequest', 'upstream'], 412, 'The If-Match precondition does not hold for the current version.'),
  PG_PRECONDITION_INVALID: c('validateRequest', 400, 'The If-Match header is malformed.', false),
  PG_PARAM_SCHEMA: c('validateRequest', 422, 'A path or query parameter does not match the API description.'),
  PG_DIGEST_INVALID: c('validateRequest', 400, 'The Content-Digest header is malformed.', false),
  PG_DIGEST_MISMATCH: c('validateRequest', 400, 'The request body does not match its Content-Digest.', false),
  PG_DIGEST_UNSUPPORTED: c('validateRequest', 400, 'The Content-Digest algorithm is not supported.', false),
  PG_REQUEST_TIMEOUT: c('transport', 408, 'The request took too long to arrive.', false),

  // --- upstream / handler -----------------------------------------------------
  PG_UPSTREAM_UNAVAILABLE: c('upstream', 502, 'The upstream service is unavailable.', false),
  PG_UPSTREAM_TIMEOUT: c('upstream', 504, 'The upstream service timed out.', false),
  PG_UPSTREAM_RESPONSE_TOO_LARGE: c('upstream', 502, 'The upstream response is too large.', false),
  PG_UPSTREAM_TLS: c('upstream', 502, 'The secure connection to the upstream service could not be established.', false),
  PG_UPSTREAM_INVALID: c('upstream', 502, 'The upstream response is invalid.', false),
  PG_HANDLER_ERROR: c('upstream', 500, 'Internal error.', false),

  // --- inspect response -------------------------------------------------------
  PG_RESPONSE_CONTENT_TYPE: c('inspectResponse', 502, 'The response content type is not allowed.'),
  PG_RESPONSE_ENCODING: c('inspectResponse', 502, 'The response content encoding is not supported.', false),
  PG_RESPONSE_UNPARSEABLE: c('inspectResponse', 502, 'The response could not be inspected.', false),
  PG_RESPONSE_SCHEMA: c('inspectResponse', 502, 'The response does not match the schema.'),
  PG_RESPONSE_UNDECLARED: c('inspectResponse', 502, 'The response contained fields the API description does not declare.'),
  PG_FIELDS_UNDECLARED: c('inspectResponse', 200, 'Fields the API description does not declare were removed.'),
  PG_RESPONSE_PARTIAL: c('inspectResponse', 502, 'Partial responses cannot be inspected.', false),
  PG_RESPONSE_FORMAT: c('inspectResponse', 502, 'The response format cannot be checked for this request.', false),
  // Not a denial: a handler/upstream error (status >= 400) whose body is not JSON is released with its
  // own status and this generic body (404: PG_ROUTE_NOT_FOUND's) instead of the page; 500 is nominal.
  PG_RESPONSE_ERROR_WITHHELD: c('inspectResponse', 500, 'The service answered with an error; its details were withheld.', false),
  PG_RESPONSE_PHI_BLOCKED: reserved('a `block` PHI action that refuses a response instead of redacting it', 'inspectResponse', 502, 'The response contained protected health information that may not be released.'),
  PG_RESPONSE_PATIENT_COMPARTMENT: c('inspectResponse', 403, 'Forbidden.'),
  PG_PHI_REDACTED: c('inspectResponse', 200, 'Protected health information was redacted.'),
  PG_FIELDS_PROJECTED: c('inspectResponse', 200, 'Fields were removed under minimum necessary.'),
  PG_LABELS_SUPPRESSED: c('inspectResponse', 200, 'Resources were withheld because of their security labels.'),

  // --- audit ------------------------------------------------------------------
  PG_AUDIT_UNAVAILABLE: c('audit', 503, 'The audit log is unavailable; the request was not completed.', false),
  PG_AUDIT_TAMPERED: c('alert', 500, 'The audit log failed verification.', false),
  PG_AUDIT_CONFIG: c('policy', 500, 'The audit configuration is invalid.', false),

  // --- egress / transport (later capabilities) -------------------------------
  PG_TLS_REQUIRED: c(['canonicalize', 'transport'], 403, 'A secure transport is required.', false),
  // The egress guard (src/egress, `egress:` section): the process's own outbound calls.
  PG_EGRESS_DENIED: c('upstream', 502, 'The outbound destination is not allowed.', false),
  PG_EGRESS_PHI: c('upstream', 502, 'The outbound request carried protected health information to a destination without a business associate agreement.', false),

  // --- generic ----------------------------------------------------------------
  PG_INTERNAL: c('any', 500, 'Internal error.', false),
  PG_GUARD_TIMEOUT: c('any', 503, 'A guard did not complete in time.', false),
  PG_SHUTTING_DOWN: c(['transport', 'inspectResponse'], 503, 'The service is shutting down.', false),
  // The admin listener's dashboard (src/admin/dashboard): a POST without the session's CSRF token, a bad API parameter.
  PG_ADMIN_CSRF: c('transport', 403, 'The request is missing a valid CSRF token.', false),
  PG_ADMIN_BAD_REQUEST: c('transport', 400, 'A parameter of the request is invalid.', false),
} satisfies Record<string, ReasonCodeInfo>);

export type ReasonCode = keyof typeof REASON_CODES;

export function isReasonCode(value: string): value is ReasonCode {
  return Object.prototype.hasOwnProperty.call(REASON_CODES, value);
}

/**
 * The one error class every guard throws to deny. `detail` is for operators (audit log, server
 * logs) and must itself never contain PHI or secrets: put references, field names, counts.
 */
export class PhiguardError extends Error {
  readonly code: ReasonCode;
  readonly status: number;
  readonly detail: string | undefined;
  /** Client-safe location of the failure (a body JSON pointer with undeclared keys masked, or a declared parameter name). */
  readonly where: ErrorWhere | undefined;

  constructor(code: ReasonCode, detail?: string, options?: { status?: number; cause?: unknown; where?: ErrorWhere }) {
    super(REASON_CODES[code].message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PhiguardError';
    this.code = code;
    this.status = options?.status ?? REASON_CODES[code].status;
    this.detail = detail;
    this.where = options?.where;
  }
}

export function deny(code: ReasonCode, detail?: string): never {
  throw new PhiguardError(code, detail);
}

/** Turns any thrown value into a PhiguardError without leaking its message to clients. */
export function toPhiguardError(err: unknown): PhiguardError {
  if (err instanceof PhiguardError) return err;
  return new PhiguardError('PG_INTERNAL', err instanceof Error ? err.name : 'non-error thrown', { cause: err });
}

/** Where a request failed validation: never a value, only a location the policy or API description names. */
export type ErrorWhere = { readonly in: 'body'; readonly pointer: string } | { readonly in: 'path' | 'query'; readonly name: string };

/** The JSON body sent to clients on denial: a code and a generic message (and, for schema failures, where), nothing else. */
export function errorBody(code: ReasonCode, requestId: string, where?: ErrorWhere): string {
  return JSON.stringify({ error: { code, message: REASON_CODES[code].message, requestId, ...(where ? { where } : {}) } });
}
