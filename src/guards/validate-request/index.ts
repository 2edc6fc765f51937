/**
 * The `validateRequest` stage: body presence, size, content type and encoding, strict JSON,
 * schema, integrity preconditions and allowed query parameters. The parsed body is kept on the
 * context for later stages; the bytes forwarded are exactly the bytes checked here.
 */
import { createHash } from 'node:crypto';
import { PhiguardError } from '../../core/errors.js';
import type { Stage } from '../../core/pipeline.js';
import type { CompiledPolicy, CompiledRoute } from '../../policy/types.js';
import { DEFAULT_INTEGRITY } from '../../policy/integrity.js';
import { checkDigests, checkPreconditions } from './integrity.js';
import { parseStrictJson } from './json.js';

const NO_BODY_METHODS = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS']);
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const JSON_FORMATS = new Set(['json', 'application/json', 'application/fhir+json', 'application/json+fhir']);

export { parseStrictJson } from './json.js';

/** `application/fhir+json; charset=utf-8` -> { type: 'application/fhir+json', charset: 'utf-8' } */
export function parseMediaType(value: string | undefined): { type: string; charset?: string } | undefined {
  if (!value) return undefined;
  const [type, ...params] = value.split(';');
  const t = (type ?? '').trim().toLowerCase();
  if (!/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(t)) return undefined;
  let charset: string | undefined;
  for (const p of params) {
    const [k, v] = p.split('=');
    if (k?.trim().toLowerCase() === 'charset' && v) charset = v.trim().replace(/^"|"$/g, '').toLowerCase();
  }
  return charset ? { type: t, charset } : { type: t };
}

export const isJsonType = (t: string): boolean => t === 'application/json' || t.endsWith('+json');

// ignoreBOM keeps a leading U+FEFF in the text, so parseStrictJson sees (and refuses) the bytes that would be forwarded.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function createValidateRequestStage(policy: CompiledPolicy): Stage<CompiledRoute> {
  return {
    onRequest(ctx) {
      const canonical = ctx.canonical;
      if (!canonical) throw new PhiguardError('PG_INTERNAL', 'validate before canonicalize');
      const route = ctx.route?.route;
      const body = canonical.body;
      const size = body?.byteLength ?? 0;
      const maxBytes = route?.request.maxBytes ?? policy.limits.maxRequestBytes;
      if (size > maxBytes) throw new PhiguardError('PG_BODY_TOO_LARGE', `${size} > ${maxBytes}`);
      if (body && size > 0) ctx.requestDigest = createHash('sha256').update(body).digest('hex');

      const allowedQuery = route?.request.query;
      if (allowedQuery) {
        for (const name of canonical.params.keys()) {
          if (!allowedQuery.includes(name)) throw new PhiguardError('PG_QUERY_NOT_ALLOWED', 'query parameter not declared for route');
        }
      }
      // FHIR `_format` picks the representation; only JSON can be checked on the way out.
      if (route?.resource !== undefined) {
        for (const f of canonical.params.get('_format') ?? []) {
          if (!JSON_FORMATS.has(f.trim().toLowerCase())) throw new PhiguardError('PG_FORMAT_NOT_ALLOWED', 'non-JSON _format');
        }
      }
      const params = route?.request.params?.(ctx.route?.params ?? {}, canonical.params);
      if (params && !params.ok) {
        throw new PhiguardError('PG_PARAM_SCHEMA', `${params.in} parameter ${params.name}: ${params.errors.slice(0, 3).join('; ')}`, { where: { in: params.in, name: params.name } });
      }
      checkPreconditions(canonical, route?.integrity ?? (route?.request.requireIfMatch ? { ...DEFAULT_INTEGRITY, requireIfMatch: true } : undefined));
      const encoding = canonical.headers.get('content-encoding');
      if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') {
        throw new PhiguardError('PG_BODY_ENCODING', 'compressed request bodies are not accepted');
      }
      checkDigests(canonical, route?.integrity);
      if (size === 0) {
        // A route that declares a body schema needs a body on the methods that carry one.
        // (Only when the client sent none: a declared body that could not be read is denied by the adapter's own code.)
        const declared = canonical.headers.has('transfer-encoding') || Number(canonical.headers.get('content-length') ?? '0') > 0;
        const required = route?.request.bodyRequired ?? route?.request.schema !== undefined;
        if (required && BODY_METHODS.has(canonical.method) && !declared) throw new PhiguardError('PG_BODY_SCHEMA', 'body required by schema', { where: { in: 'body', pointer: '' } });
        return;
      }
      if (NO_BODY_METHODS.has(canonical.method)) throw new PhiguardError('PG_BODY_NOT_ALLOWED', canonical.method);

      const media = parseMediaType(canonical.headers.get('content-type'));
      const allowedTypes = route?.request.contentTypes ?? ['application/json', 'application/fhir+json'];
      if (!media || !allowedTypes.includes(media.type)) throw new PhiguardError('PG_BODY_CONTENT_TYPE', 'content type not allowed for route');
      if (media.charset && media.charset !== 'utf-8' && media.charset !== 'utf8') throw new PhiguardError('PG_BODY_CONTENT_TYPE', 'charset must be utf-8');
      if (!isJsonType(media.type)) return;

      let text: string;
      try {
        text = utf8.decode(body!);
      } catch {
        throw new PhiguardError('PG_BODY_JSON_INVALID', 'body is not UTF-8');
      }
      const value = parseStrictJson(text, policy.limits.maxJsonDepth);
      const schema = route?.request.schema;
      if (schema) {
        const result = schema(value);
        if (!result.ok) throw new PhiguardError('PG_BODY_SCHEMA', result.errors.slice(0, 5).join('; '), { where: { in: 'body', pointer: result.pointer ?? '' } });
      }
    },
  };
}
