/**
 * The `integrity:` settings (164.312(c)): on the policy (defaults for every route) and on a route.
 * Secure defaults: the gateway compares If-Match with the current version itself, a Content-Digest
 * phiguard cannot verify is refused, and released responses carry a sha-256 Content-Digest.
 */
import type { IntegrityConfig } from './types.js';

export const integritySchema = {
  type: 'object',
  additionalProperties: false,
  description: 'Write integrity: If-Match preconditions and RFC 9530 message digests (docs/validation.md).',
  properties: {
    requireIfMatch: { type: 'boolean', description: 'PUT/PATCH/DELETE need If-Match (428 without it). Default false.' },
    checkVersion: {
      enum: ['auto', 'gateway', 'upstream'],
      description: 'Who compares If-Match with the current ETag: gateway (a GET through the upstream first; 412 on a mismatch), upstream (forwarded as is), auto (default: gateway in the gateway, upstream for in-process handlers).',
    },
    digestUnsupported: { enum: ['refuse', 'ignore'], description: 'A request Content-Digest with no sha-256/sha-512 member: refuse (default, 400) or ignore (RFC 9530 allows either).' },
    responseDigest: { enum: ['sha-256', 'sha-512', 'none'], description: 'Content-Digest added to released responses, over the released bytes. Default sha-256.' },
  },
} as const;

type Raw = Record<string, unknown> | undefined;

export const DEFAULT_INTEGRITY: IntegrityConfig = Object.freeze({ requireIfMatch: false, checkVersion: 'auto', digestUnsupported: 'refuse', responseDigest: 'sha-256' });

/** Route settings over the policy's over the defaults; `request.requireIfMatch` (older spelling) still counts. */
export function compileIntegrity(route: Raw, policy: Raw, legacyRequireIfMatch: unknown): IntegrityConfig {
  const pick = <K extends keyof IntegrityConfig>(k: K): IntegrityConfig[K] => (route?.[k] ?? policy?.[k] ?? DEFAULT_INTEGRITY[k]) as IntegrityConfig[K];
  return Object.freeze({
    requireIfMatch: (route?.requireIfMatch ?? (legacyRequireIfMatch === true ? true : undefined) ?? policy?.requireIfMatch ?? false) === true,
    checkVersion: pick('checkVersion'),
    digestUnsupported: pick('digestUnsupported'),
    responseDigest: pick('responseDigest'),
  });
}
