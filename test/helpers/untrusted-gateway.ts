/**
 * The real gateway (test policy: small upstream timeouts, a 2 MiB response cap, PHI redaction, one
 * route whose clinicians are exempt from body redaction) in front of a raw misbehaving upstream
 * (./raw-upstream.ts). Shared by test/adversarial/upstream*.test.ts.
 */
import type { Socket } from 'node:net';
import { expect } from 'vitest';
import { createGateway, type Gateway } from '../../src/gateway/index.js';
import { createPhiguard, type Phiguard } from '../../src/runtime/index.js';
import { makeKey, mint, policyFrom, type TestKey } from './access.js';
import { rawGet, startRawUpstream, type RawUpstream, type Received } from './raw-upstream.js';

export const SSN = '536-22-1234';
export const SSN_DIGITS = '536221234';
export const PATIENT = JSON.stringify({ resourceType: 'Patient', id: 'p1', note: `ssn ${SSN}` });
export const JSON_T = { 'content-type': 'application/json' };
export const MAX = 2 * 1024 * 1024;

export const POLICY = (url: string) => `
version: 1
name: untrusted-upstream
upstream: { url: "${url}", headersTimeout: 300ms, bodyTimeout: 300ms, maxResponseBytes: ${MAX}, connections: 4 }
identity:
  issuers:
    - issuer: https://idp.test.invalid
      audience: patient-api
      jwks: { file: ./jwks.json }
      algorithms: [ES256]
      types: [at+jwt, JWT]
roles: [clinician, billing]
access: { scopes: { enforce: when-present } }
routes:
  - { id: raw, method: GET, path: "/raw/{case}", public: true }
  - id: exempt
    method: GET
    path: "/exempt/{case}"
    allow: { roles: [clinician, billing] }
    response: { phi: { exempt: [{ roles: [clinician] }] } }
phi:
  default: mask
  actions: { SSN: remove }
`;

export interface UntrustedRig {
  readonly up: RawUpstream;
  readonly guard: Phiguard;
  readonly base: string;
  /** Scripts `/raw/<name>` (and `/exempt/<name>`) and requests it through the gateway, as `exempt` role if given. */
  run(name: string, script: (s: Socket, head: string) => void | Promise<void>, opts?: { exempt?: string; headers?: Record<string, string> }): Promise<Received>;
  close(): Promise<void>;
}

export async function startUntrustedRig(): Promise<UntrustedRig> {
  const up = await startRawUpstream();
  const key: TestKey = await makeKey('ES256', 'k1');
  const policy = policyFrom(POLICY(up.url), { 'jwks.json': JSON.stringify({ keys: [key.publicJwk] }) });
  const guard = await createPhiguard({ policy, auditStore: 'memory:', log: () => undefined });
  const gw: Gateway = createGateway({ guard, port: 0 });
  const base = await gw.listen();
  return {
    up,
    guard,
    base,
    async run(name, script, opts = {}) {
      up.on(`/raw/${name}`, script);
      up.on(`/exempt/${name}`, script);
      const headers = { ...opts.headers };
      if (opts.exempt) headers.authorization = `Bearer ${await mint(key, { roles: [opts.exempt], sub: `u-${opts.exempt}` }, {}, Date.now())}`;
      return rawGet(base, `/${opts.exempt ? 'exempt' : 'raw'}/${name}`, headers);
    },
    async close() {
      await gw.close(100);
      await up.close();
    },
  };
}

export const send = (bytes: Buffer) => (s: Socket) => void s.end(bytes);

/** Nothing the upstream planted reached the client, in any header, framing, body or trailer. */
export function clean(r: Received): void {
  expect(r.raw).not.toContain(SSN);
  expect(r.raw).not.toContain(SSN_DIGITS);
}

/** A reason-coded refusal, and nothing planted in it. */
export function refused(r: Received, status: number, code: string): void {
  expect({ status: r.status, code: r.code }).toEqual({ status, code });
  clean(r);
}
