/**
 * Transport test helpers: a gateway from policy text (with an optional `tls:` section and trusted
 * proxies) in front of a recording loopback upstream, raw plain-HTTP requests, and TLS handshakes
 * that report what was negotiated (protocol, suite, key-exchange group, server certificate).
 *
 *   const t = await transportGateway(pki, { tls: 'required: true', tlsListener: { cert, key } });
 *   const r = await rawHttp(t.port, 'GET /x HTTP/1.1\r\nhost: a\r\n\r\n');
 */
import { createServer, type Server } from 'node:http';
import { connect as netConnect, type AddressInfo } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { expect } from 'vitest';
import { createGateway, type Gateway, type GatewayOptions } from '../../src/gateway/index.js';
import { checkPolicyText } from '../../src/policy/index.js';
import { createPhiguard, type Phiguard } from '../../src/runtime/index.js';
import type { Pki } from './tls.js';

export interface TransportGateway {
  readonly gw: Gateway;
  readonly guard: Phiguard;
  readonly port: number;
  readonly base: string;
  /** `METHOD path` of every request that reached the upstream. */
  readonly reached: string[];
  /** Operator log lines (JSON objects). */
  readonly logs: Array<{ level: string; event: string; detail?: string }>;
  close(): Promise<void>;
}

export interface TransportSetup {
  /** Lines of the policy's `tls:` section (YAML, indented by the helper), or undefined for none. */
  readonly tls?: string;
  readonly trustedProxies?: readonly string[];
  readonly listener?: GatewayOptions['tls'];
  readonly onTlsReload?: GatewayOptions['onTlsReload'];
}

export async function transportGateway(pki: Pki, setup: TransportSetup = {}): Promise<TransportGateway> {
  const reached: string[] = [];
  const upstream: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      reached.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"resourceType":"CapabilityStatement"}');
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  const tls = setup.tls ? `tls:\n${setup.tls.trim().split('\n').map((l) => `  ${l.trim()}`).join('\n')}\n` : '';
  const yaml = `
version: 1
name: transport
upstream: { url: "http://127.0.0.1:${(upstream.address() as AddressInfo).port}" }
trustedProxies: ${JSON.stringify(setup.trustedProxies ?? [])}
${tls}routes:
  - { id: metadata, method: GET, path: /metadata, public: true }
  - { id: post, method: POST, path: /echo, public: true }
  - { id: patient, method: GET, path: "/Patient/{id}", resource: Patient, interaction: read }
`;
  const { policy, errors } = checkPolicyText(pki.file('policy.yaml'), yaml, {});
  expect(errors).toEqual([]);
  const logs: TransportGateway['logs'] = [];
  const guard = await createPhiguard({ policy: policy!, auditStore: 'memory:', log: (e) => logs.push(e as TransportGateway['logs'][number]) });
  const gw = createGateway({
    guard,
    port: 0,
    ...(setup.listener ? { tls: setup.listener } : {}),
    ...(setup.onTlsReload ? { onTlsReload: setup.onTlsReload } : {}),
  });
  const base = await gw.listen();
  return {
    gw, guard, base, reached, logs,
    port: Number(new URL(base).port),
    async close() {
      await gw.close(100);
      await new Promise<void>((r) => upstream.close(() => r()));
    },
  };
}

/** One raw request on a fresh plain connection; resolves with everything received until close. */
export function rawHttp(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = netConnect(port, '127.0.0.1');
    let got = '';
    sock.on('data', (d: Buffer) => (got += d.toString('latin1')));
    sock.on('close', () => resolve(got));
    sock.on('error', reject);
    sock.write(text.includes('connection:') ? text : text.replace(/\r\n\r\n$/, '\r\nconnection: close\r\n\r\n'));
  });
}

export const statusOf = (r: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(r)?.[1]);
export const codeOf = (r: string) => /"code":"(PG_[A-Z_]+)"/.exec(r)?.[1];
export const headerOf = (r: string, name: string) => new RegExp(`\\r\\n${name}: ([^\\r]*)`, 'i').exec(r)?.[1];

export interface Negotiated {
  readonly protocol: string | null;
  readonly cipher: string;
  /** Key-exchange group (e.g. X25519, prime256v1, secp384r1). */
  readonly group: string | undefined;
  /** sha-256 fingerprint of the server's certificate. */
  readonly fingerprint: string;
}

/** A handshake only: what was negotiated, or rejects with the TLS error. */
export function handshake(port: number, ca: Buffer, opts: ConnectionOptions = {}): Promise<Negotiated> {
  return new Promise((resolve, reject) => {
    const sock = tlsConnect({ host: '127.0.0.1', port, ca, ...opts });
    sock.once('secureConnect', () => {
      const out = { protocol: sock.getProtocol(), cipher: sock.getCipher().name, group: (sock.getEphemeralKeyInfo() as { name?: string } | null)?.name, fingerprint: sock.getPeerCertificate().fingerprint256 };
      sock.destroy();
      resolve(out as Negotiated);
    });
    sock.once('error', reject);
  });
}
