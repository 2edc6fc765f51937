/**
 * A gateway guarding a real loopback upstream described by test/fixtures/openapi/patients-3.0.yaml:
 * the upstream keeps versions (strong ETags), does NOT enforce If-Match itself, and records the exact
 * bytes it receives. Used by test/integrity and test/adversarial.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { parseLeaf } from '../../src/audit/record.js';
import { createGateway, type Gateway } from '../../src/gateway/index.js';
import { checkPolicyText } from '../../src/policy/index.js';
import { createPhiguard, type Phiguard } from '../../src/runtime/index.js';

export const POLICY_FILE = fileURLToPath(new URL('../fixtures/openapi/policy.yaml', import.meta.url));
/** 2^53 + 1: an int64 a double cannot hold (JSON.parse reads it as 2^53). */
export const BIG = '9007199254740993';

export const integrityPolicy = (url: string, extra = '') => `
version: 1
name: integrity-test
upstream: { url: "${url}" }
routes:
  - { id: get, method: GET, path: "/patients/{id}", public: true, openapi: { file: patients-3.0.yaml, operationId: getPatient } }
  - { id: put, method: PUT, path: "/patients/{id}", public: true, openapi: { file: patients-3.0.yaml, operationId: putPatient }, integrity: { requireIfMatch: true, checkVersion: gateway } }
  - { id: post, method: POST, path: /patients, public: true, openapi: { file: patients-3.0.yaml, path: /patients } }
  - { id: getb, method: GET, path: "/b/patients/{id}", public: true, openapi: { file: patients-3.0.yaml, operationId: getPatient }, response: { undeclared: block } }
  - { id: get31, method: GET, path: "/v31/patients/{id}", public: true, openapi: { file: patients-3.1.yaml, operationId: getPatient31 } }
  - { id: putu, method: PUT, path: "/u/patients/{id}", public: true, openapi: { file: patients-3.0.yaml, operationId: putPatient }, integrity: { requireIfMatch: true, checkVersion: upstream, digestUnsupported: ignore, responseDigest: sha-512 } }
${extra}`;

export interface Received { method: string; url: string; headers: Record<string, string | string[] | undefined>; body: Buffer }

export interface Rig {
  readonly base: string;
  readonly guard: Phiguard;
  readonly received: Received[];
  /** Current version of p1 (its ETag is `"v<version>"`). */
  version(): number;
  close(): Promise<void>;
}

export async function startRig(): Promise<Rig> {
  const received: Received[] = [];
  let version = 1;
  const upstream: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const path = (req.url ?? '').replace(/^\/(b|v31|u)(?=\/)/, '').split('?')[0];
      const json = (status: number, text: string, headers: Record<string, string> = {}) =>
        res.writeHead(status, { 'content-type': req.url?.startsWith('/v31') ? 'application/fhir+json' : 'application/json', ...headers }).end(text);
      if (req.method === 'PUT') {
        version++;
        return json(200, body.toString('utf8'), { etag: `"v${version}"` });
      }
      if (req.method === 'POST') return json(201, body.toString('utf8'), { 'content-digest': 'sha-256=:AAAA:' });
      if (path === '/patients/p1') return json(200, `{"id":"p1","name":[{"family":"Doe","_secret":"123-45-6789","given":["J"]}],"accountNumber":${BIG},"meta":{"x":1}}`, { etag: `"v${version}"` });
      if (path === '/patients/p2') return json(200, '{"id":"p2","name":[]}', { etag: 'W/"v1"' });
      if (path === '/patients/p3') return json(200, '{"id":"p3","name":[],"ssn":"123-45-6789"}');
      if (path === '/patients/p4') return json(200, '{"id":"p4"}');
      return json(404, '{"message":"not found"}');
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  const { policy, errors } = checkPolicyText(POLICY_FILE, integrityPolicy(url), {});
  expect(errors).toEqual([]);
  const guard = await createPhiguard({ policy: policy!, log: () => undefined });
  const gw: Gateway = createGateway({ guard, port: 0 });
  const base = await gw.listen();
  return {
    base,
    guard,
    received,
    version: () => version,
    async close() {
      await gw.close(100);
      await new Promise((r) => upstream.close(r));
    },
  };
}

export async function auditRecordOf(g: Phiguard, requestId: string | null) {
  const rows = await g.audit.log.store.entries(0, await g.audit.log.size());
  return rows.map((r) => (r.leaf ? parseLeaf(r.leaf) : undefined)).find((l) => l?.what.requestId === requestId);
}

export const errorOf = async (r: Response) => ((await r.json()) as { error?: { code: string; where?: unknown } }).error;
