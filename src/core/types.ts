/**
 * The neutral request/response shapes every adapter translates to and from, and the
 * per-request context the pipeline stages share. No I/O here.
 */
import type { ReasonCode } from './errors.js';

/** Header list as received: lower-cased names, original order, duplicates preserved. */
export type HeaderList = ReadonlyArray<readonly [name: string, value: string]>;

/** A request as it arrived, before any checking. Adapters fill this in and nothing else. */
export interface GuardRequest {
  /** Method token exactly as received. */
  readonly method: string;
  /** The raw request-target (e.g. `/Patient/1?x=y`), never decoded. */
  readonly target: string;
  readonly headers: HeaderList;
  /** The full buffered body, or null when there is none. */
  readonly body: Uint8Array | null;
  /** Socket peer address (never from a header). */
  readonly remoteAddress: string;
  readonly remotePort?: number;
  /** Transport facts when TLS terminates in this process. */
  readonly tls?: TransportInfo;
  /** True when the adapter saw `Transfer-Encoding` and `Content-Length` together, or other framing hazards. */
  readonly framingHazard?: boolean;
  /** Set when the adapter could not read the body (too large, too slow): the request is denied with this code. */
  readonly bodyError?: ReasonCode;
  /**
   * Set by the listener when the connection itself is not acceptable (plain HTTP where TLS is
   * required: PG_TLS_REQUIRED): canonicalize denies with this code before any other check.
   */
  readonly transportError?: ReasonCode;
}

export interface TransportInfo {
  readonly encrypted: boolean;
  readonly protocol?: string;
  readonly authorized?: boolean;
  /** Verified client certificate facts (mTLS). */
  readonly peerCertificate?: {
    readonly subject: string;
    readonly san?: readonly string[];
    readonly fingerprint256: string;
    readonly issuer?: string;
  };
}

/** The request after canonicalization: this, and only this, is what gets routed, checked and forwarded. */
export interface CanonicalRequest {
  /** Upper-case method actually used for policy decisions (HEAD is kept as HEAD; routing maps it to GET). */
  readonly method: string;
  /** Decoded-and-checked path with dot segments removed. Always starts with `/`. */
  readonly path: string;
  /** Path segments, percent-decoded (safe: no `/` or `\` can appear inside one). */
  readonly segments: readonly string[];
  /** The raw query string without `?` (re-serialised canonically), or '' when absent. */
  readonly query: string;
  /** Parsed query parameters, decoded; multi-valued. */
  readonly params: ReadonlyMap<string, readonly string[]>;
  /** Single-valued view of headers (lower-case names); duplicates joined with ', ' except set-cookie. */
  readonly headers: ReadonlyMap<string, string>;
  /** The exact body that was validated (and will be forwarded). */
  readonly body: Uint8Array | null;
  /** The path + query to forward upstream. */
  readonly forwardTarget: string;
}

export interface GuardResponse {
  status: number;
  /** Lower-case names; duplicates allowed (set-cookie). */
  headers: Array<[string, string]>;
  body: Uint8Array | null;
}

/** Who is asking. Produced by `identify`; read by every later stage and by the audit record. */
export interface Principal {
  /** Stable unique id: `${issuer}|${subject}` for tokens, `mtls|${fingerprint}` for certificates. */
  readonly id: string;
  readonly issuer: string;
  readonly subject: string;
  readonly kind: 'user' | 'patient' | 'system';
  readonly roles: readonly string[];
  /** SMART scopes as granted (raw strings). */
  readonly scopes: readonly string[];
  /** Patient context (SMART `patient` launch claim) when the token is bound to one patient. */
  readonly patient?: string;
  /** Purpose of use (e.g. TREAT, ETREAT, HPAYMT, HOPERAT). */
  readonly purposeOfUse?: string;
  readonly clientId?: string;
  readonly sessionId?: string;
  readonly acr?: string;
  readonly amr?: readonly string[];
  readonly authTime?: number;
  readonly issuedAt?: number;
  readonly expiresAt?: number;
  readonly method: 'jwt' | 'mtls' | 'none';
}

/** A would-be denial recorded in monitor mode, or an informational decision. */
export interface Decision {
  readonly stage: StageName;
  readonly code: ReasonCode;
  readonly detail?: string;
  /**
   * Set on a would-be denial (or would-be redaction/projection) that was let through because the
   * rule is in monitor mode: `policy` or `route` (the effective mode), or the rule's policy path
   * (`routes.ID.allow`, `access.bulk`, `access.minimumNecessary.rules[0]`, `phi.actions.SSN`).
   */
  readonly monitor?: string;
}

export const STAGES = [
  'canonicalize',
  'identify',
  'route',
  'authorize',
  'validateRequest',
  'inspectResponse',
  'audit',
  'alert',
] as const;
export type StageName = (typeof STAGES)[number];

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = Object.freeze({ now: () => Date.now() });
