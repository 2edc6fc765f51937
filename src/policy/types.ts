/** The compiled, frozen policy every stage reads. */
import type { AccessConfig, IdentityConfig, RouteAccess } from '../access/policy/index.js';
import type { AlertsConfig } from '../alerts/policy.js';
import type { AuditConfig } from '../audit/policy.js';
import type { AccessRouteView, Mode, RoutePatientSource } from '../core/context.js';
import type { CompiledRedactor } from '../phi/index.js';
import type { Router, RouterRoute } from './router.js';

/** A compiled JSON Schema validator (ajv). Returns the list of failing JSON pointers (no values). */
export type BodyValidator = (value: unknown) => { ok: true } | { ok: false; errors: string[] };

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
    readonly requireIfMatch: boolean;
    /** Allowed query parameter names; undefined means any. */
    readonly query?: readonly string[];
  };
  readonly response: {
    readonly contentTypes?: readonly string[];
    readonly schema?: BodyValidator;
    readonly phi: boolean;
    /** Principals for whom redaction is skipped (e.g. clinicians for treatment). */
    readonly phiExempt?: ReadonlyArray<{ readonly roles: readonly string[]; readonly purposes?: readonly string[] }>;
  };
  readonly audit: { readonly onFailure: 'deny' | 'allow-and-alert' };
}

export interface UpstreamConfig {
  readonly url: string;
  readonly connectTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly bodyTimeoutMs: number;
  readonly maxResponseBytes: number;
  readonly connections: number;
}

export interface LimitsConfig {
  readonly maxRequestBytes: number;
  readonly maxHeaderCount: number;
  readonly maxHeaderBytes: number;
  readonly requestTimeoutMs: number;
  readonly stageTimeoutMs: number;
  readonly maxJsonDepth: number;
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
  /** The validated source document (frozen), for sections compiled by later capabilities. */
  readonly raw: Readonly<Record<string, unknown>>;
}
