/**
 * Certificate reload without dropping connections, on real TLS listeners: `gateway.reloadTls()`
 * swaps the context for new connections while a keep-alive connection made before it keeps
 * working; invalid new files are refused (the old certificate stays, the log names the file and
 * never its content); `tls.watch` reloads on file change; SIGHUP reloads `phiguard proxy`.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, renameSync, writeFileSync } from 'node:fs';
import { connect, type TLSSocket } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { TlsReloadResult } from '../../src/gateway/index.js';
import { createPki } from '../helpers/tls.js';
import { handshake, transportGateway, type TransportGateway } from '../helpers/transport.js';
import { tsNodeArgs } from '../helpers/ts/node.js';

const pki = createPki('phiguard-tls-reload-');
pki.ca('ca');
pki.leaf('first', 'ca', 'IP:127.0.0.1');
pki.leaf('second', 'ca', 'IP:127.0.0.1');
const ca = pki.read('ca.crt');
const live = { cert: pki.file('live.crt'), key: pki.file('live.key') };
const install = (name: string) => {
  copyFileSync(pki.file(`${name}.crt`), live.cert);
  copyFileSync(pki.file(`${name}.key`), live.key);
};
const fingerprint = async (name: string) => {
  const { X509Certificate } = await import('node:crypto');
  return new X509Certificate(pki.read(`${name}.crt`)).fingerprint256;
};

/** A keep-alive TLS connection that sends one request at a time and reads the full response. */
function keepAlive(port: number): Promise<{ sock: TLSSocket; get(path: string): Promise<string> }> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host: '127.0.0.1', port, ca });
    let buf = '';
    let waiting: ((s: string) => void) | undefined;
    sock.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      const head = buf.indexOf('\r\n\r\n');
      const len = Number(/content-length: (\d+)/i.exec(buf)?.[1] ?? -1);
      if (head >= 0 && len >= 0 && buf.length >= head + 4 + len && waiting) {
        const out = buf.slice(0, head + 4 + len);
        buf = buf.slice(head + 4 + len);
        waiting(out);
        waiting = undefined;
      }
    });
    sock.once('error', reject);
    sock.once('secureConnect', () =>
      resolve({
        sock,
        get: (path) =>
          new Promise((res, rej) => {
            waiting = res;
            sock.once('close', () => rej(new Error('connection closed')));
            sock.write(`GET ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n`);
          }),
      }),
    );
  });
}

describe('reloadTls()', () => {
  let t: TransportGateway;
  beforeEach(async () => {
    await t?.close();
    install('first');
    t = await transportGateway(pki, { listener: { cert: { file: live.cert }, key: { file: live.key } } });
  });
  afterAll(async () => t?.close());

  it('a keep-alive connection made before the reload keeps working; a new connection sees the new certificate', async () => {
    const conn = await keepAlive(t.port);
    expect(await conn.get('/metadata')).toMatch(/^HTTP\/1\.1 200 /);
    install('second');
    expect(t.gw.reloadTls()).toEqual({ ok: true, changed: true });
    // Same socket, after the reload: still served, still on the certificate it was made with.
    expect(await conn.get('/metadata')).toMatch(/^HTTP\/1\.1 200 /);
    expect(conn.sock.getPeerCertificate().fingerprint256).toBe(await fingerprint('first'));
    expect((await handshake(t.port, ca)).fingerprint).toBe(await fingerprint('second'));
    conn.sock.destroy();
    expect(t.logs.find((l) => l.event === 'tls_reloaded')?.detail).toMatch(/valid until/);
  });

  it('unchanged files: nothing to swap', () => {
    expect(t.gw.reloadTls()).toEqual({ ok: true, changed: false });
  });

  it.each([
    ['a certificate file that is not PEM', () => writeFileSync(live.cert, 'not a certificate: 078-05-1120\n'), 'live.crt', /holds no valid PEM certificate/],
    ['a key that does not match the new certificate', () => copyFileSync(pki.file('second.crt'), live.cert), 'live.key', /not a PEM private key matching/],
    ['a key file that is empty', () => writeFileSync(live.key, ''), 'live.key', /not a PEM private key matching/],
  ])('%s is refused: the old certificate stays and the log names the file, not its content', async (_n, breakIt, file, why) => {
    const before = (await handshake(t.port, ca)).fingerprint;
    breakIt();
    const r = t.gw.reloadTls();
    expect(r.ok).toBe(false);
    expect((r as { error: string }).error).toMatch(why);
    expect((await handshake(t.port, ca)).fingerprint).toBe(before);
    const line = t.logs.find((l) => l.event === 'tls_reload_failed')!;
    expect(line.level).toBe('error');
    expect(line.detail).toContain(pki.file(file));
    expect(line.detail).toMatch(/previous certificate stays in use/);
    expect(JSON.stringify(t.logs)).not.toMatch(/078-05-1120|BEGIN|PRIVATE KEY/);
  });
});

