/**
 * The listener's TLS material: where the certificate, key and client CA come from (CLI flag, then
 * environment, then the policy's `tls:` section), reading and checking them, and reloading them
 * into a running server without dropping connections (`server.setSecureContext`). Errors name the
 * file or variable, never its content.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { createSecureContext, type SecureContextOptions } from 'node:tls';
import { hasCertificates } from '../policy/tls.js';
import type { TlsConfig } from '../policy/types.js';

/** PEM bytes given directly, a file (re-read on reload), or PEM text from an environment variable. */
export type PemSource = Buffer | { readonly file: string } | { readonly pem: string; readonly from: string };

export interface ListenerTls {
  readonly cert: PemSource;
  readonly key: PemSource;
  readonly clientCa?: PemSource;
}

export const TLS_ENV = { cert: 'PHIGUARD_TLS_CERT', key: 'PHIGUARD_TLS_KEY', clientCa: 'PHIGUARD_TLS_CLIENT_CA' } as const;

/** An environment value: PEM text when it starts with `-----BEGIN`, else a file path. */
function envSource(name: string, value: string | undefined): PemSource | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  return value.trimStart().startsWith('-----BEGIN') ? { pem: value, from: name } : { file: value };
}

export interface TlsFlags { readonly tlsCert?: string; readonly tlsKey?: string; readonly tlsClientCa?: string }

/**
 * The listener's sources: CLI flags over environment over policy, the certificate and key as a pair
 * from the first of those that sets either. Throws when a pair is incomplete or a CA has no pair.
 */
export function resolveTlsSources(flags: TlsFlags, env: Readonly<Record<string, string | undefined>>, policy: TlsConfig | undefined): ListenerTls | undefined {
  const levels: Array<{ name: string; cert?: PemSource | undefined; key?: PemSource | undefined; ca?: PemSource | undefined }> = [
    { name: '--tls-cert/--tls-key', cert: flags.tlsCert ? { file: flags.tlsCert } : undefined, key: flags.tlsKey ? { file: flags.tlsKey } : undefined, ca: flags.tlsClientCa ? { file: flags.tlsClientCa } : undefined },
    { name: `${TLS_ENV.cert}/${TLS_ENV.key}`, cert: envSource(TLS_ENV.cert, env[TLS_ENV.cert]), key: envSource(TLS_ENV.key, env[TLS_ENV.key]), ca: envSource(TLS_ENV.clientCa, env[TLS_ENV.clientCa]) },
    { name: 'tls.cert/tls.key', cert: policy?.cert ? { file: policy.cert } : undefined, key: policy?.key ? { file: policy.key } : undefined, ca: policy?.clientCa ? { file: policy.clientCa } : undefined },
  ];
  const pair = levels.find((l) => l.cert || l.key);
  const ca = levels.find((l) => l.ca)?.ca;
  if (!pair) {
    if (ca) throw new Error('a TLS client CA is set but no certificate and key: add --tls-cert/--tls-key, PHIGUARD_TLS_CERT/_KEY or tls.cert/tls.key');
    return undefined;
  }
  if (!pair.cert || !pair.key) throw new Error(`${pair.name} go together: one of them is missing`);
  return { cert: pair.cert, key: pair.key, ...(ca ? { clientCa: ca } : {}) };
}

/** How a source is named in errors and logs (a path or a variable name, never content). */
export function sourceName(s: PemSource): string {
  return Buffer.isBuffer(s) ? 'inline PEM' : 'file' in s ? s.file : s.from;
}

function readSource(s: PemSource): Buffer {
  if (Buffer.isBuffer(s)) return s;
  if ('pem' in s) return Buffer.from(s.pem);
  try {
    return readFileSync(s.file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new TlsMaterialError(s.file, code === 'ENOENT' ? 'file not found' : code === 'EACCES' ? 'permission denied' : 'cannot be read', code);
  }
}

/** Names the source, never its content. An unreadable file keeps the fs `code` and `path` (start-up lines format them). */
export class TlsMaterialError extends Error {
  readonly path?: string;
  constructor(readonly source: string, reason: string, readonly code?: string) {
    super(code ? `cannot read ${source}: ${reason}` : `${source}: ${reason}`);
    this.name = 'TlsMaterialError';
    if (code) this.path = source;
  }
}

export interface TlsMaterial {
  readonly options: SecureContextOptions;
  /** sha-256 of cert, key and CA bytes: unchanged files are not reloaded. */
  readonly digest: string;
  /** The leaf certificate's expiry (for the log line). */
  readonly notAfter: string;
}

/** Reads and checks the material, then the full context options (floor, suites, curves). Throws TlsMaterialError. */
export function loadTlsMaterial(src: ListenerTls, settings: TlsConfig): TlsMaterial {
  const cert = readSource(src.cert);
  const key = readSource(src.key);
  const ca = src.clientCa ? readSource(src.clientCa) : undefined;
  if (!hasCertificates(cert.toString('utf8'))) throw new TlsMaterialError(sourceName(src.cert), 'holds no valid PEM certificate');
  if (ca && !hasCertificates(ca.toString('utf8'))) throw new TlsMaterialError(sourceName(src.clientCa!), 'holds no valid PEM certificate');
  const options: SecureContextOptions = {
    cert,
    key,
    // TLS 1.2 is the floor (1.0/1.1 never); 1.3 is negotiated whenever the client offers it.
    minVersion: settings.minVersion,
    ciphers: settings.ciphers,
    ecdhCurve: settings.curves,
    honorCipherOrder: true,
    ...(ca ? { ca } : {}),
  };
  try {
    createSecureContext(options);
  } catch {
    throw new TlsMaterialError(sourceName(src.key), 'is not a PEM private key matching the certificate');
  }
  const leaf = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(cert.toString('utf8'))![0];
  const digest = createHash('sha256').update(cert).update('\0').update(key).update('\0').update(ca ?? '').digest('hex');
  return { options, digest, notAfter: certExpiry(leaf) };
}

function certExpiry(pem: string): string {
  try {
    return new X509Certificate(pem).validTo;
  } catch {
    return 'unknown';
  }
}

/** The files among the sources (what `watch` observes). */
export function sourceFiles(src: ListenerTls): string[] {
  return [src.cert, src.key, src.clientCa].flatMap((s) => (s && !Buffer.isBuffer(s) && 'file' in s ? [s.file] : []));
}

/**
 * Watches the directories of `files` (editors and Kubernetes secret mounts replace files by rename,
 * which a watch on the file itself misses) and calls `onChange` once changes settle for `debounceMs`.
 * Returns the stop function.
 */
export function watchFiles(files: readonly string[], onChange: () => void, debounceMs = 200): () => void {
  const dirs = new Map<string, Set<string>>();
  for (const f of files) {
    const d = dirname(f);
    dirs.set(d, (dirs.get(d) ?? new Set()).add(basename(f)));
  }
  let timer: NodeJS.Timeout | undefined;
  const watchers: FSWatcher[] = [];
  for (const [dir, names] of dirs) {
    const w = watch(dir, { persistent: false }, (_event, name) => {
      // Kubernetes swaps a `..data` symlink; anything else must be one of our files.
      if (name !== null && !names.has(String(name)) && !String(name).startsWith('..')) return;
      clearTimeout(timer);
      timer = setTimeout(onChange, debounceMs);
    });
    w.on('error', () => undefined);
    watchers.push(w);
  }
  return () => {
    clearTimeout(timer);
    for (const w of watchers) w.close();
  };
}
