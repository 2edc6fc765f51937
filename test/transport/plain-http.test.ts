/**
 * Plain HTTP where TLS is required (`tls.required`, default true), against real loopback gateways:
 * refused with 403 PG_TLS_REQUIRED through the pipeline (audited, before identity), or with
 * `plainHttp: redirect` a GET/HEAD answered 308 to the https URL. Loopback peers are exempt by
 * default (`allowPlainLoopback`), so these gateways turn that off to stand for a network peer.
 * A trusted proxy's `X-Forwarded-Proto: https` is honoured (and HSTS sent). Spoofing cases are in
 * test/adversarial/transport.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HSTS } from '../../src/gateway/index.js';
import { auditRecordOf } from '../helpers/integrity.js';
import { createPki } from '../helpers/tls.js';
import { codeOf, headerOf, rawHttp, statusOf, transportGateway, type TransportGateway } from '../helpers/transport.js';

const pki = createPki('phiguard-plain-http-');
const gws: TransportGateway[] = [];
const start = async (tls: string | undefined, trustedProxies?: string[]) => {
  const t = await transportGateway(pki, { ...(tls !== undefined ? { tls } : {}), ...(trustedProxies ? { trustedProxies } : {}) });
  gws.push(t);
  return t;
};
afterAll(async () => {
  for (const g of gws) await g.close();
});
const get = (t: TransportGateway, path: string, extra = '', method = 'GET') => rawHttp(t.port, `${method} ${path} HTTP/1.1\r\nhost: gw.example:8080\r\n${extra}\r\n`);

describe('defaults', () => {
  it('no tls: section, loopback peer: plain HTTP is served (the demo case), without HSTS', async () => {
    const t = await start(undefined);
    expect(t.guard.policy.tls).toMatchObject({ required: true, allowPlainLoopback: true, plainHttp: 'refuse' });
    const r = await get(t, '/metadata');
    expect(statusOf(r)).toBe(200);
    expect(headerOf(r, 'strict-transport-security')).toBeUndefined();
  });

  it('tls.required: false serves plain HTTP even with the loopback exemption off', async () => {
    const t = await start('required: false\nallowPlainLoopback: false');
    expect(statusOf(await get(t, '/metadata'))).toBe(200);
  });
});

describe('refuse (default plainHttp)', () => {
  let t: TransportGateway;
  beforeAll(async () => {
    t = await start('allowPlainLoopback: false');
  });

  it('403 PG_TLS_REQUIRED, nothing forwarded, the connection closed', async () => {
    const before = t.reached.length;
    const r = await get(t, '/metadata');
    expect(statusOf(r)).toBe(403);
    expect(codeOf(r)).toBe('PG_TLS_REQUIRED');
    expect(headerOf(r, 'connection')).toBe('close');
    expect(t.reached.slice(before)).toEqual([]);
  });

  it('refused before identity and routing: an anonymous request and an undeclared path get the same 403', async () => {
    expect(codeOf(await get(t, '/Patient/p1'))).toBe('PG_TLS_REQUIRED');
    expect(codeOf(await get(t, '/admin'))).toBe('PG_TLS_REQUIRED');
  });

  it('the refusal is audited: one record, denied by canonicalize with PG_TLS_REQUIRED', async () => {
    const before = await t.guard.audit.log.size();
    const requestId = /"requestId":"([^"]+)"/.exec(await get(t, '/metadata'))?.[1];
    expect(await t.guard.audit.log.size()).toBe(before + 1);
    const rec = await auditRecordOf(t.guard, requestId!);
    expect(rec?.verdict).toMatchObject({ code: 'PG_TLS_REQUIRED', denied: true, stage: 'canonicalize', status: 403 });
  });

  it('a POST body is never read or forwarded', async () => {
    const before = t.reached.length;
    const r = await rawHttp(t.port, 'POST /echo HTTP/1.1\r\nhost: a\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}');
    expect(codeOf(r)).toBe('PG_TLS_REQUIRED');
    expect(t.reached.slice(before)).toEqual([]);
  });

  it('/healthz and /readyz stay reachable over plain HTTP (probes carry no PHI)', async () => {
    expect(statusOf(await get(t, '/healthz'))).toBe(200);
    expect(statusOf(await get(t, '/readyz'))).toBe(200);
  });
});

describe('plainHttp: redirect', () => {
  it('GET and HEAD: 308 to tls.publicUrl with the canonical path and query, no body, not cached', async () => {
    const t = await start('allowPlainLoopback: false\nplainHttp: redirect\npublicUrl: https://api.example.test');
    const r = await get(t, '/a/../metadata?_format=json');
    expect(statusOf(r)).toBe(308);
    expect(headerOf(r, 'location')).toBe('https://api.example.test/metadata?_format=json');
    expect(headerOf(r, 'cache-control')).toBe('no-store');
    expect(headerOf(r, 'content-length')).toBe('0');
    const head = await get(t, '/metadata', '', 'HEAD');
    expect(statusOf(head)).toBe(308);
    expect(t.reached).toEqual([]);
  });

  it('without publicUrl: https:// and the Host without its (plain) port', async () => {
    const t = await start('allowPlainLoopback: false\nplainHttp: redirect');
    expect(headerOf(await get(t, '/metadata'), 'location')).toBe('https://gw.example/metadata');
  });

  it('other methods are refused, not redirected (their body already crossed in clear)', async () => {
    const t = await start('allowPlainLoopback: false\nplainHttp: redirect');
    const r = await rawHttp(t.port, 'POST /echo HTTP/1.1\r\nhost: a\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}');
    expect(statusOf(r)).toBe(403);
    expect(codeOf(r)).toBe('PG_TLS_REQUIRED');
  });

  it('a target that does not canonicalize is refused, not redirected', async () => {
    const t = await start('allowPlainLoopback: false\nplainHttp: redirect');
    const r = await get(t, '/Patient/..%2fadmin');
    expect(statusOf(r)).toBe(403);
    expect(headerOf(r, 'location')).toBeUndefined();
  });
});

describe('trusted proxies', () => {
  let t: TransportGateway;
  beforeAll(async () => {
    t = await start('allowPlainLoopback: false', ['127.0.0.1']);
  });

  it.each([
    ['X-Forwarded-Proto: https', 'x-forwarded-proto: https\r\n'],
    ['Forwarded: proto=https', 'forwarded: for=198.51.100.7;proto=https\r\n'],
    ['both, agreeing', 'x-forwarded-proto: https\r\nforwarded: proto=https\r\n'],
  ])('%s from a trusted proxy is honoured, with HSTS', async (_n, h) => {
    const r = await get(t, '/metadata', h);
    expect(statusOf(r)).toBe(200);
    expect(headerOf(r, 'strict-transport-security')).toBe(HSTS);
  });

  it.each([
    ['reports http', 'x-forwarded-proto: http\r\n'],
    ['reports nothing', ''],
  ])('a trusted proxy that %s: refused', async (_n, h) => {
    expect(codeOf(await get(t, '/metadata', h))).toBe('PG_TLS_REQUIRED');
  });
});
