/**
 * Hostile transport cases against a real gateway (loopback sockets; TLS with certificates made for
 * this run). Each must be refused with a reason code (or at the handshake) and nothing may reach
 * the upstream.
 */
import { createServer, type Server } from 'node:http';
import { connect as netConnect, type AddressInfo } from 'node:net';
import { connect as tlsConnect, type SecureVersion } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../../src/gateway/index.js';
import { checkPolicyText } from '../../src/policy/index.js';
import { createPhiguard } from '../../src/runtime/index.js';
import { createPki } from '../helpers/tls.js';

const pki = createPki('phiguard-adv-transport-');
let upstream: Server;
let plain: Gateway;
let secure: Gateway;
let plainPort: number;
let tlsPort: number;
const reached: string[] = [];

beforeAll(async () => {
  pki.ca('ca');
  pki.leaf('server', 'ca', 'IP:127.0.0.1');
  upstream = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      reached.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  upstream.on('upgrade', (req, socket) => {
    reached.push(`UPGRADE ${req.url}`);
    socket.end('HTTP/1.1 101 Switching Protocols\r\n\r\n');
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  const yaml = `
version: 1
name: adv-transport
upstream: { url: "http://127.0.0.1:${(upstream.address() as AddressInfo).port}" }
limits: { maxRequestBytes: 1KiB, requestTimeout: 5s }
routes:
  - { id: ws, method: GET, path: /ws, public: true }
  - { id: post, method: POST, path: /echo, public: true }
`;
  const { policy, errors } = checkPolicyText(pki.file('p.yaml'), yaml, {});
  expect(errors).toEqual([]);
  const guard = () => createPhiguard({ policy: policy!, auditStore: 'memory:', log: () => undefined });
  plain = createGateway({ guard: await guard(), port: 0 });
  secure = createGateway({ guard: await guard(), port: 0, tls: { cert: pki.read('server.crt'), key: pki.read('server.key') } });
  plainPort = Number(new URL(await plain.listen()).port);
  tlsPort = Number(new URL(await secure.listen()).port);
});

afterAll(async () => {
  await plain?.close(100);
  await secure?.close(100);
  await new Promise<void>((r) => upstream.close(() => r()));
});

function raw(text: string, until = /\}\}\s*$/): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = netConnect(plainPort, '127.0.0.1');
    let got = '';
    const done = () => resolve(got);
    sock.on('data', (d: Buffer) => {
      got += d.toString('latin1');
      if (until.test(got)) sock.destroy();
    });
    sock.on('close', done);
    sock.on('error', reject);
    sock.write(text);
  });
}
const status = (r: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(r)?.[1]);
const code = (r: string) => /"code":"(PG_[A-Z_]+)"/.exec(r)?.[1];

const UPGRADES: Array<[string, string]> = [
  ['websocket', 'connection: Upgrade\r\nupgrade: websocket\r\nsec-websocket-version: 13\r\nsec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\n'],
  ['WebSocket in mixed case', 'Connection: UPGRADE\r\nUpgrade: WebSocket\r\n'],
  ['upgrade token among others in Connection', 'connection: keep-alive, Upgrade\r\nupgrade: websocket\r\n'],
  ['h2c with HTTP2-Settings', 'connection: Upgrade, HTTP2-Settings\r\nupgrade: h2c\r\nhttp2-settings: AAMAAABkAARAAAAAAAIAAAAA\r\n'],
  ['HTTP2-Settings alone', 'http2-settings: AAMAAABkAARAAAAAAAIAAAAA\r\n'],
  ['Upgrade header without Connection: upgrade', 'upgrade: websocket\r\n'],
  ['Connection: upgrade without an Upgrade header', 'connection: upgrade\r\n'],
  ['two Upgrade headers', 'connection: upgrade\r\nupgrade: websocket\r\nupgrade: h2c\r\n'],
  ['upgrade to TLS (RFC 2817)', 'connection: upgrade\r\nupgrade: TLS/1.2\r\n'],
];

