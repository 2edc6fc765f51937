/**
 * The access library's policy sections, its one entry for the policy compiler: the `identity:`
 * and `access:` sections and the per-route `allow:` block — JSON Schemas (./schema.ts) and
 * compilers (./compile.ts).
 */
export { accessPolicySchema, identityPolicySchema, routeAccessSchema } from './schema.js';
export { compileAccess, compileIdentity, compileRouteAccess, DEFAULT_DENY_SUBJECTS, normaliseTyp } from './compile.js';
export type { AccessConfig, IdentityConfig, RouteAccess } from '../types.js';
