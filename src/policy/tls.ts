/**
 * `tls:` the gateway listener's transport settings (docs/transport.md): certificate files, the
 * protocol floor, cipher suites and curves, and what happens to plain HTTP. Files are read and
 * checked at compile time (positioned errors, never their content); the compiled section holds
 * their resolved paths so the gateway can re-read them on reload. Secure defaults throughout.
 */
import { X509Certificate } from 'node:crypto';
import { resolve } from 'node:path';
import { createSecureContext, getCiphers } from 'node:tls';
import type { CompileContext, PolicyPath } from '../core/section.js';
import type { TlsConfig } from './types.js';

/** Forward-secret AEAD suites only: TLS 1.3 suites first, then ECDHE with AES-GCM or ChaCha20 for TLS 1.2. */
export const TLS_CIPHERS = [
  'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305', 'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256',
].join(':');
export const TLS_CURVES = 'X25519:P-256:P-384';
/** Curves a listener may offer (node/OpenSSL names and their aliases); weaker or exotic ones are refused. */
const CURVES = new Set(['X25519', 'X448', 'P-256', 'P-384', 'P-521', 'prime256v1', 'secp384r1', 'secp521r1']);

export const DEFAULT_TLS: TlsConfig = Object.freeze({
  minVersion: 'TLSv1.2',
  ciphers: TLS_CIPHERS,
  curves: TLS_CURVES,
  required: true,
  allowPlainLoopback: true,
  plainHttp: 'refuse',
  watch: false,
});

const pemFile = (what: string) => ({ type: 'string', minLength: 1, description: `${what} (PEM file, relative to the policy file).` }) as const;
const colonList = (what: string) => ({ anyOf: [{ type: 'string', minLength: 1 }, { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 }], description: what }) as const;

export const tlsSchema = {
  type: 'object',
  additionalProperties: false,
  description: 'The gateway listener\'s TLS (docs/transport.md). --tls-cert/--tls-key/--tls-client-ca and PHIGUARD_TLS_CERT/_KEY/_CLIENT_CA take precedence over cert/key/clientCa.',
  properties: {
    cert: pemFile('Server certificate chain; needs key'),
    key: pemFile('Private key of cert; needs cert'),
    clientCa: pemFile('CA whose client certificates are accepted (mTLS identity for identity.mtls.clients)'),
    minVersion: { enum: ['TLSv1.2', 'TLSv1.3'], default: 'TLSv1.2', description: 'Lowest protocol version accepted (default TLSv1.2; 1.0/1.1 are never accepted). TLS 1.3 is preferred whenever offered.' },
    ciphers: colonList('Cipher suites, most preferred first (OpenSSL names, "a:b" or a list). Only forward-secret AEAD suites are accepted. Default: TLS 1.3 suites, then ECDHE with AES-GCM or ChaCha20-Poly1305.'),
    curves: colonList('Key-exchange groups, most preferred first. Default X25519:P-256:P-384.'),
    required: { type: 'boolean', default: true, description: 'Refuse (or redirect) requests that did not arrive over TLS (default true). Plain HTTP is accepted only from loopback peers (allowPlainLoopback) and from trustedProxies whose X-Forwarded-Proto / Forwarded proto is https.' },
    allowPlainLoopback: { type: 'boolean', default: true, description: 'Accept plain HTTP from a loopback peer (127.0.0.0/8, ::1): it never crosses a network (default true). Set false when a local relay forwards plain traffic.' },
    plainHttp: { enum: ['refuse', 'redirect'], default: 'refuse', description: 'A plain-HTTP request that TLS is required for: 403 PG_TLS_REQUIRED (default), or for GET/HEAD a 308 to the https URL (other methods are still refused).' },
    publicUrl: { type: 'string', pattern: '^https://[^/?#@\\s]+/?$', description: 'The https origin redirects point at (default: upstream.publicUrl when https, else https:// and the request\'s Host without its port).' },
    watch: { type: 'boolean', default: false, description: 'Reload the certificate, key and client CA when their files change (default false; SIGHUP always reloads).' },
  },
} as const;

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Whether `text` holds at least one PEM certificate and every one parses. */
export function hasCertificates(text: string): boolean {
  const blocks = text.match(CERT_BLOCK) ?? [];
  if (blocks.length === 0) return false;
  try {
    for (const b of blocks) new X509Certificate(b);
    return true;
  } catch {
    return false;
  }
}

const known = new Set(getCiphers().map((c) => c.toUpperCase()));

