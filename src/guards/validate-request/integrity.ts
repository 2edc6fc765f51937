/**
 * Request-side integrity (164.312(c)): If-Match on updates (present when the route requires it,
 * well formed, not only weak tags: If-Match compares strongly, so a weak tag can never hold) and
 * RFC 9530 Content-Digest / Repr-Digest over the exact body bytes (identity coding only).
 */
import { PhiguardError } from '../../core/errors.js';
import { verifyDigestField } from '../../core/digest.js';
import { parseIfMatch } from '../../core/etag.js';
import type { CanonicalRequest } from '../../core/types.js';
import type { IntegrityConfig } from '../../policy/types.js';

export const PRECONDITION_METHODS: ReadonlySet<string> = new Set(['PUT', 'PATCH', 'DELETE']);

export function checkPreconditions(c: CanonicalRequest, integrity: IntegrityConfig | undefined): void {
  if (!PRECONDITION_METHODS.has(c.method)) return;
  const value = c.headers.get('if-match');
  if (value === undefined) {
    if (integrity?.requireIfMatch) throw new PhiguardError('PG_PRECONDITION_REQUIRED');
    return;
  }
  const cond = parseIfMatch(value);
  if (!cond) throw new PhiguardError('PG_PRECONDITION_INVALID', 'If-Match is not * or a list of entity tags');
  if (cond !== '*' && cond.every((t) => t.weak)) throw new PhiguardError('PG_PRECONDITION_FAILED', 'If-Match lists only weak tags (strong comparison never matches)');
}

/** Verifies every digest field the client sent; returns the verified algorithms (for the audit detail). */
export function checkDigests(c: CanonicalRequest, integrity: IntegrityConfig | undefined): string[] {
  const verified: string[] = [];
  for (const name of ['content-digest', 'repr-digest']) {
    const value = c.headers.get(name);
    if (value === undefined) continue;
    const r = verifyDigestField(value, c.body ?? new Uint8Array(0));
    if (r.ok) {
      verified.push(...r.verified.map((a) => `${name}:${a}`));
      continue;
    }
    if (r.reason === 'malformed') throw new PhiguardError('PG_DIGEST_INVALID', `${name} is not a dictionary of byte sequences`);
    if (r.reason === 'mismatch') throw new PhiguardError('PG_DIGEST_MISMATCH', `${name} does not match the body`);
    if ((integrity?.digestUnsupported ?? 'refuse') === 'refuse') throw new PhiguardError('PG_DIGEST_UNSUPPORTED', `${name} has no sha-256 or sha-512 member`);
  }
  return verified;
}
