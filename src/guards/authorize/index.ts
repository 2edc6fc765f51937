/**
 * The `authorize` stage (164.312(a), 164.502(b)): roles, SMART scopes, patient compartment,
 * purpose of use, MFA, break-glass and bulk limits; writes `ctx.access` (labels the principal may
 * see, minimum-necessary projection, scope constraints) for response inspection and audit.
 * All checks run and `ctx.access` is written before the first failure is thrown, so monitor mode
 * still has a decision to apply to the response.
 */
import { PhiguardError } from '../../core/errors.js';
import type { GuardContext } from '../../core/context.js';
import type { Stage } from '../../core/pipeline.js';
import { evaluateBreakGlass, parseBreakGlassClaim, parseBreakGlassHeader, type BreakGlassGrant, type BreakGlassRequest } from '../../access/break-glass.js';
import { checkBodyCompartment, requestPatients } from '../../access/compartment.js';
import { checkRequestCompartment } from '../../access/compartment-request.js';
import { closeStateStore, stateStoreFor, type AccessDeps } from '../../access/deps.js';
import { allowedLabelsFor } from '../../access/labels.js';
import { accountBulk } from '../../access/limits.js';
import { claimAt, principalExtras } from '../../access/principal.js';
import { chooseProjection } from '../../access/projection.js';
import { grantFor, parseScopes, searchSatisfies, type ScopeGrant } from '../../access/smart-scopes.js';
import type { BreakGlassEvent, StateStore } from '../../access/state/types.js';
import type { CompartmentAccess } from '../../access/response.js';
import type { Principal } from '../../core/types.js';
import type { CompiledPolicy, CompiledRoute } from '../../policy/types.js';
import { checkPurpose, checkRoles, hasMfa } from './checks.js';

export type AuthorizeDeps = AccessDeps;

export interface AuthorizeStage extends Stage<CompiledRoute> {
  /**
   * Final phase (after audit): charges the records and patients the released response held
   * (`ctx.inspection`) beyond the one record counted at request time. Only a response that was
   * released with data (no denial, audit appended) is charged.
   */
  onFinal(ctx: GuardContext<CompiledRoute>): Promise<void>;
  /** Break-glass review list, newest first. */
  listBreakGlassEvents(limit?: number): Promise<BreakGlassEvent[]>;
  readonly store: () => StateStore;
  /** Closes the state store's connection (Redis) created for these deps. */
  close(): Promise<void>;
}

/**
 * Labels the patient consented to release (token claim), added only when the request is about
 * exactly the token's patient: consent is per patient.
 */
function withConsent(labels: string[], p: Principal, about: readonly string[]): string[] {
  const consent = principalExtras(p).consentLabels;
  if (!consent || !p.patient || about.length !== 1 || about[0] !== p.patient) return labels;
  return [...new Set([...labels, ...consent])].sort();
}

/** The request body as JSON, or undefined (malformed JSON is the validate stage's to reject). */
function parseJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
  } catch {
    return undefined;
  }
}

