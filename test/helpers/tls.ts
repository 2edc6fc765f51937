/**
 * Test PKI made with the `openssl` CLI in a fresh temp directory: CAs and leaf certificates
 * (P-256 keys) generated per test run, never checked in.
 *
 *   const pki = createPki('phiguard-tls-');
 *   pki.ca('ca'); pki.leaf('server', 'ca', 'IP:127.0.0.1');
 *   pki.read('server.crt');
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Pki {
  readonly dir: string;
  /** Absolute path of a file in the PKI directory. */
  file(name: string): string;
  /** A self-signed CA: `${name}.crt`, `${name}.key`. */
  ca(name: string): void;
  /** A leaf signed by `issuer`, with an optional subjectAltName (e.g. `IP:127.0.0.1`). */
  leaf(name: string, issuer: string, san?: string): void;
  read(name: string): Buffer;
}

export function createPki(prefix = 'phiguard-pki-'): Pki {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const file = (n: string) => join(dir, n);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  return {
    dir,
    file,
    ca(name) {
      ssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.crt`, '-subj', `/CN=${name}`, '-days', '2');
    },
    leaf(name, issuer, san) {
      ssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
      const ext = san ? ['-extfile', file(`${name}.ext`)] : [];
      if (san) writeFileSync(file(`${name}.ext`), `subjectAltName=${san}\n`);
      ssl('x509', '-req', '-in', `${name}.csr`, '-CA', `${issuer}.crt`, '-CAkey', `${issuer}.key`, '-CAcreateserial', '-out', `${name}.crt`, '-days', '2', ...ext);
    },
    read: (name) => readFileSync(file(name)),
  };
}
