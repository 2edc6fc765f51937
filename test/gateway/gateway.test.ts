import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../../src/gateway/index.js';
import { checkPolicyText } from '../../src/policy/index.js';
import { createPhiguard } from '../../src/runtime/index.js';

/** A misbehaving-on-demand upstream that records what it received. */
let upstream: Server;
let upstreamUrl: string;
const seen: Array<{ method: string; url: string; headers: IncomingMessage['headers']; rawHeaders: string[]; body: string }> = [];

const POLICY = (url: string) => `
version: 1
name: gw-test
upstream: { url: "${url}", headersTimeout: 300ms, bodyTimeout: 300ms, maxResponseBytes: 64KiB }
limits: { maxRequestBytes: 1KiB, maxHeaderCount: 40, requestTimeout: 2s }
routes:
  - { id: echo, method: GET, path: "/echo/{id}", public: true }
  - { id: post, method: POST, path: /echo, public: true }
  - { id: slow, method: GET, path: /slow, public: true }
  - { id: big, method: GET, path: /big, public: true }
  - { id: hop, method: GET, path: /hop, public: true }
  - { id: gz, method: GET, path: /gzip, public: true }
  - { id: bin, method: GET, path: /binary, public: true }
`;

let gw: Gateway;
let base: string;

beforeAll(async () => {
  upstream = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, rawHeaders: req.rawHeaders, body: Buffer.concat(chunks).toString() });
      if (req.url === '/slow') return void setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'), 2000);
      if (req.url === '/big') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ a: 'x'.repeat(100_000) }));
      if (req.url === '/hop') {
        res.writeHead(200, { 'content-type': 'application/json', connection: 'x-secret-hop', 'x-secret-hop': 'leak', 'keep-alive': 'timeout=5', server: 'upstream/1.0', 'x-powered-by': 'php' });
        return void res.end('{"ok":true}');
      }
      if (req.url === '/gzip') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'compress' });
        return void res.end('xxxx');
      }
      if (req.url === '/binary') return void res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.from([1, 2, 3]));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ url: req.url }));
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  const { policy, errors } = checkPolicyText('gw.yaml', POLICY(upstreamUrl), {});
  expect(errors).toEqual([]);
  gw = createGateway({ guard: await createPhiguard({ policy: policy!, log: () => undefined }), port: 0 });
  base = await gw.listen();
});

afterAll(async () => {
  await gw?.close(100);
  await new Promise((r) => upstream.close(r));
});

const code = async (r: Response) => ((await r.json()) as { error?: { code: string } }).error?.code;

/** Sends raw bytes and returns the raw response text (for requests fetch would normalise). */
function raw(payload: string): Promise<string> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    const s = connect(Number(port), '127.0.0.1', () => s.write(payload));
    let out = '';
    s.on('data', (d) => (out += d.toString()));
    s.on('end', () => resolve(out));
    s.on('error', reject);
    setTimeout(() => (s.destroy(), resolve(out)), 1500);
  });
}

