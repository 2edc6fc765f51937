/**
 * The gateway's TLS listener with certificates generated for this run (openssl): TLS 1.0 and 1.1
 * are refused at the handshake, TLS 1.3 is negotiated when offered, TLS 1.2 still works with a
 * forward-secret AEAD suite only, and every response over TLS (denials included) carries HSTS.
 */
import { connect, type TLSSocket } from 'node:tls';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoUpstream, type DemoUpstream } from '../../src/demo/upstream.js';
import { createGateway, HSTS, type Gateway } from '../../src/gateway/index.js';
import { checkPolicyText } from '../../src/policy/index.js';
import { createPhiguard } from '../../src/runtime/index.js';
import { createPki } from '../helpers/tls.js';

const pki = createPki('phiguard-tls-');
let up: DemoUpstream;
let gw: Gateway;
let port: number;
let base: string;

beforeAll(async () => {
  pki.ca('ca');
  pki.leaf('server', 'ca', 'IP:127.0.0.1');
  const yaml = `
version: 1
name: transport-tls
routes:
  - { id: health, method: GET, path: /metadata, public: true }
  - { id: patient, method: GET, path: "/Patient/{id}", resource: Patient, interaction: read }
`;
  const { policy, errors } = checkPolicyText(pki.file('policy.yaml'), yaml, {});
  expect(errors).toEqual([]);
  up = await startDemoUpstream();
  gw = createGateway({
    guard: await createPhiguard({ policy: policy!, auditStore: 'memory:', log: () => undefined }),
    upstreamUrl: up.url,
    port: 0,
    tls: { cert: pki.read('server.crt'), key: pki.read('server.key') },
  });
  base = await gw.listen();
  port = Number(new URL(base).port);
});

afterAll(async () => {
  await gw?.close(100);
  await up?.close();
});

/** Handshake only: resolves with the negotiated protocol and cipher, or rejects with the TLS error. */
function handshake(opts: { minVersion?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3'; maxVersion?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3'; ciphers?: string }): Promise<{ protocol: string | null; cipher: string }> {
  return new Promise((resolve, reject) => {
    const sock: TLSSocket = connect({ host: '127.0.0.1', port, ca: pki.read('ca.crt'), ...opts });
    sock.once('secureConnect', () => {
      const out = { protocol: sock.getProtocol(), cipher: sock.getCipher().name };
      sock.destroy();
      resolve(out);
    });
    sock.once('error', reject);
  });
}

// The client side must be able to offer the old versions for the refusal to be the server's.
const LEGACY = 'DEFAULT:@SECLEVEL=0';

describe('TLS versions and suites', () => {
  it('prints an https URL', () => {
    expect(base).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('TLS 1.3 is negotiated when the client offers it', async () => {
    expect((await handshake({})).protocol).toBe('TLSv1.3');
  });

  it('TLS 1.2 is accepted with a forward-secret AEAD suite', async () => {
    const r = await handshake({ maxVersion: 'TLSv1.2' });
    expect(r.protocol).toBe('TLSv1.2');
    expect(r.cipher).toMatch(/^ECDHE-(ECDSA|RSA)-(AES\d+-GCM|CHACHA20-POLY1305)/);
  });

  // A protocol-version alert is the server's refusal (the client could offer the old version).
  it('TLS 1.0 is refused by the server', async () => {
    await expect(handshake({ minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: LEGACY })).rejects.toMatchObject({ code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' });
  });

  it('TLS 1.1 is refused by the server', async () => {
    await expect(handshake({ minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1', ciphers: LEGACY })).rejects.toMatchObject({ code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' });
  });

  it('TLS 1.2 with only CBC (non-AEAD) suites is refused', async () => {
    await expect(handshake({ maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA' })).rejects.toMatchObject({ code: expect.stringMatching(/ALERT_HANDSHAKE_FAILURE/) });
  });
});

describe('HSTS over TLS', () => {
  const get = async (path: string) => {
    const dispatcher = new Agent({ connect: { ca: pki.read('ca.crt') } });
    try {
      const r = await request(`${base}${path}`, { dispatcher });
      const text = await r.body.text();
      return { status: r.statusCode, hsts: r.headers['strict-transport-security'], code: /"code":"(PG_[A-Z_]+)"/.exec(text)?.[1] };
    } finally {
      await dispatcher.close();
    }
  };

  it('on an allowed response', async () => {
    const r = await get('/metadata');
    expect(r.code).toBeUndefined();
    expect(r.hsts).toBe(HSTS);
  });

  it('on a denial (401) too', async () => {
    expect(await get('/Patient/1')).toEqual({ status: 401, hsts: HSTS, code: 'PG_AUTH_MISSING' });
  });

  it('on a canonicalization denial (400) too', async () => {
    const r = await get('/Patient/..%2fadmin');
    expect(r.status).toBe(400);
    expect(r.hsts).toBe(HSTS);
  });
});
