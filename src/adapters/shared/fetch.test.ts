import { describe, expect, it } from 'vitest';
import { PhiguardError } from '../../core/errors.js';
import { fromFetchResponse } from './fetch.js';

const codeOf = (p: Promise<unknown>) => p.then(() => 'OK', (e: unknown) => (e instanceof PhiguardError ? e.code : `not a PhiguardError: ${String(e)}`));
const text = (b: Uint8Array | null) => (b ? Buffer.from(b).toString('utf8') : null);
const noBytes = async (): Promise<ArrayBuffer> => new ArrayBuffer(0);
const stream = (s: string) => new ReadableStream<Uint8Array>({ start: (c) => (c.enqueue(new TextEncoder().encode(s)), c.close()) });

describe('fromFetchResponse recognises a Response by its shape, not instanceof', () => {
  it('a platform Response, with every Set-Cookie kept and hop-by-hop headers dropped', async () => {
    const h = new Headers({ 'content-type': 'application/json', connection: 'close' });
    h.append('set-cookie', 'a=1');
    h.append('set-cookie', 'b=2');
    const r = await fromFetchResponse(new Response('{"a":1}', { status: 201, headers: h }), 1024);
    expect(r.status).toBe(201);
    expect(text(r.body)).toBe('{"a":1}');
    expect(r.headers.filter(([k]) => k === 'set-cookie').map(([, v]) => v)).toEqual(['a=1', 'b=2']);
    expect(r.headers.some(([k]) => k === 'connection')).toBe(false);
  });

  it('a Response class that is not the global one (a lightweight or other-realm Response)', async () => {
    class Lite {
      status = 200;
      headers = { forEach: (cb: (v: string, k: string) => void) => cb('application/fhir+json', 'Content-Type') };
      body = stream('{"resourceType":"Patient"}');
      arrayBuffer = () => Promise.reject(new Error('unused'));
    }
    const r = await fromFetchResponse(new Lite(), 1024);
    expect(r.headers).toEqual([['content-type', 'application/fhir+json']]);
    expect(text(r.body)).toBe('{"resourceType":"Patient"}');
  });

  it('no body property: arrayBuffer() is read, and capped', async () => {
    const mk = (s: string) => ({ status: 200, headers: new Headers(), arrayBuffer: async () => new TextEncoder().encode(s).buffer });
    expect(text((await fromFetchResponse(mk('{}'), 1024)).body)).toBe('{}');
    expect(await codeOf(fromFetchResponse(mk('x'.repeat(2000)), 1024))).toBe('PG_UPSTREAM_RESPONSE_TOO_LARGE');
  });

  it('a body stream over the cap is refused', async () => {
    expect(await codeOf(fromFetchResponse(new Response('x'.repeat(2000)), 1024))).toBe('PG_UPSTREAM_RESPONSE_TOO_LARGE');
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'HTTP/1.1 200 OK'],
    ['a plain resource', { resourceType: 'Patient' }],
    ['status only', { status: 200 }],
    ['record headers', { status: 200, headers: { 'content-type': 'application/json' }, body: null, arrayBuffer: noBytes }],
    ['array headers', { status: 200, headers: [['a', 'b']], body: null, arrayBuffer: noBytes }],
    ['no arrayBuffer()', { status: 200, headers: new Headers(), body: null }],
    ['a string body', { status: 200, headers: new Headers(), body: '{}', arrayBuffer: noBytes }],
    ['a non-integer status', { status: 200.5, headers: new Headers(), body: null, arrayBuffer: noBytes }],
    ['a string status', { status: '200', headers: new Headers(), body: null, arrayBuffer: noBytes }],
    ['a 1xx status', { status: 101, headers: new Headers(), body: null, arrayBuffer: noBytes }],
    ['status 600', { status: 600, headers: new Headers(), body: null, arrayBuffer: noBytes }],
    ['an invalid header name', { status: 200, headers: new Map([['a b', 'x']]), body: null, arrayBuffer: noBytes }],
    ['CRLF in a header value', { status: 200, headers: new Map([['x-a', 'a\r\nset-cookie: b']]), body: null, arrayBuffer: noBytes }],
    ['arrayBuffer() not bytes', { status: 200, headers: new Headers(), arrayBuffer: async (): Promise<unknown> => '{}' }],
  ])('refuses %s with PG_HANDLER_ERROR', async (_name, value) => {
    expect(await codeOf(fromFetchResponse(value, 1024))).toBe('PG_HANDLER_ERROR');
  });

  it('refuses a Response whose body was already read', async () => {
    const r = new Response('{}');
    await r.text();
    expect(await codeOf(fromFetchResponse(r, 1024))).toBe('PG_HANDLER_ERROR');
  });
});
