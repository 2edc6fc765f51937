/**
 * The `inspectResponse` stage, in this order:
 *   non-JSON error bodies withheld (error-body.ts) ->
 *   decode (content-encoding, partial content, media type, charset, UTF-8) -> response schema ->
 *   minimum necessary (field projection, security labels, patient compartment) ->
 *   PHI redaction (body, headers)
 * Anything it cannot inspect is not released (fail closed), unless the route explicitly lists
 * that content type as opaque.
 */
import { createHash } from 'node:crypto';
import { formatDigestField } from '../../core/digest.js';
import { PhiguardError } from '../../core/errors.js';
import type { GuardContext } from '../../core/context.js';
import type { Stage } from '../../core/pipeline.js';
import type { CompiledPolicy, CompiledRoute } from '../../policy/types.js';
import { applyAccessToBody, isConstrained, type AccessOutcome, type ApplyAccess } from './access.js';
import { checkCharset, classify, decodeContentEncoding, decodeText, mediaTypeOf, removeHeaders, setHeader } from './body.js';
import { applyContract } from './contract.js';
import { isNonJsonError, withholdErrorBody } from './error-body.js';
import type { PhiEngine, Redaction } from './engine.js';
import { inspectHeaders } from './headers.js';

/** Headers that disclose the upstream's software; dropped. */
const LEAKY_HEADERS = ['server', 'x-powered-by', 'x-aspnet-version', 'x-aspnetmvc-version', 'x-runtime'];
/** Headers derived from the body bytes; dropped when inspection changed the body. */
const BODY_DIGEST_HEADERS = ['etag', 'content-digest', 'repr-digest', 'digest', 'content-md5', 'want-digest'];
// The same lists as sets, each removed in one pass over the headers.
const LEAKY_AND_REPLACED = new Set([...LEAKY_HEADERS, 'cache-control', 'x-content-type-options']);
const BODY_DIGEST_SET = new Set(BODY_DIGEST_HEADERS);
const DIGEST_NOT_ETAG = new Set(BODY_DIGEST_HEADERS.filter((h) => h !== 'etag'));

export interface InspectDeps {
  /** PHI engine bound to the policy's `phi:` section (undefined: no PHI inspection configured). */
  readonly phi?: PhiEngine;
  /** Minimum-necessary projection, labels and compartment (src/access), applied before PHI redaction. */
  readonly applyAccess?: ApplyAccess;
}

