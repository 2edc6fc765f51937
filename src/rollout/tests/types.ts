/** Shapes of a loaded policy test file and of its results. Types only. */
import type { PolicyDiagnostic } from '../../policy/load.js';
import type { CompiledPolicy } from '../../policy/types.js';

export type PathSegment = string | number | '*';

export interface PrincipalSpec {
  readonly name: string;
  readonly sub?: string;
  readonly issuer?: string;
  readonly roles: readonly string[];
  readonly scopes?: readonly string[];
  readonly purpose?: string;
  readonly mfa: boolean;
  readonly patient?: string;
  readonly claims?: Readonly<Record<string, unknown>>;
  readonly mtls?: string;
}

export interface CannedResponse {
  readonly status: number;
  readonly headers: Array<[string, string]>;
  readonly body: Buffer | null;
}

export interface BodyCheck {
  readonly path: string;
  readonly segments: readonly PathSegment[];
  readonly kind: 'present' | 'absent' | 'equals';
  readonly value?: unknown;
}

export interface CaseExpect {
  readonly decision?: 'allow' | 'deny';
  readonly status?: number;
  readonly code?: string;
  readonly decisions?: readonly string[];
  readonly forwarded?: boolean;
  readonly headers?: Readonly<Record<string, string | null>>;
  readonly body?: readonly BodyCheck[];
  readonly noPhi?: readonly string[];
  readonly audit?: {
    readonly outcome?: 'allowed' | 'denied';
    readonly reason?: string;
    readonly patients?: readonly string[];
    readonly categories?: readonly string[];
  };
}

export interface TestCase {
  readonly name: string;
  readonly line: number;
  readonly col: number;
  readonly principal?: string;
  readonly advanceMs: number;
  readonly request: { readonly method: string; readonly target: string; readonly headers: Array<[string, string]>; readonly body?: Buffer };
  readonly upstream: CannedResponse;
  readonly expect: CaseExpect;
}

export interface TestSuite {
  readonly file: string;
  readonly policyFile: string;
  readonly policy: CompiledPolicy;
  readonly clockMs: number;
  readonly principals: ReadonlyMap<string, PrincipalSpec>;
  readonly cases: readonly TestCase[];
}

export type LoadResult = { readonly suite: TestSuite; readonly errors: readonly [] } | { readonly suite?: undefined; readonly errors: readonly PolicyDiagnostic[] };

/** One failed expectation: what was checked, what was expected and what was seen (never a body value). */
export interface Mismatch {
  readonly check: string;
  readonly expected: string;
  readonly actual: string;
}

export interface CaseResult {
  readonly name: string;
  readonly line: number;
  readonly passed: boolean;
  /** Every failed expectation, in the order checked; the first is the one shown in the tree. */
  readonly mismatches: readonly Mismatch[];
  readonly status: number;
  readonly code: string;
  readonly ms: number;
}

export interface FileResult {
  readonly file: string;
  /** Set when the file did not load (exit 2); then `cases` is empty. */
  readonly errors?: readonly PolicyDiagnostic[];
  readonly cases: readonly CaseResult[];
  /** What the policy declares (route ids, roles, PHI types with an action). */
  readonly policy?: { readonly file: string; readonly name: string; readonly routes: readonly string[]; readonly roles: readonly string[]; readonly phiRules: readonly string[] };
  /** What the cases reached: matched routes, roles of their principals, PHI types found in responses. */
  readonly touched?: { readonly routes: readonly string[]; readonly roles: readonly string[]; readonly phiRules: readonly string[] };
}

/** Per policy, over every file that tests it: what no case touched. */
export interface Coverage {
  readonly policy: string;
  readonly name: string;
  readonly untestedRoutes: readonly string[];
  readonly untestedRoles: readonly string[];
  readonly untestedPhiRules: readonly string[];
}
