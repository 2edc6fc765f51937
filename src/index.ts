/**
 * phiguard: HIPAA runtime guardrails for HTTP APIs. The public API of the package root.
 * Adapters live under their own entry points: `phiguard/express`, `phiguard/fastify`,
 * `phiguard/hono`, `phiguard/node`; the PHI engine alone is `phiguard/phi`.
 */
export { createPhiguard, type Phiguard, type PhiguardOptions } from './runtime/index.js';
export { simulate, type SimulatedRequest, type SimulatedResult, type SimulatedUpstream } from './runtime/simulate.js';
export { createGateway, type Gateway, type GatewayOptions } from './gateway/index.js';
export { loadPolicy, checkPolicyFile, checkPolicyText, formatDiagnostic, PolicyError, policySchema, type CompiledPolicy, type CompiledRoute, type PolicyDiagnostic } from './policy/index.js';
export { PhiguardError, REASON_CODES, isReasonCode, type ReasonCode, type ReasonCodeInfo } from './core/errors.js';
export { Pipeline, REQUEST_STAGES, RESPONSE_STAGES, FINAL_STAGES, type Stage, type Forward } from './core/pipeline.js';
export { STAGES, systemClock, type Clock, type GuardRequest, type GuardResponse, type CanonicalRequest, type Principal, type Decision, type StageName } from './core/types.js';
export type { GuardContext, AccessDecision, InspectionSummary, Outcome, Mode } from './core/context.js';
export { startDemoUpstream, type DemoUpstream } from './demo/upstream.js';
export { installEgressGuard, EgressError, type EgressGuard, type EgressGuardOptions, type EgressBlockedEvent } from './egress/index.js';
export { installRuntimeEgress } from './runtime/egress.js';