describe('adversarial transport: protocol upgrades', () => {
  it.each(UPGRADES)('%s: 400 PG_UPGRADE_REFUSED, nothing forwarded', async (_name, headers) => {
    const before = reached.length;
    const r = await raw(`GET /ws HTTP/1.1\r\nhost: a\r\n${headers}\r\n`);
    expect(status(r)).toBe(400);
    expect(code(r)).toBe('PG_UPGRADE_REFUSED');
    expect(r).not.toMatch(/101 Switching/);
    expect(reached.slice(before)).toEqual([]);
  });

  it('upgrade on an undeclared route is refused the same way (before routing)', async () => {
    const r = await raw('GET /admin HTTP/1.1\r\nhost: a\r\nconnection: upgrade\r\nupgrade: websocket\r\n\r\n');
    expect(code(r)).toBe('PG_UPGRADE_REFUSED');
  });

  it('bytes smuggled after an upgrade request are never answered or forwarded', async () => {
    const before = reached.length;
    const r = await raw('GET /ws HTTP/1.1\r\nhost: a\r\nconnection: upgrade\r\nupgrade: websocket\r\n\r\nGET /ws HTTP/1.1\r\nhost: a\r\n\r\n', /$^/);
    expect(code(r)).toBe('PG_UPGRADE_REFUSED');
    expect(r.match(/HTTP\/1\.1 \d{3}/g)).toHaveLength(1);
    expect(reached.slice(before)).toEqual([]);
  });
});

describe('adversarial transport: Expect: 100-continue', () => {
  it.each([['just over the limit', 1025], ['huge', 10 ** 12]])('declared length %s: 413 without 100 Continue', async (_n, len) => {
    const before = reached.length;
    const r = await raw(`POST /echo HTTP/1.1\r\nhost: a\r\ncontent-type: application/json\r\ncontent-length: ${len}\r\nexpect: 100-continue\r\n\r\n`);
    expect(r).not.toMatch(/100 Continue/);
    expect(status(r)).toBe(413);
    expect(code(r)).toBe('PG_BODY_TOO_LARGE');
    expect(reached.slice(before)).toEqual([]);
  });

  it('chunked body with 100-continue that grows over the limit: 413, not forwarded', async () => {
    const before = reached.length;
    const chunk = 'x'.repeat(2000);
    const r = await raw(`POST /echo HTTP/1.1\r\nhost: a\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\nexpect: 100-continue\r\n\r\n${chunk.length.toString(16)}\r\n${chunk}\r\n0\r\n\r\n`);
    expect(r).toMatch(/HTTP\/1\.1 413 /);
    expect(code(r)).toBe('PG_BODY_TOO_LARGE');
    expect(reached.slice(before)).toEqual([]);
  });

  it('an unknown expectation is refused (417), not forwarded', async () => {
    const before = reached.length;
    const r = await raw('GET /ws HTTP/1.1\r\nhost: a\r\nexpect: 200-ok\r\nconnection: close\r\n\r\n', /$^/);
    expect(status(r)).toBe(417);
    expect(reached.slice(before)).toEqual([]);
  });
});

function handshake(minVersion: SecureVersion, maxVersion: SecureVersion, ciphers?: string): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const sock = tlsConnect({ host: '127.0.0.1', port: tlsPort, ca: pki.read('ca.crt'), minVersion, maxVersion, ...(ciphers ? { ciphers } : {}) });
    sock.once('secureConnect', () => {
      const p = sock.getProtocol();
      sock.destroy();
      resolve(p);
    });
    sock.once('error', reject);
  });
}

describe('adversarial transport: TLS downgrade', () => {
  it.each<[string, SecureVersion]>([['TLS 1.0', 'TLSv1'], ['TLS 1.1', 'TLSv1.1']])('%s only: the server refuses (protocol-version alert)', async (_n, v) => {
    await expect(handshake(v, v, 'DEFAULT:@SECLEVEL=0')).rejects.toMatchObject({ code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' });
  });

  it('TLS 1.2 with RSA key exchange only (no forward secrecy): refused', async () => {
    await expect(handshake('TLSv1.2', 'TLSv1.2', 'AES128-GCM-SHA256:AES256-GCM-SHA384')).rejects.toMatchObject({ code: expect.stringMatching(/ALERT_HANDSHAKE_FAILURE/) });
  });

  it('TLS 1.2 with 3DES/CBC only: refused', async () => {
    await expect(handshake('TLSv1.2', 'TLSv1.2', 'ECDHE-ECDSA-AES128-SHA256:DES-CBC3-SHA:@SECLEVEL=0')).rejects.toMatchObject({ code: expect.stringMatching(/ALERT_HANDSHAKE_FAILURE/) });
  });

  it('plain HTTP bytes on the TLS port get no HTTP answer', async () => {
    const got = await new Promise<string>((resolve) => {
      const sock = netConnect(tlsPort, '127.0.0.1');
      let out = '';
      sock.on('data', (d: Buffer) => (out += d.toString('latin1')));
      sock.on('close', () => resolve(out));
      sock.on('error', () => resolve(out));
      sock.write('GET /ws HTTP/1.1\r\nhost: a\r\n\r\n');
    });
    expect(got).not.toMatch(/HTTP\/1\.1 200/);
  });
});