export function createAuthorizeStage(policy: CompiledPolicy, deps: AuthorizeDeps): AuthorizeStage {
  const cfg = policy.access;
  const store = () => stateStoreFor(cfg.state, deps);
  /** Patients a request that passed the bulk check is charged for once released. */
  const charged = new WeakMap<GuardContext<CompiledRoute>, readonly string[]>();

  function breakGlassRequest(ctx: GuardContext<CompiledRoute>): BreakGlassRequest | undefined {
    const bg = cfg.breakGlass;
    const header = bg?.header ? ctx.canonical?.headers.get(bg.header) : undefined;
    if (header !== undefined) return parseBreakGlassHeader(header);
    if (bg?.claim && ctx.principal) return parseBreakGlassClaim(claimAt(principalExtras(ctx.principal).payload, bg.claim));
    return undefined;
  }

  async function onRequest(ctx: GuardContext<CompiledRoute>): Promise<void> {
    const match = ctx.route;
    const p = ctx.principal;
    if (!match) return; // monitor mode: routing already recorded its would-be denial
    const route = match.route;
    if (route.public) return;
    if (!p) {
      if (ctx.mode === 'monitor') return; // identify recorded it
      throw new PhiguardError('PG_AUTH_MISSING', 'no principal on a protected route');
    }
    const req = ctx.canonical;
    if (!req) throw new PhiguardError('PG_INTERNAL', 'authorize: no canonical request');
    const now = deps.clock.now();
    let failure: PhiguardError | undefined;
    const attempt = <T>(fn: () => T): T | undefined => {
      try {
        return fn();
      } catch (err) {
        if (!(err instanceof PhiguardError)) throw err;
        failure ??= err;
        return undefined;
      }
    };

    const named = requestPatients(route, match.params, req.params);
    const namedIds = [...new Set(named.filter((x): x is string => x !== null))];

    let bg: BreakGlassGrant | undefined;
    const bgReq = breakGlassRequest(ctx);
    if (bgReq) {
      if (!cfg.breakGlass) throw new PhiguardError('PG_BREAK_GLASS_DENIED', 'break-glass not configured');
      bg = await evaluateBreakGlass({ cfg: cfg.breakGlass, routeAllows: route.access.breakGlass, principal: p, request: bgReq, requestPatients: namedIds, store: store(), now });
    }
    const purpose = bg ? bg.reason : p.purposeOfUse;

    // The route's allow rule (roles, purposes, MFA, scopes): with `allow.mode: monitor` a failure is
    // recorded as a would-deny and the other checks (compartment, bulk, labels) still enforce.
    const allowRule = route.access.monitor ? `routes.${route.id}.allow` : undefined;
    const allowCheck = (fn: () => void) => {
      if (!allowRule) return void attempt(fn);
      try {
        fn();
      } catch (err) {
        if (!(err instanceof PhiguardError)) throw err;
        ctx.decisions.push({ stage: 'authorize', code: err.code, ...(err.detail ? { detail: err.detail } : {}), monitor: allowRule });
      }
    };
    if (route.access.mfa && !hasMfa(p)) allowCheck(() => { throw new PhiguardError('PG_AUTH_MFA_REQUIRED', 'route requires mfa'); });
    if (!bg) {
      allowCheck(() => checkRoles(route.access.roles, p));
      allowCheck(() => checkPurpose(route.access.purposes, cfg.purposes, p, purpose));
    }

    const scopes = attempt(() => parseScopes(p.scopes)) ?? [];
    const enforce = cfg.scopes.enforce === 'always' || (cfg.scopes.enforce === 'when-present' && scopes.length > 0);
    let grant: ScopeGrant | undefined;
    if (route.access.scopes && route.resource && enforce) {
      grant = grantFor(scopes, route.resource, route.interaction);
      if (!grant) allowCheck(() => { throw new PhiguardError('PG_AUTHZ_SCOPE', 'no scope grants this interaction'); });
      else if (route.interaction === 'search' && grant.constraints.length > 0) {
        const asked = grant.constraints.some((c) => c.params.some(([k]) => req.params.has(k)));
        if (asked && !searchSatisfies(grant.constraints, req.params)) allowCheck(() => { throw new PhiguardError('PG_AUTHZ_SCOPE', 'search outside the scope constraint'); });
      }
    }

    // Bodies on GET/HEAD/DELETE/OPTIONS are refused by validateRequest (PG_BODY_NOT_ALLOWED), never forwarded.
    const sendsBody = !!req.body && req.body.byteLength > 0 && !['GET', 'HEAD', 'DELETE', 'OPTIONS'].includes(req.method);
    const restricted = p.kind === 'patient' || (grant ? grant.patientRestricted : scopes.length > 0 && scopes.every((s) => s.context === 'patient'));
    let patients: string[] | undefined;
    if (restricted) {
      if (!p.patient) attempt(() => { throw new PhiguardError('PG_AUTHZ_PATIENT_COMPARTMENT', 'patient-restricted principal without patient context'); });
      else {
        const patient = p.patient;
        const ifNoneExist = req.headers.get('if-none-exist');
        attempt(() => checkRequestCompartment({ route, routeParams: match.params, query: req.params, segments: req.segments, hasBody: sendsBody, patient, ...(ifNoneExist !== undefined ? { ifNoneExist } : {}) }));
      }
      patients = p.patient ? [p.patient] : [];
    } else if (bg) {
      patients = [bg.patient];
    }
    // A confined principal's request body (writes, patches, transactions, operations) must be about its patient too.
    if (patients && sendsBody && req.body) {
      const allowed = patients;
      attempt(() => checkBodyCompartment(parseJson(req.body as Uint8Array), allowed, restricted));
    }

    const sensitive = cfg.labels.sensitive;
    const access: CompartmentAccess = {
      ...(patients ? { patients } : {}),
      // Break-glass confines to one patient but only literal other patients deny (emergency access).
      ...(patients && !restricted ? { compartmentLiteralOnly: true } : {}),
      ...(bg ? { patient: bg.patient } : namedIds.length === 1 ? { patient: namedIds[0] } : {}),
      ...(purpose !== undefined ? { purposeOfUse: purpose } : {}),
      ...(bg ? { breakGlass: { reason: bg.reason, justificationDigest: bg.justificationDigest, patient: bg.patient } } : {}),
      ...(() => {
        const projection = chooseProjection(cfg.minimumNecessary, p, purpose, bg !== undefined);
        return projection ? { projection } : {};
      })(),
      allowedLabels: bg ? [...sensitive] : withConsent(allowedLabelsFor(cfg.labels.allow, route.access.labels, p.roles, purpose), p, patients ?? namedIds),
      sensitiveLabels: sensitive,
      ...(grant && grant.constraints.length > 0 ? { scopeGrant: { constraints: grant.constraints } } : {}),
    };
    ctx.access = access;
    if (failure) throw failure;

    // Checked now, charged in the final phase once the response is released (audit appended).
    const charge = bg ? [bg.patient] : namedIds;
    try {
      await accountBulk(store(), cfg.bulk, p, charge, 1, now, 'check');
    } catch (err) {
      // `bulk.mode: monitor`: over the limit is recorded, not enforced. A store failure still denies.
      if (!(cfg.bulk?.monitor && err instanceof PhiguardError && (err.code === 'PG_RATE_PATIENTS' || err.code === 'PG_RATE_RECORDS'))) throw err;
      ctx.decisions.push({ stage: 'authorize', code: err.code, ...(err.detail ? { detail: err.detail } : {}), monitor: 'access.bulk' });
    }
    charged.set(ctx, charge);
    if (bg) {
      ctx.decisions.push({ stage: 'authorize', code: 'PG_BREAK_GLASS_GRANTED', detail: `reason=${bg.reason} since=${new Date(bg.firstUse).toISOString()}` });
      if (bg.fresh) {
        await store().addBreakGlassEvent({
          at: now,
          firstUse: bg.firstUse,
          principal: p.id,
          patient: `Patient/${bg.patient}`,
          reason: bg.reason,
          justificationDigest: bg.justificationDigest,
          requestId: ctx.id,
          route: route.id,
        });
      }
    }
  }

  async function onFinal(ctx: GuardContext<CompiledRoute>): Promise<void> {
    const p = ctx.principal;
    const named = charged.get(ctx);
    if (ctx.outcome || !p || !named || !cfg.bulk) return;
    const seen = ctx.inspection;
    const records = 1 + Math.max(0, (seen?.resources.length ?? 0) - 1);
    const pts = [...new Set([...named, ...(seen?.patients ?? []).map((r) => r.replace(/^Patient\//, ''))])];
    await accountBulk(store(), cfg.bulk, p, pts, records, deps.clock.now(), 'charge');
  }

  return { onRequest, onFinal, listBreakGlassEvents: (limit) => store().listBreakGlassEvents(limit), store, close: () => closeStateStore(deps) };
}
