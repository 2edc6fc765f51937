/**
 * upstream.tls against real https upstreams on loopback, with certificates made for this run by a
 * test CA: verification against the system store (refused), a custom CA, a wrong host name,
 * insecureSkipVerify (with its start-up warning) and mTLS to an upstream that requires a client
 * certificate. Plus the compile-time checks of the setting.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createGateway, type Gateway } from '../../src/gateway/index.js';
import { INSECURE_UPSTREAM_WARNING } from '../../src/gateway/upstream-tls.js';
import { checkPolicyText } from '../../src/policy/index.js';
import { createPhiguard } from '../../src/runtime/index.js';
import { createPki } from '../helpers/tls.js';

const pki = createPki('phiguard-upstream-tls-');
const servers: Server[] = [];
const gateways: Gateway[] = [];
const reached: string[] = [];
let goodPort: number;
let wrongNamePort: number;
let mtlsPort: number;

function upstream(name: string, extra: Record<string, unknown> = {}): Promise<number> {
  const server = createServer({ cert: pki.read(`${name}.crt`), key: pki.read(`${name}.key`), ...extra }, (req, res) => {
    const peer = (req.socket as TLSSocket).getPeerCertificate();
    reached.push(`${name} ${req.url} ${peer?.subject?.CN ?? '-'}`);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  servers.push(server);
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r((server.address() as AddressInfo).port)));
}

beforeAll(async () => {
  pki.ca('ca');
  pki.ca('other');
  pki.ca('clientca');
  pki.leaf('upstream', 'ca', 'IP:127.0.0.1');
  pki.leaf('wrongname', 'ca', 'DNS:elsewhere.example');
  pki.leaf('gwclient', 'clientca');
  goodPort = await upstream('upstream');
  wrongNamePort = await upstream('wrongname');
  mtlsPort = await upstream('upstream', { requestCert: true, rejectUnauthorized: true, ca: pki.read('clientca.crt') });
});

afterAll(async () => {
  for (const g of gateways) await g.close(100);
  for (const s of servers) await new Promise<void>((r) => s.close(() => r()));
});

function compile(port: number, tls: string) {
  const yaml = `
version: 1
name: upstream-tls
upstream: { url: "https://127.0.0.1:${port}"${tls ? `, tls: ${tls}` : ''} }
routes:
  - { id: ping, method: GET, path: /ping, public: true }
`;
  return checkPolicyText(pki.file('p.yaml'), yaml, {});
}

async function gateway(port: number, tls: string): Promise<string> {
  const { policy, errors } = compile(port, tls);
  expect(errors).toEqual([]);
  const g = createGateway({ guard: await createPhiguard({ policy: policy!, auditStore: 'memory:', log: () => undefined }), port: 0 });
  gateways.push(g);
  return g.listen();
}

async function ping(base: string): Promise<{ status: number; code?: string; body: string }> {
  const res = await fetch(`${base}/ping`);
  const body = await res.text();
  return { status: res.status, body, ...(/"code":"(PG_[A-Z_]+)"/.exec(body) ? { code: /"code":"(PG_[A-Z_]+)"/.exec(body)![1] } : {}) };
}

describe('upstream TLS verification', () => {
  it('refuses an upstream whose CA is not in the system store: 502 PG_UPSTREAM_TLS, nothing reaches it', async () => {
    const before = reached.length;
    const r = await ping(await gateway(goodPort, ''));
    expect(r.status).toBe(502);
    expect(r.code).toBe('PG_UPSTREAM_TLS');
    expect(r.body).not.toMatch(/UNABLE_TO|CERT|127\.0\.0\.1/);
    expect(reached.length).toBe(before);
  });

  it('refuses it when upstream.tls.ca is a different CA', async () => {
    const r = await ping(await gateway(goodPort, `{ ca: other.crt }`));
    expect([r.status, r.code]).toEqual([502, 'PG_UPSTREAM_TLS']);
  });

  it('accepts it with upstream.tls.ca set to the issuing CA', async () => {
    const r = await ping(await gateway(goodPort, `{ ca: ca.crt }`));
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ ok: true });
  });

  it('refuses a certificate from the right CA for another host name', async () => {
    const before = reached.length;
    const r = await ping(await gateway(wrongNamePort, `{ ca: ca.crt }`));
    expect([r.status, r.code]).toEqual([502, 'PG_UPSTREAM_TLS']);
    expect(reached.length).toBe(before);
  });

  it('insecureSkipVerify: accepted without a CA, and a warning is printed at start-up', async () => {
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let base: string;
    try {
      base = await gateway(wrongNamePort, `{ insecureSkipVerify: true }`);
      expect(spy.mock.calls.map((c) => String(c[0]))).toContain(INSECURE_UPSTREAM_WARNING);
    } finally {
      spy.mockRestore();
    }
    const r = await ping(base);
    expect(r.status).toBe(200);
  });

  it('no warning when verification is on', async () => {
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await gateway(goodPort, `{ ca: ca.crt }`);
      expect(spy.mock.calls.map((c) => String(c[0]))).not.toContain(INSECURE_UPSTREAM_WARNING);
    } finally {
      spy.mockRestore();
    }
  });

  it('mTLS: an upstream that requires a client certificate refuses the gateway without one', async () => {
    const before = reached.length;
    const r = await ping(await gateway(mtlsPort, `{ ca: ca.crt }`));
    expect(r.status).toBe(502);
    // TLS 1.3: the server's certificate_required alert races undici's "other side closed"; either way denied.
    expect(['PG_UPSTREAM_TLS', 'PG_UPSTREAM_UNAVAILABLE']).toContain(r.code);
    expect(reached.length).toBe(before);
  });

  it('mTLS: with upstream.tls.cert and key the gateway is let in and identified', async () => {
    const r = await ping(await gateway(mtlsPort, `{ ca: ca.crt, cert: gwclient.crt, key: gwclient.key }`));
    expect(r.status).toBe(200);
    expect(reached.at(-1)).toBe('upstream /ping gwclient');
  });
});

describe('upstream.tls compile checks (positioned errors)', () => {
  const codes = (tls: string, port = 1) => compile(port, tls).errors.map((e) => [e.code, e.line > 0 && e.col > 0]);

  it('secure default: no tls section, nothing compiled in', () => {
    expect(compile(1, '').policy!.upstream!.tls).toBeUndefined();
  });

  it('compiles into the frozen policy with the PEM text', () => {
    const tls = compile(1, '{ ca: ca.crt, cert: gwclient.crt, key: gwclient.key }').policy!.upstream!.tls!;
    expect(Object.isFrozen(tls)).toBe(true);
    expect(tls.insecureSkipVerify).toBe(false);
    expect(tls.ca).toBe(pki.read('ca.crt').toString('utf8'));
    expect(tls.cert).toContain('BEGIN CERTIFICATE');
  });

  it('a missing file is PG_POLICY_IO at its position', () => {
    const { errors } = compile(1, '{ ca: nope.crt }');
    expect(errors.map((e) => [e.code, e.line])).toEqual([['PG_POLICY_IO', 4]]);
    expect(errors[0]!.col).toBeGreaterThan(1);
  });

  it('a ca file without certificates, cert without key, a mismatched key are refused', () => {
    expect(codes('{ ca: ca.key }')).toEqual([['PG_POLICY_SCHEMA', true]]);
    expect(codes('{ cert: gwclient.crt }')).toEqual([['PG_POLICY_SCHEMA', true]]);
    expect(codes('{ cert: gwclient.crt, key: upstream.key }')).toEqual([['PG_POLICY_SCHEMA', true]]);
  });

  it('a key file is never echoed in errors', () => {
    const { errors } = compile(1, '{ cert: gwclient.crt, key: upstream.key }');
    expect(JSON.stringify(errors)).not.toContain('PRIVATE KEY');
  });

  it('unknown keys and a non-boolean insecureSkipVerify fail schema validation', () => {
    expect(compile(1, '{ verify: false }').errors.length).toBeGreaterThan(0);
    expect(compile(1, '{ insecureSkipVerify: "yes" }').errors.length).toBeGreaterThan(0);
  });
});
