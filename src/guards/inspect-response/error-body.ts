/**
 * Error responses whose representation is not JSON are not released: a handler or upstream error
 * (status >= 400) with an HTML, text or untyped body keeps its status, and its body is replaced by
 * phiguard's generic error body. Such pages are the framework's or server's own (Express's
 * finalhandler "Cannot GET /Patient/..." page, Hono's "404 Not Found", an HTML 500 with a stack
 * trace, a proxy's error page): they echo the request path and query, which can carry PHI, and
 * cannot be checked against access constraints (the JSON-only rule would answer 502
 * PG_RESPONSE_FORMAT instead of the real status). JSON error bodies (OperationOutcome, problem+json,
 * Fastify's error JSON) are inspected and released like any other response.
 */
import type { ReasonCode } from '../../core/errors.js';
import { denialResponse } from '../../core/pipeline.js';
import type { GuardResponse } from '../../core/types.js';
import { classify, mediaTypeOf, removeHeader, setHeader } from './body.js';

/** Headers that describe the withheld representation (its type, encoding, language, digests, range). */
const REPRESENTATION_HEADERS = [
  'content-type', 'content-encoding', 'content-language', 'content-location', 'content-disposition', 'content-range',
  'etag', 'last-modified', 'content-digest', 'repr-digest', 'digest', 'content-md5',
];

/** True when `res` is an error response carrying (or declaring) a representation other than JSON / NDJSON. */
export function isNonJsonError(res: GuardResponse): boolean {
  if (res.status < 400) return false;
  const type = mediaTypeOf(res);
  const hasBody = (res.body?.byteLength ?? 0) > 0;
  if (!hasBody && type === undefined) return false; // nothing to withhold (e.g. a bare 405, HEAD)
  const kind = classify(type, true); // no type with a body: opaque
  return kind !== 'json' && kind !== 'ndjson';
}

/** The generic body for an error whose own body is withheld: not-found reads as every other not-found. */
export function withheldCode(status: number): ReasonCode {
  return status === 404 ? 'PG_ROUTE_NOT_FOUND' : 'PG_RESPONSE_ERROR_WITHHELD';
}

/** Replaces the body (and the headers describing it) with the generic error body; status and other headers stay. */
export function withholdErrorBody(res: GuardResponse, requestId: string): void {
  const generic = denialResponse(withheldCode(res.status), requestId, res.status);
  for (const h of REPRESENTATION_HEADERS) removeHeader(res, h);
  setHeader(res, 'content-type', 'application/json; charset=utf-8');
  res.body = generic.body;
}
