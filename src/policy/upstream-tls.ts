/**
 * `upstream.tls`: how the gateway verifies (and authenticates to) an `https://` upstream. The PEM
 * files are read and checked at compile time, with positioned errors; the compiled section holds
 * their text. Secure default: verify against the system CA store, no client certificate.
 */
import { X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import type { CompileContext, PolicyPath } from '../core/section.js';
import type { UpstreamTlsConfig } from './types.js';

const pemFile = (what: string) => ({ type: 'string', minLength: 1, description: `${what} (PEM file, relative to the policy file).` }) as const;

export const upstreamTlsSchema = {
  type: 'object',
  additionalProperties: false,
  description: 'TLS to an https:// upstream (docs/transport.md). Default: the certificate is verified against the system CA store and its name against the upstream host; no client certificate.',
  properties: {
    ca: pemFile('CA bundle the upstream certificate must chain to, instead of the system CA store'),
    cert: pemFile('Client certificate chain presented to the upstream (mTLS); needs key'),
    key: pemFile('Private key of cert; needs cert'),
    insecureSkipVerify: {
      type: 'boolean',
      default: false,
      description: 'Do not verify the upstream certificate or its name (default false). For test set-ups only: a warning is printed at start-up.',
    },
  },
} as const;

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The PEM certificates in `text`, or undefined when there is none or one does not parse. */
function certificates(text: string): string[] | undefined {
  const blocks = text.match(CERT_BLOCK) ?? [];
  if (blocks.length === 0) return undefined;
  try {
    for (const b of blocks) new X509Certificate(b);
  } catch {
    return undefined;
  }
  return blocks;
}

export function compileUpstreamTls(t: Record<string, unknown> | undefined, url: string, at: PolicyPath, ctx: CompileContext): UpstreamTlsConfig | undefined {
  if (!t) return undefined;
  if (!url.startsWith('https://')) ctx.error(at, 'PG_POLICY_SCHEMA', 'upstream.tls applies only to an https:// upstream.url');
  const read = (key: 'ca' | 'cert' | 'key') => {
    if (typeof t[key] !== 'string') return undefined;
    const bytes = ctx.readFile([...at, key], t[key] as string);
    return bytes ? Buffer.from(bytes).toString('utf8') : undefined;
  };
  const ca = read('ca');
  const cert = read('cert');
  const key = read('key');
  if (ca !== undefined && !certificates(ca)) ctx.error([...at, 'ca'], 'PG_POLICY_SCHEMA', 'upstream.tls.ca holds no valid PEM certificate');
  if ((t.cert === undefined) !== (t.key === undefined)) {
    ctx.error([...at, t.cert === undefined ? 'key' : 'cert'], 'PG_POLICY_SCHEMA', 'upstream.tls.cert and upstream.tls.key go together');
  } else if (cert !== undefined && key !== undefined) {
    if (!certificates(cert)) ctx.error([...at, 'cert'], 'PG_POLICY_SCHEMA', 'upstream.tls.cert holds no valid PEM certificate');
    else {
      try {
        createSecureContext({ cert, key });
      } catch {
        ctx.error([...at, 'key'], 'PG_POLICY_SCHEMA', 'upstream.tls.key is not a PEM private key matching upstream.tls.cert');
      }
    }
  }
  return Object.freeze({
    ...(ca !== undefined ? { ca } : {}),
    ...(cert !== undefined && key !== undefined ? { cert, key } : {}),
    insecureSkipVerify: t.insecureSkipVerify === true,
  });
}
