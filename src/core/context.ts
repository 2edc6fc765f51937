/**
 * Per-request state shared by the pipeline stages. Each field is written by exactly one stage
 * (named in its comment) and read by the stages after it. No I/O here.
 */
import type { ReasonCode } from './errors.js';
import type { CanonicalRequest, Clock, Decision, GuardRequest, GuardResponse, Principal, StageName } from './types.js';

export type Mode = 'enforce' | 'monitor';

/** What core needs to know about a matched route. The full compiled route extends this. */
export interface RouteView {
  readonly id: string;
  readonly method: string;
  readonly template: string;
  readonly mode?: Mode;
  readonly resource?: string;
  readonly interaction?: string;
}

/** Where the patient a request is about comes from: a path parameter (`{id}`) or a query parameter (`?patient`). */
export interface RoutePatientSource {
  readonly from: 'param' | 'query';
  readonly name: string;
}

/** What the access library (patient compartment, response access) reads of a route. The compiled route extends this. */
export interface AccessRouteView extends RouteView {
  readonly patient?: RoutePatientSource;
}

export interface RouteMatch<R extends RouteView = RouteView> {
  readonly route: R;
  /** Decoded template parameters, e.g. `{ id: '123' }`. */
  readonly params: Readonly<Record<string, string>>;
}

/** Outcome of authorization, consumed by response inspection and audit. Written by `authorize`. */
export interface AccessDecision {
  /** Patients whose data this request may touch (compartment), when restricted. */
  readonly patients?: readonly string[];
  /** Patient the request is about, when known (path, query or break-glass target). */
  readonly patient?: string;
  readonly purposeOfUse?: string;
  readonly breakGlass?: { readonly reason: string; readonly justificationDigest: string; readonly patient?: string };
  /** Field projection (minimum necessary) to apply to the response. Opaque to core. */
  readonly projection?: unknown;
  /** Security labels this principal may see (others are withheld). */
  readonly allowedLabels?: readonly string[];
  /** Resource types/interactions allowed by scopes (for filtering searches). Opaque to core. */
  readonly scopeGrant?: unknown;
}

/** Summary of what response inspection saw and did; never raw values. Written by `inspectResponse`. */
export interface InspectionSummary {
  /** Count of findings per PHI type (redacted or, in monitor mode, seen). */
  readonly phiFindings: Readonly<Record<string, number>>;
  readonly redacted: boolean;
  readonly projectedFields: number;
  readonly suppressedResources: number;
  /** Resource references returned (e.g. `Patient/123`), capped; used by audit and bulk limits. */
  readonly resources: readonly string[];
  /** Patients whose data the response contained (references), capped. */
  readonly patients: readonly string[];
}

export interface Outcome {
  readonly stage: StageName | 'upstream';
  readonly code: ReasonCode;
  readonly status: number;
  readonly detail?: string;
}

export interface GuardContext<R extends RouteView = RouteView> {
  /** Unique request id (also sent as `x-request-id` on the response). */
  readonly id: string;
  readonly clock: Clock;
  /** Clock time the request was accepted. */
  readonly receivedAt: number;
  /** The request exactly as the adapter saw it. */
  readonly request: GuardRequest;
  /** Policy identity: name and content hash (recorded in audit). */
  readonly policy: { readonly name: string; readonly hash: string; readonly mode: Mode };
  /** Effective mode: the policy's, overridden by the matched route's. Written by `route`. */
  mode: Mode;
  /** Written by `canonicalize`. */
  canonical?: CanonicalRequest;
  /** Written by `identify`. */
  principal?: Principal;
  /** Written by `route`. */
  route?: RouteMatch<R>;
  /** Written by `authorize`. */
  access?: AccessDecision;
  /** Written by `inspectResponse`. */
  inspection?: InspectionSummary;
  /** Informational decisions and, in monitor mode, the denials enforce mode would have made. */
  readonly decisions: Decision[];
  /** Set when the request is denied or fails; absent means allowed. */
  outcome?: Outcome;
  /** The response that will be released. Set after the handler/upstream or by a denial. */
  response?: GuardResponse;
  /** Headers the stages want on the released response (e.g. audit receipt). */
  readonly responseHeaders: Array<[string, string]>;
  /** Audit receipt (index and checkpoint) once appended. Written by `audit`. */
  auditReceipt?: string;
  /** Digest of the request body as validated (hex sha-256), when there was one. */
  requestDigest?: string;
  /** Digest of the response body as released. */
  responseDigest?: string;
  /** Milliseconds spent upstream / in the handler. */
  upstreamMs?: number;
}
