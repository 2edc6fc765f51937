import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { GuardContext } from '../core/context.js';
import type { GuardResponse } from '../core/types.js';
import { createLinkRewriter } from './links.js';

const ctx = (host = 'gw.example:8443', tls = true, peer = '203.0.113.7', extra: Record<string, string> = {}): GuardContext =>
  ({
    request: { remoteAddress: peer, ...(tls ? { tls: { encrypted: true } } : {}) },
    canonical: { headers: new Map(Object.entries({ host, ...extra })) },
  }) as unknown as GuardContext;

const res = (body: string, headers: Array<[string, string]> = [['content-type', 'application/fhir+json']]): GuardResponse => ({
  status: 200,
  headers,
  body: Buffer.from(body),
});
const text = (r: GuardResponse) => Buffer.from(r.body!).toString('utf8');

const up = new URL('http://10.0.0.5:8081/fhir');
const rw = createLinkRewriter({ upstream: up, maxBytes: 1 << 20 });

describe('link rewriting', () => {
  it('rewrites fullUrl and link[].url in a search bundle to the gateway origin, dropping the base path', () => {
    const r = res(JSON.stringify({ resourceType: 'Bundle', link: [{ relation: 'self', url: 'http://10.0.0.5:8081/fhir/Patient?name=x' }], entry: [{ fullUrl: 'http://10.0.0.5:8081/fhir/Patient/1' }] }));
    expect(rw.rewrite(r, ctx())).toBe(2);
    expect(JSON.parse(text(r))).toEqual({ resourceType: 'Bundle', link: [{ relation: 'self', url: 'https://gw.example:8443/Patient?name=x' }], entry: [{ fullUrl: 'https://gw.example:8443/Patient/1' }] });
  });

  it('is lossless: numbers beyond 2^53, spacing and key order are kept byte for byte', () => {
    const body = '{ "n": 12345678901234567890123, "u" : "http://10.0.0.5:8081/fhir/Patient/1",\n "f": 1.0e400 }';
    const r = res(body);
    rw.rewrite(r, ctx());
    expect(text(r)).toBe('{ "n": 12345678901234567890123, "u" : "https://gw.example:8443/Patient/1",\n "f": 1.0e400 }');
  });

  it('matches escaped slashes, upper-case schemes and hosts, and links inside longer strings (narratives)', () => {
    const r = res('{"a":"http:\\/\\/10.0.0.5:8081\\/fhir\\/Patient\\/2","b":"HTTP://10.0.0.5:8081/fhir/x","div":"<a href=\\"http://10.0.0.5:8081/fhir/Patient/3\\">p</a>"}');
    expect(rw.rewrite(r, ctx())).toBe(3);
    const j = JSON.parse(text(r)) as Record<string, string>;
    expect(j.a).toBe('https://gw.example:8443/Patient/2');
    expect(j.b).toBe('https://gw.example:8443/x');
    expect(j.div).toBe('<a href="https://gw.example:8443/Patient/3">p</a>');
    expect(text(r)).not.toContain('10.0.0.5');
  });

  it('does not touch look-alike origins (other port, longer port, host suffix, other scheme)', () => {
    const same = '{"a":"http://10.0.0.5:80810/x","b":"http://10.0.0.5:8081.evil/x","c":"https://10.0.0.5:8081/x","d":"http://10.0.0.50:8081/x"}';
    const r = res(same);
    expect(rw.rewrite(r, ctx())).toBe(0);
    expect(text(r)).toBe(same);
  });

  it('an upstream on a default port matches with and without the explicit port', () => {
    const w = createLinkRewriter({ upstream: new URL('http://fhir.internal/'), maxBytes: 1 << 20 });
    const r = res('["http://fhir.internal/Patient/1","http://fhir.internal:80/Patient/2","http://fhir.internal:8080/Patient/3"]');
    expect(w.rewrite(r, ctx())).toBe(2);
    expect(JSON.parse(text(r))).toEqual(['https://gw.example:8443/Patient/1', 'https://gw.example:8443/Patient/2', 'http://fhir.internal:8080/Patient/3']);
  });

  it('rewrites Location, Content-Location and Link headers', () => {
    const r: GuardResponse = {
      status: 201,
      headers: [['location', 'http://10.0.0.5:8081/fhir/Patient/9/_history/1'], ['content-location', 'http://10.0.0.5:8081/fhir/Patient/9'], ['link', '<http://10.0.0.5:8081/fhir/Patient?page=2>; rel="next"']],
      body: null,
    };
    expect(rw.rewrite(r, ctx())).toBe(3);
    expect(r.headers).toEqual([['location', 'https://gw.example:8443/Patient/9/_history/1'], ['content-location', 'https://gw.example:8443/Patient/9'], ['link', '<https://gw.example:8443/Patient?page=2>; rel="next"']]);
  });

  it('publicUrl wins over the Host header; a prefix in it is kept', () => {
    const w = createLinkRewriter({ upstream: up, publicUrl: 'https://api.example.org/fhir/', maxBytes: 1 << 20 });
    const r = res('{"u":"http://10.0.0.5:8081/fhir/Patient/1"}');
    w.rewrite(r, ctx('attacker.example'));
    expect(text(r)).toBe('{"u":"https://api.example.org/fhir/Patient/1"}');
  });

  it('aliases: the upstream\'s own idea of its address is rewritten too', () => {
    const w = createLinkRewriter({ upstream: up, aliases: ['http://fhir-svc.internal:8080'], maxBytes: 1 << 20 });
    const r = res('{"u":"http://fhir-svc.internal:8080/fhir/Patient/1"}');
    expect(w.rewrite(r, ctx())).toBe(1);
    expect(text(r)).toBe('{"u":"https://gw.example:8443/Patient/1"}');
  });

  it('scheme: http on a plain listener; https from a trusted proxy only', () => {
    const w = createLinkRewriter({ upstream: up, trustedProto: (c) => (c.request.remoteAddress === '10.1.1.1' ? 'https' : undefined), maxBytes: 1 << 20 });
    const a = res('{"u":"http://10.0.0.5:8081/fhir/P/1"}');
    w.rewrite(a, ctx('gw.example', false));
    expect(text(a)).toBe('{"u":"http://gw.example/P/1"}');
    const b = res('{"u":"http://10.0.0.5:8081/fhir/P/1"}');
    w.rewrite(b, ctx('gw.example', false, '10.1.1.1'));
    expect(text(b)).toBe('{"u":"https://gw.example/P/1"}');
  });

  it('a Host that is not host[:port] is never used as an origin: the link becomes path-absolute', () => {
    const r = res('{"u":"http://10.0.0.5:8081/fhir/Patient/1"}');
    rw.rewrite(r, ctx('evil.example/x?'));
    expect(text(r)).toBe('{"u":"/Patient/1"}');
  });

  it('decodes a content-encoded body first, and drops body digests that no longer hold', () => {
    const r: GuardResponse = { status: 200, headers: [['content-type', 'application/json'], ['content-encoding', 'gzip'], ['content-digest', 'sha-256=:x:'], ['etag', 'W/"3"']], body: gzipSync('{"u":"http://10.0.0.5:8081/fhir/Patient/1"}') };
    expect(rw.rewrite(r, ctx())).toBe(1);
    expect(text(r)).toBe('{"u":"https://gw.example:8443/Patient/1"}');
    expect(r.headers.map(([k]) => k)).toEqual(['content-type', 'etag']);
  });

  it('NDJSON line by line and plain text; opaque bodies and invalid JSON are left for inspection', () => {
    const nd = res('{"u":"http://10.0.0.5:8081/fhir/a"}\n{"u":"http://10.0.0.5:8081/fhir/b"}\n', [['content-type', 'application/fhir+ndjson']]);
    expect(rw.rewrite(nd, ctx())).toBe(2);
    expect(text(nd)).toBe('{"u":"https://gw.example:8443/a"}\n{"u":"https://gw.example:8443/b"}\n');
    const t = res('see http://10.0.0.5:8081/fhir/x', [['content-type', 'text/plain']]);
    rw.rewrite(t, ctx());
    expect(text(t)).toBe('see https://gw.example:8443/x');
    const bin = res('http://10.0.0.5:8081/fhir/x', [['content-type', 'application/octet-stream']]);
    expect(rw.rewrite(bin, ctx())).toBe(0);
    const bad = res('{"u":"http://10.0.0.5:8081/fhir/x"', [['content-type', 'application/json']]);
    rw.rewrite(bad, ctx());
    expect(text(bad)).toBe('{"u":"http://10.0.0.5:8081/fhir/x"');
  });
});

describe('link scheme from a trusted proxy', () => {
  it('https only when every reported proto says https', async () => {
    const { trustedProto } = await import('./forwarded.js');
    const c = (xfp: string, peer = '10.1.1.1') => ctx('gw.example', false, peer, { 'x-forwarded-proto': xfp });
    const t = (ip: string) => ip === '10.1.1.1';
    expect(trustedProto(c('https'), t)).toBe('https');
    expect(trustedProto(c('https, http'), t)).toBe('http');
    expect(trustedProto(c('https', '203.0.113.9'), t)).toBeUndefined();
  });
});
