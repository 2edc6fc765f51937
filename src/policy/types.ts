/** The compiled, frozen policy every stage reads. */
import type { AccessConfig, IdentityConfig, RouteAccess } from '../access/policy/index.js';
import type { AlertsConfig } from '../alerts/policy.js';
import type { AuditConfig } from '../audit/policy.js';
import type { AccessRouteView, Mode, RoutePatientSource } from '../core/context.js';
import type { CompiledRedactor } from '../phi/index.js';
import type { Router, RouterRoute } from './router.js';

/**
 * A compiled JSON Schema validator (ajv). Returns the failing JSON pointers with their keywords (no
 * values); `pointer` is the first failing location, safe to show a client (segments the schema does
 * not declare are `*`).
 */
export type BodyValidator = (value: unknown) => { ok: true } | { ok: false; errors: string[]; pointer?: string };

/** Path and query parameters checked against an API description; names are the declared ones only. */
export type ParamValidator = (
  path: Readonly<Record<string, string>>,
  query: ReadonlyMap<string, readonly string[]>,
) => { ok: true } | { ok: false; in: 'path' | 'query'; name: string; errors: string[] };

/** The response schema for one status and media type, and the fields it does not declare. */
export interface ResponseCheck {
  readonly validate: BodyValidator;
  /** Paths (key segments) of object members in `value` that the schema does not declare. */
  undeclared(value: unknown): string[][];
}

/** Picks the response check: undefined when nothing is declared to check, 'undeclared-status' for a 2xx the description does not list. */
export type ResponseContract = (status: number, mediaType: string | undefined) => ResponseCheck | 'undeclared-status' | undefined;

/** Write integrity (164.312(c)): preconditions and message digests, per route. */
export interface IntegrityConfig {
  readonly requireIfMatch: boolean;
  /** Who compares If-Match with the current version: `auto` is the gateway when there is one. */
  readonly checkVersion: 'auto' | 'gateway' | 'upstream';
  /** A Content-Digest with only algorithms phiguard does not verify. */
  readonly digestUnsupported: 'refuse' | 'ignore';
  readonly responseDigest: 'sha-256' | 'sha-512' | 'none';
}

export interface CompiledRoute extends RouterRoute, AccessRouteView {
  readonly public: boolean;
  readonly description?: string;
  /** Where the patient the request is about comes from. */
  readonly patient?: RoutePatientSource;
  readonly access: RouteAccess;
  readonly request: {
    readonly contentTypes: readonly string[];
    readonly maxBytes: number;
    readonly schema?: BodyValidator;
    /** Whether a body is required (OpenAPI `requestBody.required`; a body schema alone requires one). */
    readonly bodyRequired?: boolean;
    /** Path and query parameters (OpenAPI operation parameters). */
    readonly params?: ParamValidator;
    readonly requireIfMatch: boolean;
    /** Allowed query parameter names; undefined means any. */
    readonly query?: readonly string[];
  };
  readonly response: {
    readonly contentTypes?: readonly string[];
    readonly schema?: BodyValidator;
    /** Response schemas by status and media type (OpenAPI responses, or `response.schema` for every status). */
    readonly contract?: ResponseContract;
    /** What to do with fields the contract does not declare. */
    readonly undeclared: 'remove' | 'block';
    readonly phi: boolean;
    /** Principals for whom redaction is skipped (e.g. clinicians for treatment). */
    readonly phiExempt?: ReadonlyArray<{ readonly roles: readonly string[]; readonly purposes?: readonly string[] }>;
  };
  readonly audit: { readonly onFailure: 'deny' | 'allow-and-alert' };
  readonly integrity: IntegrityConfig;
}

export interface UpstreamConfig {
  readonly url: string;
  readonly connectTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly bodyTimeoutMs: number;
  readonly maxResponseBytes: number;
  readonly connections: number;
  /** `upstream.tls` (docs/transport.md); absent: verify against the system CA store. */
  readonly tls?: UpstreamTlsConfig;
  /** Forwarding headers sent to the upstream (default x-forwarded). */
  readonly forwarded?: 'x-forwarded' | 'rfc7239' | 'both' | 'none';
  /** The gateway's public base URL; upstream-origin links are rewritten to it (default: the request's scheme and Host). */
  readonly publicUrl?: string;
  /** Other origins the upstream writes into its links. */
  readonly linkAliases?: readonly string[];
  /** Rewrite upstream-origin links in released headers and bodies (default true). */
  readonly rewriteLinks?: boolean;
}

/** TLS to an https:// upstream: PEM text read at compile time. */
export interface UpstreamTlsConfig {
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly insecureSkipVerify: boolean;
}

/** `tls:` the gateway listener (src/policy/tls.ts): file paths resolved against the policy file. */
export interface TlsConfig {
  readonly cert?: string;
  readonly key?: string;
  readonly clientCa?: string;
  readonly minVersion: 'TLSv1.2' | 'TLSv1.3';
  /** Colon-separated suites, most preferred first. */
  readonly ciphers: string;
  readonly curves: string;
  /** Plain HTTP refused (or redirected) unless from a loopback peer or a trusted proxy reporting https. */
  readonly required: boolean;
  readonly allowPlainLoopback: boolean;
  readonly plainHttp: 'refuse' | 'redirect';
  /** https origin redirects point at (no trailing slash). */
  readonly publicUrl?: string;
  /** Reload certificate files when they change. */
  readonly watch: boolean;
}

export interface LimitsConfig {
  readonly maxRequestBytes: number;
  readonly maxHeaderCount: number;
  readonly maxHeaderBytes: number;
  readonly requestTimeoutMs: number;
  readonly stageTimeoutMs: number;
  readonly maxJsonDepth: number;
}

/** One `egress.allow` entry, normalised (lower-case, punycode, no trailing dot). */
export interface EgressHost {
  readonly host: string;
  /** `*.host`: any subdomain of host (not host itself). */
  readonly wildcard: boolean;
  readonly ports: readonly number[];
  readonly baa: boolean;
  readonly allowPrivate: boolean;
  readonly http: boolean;
}

/** `egress:` compiled (src/policy/egress.ts). */
export interface EgressConfig {
  readonly enabled: boolean;
  readonly scanBodies: boolean;
  readonly maxScanBytes: number;
  readonly allow: readonly EgressHost[];
}

export interface CompiledPolicy {
  readonly version: 1;
  readonly name: string;
  /** sha-256 (hex) of the policy's canonical JSON form: recorded with every audit record. */
  readonly hash: string;
  readonly file: string;
  readonly mode: Mode;
  readonly upstream?: UpstreamConfig;
  readonly limits: LimitsConfig;
  /** `tls:` (defaults when absent from the document); optional for hand-built policies. */
  readonly tls?: TlsConfig;
  readonly trustedProxies: readonly string[];
  readonly roles: readonly string[];
  readonly routes: readonly CompiledRoute[];
  readonly router: Router<CompiledRoute>;
  readonly identity?: IdentityConfig;
  readonly access: AccessConfig;
  /** Compiled PHI redaction settings (owned by src/phi); undefined when the section is absent. */
  readonly phi?: CompiledRedactor;
  readonly audit: AuditConfig;
  readonly alerts: AlertsConfig;
  /** `egress:` (src/policy/egress.ts); optional for hand-built policies. */
  readonly egress?: EgressConfig;
  /** The validated source document (frozen), for sections compiled by later capabilities. */
  readonly raw: Readonly<Record<string, unknown>>;
}
