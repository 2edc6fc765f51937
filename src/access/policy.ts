/**
 * The `identity:` and `access:` policy sections and the per-route `allow:` block.
 * (Stub by the spine; the access module extends it.)
 */
import type { CompileContext, PolicyPath } from '../core/section.js';

export const identityPolicySchema = {
  type: 'object',
  additionalProperties: true,
} as const;

export const accessPolicySchema = {
  type: 'object',
  additionalProperties: true,
} as const;

export const routeAccessSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    roles: { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true },
  },
} as const;

export interface RouteAccess {
  readonly roles: readonly string[];
}

export interface IdentityConfig {
  readonly raw: unknown;
}
export interface AccessConfig {
  readonly raw: unknown;
}

export function compileIdentity(raw: unknown, _ctx: CompileContext): IdentityConfig | undefined {
  return raw === undefined ? undefined : Object.freeze({ raw });
}

export function compileAccess(raw: unknown, _ctx: CompileContext): AccessConfig {
  return Object.freeze({ raw });
}

/** `roles` is the policy's declared role list, to check references. */
export function compileRouteAccess(raw: unknown, path: PolicyPath, roles: readonly string[], ctx: CompileContext): RouteAccess {
  const r = (raw ?? {}) as { roles?: string[] };
  (r.roles ?? []).forEach((role, i) => {
    if (!roles.includes(role)) ctx.error([...path, 'roles', i], 'PG_POLICY_REFERENCE', `role "${role}" is not declared in roles:`);
  });
  return Object.freeze({ roles: Object.freeze([...(r.roles ?? [])]) });
}