/** Why a suite is not acceptable, or undefined when it is a known forward-secret AEAD suite. */
export function cipherProblem(name: string): string | undefined {
  const n = name.toUpperCase();
  if (!known.has(n)) return 'is not a cipher suite this node knows (see `node -p "tls.getCiphers()"`); keywords such as HIGH or !aNULL are not accepted';
  if (n.startsWith('TLS_')) return /CCM_8/.test(n) ? 'has a truncated (64-bit) authentication tag' : undefined;
  if (!/^ECDHE-(ECDSA|RSA)-/.test(n)) return 'has no forward secrecy (only ECDHE-ECDSA-* and ECDHE-RSA-* TLS 1.2 suites are accepted)';
  if (!/(GCM|CHACHA20-POLY1305|-CCM$)/.test(n)) return 'is not an AEAD suite (CBC and stream ciphers are refused)';
  return undefined;
}

const list = (v: unknown): string[] | undefined => (v === undefined ? undefined : (Array.isArray(v) ? (v as string[]) : String(v).split(':')).map((s) => s.trim()).filter(Boolean));

export function compileTls(t: Record<string, unknown> | undefined, ctx: CompileContext): TlsConfig {
  if (!t) return DEFAULT_TLS;
  const at: PolicyPath = ['tls'];
  const minVersion = (t.minVersion as TlsConfig['minVersion'] | undefined) ?? 'TLSv1.2';
  const ciphers = list(t.ciphers);
  for (const c of ciphers ?? []) {
    const why = cipherProblem(c);
    if (why) ctx.error([...at, 'ciphers'], 'PG_POLICY_SCHEMA', `tls.ciphers: "${c.slice(0, 64)}" ${why}`);
  }
  if (ciphers && minVersion === 'TLSv1.3' && !ciphers.some((c) => c.toUpperCase().startsWith('TLS_'))) {
    ctx.error([...at, 'ciphers'], 'PG_POLICY_SCHEMA', 'tls.ciphers lists no TLS 1.3 suite but tls.minVersion is TLSv1.3: no handshake could succeed');
  }
  if (ciphers && minVersion === 'TLSv1.2' && ciphers.length > 0 && !ciphers.some((c) => !c.toUpperCase().startsWith('TLS_'))) {
    // Only TLS 1.3 suites: node then refuses TLS 1.2 clients, which is what minVersion TLSv1.3 says plainly.
    ctx.error([...at, 'ciphers'], 'PG_POLICY_SCHEMA', 'tls.ciphers lists only TLS 1.3 suites: set tls.minVersion: TLSv1.3 to say so');
  }
  const curves = list(t.curves);
  for (const c of curves ?? []) {
    if (!CURVES.has(c)) ctx.error([...at, 'curves'], 'PG_POLICY_SCHEMA', `tls.curves: "${c.slice(0, 32)}" is not one of ${[...CURVES].join(', ')}`);
  }
  const file = (key: 'cert' | 'key' | 'clientCa') => {
    if (typeof t[key] !== 'string') return undefined;
    const bytes = ctx.readFile([...at, key], t[key] as string);
    return bytes ? { path: resolve(ctx.baseDir, t[key] as string), text: Buffer.from(bytes).toString('utf8') } : undefined;
  };
  const cert = file('cert');
  const key = file('key');
  const clientCa = file('clientCa');
  if ((t.cert === undefined) !== (t.key === undefined)) {
    ctx.error([...at, t.cert === undefined ? 'key' : 'cert'], 'PG_POLICY_SCHEMA', 'tls.cert and tls.key go together');
  } else if (cert && key) {
    if (!hasCertificates(cert.text)) ctx.error([...at, 'cert'], 'PG_POLICY_SCHEMA', 'tls.cert holds no valid PEM certificate');
    else {
      try {
        createSecureContext({ cert: cert.text, key: key.text });
      } catch {
        ctx.error([...at, 'key'], 'PG_POLICY_SCHEMA', 'tls.key is not a PEM private key matching tls.cert');
      }
    }
  }
  if (clientCa && !hasCertificates(clientCa.text)) ctx.error([...at, 'clientCa'], 'PG_POLICY_SCHEMA', 'tls.clientCa holds no valid PEM certificate');
  return Object.freeze({
    ...(cert ? { cert: cert.path } : {}),
    ...(key ? { key: key.path } : {}),
    ...(clientCa ? { clientCa: clientCa.path } : {}),
    minVersion,
    ciphers: ciphers ? ciphers.join(':') : TLS_CIPHERS,
    curves: curves ? curves.join(':') : TLS_CURVES,
    required: t.required !== false,
    allowPlainLoopback: t.allowPlainLoopback !== false,
    plainHttp: (t.plainHttp as TlsConfig['plainHttp'] | undefined) ?? 'refuse',
    ...(typeof t.publicUrl === 'string' ? { publicUrl: t.publicUrl.replace(/\/$/, '') } : {}),
    watch: t.watch === true,
  });
}
