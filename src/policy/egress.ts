/**
 * `egress:`: the opt-in guard on the process's own outbound calls (src/egress, docs/egress.md).
 * Secure defaults: disabled unless `enabled: true`; once enabled only listed hosts, HTTPS only,
 * port 443 (80 with `http: true`), no private/loopback/link-local addresses, bodies scanned for PHI.
 */
import { bytesSchema, parseBytes, type CompileContext, type PolicyPath } from '../core/section.js';
import type { EgressConfig, EgressHost } from './types.js';

const HOST = '^(\\*\\.)?[A-Za-z0-9\\u00a1-\\uffff]([A-Za-z0-9\\u00a1-\\uffff.-]{0,252})\\.?$';

export const egressSchema = {
  type: 'object',
  additionalProperties: false,
  description: 'Egress guard for the process\'s own outbound calls (docs/egress.md). Default: disabled.',
  properties: {
    enabled: { type: 'boolean', default: false, description: 'Install the guard (default false).' },
    scanBodies: { type: 'boolean', default: true, description: 'Scan outbound bodies to non-BAA hosts for PHI (default true).' },
    maxScanBytes: { ...bytesSchema, description: 'Largest outbound body scanned (default 1MiB); a larger body to a non-BAA host is blocked.' },
    allow: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['host'],
        properties: {
          host: { type: 'string', pattern: HOST, description: 'Exact host name or `*.example.com` (subdomains only).' },
          ports: { type: 'array', items: { type: 'integer', minimum: 1, maximum: 65535 }, uniqueItems: true, minItems: 1 },
          baa: { type: 'boolean', default: false, description: 'Covered by a business associate agreement: PHI may be sent (default false).' },
          allowPrivate: { type: 'boolean', default: false, description: 'May resolve to loopback/private/link-local addresses (default false).' },
          http: { type: 'boolean', default: false, description: 'Plain http:// allowed (default false: HTTPS only).' },
        },
      },
    },
  },
} as const;

type Raw = Record<string, unknown>;

/** Lower-case, IDNA (punycode) and trailing-dot normalised host; undefined when it is not a valid name. */
export function normaliseHostName(host: string): string | undefined {
  try {
    const h = new URL(`https://${host.replace(/\.$/, '')}/`).hostname;
    return h.length > 0 ? h : undefined;
  } catch {
    return undefined;
  }
}

export function compileEgress(e: Raw | undefined, at: PolicyPath, ctx: CompileContext): EgressConfig {
  const allow: EgressHost[] = [];
  const list = (e?.allow as Raw[] | undefined) ?? [];
  list.forEach((entry, i) => {
    const raw = entry.host as string;
    const wildcard = raw.startsWith('*.');
    const name = normaliseHostName(wildcard ? raw.slice(2) : raw);
    if (!name || name.includes('*') || name.startsWith('[') || /^[0-9.]+$/.test(name)) {
      ctx.error([...at, 'allow', i, 'host'], 'PG_POLICY_SCHEMA', 'egress.allow host must be a host name or *.name');
      return;
    }
    const http = entry.http === true;
    allow.push(Object.freeze({
      host: name,
      wildcard,
      ports: Object.freeze([...((entry.ports as number[] | undefined) ?? (http ? [443, 80] : [443]))]),
      baa: entry.baa === true,
      allowPrivate: entry.allowPrivate === true,
      http,
    }));
  });
  return Object.freeze({
    enabled: e?.enabled === true,
    scanBodies: e?.scanBodies !== false,
    maxScanBytes: parseBytes(e?.maxScanBytes) ?? 1024 * 1024,
    allow: Object.freeze(allow),
  });
}
