/**
 * Forwarding headers through the real gateway and a real loopback upstream (`upstream.forwarded`):
 * the upstream receives X-Forwarded-Host / RFC 7239 Forwarded as configured, and a client's own
 * Forwarded / X-Forwarded-Host is never passed through from an untrusted peer.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../../src/gateway/index.js';
import { checkPolicyText } from '../../src/policy/index.js';
import { createPhiguard } from '../../src/runtime/index.js';

let upstream: Server;
let upUrl = '';
const seen: IncomingHttpHeaders[] = [];
const gateways: Gateway[] = [];

beforeAll(async () => {
  upstream = createServer((req, res) => {
    seen.push(req.headers);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  upUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const g of gateways) await g.close(100);
  await new Promise((r) => upstream.close(r));
});

async function gateway(forwarded?: string): Promise<string> {
  const text = `version: 1\nname: fwd\nupstream: { url: "${upUrl}"${forwarded ? `, forwarded: ${forwarded}` : ''} }\nroutes:\n  - { id: get, method: GET, path: /ping, public: true }\n`;
  const { policy, errors } = checkPolicyText('fwd.yaml', text, {});
  expect(errors).toEqual([]);
  const gw = createGateway({ guard: await createPhiguard({ policy: policy!, log: () => undefined }), port: 0 });
  gateways.push(gw);
  return gw.listen();
}

const spoof = { forwarded: 'for=10.9.9.9;host=evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-for': '10.9.9.9' };

describe('upstream.forwarded', () => {
  it('default x-forwarded: X-Forwarded-Host is the request Host; client values are not passed through', async () => {
    const base = await gateway();
    const r = await fetch(`${base}/ping`, { headers: spoof });
    expect(r.status).toBe(200);
    const h = seen.at(-1)!;
    expect(h['x-forwarded-host']).toBe(new URL(base).host);
    expect(h['x-forwarded-proto']).toBe('http');
    expect(h['x-forwarded-for']).toBe('127.0.0.1');
    expect(h.forwarded).toBeUndefined();
    expect(JSON.stringify(h)).not.toContain('evil.example');
  });

  it('rfc7239: Forwarded with for, quoted host:port and proto; no X-Forwarded-*', async () => {
    const base = await gateway('rfc7239');
    await (await fetch(`${base}/ping`, { headers: spoof })).arrayBuffer();
    const h = seen.at(-1)!;
    expect(h.forwarded).toBe(`for=127.0.0.1;host="${new URL(base).host}";proto=http`);
    expect(h['x-forwarded-host']).toBeUndefined();
    expect(h['x-forwarded-for']).toBeUndefined();
  });

  it('both and none', async () => {
    const both = await gateway('both');
    await (await fetch(`${both}/ping`, { headers: spoof })).arrayBuffer();
    expect(seen.at(-1)!.forwarded).toContain('for=127.0.0.1');
    expect(seen.at(-1)!['x-forwarded-host']).toBe(new URL(both).host);
    const none = await gateway('none');
    await (await fetch(`${none}/ping`, { headers: spoof })).arrayBuffer();
    const h = seen.at(-1)!;
    expect([h.forwarded, h['x-forwarded-host'], h['x-forwarded-for'], h['x-forwarded-proto']]).toEqual([undefined, undefined, undefined, undefined]);
  });
});
