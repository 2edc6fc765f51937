/**
 * The `inspectResponse` stage, in this order:
 *   decode (content-encoding, media type, UTF-8) -> response schema -> minimum necessary
 *   (field projection, security labels, patient compartment) -> PHI redaction (body, headers)
 * Anything it cannot inspect is not released (fail closed), unless the route explicitly lists
 * that content type as opaque.
 */
import { createHash } from 'node:crypto';
import { PhiguardError } from '../../core/errors.js';
import type { GuardContext } from '../../core/context.js';
import type { Stage } from '../../core/pipeline.js';
import type { GuardResponse } from '../../core/types.js';
import type { CompiledPolicy, CompiledRoute } from '../../policy/types.js';
import { classify, decodeContentEncoding, decodeText, mediaTypeOf, removeHeader, setHeader } from './body.js';
import type { PhiEngine, Redaction } from './engine.js';

/** Response headers that never carry PHI and are left alone. */
const SAFE_HEADERS = new Set([
  'content-type', 'content-length', 'date', 'etag', 'last-modified', 'cache-control', 'vary', 'expires', 'pragma',
  'x-request-id', 'x-content-type-options', 'allow', 'accept-ranges', 'age', 'retry-after', 'strict-transport-security',
]);
/** Headers that disclose the upstream's software; dropped. */
const LEAKY_HEADERS = ['server', 'x-powered-by', 'x-aspnet-version', 'x-aspnetmvc-version', 'x-runtime'];

export interface InspectDeps {
  /** PHI engine bound to the policy's `phi:` section (undefined: no PHI inspection configured). */
  readonly phi?: PhiEngine;
  /** Minimum-necessary projection, labels and compartment (src/access), applied before PHI redaction. */
  readonly applyAccess?: (body: unknown, ctx: GuardContext<CompiledRoute>) => { body: unknown; projectedFields: number; suppressedResources: number; patients: string[]; resources: string[] };
}

export function createInspectResponseStage(policy: CompiledPolicy, deps: InspectDeps): Stage<CompiledRoute> {
  const maxBytes = policy.upstream?.maxResponseBytes ?? 10 * 1024 * 1024;
  return {
    onResponse(ctx) {
      const res = ctx.response;
      if (!res) throw new PhiguardError('PG_INTERNAL', 'inspect without response');
      const route = ctx.route?.route;
      const enforce = ctx.mode === 'enforce';
      for (const h of LEAKY_HEADERS) removeHeader(res, h);
      setHeader(res, 'cache-control', 'no-store');
      setHeader(res, 'x-content-type-options', 'nosniff');
      decodeContentEncoding(res, maxBytes);

      const counts: Record<string, number> = {};
      let projectedFields = 0;
      let suppressedResources = 0;
      let patients: string[] = [];
      let resources: string[] = [];
      const record = (r: Redaction) => {
        for (const f of r.findings) counts[f.type] = (counts[f.type] ?? 0) + 1;
      };
      const phiOn = deps.phi !== undefined && route?.response.phi !== false && !isExempt(ctx);
      let redacted = false;

      const type = mediaTypeOf(res);
      const kind = classify(type, (res.body?.byteLength ?? 0) > 0);
      if (kind === 'opaque') {
        if (!type || !route?.response.contentTypes?.includes(type)) throw new PhiguardError('PG_RESPONSE_CONTENT_TYPE', 'response content type cannot be inspected');
        ctx.decisions.push({ stage: 'inspectResponse', code: 'PG_RESPONSE_CONTENT_TYPE', detail: 'opaque type released uninspected by route policy' });
      } else if (kind !== 'none') {
        if (route?.response.contentTypes && type && !route.response.contentTypes.includes(type)) {
          throw new PhiguardError('PG_RESPONSE_CONTENT_TYPE', 'content type not declared for route');
        }
        let text = decodeText(res.body!);
        if (kind === 'json') {
          let value: unknown;
          const needsParse = route?.response.schema !== undefined || (deps.applyAccess !== undefined && ctx.access !== undefined);
          if (needsParse) {
            try {
              value = JSON.parse(text);
            } catch {
              throw new PhiguardError('PG_RESPONSE_UNPARSEABLE', 'response is not valid JSON');
            }
          }
          if (route?.response.schema) {
            const r = route.response.schema(value);
            if (!r.ok) throw new PhiguardError('PG_RESPONSE_SCHEMA', r.errors.slice(0, 5).join('; '));
          }
          if (deps.applyAccess && ctx.access) {
            const a = deps.applyAccess(value, ctx);
            projectedFields = a.projectedFields;
            suppressedResources = a.suppressedResources;
            patients = a.patients;
            resources = a.resources;
            if (projectedFields > 0 || suppressedResources > 0) {
              ctx.decisions.push({ stage: 'inspectResponse', code: projectedFields > 0 ? 'PG_FIELDS_PROJECTED' : 'PG_LABELS_SUPPRESSED', detail: `${projectedFields} fields, ${suppressedResources} resources` });
              if (enforce) text = JSON.stringify(a.body);
            }
          }
        }
        if (phiOn) {
          const r = kind === 'json' ? deps.phi!.redactJson(text) : kind === 'ndjson' ? deps.phi!.redactNdjson(text) : deps.phi!.redactText(text);
          record(r);
          if (r.changed) {
            if (enforce) {
              text = r.text;
              redacted = true;
            }
            ctx.decisions.push({ stage: 'inspectResponse', code: 'PG_PHI_REDACTED', detail: `${r.findings.length} findings${enforce ? '' : ' (monitor: not redacted)'}` });
          }
        } else if (deps.phi) {
          // Route opted out of redaction: still count what would have been found, for the audit record.
          record(kind === 'json' ? deps.phi.redactJson(text) : kind === 'ndjson' ? deps.phi.redactNdjson(text) : deps.phi.redactText(text));
        }
        res.body = Buffer.from(text, 'utf8');
      }
      if (deps.phi) redacted = inspectHeaders(res, deps.phi, phiOn && enforce, record) || redacted;

      ctx.inspection = Object.freeze({ phiFindings: Object.freeze(counts), redacted, projectedFields, suppressedResources, resources: Object.freeze(resources.slice(0, 100)), patients: Object.freeze(patients.slice(0, 100)) });
      ctx.responseDigest = res.body && res.body.byteLength > 0 ? createHash('sha256').update(res.body).digest('hex') : undefined;
    },
  };
}

/** Scans headers that may carry data (Location, Link, cookies, custom headers). */
function inspectHeaders(res: GuardResponse, phi: PhiEngine, apply: boolean, record: (r: Redaction) => void): boolean {
  let changed = false;
  res.headers = res.headers.map(([k, v]) => {
    if (SAFE_HEADERS.has(k)) return [k, v];
    const r = phi.redactText(v);
    record(r);
    if (r.changed && apply) {
      changed = true;
      return [k, r.text];
    }
    return [k, v];
  });
  return changed;
}

/** Redaction exemption for the route (e.g. treatment by clinicians: 164.502(b)(2)(i)). */
function isExempt(ctx: GuardContext<CompiledRoute>): boolean {
  const rules = ctx.route?.route.response.phiExempt;
  const p = ctx.principal;
  if (!rules || !p) return false;
  const purpose = ctx.access?.purposeOfUse ?? p.purposeOfUse;
  return rules.some((ex) => p.roles.some((r) => ex.roles.includes(r)) && (!ex.purposes || (purpose !== undefined && ex.purposes.includes(purpose))));
}