describe('gateway', () => {
  it('serves /healthz and /readyz itself', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });

  it('forwards the canonical target and sets its own forwarding headers after stripping', async () => {
    seen.length = 0;
    const out = await raw(
      'GET /echo/./a%41?x=%61&y=1 HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 6.6.6.6\r\nX-Request-Id: spoofed\r\n' +
        'Connection: close, x-drop-me\r\nX-Drop-Me: 1\r\nTE: trailers\r\nAccept-Encoding: gzip\r\nKeep-Alive: timeout=99\r\n\r\n',
    );
    expect(out).toMatch(/^HTTP\/1\.1 200/);
    const got = seen[0]!;
    expect(got.url).toBe('/echo/aA?x=a&y=1');
    expect(got.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(got.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.toLowerCase()).toContain(`x-request-id: ${got.headers['x-request-id']}`);
    expect(got.headers['x-drop-me']).toBeUndefined();
    expect(got.headers.te).toBeUndefined();
    expect(got.headers['keep-alive']).toBeUndefined();
    expect(got.headers['accept-encoding']).toBe('identity');
  });

  it('strips hop-by-hop and software-disclosure headers from responses', async () => {
    const r = await fetch(`${base}/hop`);
    expect(r.status).toBe(200);
    expect(r.headers.get('x-secret-hop')).toBeNull();
    expect(r.headers.get('server')).toBeNull();
    expect(r.headers.get('x-powered-by')).toBeNull();
    expect(r.headers.get('cache-control')).toBe('no-store');
  });

  it('re-frames bodies: forwards the checked body with its own Content-Length, never chunked as received', async () => {
    seen.length = 0;
    const out = await raw('POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n7\r\n{"a":1}\r\n0\r\n\r\n');
    expect(out).toMatch(/^HTTP\/1\.1 200/);
    expect(seen[0]!.headers['transfer-encoding']).toBeUndefined();
    expect(seen[0]!.headers['content-length']).toBe('7');
    expect(seen[0]!.body).toBe('{"a":1}');
  });

  it('rejects Transfer-Encoding with Content-Length (smuggling)', async () => {
    seen.length = 0;
    const out = await raw('POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 7\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n7\r\n{"a":1}\r\n0\r\n\r\n');
    expect(out).toMatch(/^HTTP\/1\.1 400/);
    expect(seen).toHaveLength(0);
  });

  it('413 for a request body over the limit (declared or streamed)', async () => {
    const r = await fetch(`${base}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ a: 'x'.repeat(5000) }) });
    expect(r.status).toBe(413);
    expect(await code(r)).toBe('PG_BODY_TOO_LARGE');
  });

  it('408 when the request body does not arrive in time, and nothing is forwarded', async () => {
    seen.length = 0;
    const out = await new Promise<string>((resolve) => {
      const { port } = new URL(base);
      const s = connect(Number(port), '127.0.0.1', () => s.write('POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n{"a":'));
      let data = '';
      s.on('data', (d) => (data += d.toString()));
      s.on('close', () => resolve(data));
      setTimeout(() => (s.destroy(), resolve(data)), 4000);
    });
    expect(out).toMatch(/^HTTP\/1\.1 408/);
    expect(seen).toHaveLength(0);
  });

  it('431 when the header count reaches the limit, and nothing is forwarded', async () => {
    seen.length = 0;
    const headers: Record<string, string> = {};
    for (let i = 0; i < 45; i++) headers[`x-h-${i}`] = 'v';
    const r = await fetch(`${base}/echo/1`, { headers });
    expect(r.status).toBe(431);
    expect(seen).toHaveLength(0);
  });

  it('431 for oversized headers', async () => {
    const r = await fetch(`${base}/echo/1`, { headers: { 'x-big': 'a'.repeat(20_000) } });
    expect(r.status).toBe(431);
  });

  it('504 when the upstream is too slow, 502 when its response is too large', async () => {
    const slow = await fetch(`${base}/slow`);
    expect(slow.status).toBe(504);
    expect(await code(slow)).toBe('PG_UPSTREAM_TIMEOUT');
    const big = await fetch(`${base}/big`);
    expect(big.status).toBe(502);
    expect(await code(big)).toBe('PG_UPSTREAM_RESPONSE_TOO_LARGE');
  });

  it('fails closed on an unknown content-encoding or an uninspectable content type', async () => {
    const gz = await fetch(`${base}/gzip`);
    expect(gz.status).toBe(502);
    expect(await code(gz)).toBe('PG_RESPONSE_ENCODING');
    const bin = await fetch(`${base}/binary`);
    expect(bin.status).toBe(502);
    expect(await code(bin)).toBe('PG_RESPONSE_CONTENT_TYPE');
  });

  it('502 when the upstream is down', async () => {
    const { policy } = checkPolicyText('gw.yaml', POLICY('http://127.0.0.1:9'), {});
    const g = createGateway({ guard: await createPhiguard({ policy: policy!, log: () => undefined }), port: 0 });
    const u = await g.listen();
    const r = await fetch(`${u}/echo/1`);
    expect(r.status).toBe(502);
    expect(await code(r)).toBe('PG_UPSTREAM_UNAVAILABLE');
    await g.close(100);
  });

  it('graceful shutdown lets an in-flight request finish and refuses new ones', async () => {
    const { policy } = checkPolicyText('gw.yaml', POLICY(upstreamUrl).replace('headersTimeout: 300ms', 'headersTimeout: 5s').replace('bodyTimeout: 300ms', 'bodyTimeout: 5s'), {});
    const g = createGateway({ guard: await createPhiguard({ policy: policy!, log: () => undefined }), port: 0 });
    const u = await g.listen();
    const inflight = fetch(`${u}/slow`);
    await new Promise((r) => setTimeout(r, 200));
    const closing = g.close(5000);
    const r = await inflight;
    expect(r.status).toBe(200);
    await closing;
    await expect(fetch(`${u}/echo/1`)).rejects.toThrow();
  });
});
