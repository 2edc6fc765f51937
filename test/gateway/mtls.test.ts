/**
 * mTLS at the gateway: real certificates (openssl), a real TLS listener. A verified client
 * certificate listed in identity.mtls.clients is the principal; no certificate, or one from another
 * CA, is denied by the pipeline with a code (and audited), not dropped at the handshake.
 */
import { X509Certificate } from 'node:crypto';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoUpstream, type DemoUpstream } from '../../src/demo/upstream.js';
import { createGateway, type Gateway } from '../../src/gateway/index.js';
import { checkPolicyText } from '../../src/policy/index.js';
import { createPhiguard } from '../../src/runtime/index.js';
import { createPki } from '../helpers/tls.js';

const pki = createPki('phiguard-mtls-');
const f = pki.file;
const { ca, leaf } = pki;

let up: DemoUpstream;
let gw: Gateway;
let base: string;
const read = pki.read;

beforeAll(async () => {
  ca('ca');
  ca('rogue');
  leaf('server', 'ca', 'IP:127.0.0.1');
  leaf('lab', 'ca');
  leaf('intruder', 'rogue');
  const fp = new X509Certificate(read('lab.crt')).fingerprint256;
  const yaml = `
version: 1
name: mtls
identity:
  mtls: { clients: [{ id: lab-interface, fingerprint256: "${fp}", roles: [lab], scopes: [system/Observation.rs] }] }
roles: [lab]
routes:
  - { id: obs, method: GET, path: "/Observation/{id}", resource: Observation, interaction: read, allow: { roles: [lab] } }
`;
  const { policy, errors } = checkPolicyText(f('policy.yaml'), yaml, {});
  expect(errors).toEqual([]);
  up = await startDemoUpstream();
  gw = createGateway({
    guard: await createPhiguard({ policy: policy!, auditStore: 'memory:', log: () => undefined }),
    upstreamUrl: up.url,
    port: 0,
    tls: { cert: read('server.crt'), key: read('server.key'), clientCa: read('ca.crt') },
  });
  base = await gw.listen();
});

afterAll(async () => {
  await gw?.close(100);
  await up?.close();
});

const get = async (client?: string) => {
  const dispatcher = new Agent({ connect: { ca: read('ca.crt'), ...(client ? { cert: read(`${client}.crt`), key: read(`${client}.key`) } : {}) } });
  try {
    const r = await request(`${base}/Observation/nope`, { dispatcher });
    const text = await r.body.text();
    return { status: r.statusCode, code: (JSON.parse(text) as { error?: { code: string } }).error?.code };
  } finally {
    await dispatcher.close();
  }
};

describe('gateway mTLS identity', () => {
  it('listens on https', () => {
    expect(base).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('a listed, verified client certificate is the principal (request reaches the upstream)', async () => {
    const r = await get('lab');
    expect(r.code).toBeUndefined(); // no phiguard denial
    expect(r.status).toBe(404); // the demo upstream has no such Observation: the request was allowed through
  });

  it('no client certificate: 401 PG_AUTH_MISSING', async () => {
    expect(await get()).toEqual({ status: 401, code: 'PG_AUTH_MISSING' });
  });

  it('a certificate from another CA is not trusted: 401', async () => {
    const r = await get('intruder');
    expect(r.status).toBe(401);
    expect(r.code).toBe('PG_AUTH_MTLS');
  });
});
