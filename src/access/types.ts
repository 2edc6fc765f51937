/** Compiled (frozen) runtime configuration of the identity and access sections. Types only. */
import type { AccessDecision } from '../core/context.js';

export interface JwksSource {
  readonly url?: string;
  /** Parsed JWKS document from a file. */
  readonly keys?: readonly Record<string, unknown>[];
  readonly timeoutMs: number;
  readonly cooldownMs: number;
  readonly maxAgeMs: number;
  readonly maxStaleMs: number;
  readonly maxRefetchPerMinute: number;
  readonly maxBytes: number;
}

export interface ClaimPaths {
  readonly roles: readonly string[];
  readonly scope: readonly string[];
  readonly patient: readonly string[];
  readonly purposeOfUse: readonly string[];
  readonly clientId: readonly string[];
  /** Empty: no consent claim. */
  readonly consentLabels: readonly string[];
}

export interface IssuerConfig {
  readonly issuer: string;
  readonly audience: readonly string[];
  readonly jwks: JwksSource;
  readonly algorithms: readonly string[];
  /** Normalised (lower-case, without `application/`). */
  readonly types: readonly string[];
  readonly requireType: boolean;
  readonly maxTokenAgeMs: number;
  readonly maxLifetimeMs: number;
  readonly clockToleranceMs: number;
  readonly patientRoles: readonly string[];
  readonly claims: ClaimPaths;
}

export interface MtlsClient {
  readonly id: string;
  /** Upper-case colon-separated hex. */
  readonly fingerprint256: string;
  readonly roles: readonly string[];
  readonly scopes: readonly string[];
  readonly purposeOfUse?: string;
}

export interface IdentityConfig {
  readonly header: string;
  readonly maxTokenBytes: number;
  readonly issuers: readonly IssuerConfig[];
  /** Lower-case. */
  readonly denySubjects: readonly string[];
  readonly cache: { readonly enabled: boolean; readonly maxEntries: number };
  readonly purposeOfUse: { readonly header?: string; readonly claim?: readonly string[]; readonly values?: readonly string[] };
  readonly mtlsClients: readonly MtlsClient[];
  readonly sessions?: { readonly idleTimeoutMs?: number; readonly absoluteTimeoutMs?: number };
}

export interface ProjectionRule {
  readonly mode: 'allow' | 'deny';
  readonly paths: readonly string[];
}

export interface MinimumNecessaryRule {
  readonly roles?: readonly string[];
  readonly purposes?: readonly string[];
  /** Resource type (or `*`) -> rule. */
  readonly resources: Readonly<Record<string, ProjectionRule>>;
  /** `mode: monitor`: the projection is counted (would-project) and not applied. */
  readonly monitor?: boolean;
}

export interface AccessConfig {
  readonly state: { readonly store: string; readonly prefix: string; readonly timeoutMs: number };
  readonly scopes: { readonly enforce: 'always' | 'when-present' | 'off' };
  readonly purposes: Readonly<Record<string, readonly string[]>>;
  readonly labels: {
    readonly sensitive: readonly string[];
    readonly allow: ReadonlyArray<{ readonly roles?: readonly string[]; readonly purposes?: readonly string[]; readonly labels: readonly string[] }>;
  };
  readonly minimumNecessary: {
    readonly exempt: ReadonlyArray<{ readonly roles?: readonly string[]; readonly purposes?: readonly string[] }>;
    readonly rules: readonly MinimumNecessaryRule[];
  };
  readonly breakGlass?: {
    readonly header?: string;
    readonly claim?: readonly string[];
    readonly roles: readonly string[];
    readonly reasons: readonly string[];
    readonly minJustification: number;
    readonly durationMs: number;
    readonly cooldownMs: number;
  };
  readonly bulk?: {
    readonly windowMs: number;
    readonly maxPatients?: number;
    readonly maxRecords?: number;
    readonly roles: Readonly<Record<string, { readonly maxPatients?: number; readonly maxRecords?: number }>>;
    readonly exemptRoles: readonly string[];
    /** `bulk.mode: monitor`: a principal over its limit passes; the would-deny is recorded. */
    readonly monitor?: boolean;
  };
}

export interface RouteAccess {
  readonly roles: readonly string[];
  readonly purposes?: readonly string[];
  readonly mfa: boolean;
  readonly labels: readonly string[];
  readonly breakGlass: boolean;
  readonly scopes: boolean;
  /** `allow.mode: monitor`: role, purpose, MFA and scope failures are recorded, not enforced. */
  readonly monitor?: boolean;
}

/** Field projection chosen by `authorize` for the response (`ctx.access.projection`). */
export interface Projection {
  /** Resource type (or `*`) -> rule. */
  readonly resources: Readonly<Record<string, ProjectionRule>>;
  /** Set when the chosen rule is in monitor mode: its policy path (`access.minimumNecessary.rules[N]`). */
  readonly monitor?: string;
}

/** A SMART scope query constraint (`?category=laboratory&status=final`): every pair must hold. */
export interface ScopeConstraint {
  readonly resource: string;
  readonly params: ReadonlyArray<readonly [param: string, value: string]>;
}

/** What `authorize` grants; the access-module view of `ctx.access` (extra fields are additive). */
export interface ResponseAccess extends AccessDecision {
  readonly projection?: Projection;
  /** Label codes that are withheld unless in `allowedLabels`. */
  readonly sensitiveLabels?: readonly string[];
  readonly scopeGrant?: { readonly constraints: readonly ScopeConstraint[] };
}