export function createInspectResponseStage(policy: CompiledPolicy, deps: InspectDeps): Stage<CompiledRoute> {
  const maxBytes = policy.upstream?.maxResponseBytes ?? 10 * 1024 * 1024;
  const monitored = policy.phi ? (Object.entries(policy.phi.actions) as Array<[string, { monitor?: true }]>).filter(([, a]) => a.monitor).map(([t]) => t) : [];
  return {
    async onResponse(ctx) {
      const res = ctx.response;
      if (!res) throw new PhiguardError('PG_INTERNAL', 'inspect without response');
      const route = ctx.route?.route;
      const enforce = ctx.mode === 'enforce';
      removeHeaders(res, LEAKY_AND_REPLACED);
      res.headers.push(['cache-control', 'no-store'], ['x-content-type-options', 'nosniff']);
      // An error page (HTML, text, untyped) is not released: status kept, generic JSON body, in every
      // mode. The generic body is phiguard's own, so the body checks below do not apply to it.
      const withheld = isNonJsonError(res);
      if (withheld) {
        withholdErrorBody(res, ctx.id);
        ctx.decisions.push({ stage: 'inspectResponse', code: 'PG_RESPONSE_ERROR_WITHHELD', detail: `${res.status} error body withheld (not JSON)` });
      } else decodeContentEncoding(res, maxBytes);
      const hasBody = !withheld && (res.body?.byteLength ?? 0) > 0;
      // A fragment can split an identifier across two responses, each of which scans clean.
      if (res.status === 206 && hasBody) throw new PhiguardError('PG_RESPONSE_PARTIAL');

      const counts: Record<string, number> = {};
      const record = (r: Redaction) => {
        for (const f of r.findings) counts[f.type] = (counts[f.type] ?? 0) + 1;
      };
      // An error response is never the record an exempt principal is entitled to: redacted for every role.
      const phiOn = deps.phi !== undefined && route?.response.phi !== false && (res.status >= 400 || !isExempt(ctx));
      const constrained = deps.applyAccess !== undefined && isConstrained(ctx);
      let access: AccessOutcome | undefined;
      let redacted = false;

      const type = mediaTypeOf(res);
      const kind = classify(type, hasBody);
      if (kind === 'opaque') {
        if (!type || !route?.response.contentTypes?.includes(type)) throw new PhiguardError('PG_RESPONSE_CONTENT_TYPE', 'response content type cannot be inspected');
        ctx.decisions.push({ stage: 'inspectResponse', code: 'PG_RESPONSE_CONTENT_TYPE', detail: 'opaque type released uninspected by route policy' });
      } else if (kind !== 'none') {
        if (route?.response.contentTypes && type && !route.response.contentTypes.includes(type)) {
          throw new PhiguardError('PG_RESPONSE_CONTENT_TYPE', 'content type not declared for route');
        }
        checkCharset(res);
        const original = decodeText(res.body!);
        let text = original;
        let value: unknown;
        if (kind === 'json' && route?.response.contract) {
          value = parseJson(text);
          text = applyContract(ctx, res.status, type, text, value);
          if (text !== original) value = undefined; // the parsed value still holds the removed fields
        }
        if (constrained) {
          access = applyAccessToBody(kind, text, value, ctx, deps.applyAccess!, enforce);
          text = access.text;
          if (access.projectedFields > 0 || access.suppressedResources > 0) {
            const code = access.projectedFields > 0 ? 'PG_FIELDS_PROJECTED' : 'PG_LABELS_SUPPRESSED';
            ctx.decisions.push({ stage: 'inspectResponse', code, detail: `${access.projectedFields} fields, ${access.suppressedResources} resources` });
          }
          const rule = (ctx.access?.projection as { monitor?: string } | undefined)?.monitor;
          if (access.wouldProject > 0 && rule) ctx.decisions.push({ stage: 'inspectResponse', code: 'PG_FIELDS_PROJECTED', detail: `${access.wouldProject} fields would be removed (monitor)`, monitor: rule });
        }
        if (deps.phi) {
          const r = await deps.phi.redactBody(kind, text);
          record(r);
          // Types in monitor mode (`phi.actions.T.mode: monitor`) were found and kept: one would-redact decision per type.
          if (phiOn && monitored.length > 0) wouldRedact(ctx, r, monitored);
          // Exempt principals and opted-out routes: findings are counted (audit), nothing is changed.
          if (phiOn && r.changed) {
            if (enforce) {
              text = r.text;
              redacted = true;
            }
            ctx.decisions.push({ stage: 'inspectResponse', code: 'PG_PHI_REDACTED', detail: `${r.findings.length} findings${enforce ? '' : ' (monitor: not redacted)'}` });
          }
        }
        if (text !== original) {
          // Digests and validators of the original body would let a client test guesses of what was removed.
          removeHeaders(res, BODY_DIGEST_SET);
          res.body = Buffer.from(text, 'utf8');
        }
      }
      if (deps.phi) redacted = inspectHeaders(res, deps.phi, phiOn && enforce, record) || redacted;

      ctx.inspection = Object.freeze({
        phiFindings: Object.freeze(counts),
        redacted,
        projectedFields: access?.projectedFields ?? 0,
        suppressedResources: access?.suppressedResources ?? 0,
        resources: Object.freeze((access?.resources ?? []).slice(0, 100)),
        patients: Object.freeze([...new Set(access?.patients ?? [])].slice(0, 100)),
      });
      // One SHA-256 of the released bytes serves both the audit record (hex) and Content-Digest (base64).
      const sha256 = res.body && res.body.byteLength > 0 ? createHash('sha256').update(res.body).digest() : undefined;
      ctx.responseDigest = sha256?.toString('hex');
      // RFC 9530 Content-Digest of the released bytes (after decoding, projection and redaction); the
      // upstream's digests described other bytes (or none it can vouch for) and are dropped.
      const alg = route?.integrity?.responseDigest ?? 'sha-256';
      if (alg !== 'none') {
        removeHeaders(res, DIGEST_NOT_ETAG);
        if (res.body && res.body.byteLength > 0) setHeader(res, 'content-digest', alg === 'sha-256' && sha256 ? `sha-256=:${sha256.toString('base64')}:` : formatDigestField(res.body, alg));
      }
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new PhiguardError('PG_RESPONSE_UNPARSEABLE', 'response is not valid JSON');
  }
}

/** Redaction exemption for the route (e.g. treatment by clinicians: 164.502(b)(2)(i)). */
function isExempt(ctx: GuardContext<CompiledRoute>): boolean {
  const rules = ctx.route?.route.response.phiExempt;
  const p = ctx.principal;
  if (!rules || !p) return false;
  const purpose = ctx.access?.purposeOfUse ?? p.purposeOfUse;
  return rules.some((ex) => p.roles.some((r) => ex.roles.includes(r)) && (!ex.purposes || (purpose !== undefined && ex.purposes.includes(purpose))));
}

function wouldRedact(ctx: GuardContext<CompiledRoute>, r: Redaction, monitored: readonly string[]): void {
  const n = new Map<string, number>();
  for (const f of r.findings) if (monitored.includes(f.type)) n.set(f.type, (n.get(f.type) ?? 0) + 1);
  for (const [type, count] of n) ctx.decisions.push({ stage: 'inspectResponse', code: 'PG_PHI_REDACTED', detail: `${count} ${type} findings not redacted (monitor)`, monitor: `phi.actions.${type}` });
}
