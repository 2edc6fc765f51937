/**
 * `upstream.tls` applied to the upstream client: undici `connect` options, the start-up warning
 * for `insecureSkipVerify`, and which connection errors are TLS failures (answered PG_UPSTREAM_TLS).
 */
import type { UpstreamTlsConfig } from '../policy/types.js';

export const INSECURE_UPSTREAM_WARNING =
  'phiguard: WARNING: upstream.tls.insecureSkipVerify is true: the upstream certificate and host name are NOT verified; ePHI may be sent to an impostor. Use upstream.tls.ca instead.\n';

/** TLS options for undici's connector: verification is on unless explicitly turned off. */
export function upstreamConnectOptions(tls: UpstreamTlsConfig | undefined): Record<string, unknown> {
  return {
    rejectUnauthorized: tls?.insecureSkipVerify !== true,
    ...(tls?.ca !== undefined ? { ca: tls.ca } : {}),
    ...(tls?.cert !== undefined && tls.key !== undefined ? { cert: tls.cert, key: tls.key } : {}),
  };
}

/** Printed once, loudly, when the upstream client is created with verification off. */
export function warnInsecureUpstream(tls: UpstreamTlsConfig | undefined, write: (line: string) => unknown = (l) => process.stderr.write(l)): void {
  if (tls?.insecureSkipVerify) write(INSECURE_UPSTREAM_WARNING);
}

/**
 * Certificate verification errors (OpenSSL X509 codes, host-name mismatch) and handshake failures
 * (alerts such as certificate required, protocol version).
 */
export function isTlsFailure(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^ERR_(SSL|TLS)_|CERT|UNABLE_TO_(GET|VERIFY|DECRYPT|DECODE)|_SIGNATURE_FAILURE$/.test(code);
}
