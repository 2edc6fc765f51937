/**
 * Transport hazards on a real gateway listener (loopback, raw sockets): protocol upgrades
 * (websocket, h2c) are refused with PG_UPGRADE_REFUSED and never reach the upstream, and
 * `Expect: 100-continue` with a declared length over the limit is answered 413 before any 100.
 */
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../../src/gateway/index.js';
import { checkPolicyText } from '../../src/policy/index.js';
import { createPhiguard } from '../../src/runtime/index.js';

let upstream: Server;
let gw: Gateway;
let port: number;
const seen: string[] = [];
const upgrades: string[] = [];

beforeAll(async () => {
  upstream = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  upstream.on('upgrade', (req, socket) => {
    upgrades.push(req.url ?? '');
    socket.end('HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: upgrade\r\n\r\n');
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  const yaml = `
version: 1
name: transport-upgrade
upstream: { url: "${url}" }
limits: { maxRequestBytes: 1KiB, requestTimeout: 5s }
routes:
  - { id: ws, method: GET, path: /ws, public: true }
  - { id: post, method: POST, path: /echo, public: true }
`;
  const { policy, errors } = checkPolicyText('upgrade.yaml', yaml, {});
  expect(errors).toEqual([]);
  gw = createGateway({ guard: await createPhiguard({ policy: policy!, auditStore: 'memory:', log: () => undefined }), port: 0 });
  port = Number(new URL(await gw.listen()).port);
});

afterAll(async () => {
  await gw?.close(100);
  await new Promise<void>((r) => upstream.close(() => r()));
});

/** Sends raw bytes; resolves with everything received until the server closes or `until` matches. */
function raw(text: string, until?: RegExp, after?: (sent: (s: string) => void, got: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1');
    let got = '';
    sock.on('data', (d: Buffer) => {
      got += d.toString('latin1');
      after?.((s) => sock.write(s), got);
      if (until?.test(got)) {
        sock.destroy();
        resolve(got);
      }
    });
    sock.on('end', () => resolve(got));
    sock.on('close', () => resolve(got));
    sock.on('error', reject);
    sock.write(text);
  });
}

const status = (r: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(r)?.[1]);
const code = (r: string) => /"code":"(PG_[A-Z_]+)"/.exec(r)?.[1];

describe('protocol upgrades are refused with a reason code', () => {
  it('websocket upgrade: 400 PG_UPGRADE_REFUSED, connection closed, nothing forwarded', async () => {
    const r = await raw('GET /ws HTTP/1.1\r\nhost: a\r\nconnection: Upgrade\r\nupgrade: websocket\r\nsec-websocket-version: 13\r\nsec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n');
    expect(status(r)).toBe(400);
    expect(code(r)).toBe('PG_UPGRADE_REFUSED');
    expect(r).not.toMatch(/^HTTP\/1\.1 101/m);
    expect(upgrades).toEqual([]);
    expect(seen).toEqual([]);
  });

  it('h2c upgrade with HTTP2-Settings: refused', async () => {
    const r = await raw('GET /ws HTTP/1.1\r\nhost: a\r\nconnection: Upgrade, HTTP2-Settings\r\nupgrade: h2c\r\nhttp2-settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n');
    expect(status(r)).toBe(400);
    expect(code(r)).toBe('PG_UPGRADE_REFUSED');
    expect(seen).toEqual([]);
  });

  it('an Upgrade header without Connection: upgrade is refused too (not stripped and forwarded)', async () => {
    const r = await raw('GET /ws HTTP/1.1\r\nhost: a\r\nupgrade: websocket\r\nconnection: close\r\n\r\n');
    expect(status(r)).toBe(400);
    expect(code(r)).toBe('PG_UPGRADE_REFUSED');
    expect(seen).toEqual([]);
  });

  it('a plain request still goes through', async () => {
    const r = await raw('GET /ws HTTP/1.1\r\nhost: a\r\nconnection: close\r\n\r\n');
    expect(status(r)).toBe(200);
    expect(seen).toEqual(['GET /ws']);
  });
});

describe('Expect: 100-continue', () => {
  it('declared length over the limit: 413 PG_BODY_TOO_LARGE and no 100 Continue', async () => {
    const r = await raw('POST /echo HTTP/1.1\r\nhost: a\r\ncontent-type: application/json\r\ncontent-length: 5000\r\nexpect: 100-continue\r\n\r\n', /\r\n\r\n[\s\S]*\}\}/);
    expect(r).not.toMatch(/100 Continue/);
    expect(status(r)).toBe(413);
    expect(code(r)).toBe('PG_BODY_TOO_LARGE');
  });

  it('declared length within the limit: 100 Continue, then the body is checked and forwarded', async () => {
    const before = seen.length;
    let sent = false;
    const r = await raw('POST /echo HTTP/1.1\r\nhost: a\r\ncontent-type: application/json\r\ncontent-length: 2\r\nexpect: 100-continue\r\nconnection: close\r\n\r\n', undefined, (send, got) => {
      if (!sent && /100 Continue\r\n\r\n/.test(got)) {
        sent = true;
        send('{}');
      }
    });
    expect(r).toMatch(/^HTTP\/1\.1 100 Continue\r\n/);
    expect(r).toMatch(/HTTP\/1\.1 200 /);
    expect(seen.slice(before)).toEqual(['POST /echo']);
  });
});