describe('tls.watch', () => {
  it('replacing the files (by rename, as editors and secret mounts do) reloads them', async () => {
    install('first');
    const results: TlsReloadResult[] = [];
    let onChanged!: () => void;
    const changed = new Promise<void>((r) => (onChanged = r));
    const t = await transportGateway(pki, {
      tls: `cert: ${live.cert}\nkey: ${live.key}\nwatch: true`,
      onTlsReload: (r) => {
        results.push(r);
        if (r.ok && r.changed) onChanged();
      },
    });
    try {
      expect((await handshake(t.port, ca)).fingerprint).toBe(await fingerprint('first'));
      copyFileSync(pki.file('second.key'), `${live.key}.tmp`);
      copyFileSync(pki.file('second.crt'), `${live.cert}.tmp`);
      renameSync(`${live.key}.tmp`, live.key);
      renameSync(`${live.cert}.tmp`, live.cert);
      await changed;
      expect((await handshake(t.port, ca)).fingerprint).toBe(await fingerprint('second'));
    } finally {
      await t.close();
    }
  });
});

describe('SIGHUP reloads `phiguard proxy`', () => {
  it('a new connection after SIGHUP sees the new certificate', async () => {
    install('first');
    const policy = pki.file('hup.yaml');
    writeFileSync(policy, 'version: 1\nname: hup\nroutes:\n  - { id: m, method: GET, path: /metadata, public: true }\n');
    const script = pki.file('cli.ts');
    writeFileSync(script, `import { main } from ${JSON.stringify(fileURLToPath(new URL('../../src/cli/index.ts', import.meta.url)))};\nawait main(process.argv);\n`);
    const child = spawn(process.execPath, tsNodeArgs(script, 'proxy', '--config', policy, '--listen', '127.0.0.1:0', '--upstream', 'http://127.0.0.1:9', '--tls-cert', live.cert, '--tls-key', live.key, '--audit-store', 'memory:'), {
      env: { ...process.env, PHIGUARD_LOG: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let stderr = '';
      const reloaded = new Promise<void>((resolve, reject) => {
        child.stderr.on('data', (d: Buffer) => {
          stderr += d.toString();
          if (stderr.includes('"tls_reloaded"')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`proxy exited ${code}: ${stderr}`)));
      });
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => resolve(d.toString().split('\n')[0]!.trim()));
        child.once('exit', (code) => reject(new Error(`proxy exited ${code}: ${stderr}`)));
      });
      expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const port = Number(new URL(url).port);
      expect((await handshake(port, ca)).fingerprint).toBe(await fingerprint('first'));
      expect(stderr).toMatch(/serving HTTPS/);
      install('second');
      child.kill('SIGHUP');
      await reloaded;
      expect((await handshake(port, ca)).fingerprint).toBe(await fingerprint('second'));
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r(undefined)));
    }
  });
});
