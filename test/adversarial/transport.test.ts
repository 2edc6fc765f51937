/**
 * Hostile transport cases against a real gateway (loopback sockets; TLS with certificates made for
 * this run). Each must be refused with a reason code (or at the handshake) and nothing may reach
 * the upstream.
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { connect as netConnect, type AddressInfo } from 'node:net';
import { connect as tlsConnect, type SecureVersion } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../../src/gateway/index.js';
import { checkPolicyText } from '../../src/policy/index.js';
import { createPhiguard } from '../../src/runtime/index.js';
import { createPki } from '../helpers/tls.js';
import { codeOf, handshake as negotiate, headerOf, rawHttp, statusOf, transportGateway, type TransportGateway } from '../helpers/transport.js';

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

  it.each([['-tls1'], ['-tls1_1']])('openssl s_client %s: refused by the server (protocol-version alert)', async (flag) => {
    // SECLEVEL=0 lets the client offer the old version, so the refusal is the server's; async, since the server runs here.
    const out = await new Promise<{ failed: boolean; text: string }>((resolve) => {
      const child = execFile('openssl', ['s_client', '-connect', `127.0.0.1:${tlsPort}`, flag, '-cipher', 'DEFAULT@SECLEVEL=0'], { timeout: 10_000 }, (err, so, se) => resolve({ failed: err !== null, text: `${so}${se}` }));
      child.stdin?.end();
    });
    expect(out.failed).toBe(true);
    expect(out.text).toMatch(/alert protocol version/);
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

describe('adversarial transport: downgrade below tls.minVersion', () => {
  let t: TransportGateway;
  beforeAll(async () => {
    t = await transportGateway(pki, { tls: `cert: ${pki.file('server.crt')}\nkey: ${pki.file('server.key')}\nminVersion: TLSv1.3` });
  });
  afterAll(async () => t?.close());

  it('a client that offers at most TLS 1.2 (even with strong AEAD suites) is refused', async () => {
    await expect(negotiate(t.port, pki.read('ca.crt'), { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES256-GCM-SHA384' })).rejects.toMatchObject({ code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' });
  });

  it('a client offering 1.2 and 1.3 gets 1.3, never 1.2', async () => {
    expect((await negotiate(t.port, pki.read('ca.crt'), { minVersion: 'TLSv1.2' })).protocol).toBe('TLSv1.3');
  });
});

describe('adversarial transport: spoofed forwarding headers on plain HTTP', () => {
  // Loopback is exempt by default; these gateways turn that off so the socket peer stands for a network client.
  let untrusted: TransportGateway;
  let trusted: TransportGateway;
  let redirect: TransportGateway;
  beforeAll(async () => {
    untrusted = await transportGateway(pki, { tls: 'allowPlainLoopback: false', trustedProxies: ['10.9.9.9', '192.0.2.0/24'] });
    trusted = await transportGateway(pki, { tls: 'allowPlainLoopback: false', trustedProxies: ['127.0.0.1'] });
    redirect = await transportGateway(pki, { tls: 'allowPlainLoopback: false\nplainHttp: redirect\npublicUrl: https://api.example.test' });
  });
  afterAll(async () => {
    await untrusted?.close();
    await trusted?.close();
    await redirect?.close();
  });
  const send = (t: TransportGateway, headers: string, method = 'GET', path = '/metadata') => rawHttp(t.port, `${method} ${path} HTTP/1.1\r\nhost: a\r\n${headers}\r\n`);

  it.each([
    ['X-Forwarded-Proto: https', 'x-forwarded-proto: https\r\n'],
    ['X-Forwarded-Proto: HTTPS', 'X-Forwarded-Proto: HTTPS\r\n'],
    ['Forwarded: proto=https', 'forwarded: for=192.0.2.1;proto=https\r\n'],
    ['Forwarded with a quoted proto', 'forwarded: proto="https"\r\n'],
    ['X-Forwarded-For claiming a trusted proxy', 'x-forwarded-for: 10.9.9.9\r\nx-forwarded-proto: https\r\n'],
    ['X-Forwarded-Ssl: on / Front-End-Https: on', 'x-forwarded-ssl: on\r\nfront-end-https: on\r\n'],
    ['X-Forwarded-Scheme / X-Url-Scheme: https', 'x-forwarded-scheme: https\r\nx-url-scheme: https\r\n'],
  ])('untrusted peer sends %s: ignored, 403 PG_TLS_REQUIRED, nothing forwarded', async (_n, h) => {
    const before = untrusted.reached.length;
    const r = await send(untrusted, h);
    expect(statusOf(r)).toBe(403);
    expect(codeOf(r)).toBe('PG_TLS_REQUIRED');
    expect(headerOf(r, 'strict-transport-security')).toBeUndefined();
    expect(untrusted.reached.slice(before)).toEqual([]);
  });

  it('the same header from the trusted proxy is honoured (control)', async () => {
    const r = await send(trusted, 'x-forwarded-proto: https\r\n');
    expect(statusOf(r)).toBe(200);
    expect(trusted.reached).toContain('GET /metadata');
  });

  it.each([
    ['a client-prepended https before the proxy\'s http', 'x-forwarded-proto: https, http\r\n'],
    ['two X-Forwarded-Proto lines, https then http', 'x-forwarded-proto: https\r\nx-forwarded-proto: http\r\n'],
    ['X-Forwarded-Proto https with the proxy\'s Forwarded proto=http', 'x-forwarded-proto: https\r\nforwarded: for=192.0.2.1;proto=http\r\n'],
    ['an empty X-Forwarded-Proto', 'x-forwarded-proto: \r\n'],
    ['a made-up scheme', 'x-forwarded-proto: https2\r\n'],
  ])('via the trusted proxy, %s: refused', async (_n, h) => {
    const before = trusted.reached.length;
    expect(codeOf(await send(trusted, h))).toBe('PG_TLS_REQUIRED');
    expect(trusted.reached.slice(before)).toEqual([]);
  });

  it('redirect mode: a spoofed Host cannot steer the redirect away from tls.publicUrl', async () => {
    const r = await rawHttp(redirect.port, 'GET /metadata HTTP/1.1\r\nhost: evil.example\r\n\r\n');
    expect(statusOf(r)).toBe(308);
    expect(headerOf(r, 'location')).toBe('https://api.example.test/metadata');
  });

  it('redirect mode: a POST with PHI in its body is refused, never forwarded or redirected', async () => {
    const body = '{"ssn":"078-05-1120"}';
    const r = await rawHttp(redirect.port, `POST /echo HTTP/1.1\r\nhost: a\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`);
    expect(statusOf(r)).toBe(403);
    expect(headerOf(r, 'location')).toBeUndefined();
    expect(r).not.toContain('078-05-1120');
    expect(redirect.reached).toEqual([]);
  });
});
