/**
 * Adapter-specific behaviour the shared cases cannot express: misuse that must fail closed,
 * framework hooks that run after the handler, and fetch runtimes with no node:http behind them.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { createAdaptorServer, serve } from '@hono/node-server';
import { checkPolicyText, loadPolicy } from '../../src/policy/index.js';
import { parseLeaf } from '../../src/audit/record.js';
import { createPhiguard, type Phiguard } from '../../src/runtime/index.js';
import { phiguardExpress } from '../../src/adapters/express/index.js';
import { phiguardFastify } from '../../src/adapters/fastify/index.js';
import { phiguardFetch, phiguardHono, phiguardInfo, type PhiguardEnv } from '../../src/adapters/hono/index.js';
import { hardenServer, phiguardNode } from '../../src/adapters/node/index.js';
import { rawRequest } from './raw-http.js';
import { demoIds, demoToken, POLICY_FILE } from './targets.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});
afterAll(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function guard(limits: { requestTimeoutMs?: number; maxHeaderBytes?: number } = {}): Promise<Phiguard> {
  const policy = loadPolicy(POLICY_FILE);
  const g = await createPhiguard({
    policy: { ...policy, limits: { ...policy.limits, ...limits } },
    auditStore: 'memory:',
    log: () => undefined,
  });
  closers.push(() => g.close());
  return g;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  closers.push(
    () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  );
  return (server.address() as AddressInfo).port;
}

const post = (body: string, target = '/Observation') =>
  `POST ${target} HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
const get = (target: string) => `GET ${target} HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n`;
const codeOf = (body: Buffer) => (JSON.parse(body.toString('utf8')) as { error?: { code?: string } }).error?.code;

describe('express', () => {
  it('fails closed when a body parser is mounted before phiguard (the handler would get unchecked bytes)', async () => {
    const g = await guard();
    const app = express();
    let reached = false;
    app.use(express.json());
    app.use(phiguardExpress(g));
    app.post('/Observation', (_req, res) => {
      reached = true;
      res.status(201).json({});
    });
    const port = await listen(hardenServer(createServer(app), g));
    const res = await rawRequest(port, post('{"resourceType":"Observation","status":"final","status":"amended","__proto__":{"x":1}}'));
    expect(res.status).toBe(500);
    expect(codeOf(res.body)).toBe('PG_INTERNAL');
    expect(res.header('phiguard-audit-receipt')).toMatch(/\S/);
    expect(reached).toBe(false);
  });

  it('fails closed when mounted under a path (Express would hand it a prefix-stripped req.url)', async () => {
    const g = await guard();
    const app = express();
    let reached = false;
    app.use('/api', phiguardExpress(g));
    app.get('/api/metadata', (_req, res) => {
      reached = true;
      res.json({ resourceType: 'CapabilityStatement' });
    });
    const port = await listen(hardenServer(createServer(app), g));
    const res = await rawRequest(port, get('/api/metadata'));
    expect(res.status).toBe(500);
    expect(codeOf(res.body)).toBe('PG_INTERNAL');
    expect(reached).toBe(false);
  });

  it('req.phiguard carries the request id, route and params; req.url is canonical', async () => {
    const g = await guard();
    const app = express();
    app.use(phiguardExpress(g));
    let info: unknown;
    app.get('/Patient/:id', (req, res) => {
      info = { ...req.phiguard, url: req.url, originalUrl: req.originalUrl, param: req.params.id };
      res.json({ resourceType: 'Patient', id: req.params.id });
    });
    const port = await listen(hardenServer(createServer(app), g));
    const res = await rawRequest(port, get('/Patient/x/../%41bc'));
    expect(res.status).toBe(200);
    expect(info).toMatchObject({ requestId: res.header('x-request-id'), route: 'patient-read', params: { id: 'Abc' }, url: '/Patient/Abc', originalUrl: '/Patient/Abc', param: 'Abc' });
  });
});

describe('fastify', () => {
  it('inspects what onSend hooks registered after phiguard add to the payload', async () => {
    const g = await guard();
    const v = demoIds();
    const app = Fastify();
    await app.register(phiguardFastify, { guard: g });
    app.addHook('onSend', async (_req, _reply, payload) => JSON.stringify({ ...JSON.parse(String(payload)), note: `call ${v.pphone} re ${v.pgiven} ${v.pfamily}` }));
    app.get('/metadata', async () => ({ resourceType: 'CapabilityStatement' }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    closers.push(() => app.close());
    const res = await rawRequest((app.server.address() as AddressInfo).port, get('/metadata'));
    expect(res.status, res.body.toString('utf8')).toBe(200);
    const text = res.body.toString('utf8');
    expect(text).toContain('CapabilityStatement');
    expect(text).not.toContain(v.pphone!);
    expect(text).not.toContain(v.pfamily!);
  });

  it('guards routes however they are declared: before the plugin, in child plugins loaded before it, with a prefix', async () => {
    const g = await guard();
    const app = Fastify();
    const reached: string[] = [];
    app.get('/Encounter/:id', async (req) => (reached.push(req.url), { resourceType: 'Encounter' }));
    await app.register(async (child) => {
      child.get('/Encounter/:id/child', async (req) => (reached.push(req.url), { resourceType: 'Encounter' }));
    });
    void app.register(async (child) => {
      child.get('/Encounter/:id', async (req) => (reached.push(req.url), { resourceType: 'Encounter' }));
    }, { prefix: '/api' });
    await app.register(phiguardFastify, { guard: g });
    await app.listen({ port: 0, host: '127.0.0.1' });
    closers.push(() => app.close());
    const port = (app.server.address() as AddressInfo).port;
    for (const target of ['/Encounter/1', '/Encounter/1/child', '/api/Encounter/1']) {
      const res = await rawRequest(port, get(target));
      expect(res.status, target).toBe(401); // undeclared in the policy; anonymous: identify answers first
      expect(codeOf(res.body)).toBe('PG_AUTH_MISSING');
    }
    expect(reached).toEqual([]);
  });

  it('notFound: false leaves setNotFoundHandler to the application', async () => {
    const g = await guard();
    const app = Fastify();
    await app.register(phiguardFastify, { guard: g, notFound: false });
    app.setNotFoundHandler((_req, reply) => reply.code(404).type('application/json').send({ mine: true }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    closers.push(() => app.close());
    const port = (app.server.address() as AddressInfo).port;
    const declared = await rawRequest(port, get('/Practitioner/1'));
    expect(declared.status).toBe(404);
    expect(JSON.parse(declared.body.toString('utf8'))).toEqual({ mine: true });
    // An undeclared path never reaches Fastify's router at all.
    const undeclared = await rawRequest(port, get('/Encounter/1'));
    expect(undeclared.status).toBe(401); // anonymous: identify runs before route
    expect(codeOf(undeclared.body)).toBe('PG_AUTH_MISSING');
  });
});

describe('fetch runtimes (no node:http behind the Request)', () => {
  it('phiguardFetch guards a plain fetch handler and hands it only the checked request', async () => {
    const g = await guard();
    const seen: Array<{ url: string; body: string; requestId?: string }> = [];
    const handler = phiguardFetch(g, async (req) => {
      seen.push({ url: req.url, body: await req.text(), requestId: phiguardInfo(req)?.requestId });
      return new Response(JSON.stringify({ resourceType: 'Observation', status: 'final', id: 'o1' }), { status: 201, headers: { 'content-type': 'application/fhir+json' } });
    });
    const ok = await handler(new Request('http://api.test/Observation', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"resourceType":"Observation","status":"final"}' }));
    expect(ok.status).toBe(201);
    expect(ok.headers.get('phiguard-audit-receipt')).toMatch(/\S/);
    expect(seen).toEqual([{ url: 'http://api.test/Observation', body: '{"resourceType":"Observation","status":"final"}', requestId: ok.headers.get('x-request-id')! }]);

    const hazard = await handler(new Request('http://api.test/Observation', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1,"a":2}' }));
    expect(hazard.status).toBe(400);
    expect(((await hazard.json()) as { error: { code: string } }).error.code).toBe('PG_BODY_JSON_HAZARD');

    const big = await handler(new Request('http://api.test/Observation', { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"x":"${'a'.repeat(70 * 1024)}"}` }));
    expect(big.status).toBe(413);
    expect(seen).toHaveLength(1);
  });

  it('phiguardHono fails closed when a middleware before it already read the body', async () => {
    const g = await guard();
    const app = new Hono<PhiguardEnv>();
    let reached = false;
    app.use(async (c, next) => {
      await c.req.raw.text(); // e.g. a logging middleware mounted first
      await next();
    });
    app.use(phiguardHono(g));
    app.post('/Observation', (c) => {
      reached = true;
      return c.json({}, 201);
    });
    const port = await listen(hardenServer(createAdaptorServer({ fetch: app.fetch }) as Server, g));
    const res = await rawRequest(port, post('{"resourceType":"Observation","status":"final","status":"amended"}'));
    expect(res.status).toBe(500);
    expect(codeOf(res.body)).toBe('PG_INTERNAL');
    expect(reached).toBe(false);
  });

  it('phiguardHono inspects what a compression middleware after it produced (decoded, redacted, released uncompressed)', async () => {
    const g = await guard();
    const v = demoIds();
    const app = new Hono<PhiguardEnv>();
    app.use(phiguardHono(g));
    app.use(compress({ encoding: 'gzip', threshold: 0 }));
    app.get('/Observation/:id', (c) => c.json({ resourceType: 'Observation', id: c.req.param('id'), note: `phone ${v.pphone} for ${v.pgiven} ${v.pfamily}`.repeat(20) }));
    const port = await listen(hardenServer(createAdaptorServer({ fetch: app.fetch }) as Server, g));
    const res = await rawRequest(port, `GET /Observation/o1 HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n`);
    expect(res.status).toBe(200);
    expect(res.header('content-encoding')).toBeUndefined();
    const text = res.body.toString('utf8');
    expect(JSON.parse(text)).toMatchObject({ resourceType: 'Observation', id: 'o1' });
    expect(text).not.toContain(v.pphone!);
  });

  it('a Hono app behind phiguardHono works with app.request() (no env.incoming)', async () => {
    const g = await guard();
    const app = new Hono<PhiguardEnv>();
    app.use(phiguardHono(g));
    app.post('/Observation', async (c) => c.json({ ...(await c.req.json()), id: c.get('phiguard').requestId }, 201));
    const res = await app.request('/Observation', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"resourceType":"Observation","status":"final"}' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; status: string };
    expect(body.status).toBe('final');
    expect(body.id).toBe(res.headers.get('x-request-id'));
  });
});

describe('a handler that never answers is cut off (PG_UPSTREAM_TIMEOUT) and audited', () => {
  const never = '/Observation/never';
  const check = async (port: number) => {
    const res = await rawRequest(port, get(never), { timeoutMs: 5000 });
    expect(res.status).toBe(504);
    expect(codeOf(res.body)).toBe('PG_UPSTREAM_TIMEOUT');
    expect(res.header('phiguard-audit-receipt')).toMatch(/\S/);
  };

  it('node', async () => {
    const g = await guard({ requestTimeoutMs: 300 });
    await check(await listen(hardenServer(createServer(phiguardNode(g, () => undefined)), g)));
  });
  it('express', async () => {
    const g = await guard({ requestTimeoutMs: 300 });
    const app = express();
    app.use(phiguardExpress(g));
    app.get(never, () => undefined);
    await check(await listen(hardenServer(createServer(app), g)));
  });
  it('fastify', async () => {
    const g = await guard({ requestTimeoutMs: 300 });
    const app = Fastify();
    await app.register(phiguardFastify, { guard: g });
    app.get(never, () => new Promise(() => undefined));
    await app.listen({ port: 0, host: '127.0.0.1' });
    closers.push(() => app.close());
    await check((app.server.address() as AddressInfo).port);
  });
  it('hono', async () => {
    const g = await guard({ requestTimeoutMs: 300 });
    const app = new Hono<PhiguardEnv>();
    app.use(phiguardHono(g));
    app.get(never, () => new Promise<Response>(() => undefined));
    await check(await listen(hardenServer(createAdaptorServer({ fetch: app.fetch }) as Server, g)));
  });
});


describe('hardenServer applies the policy header limits to the server (not Node defaults)', () => {
  // Node's default maxHeaderSize is 16 KiB; this policy allows 32 KiB, so a 20 KB header must pass
  // the parser and reach the pipeline, and a 40 KB one must be refused with the PG code.
  const big = (n: number) => `GET /metadata HTTP/1.1\r\nHost: a\r\nX-Big: ${'a'.repeat(n)}\r\nConnection: close\r\n\r\n`;
  const servers: Record<string, (g: Phiguard) => Promise<number>> = {
    node: (g) => listen(hardenServer(createServer(phiguardNode(g, (_q, r) => void r.writeHead(200, { 'content-type': 'application/json' }).end('{}'))), g)),
    express: (g) => {
      const app = express();
      app.use(phiguardExpress(g));
      app.get('/metadata', (_q, r) => void r.json({}));
      return listen(hardenServer(createServer(app), g));
    },
    fastify: async (g) => {
      const app = Fastify();
      await app.register(phiguardFastify, { guard: g });
      app.get('/metadata', async () => ({}));
      await app.listen({ port: 0, host: '127.0.0.1' });
      closers.push(() => app.close());
      return (app.server.address() as AddressInfo).port;
    },
    hono: (g) => {
      const app = new Hono<PhiguardEnv>();
      app.use(phiguardHono(g));
      app.get('/metadata', (c) => c.json({}));
      return listen(hardenServer(createAdaptorServer({ fetch: app.fetch }) as Server, g));
    },
  };
  for (const [name, start] of Object.entries(servers)) {
    it(name, async () => {
      const port = await start(await guard({ maxHeaderBytes: 32 * 1024 }));
      expect((await rawRequest(port, big(20_000))).status).toBe(200);
      const refused = await rawRequest(port, big(40_000));
      expect(refused.status).toBe(431);
      expect(codeOf(refused.body)).toBe('PG_HEADER_TOO_LARGE');
    });
  }
});

describe('empty bodies on routes with a request schema', () => {
  // Regression: validate-request used to return early on an empty body, so a POST with no body
  // passed a route whose request schema requires fields.
  it('an empty POST to a route with a request schema is rejected with PG_BODY_SCHEMA', async () => {
    const g = await guard();
    let reached = false;
    const port = await listen(
      hardenServer(
        createServer(
          phiguardNode(g, (_req, res) => {
            reached = true;
            res.writeHead(201, { 'content-type': 'application/fhir+json' }).end('{}');
          }),
        ),
        g,
      ),
    );
    const res = await rawRequest(port, post(''));
    expect(reached).toBe(false);
    expect(res.status).toBe(422);
    expect(codeOf(res.body)).toBe('PG_BODY_SCHEMA');
  });
});

/** The audit record the pipeline wrote for one response, found by its x-request-id. */
async function auditRecordOf(g: Phiguard, requestId: string | undefined) {
  const rows = await g.audit.log.store.entries(0, await g.audit.log.size());
  return rows.map((r) => (r.leaf ? parseLeaf(r.leaf) : undefined)).find((l) => l?.what.requestId === requestId);
}

/** Listens a `serve()` server exactly as docs/adapters.md shows it (`@hono/node-server` installs its own global Response). */
async function listenServe(fetchFn: (req: Request, env?: unknown) => Response | Promise<Response>, g: Phiguard): Promise<number> {
  const server = hardenServer(serve({ fetch: fetchFn, port: 0, hostname: '127.0.0.1' }) as Server, g);
  if (!server.listening) await new Promise((r) => server.once('listening', r));
  closers.push(
    () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  );
  return (server.address() as AddressInfo).port;
}

describe('phiguardFetch on @hono/node-server serve() (its global Response is not the one handlers return)', () => {
  const check = async (g: Phiguard, port: number, target = '/Patient/p1') => {
    const res = await rawRequest(port, get(target));
    expect(res.status, res.body.toString('utf8')).toBe(200);
    expect(res.json()).toMatchObject({ resourceType: 'Patient', id: 'p1' });
    expect(res.header('phiguard-audit-receipt')).toMatch(/\S/);
    const rec = await auditRecordOf(g, res.header('x-request-id'));
    expect(rec?.verdict).toMatchObject({ code: 'PG_OK', status: 200, denied: false });
    expect(rec?.what.route).toBe('patient-read');
  };

  it('a Hono app (as docs/adapters.md shows: serve({ fetch: phiguardFetch(guard, app.fetch) }))', async () => {
    const g = await guard();
    const app = new Hono();
    app.get('/Patient/:id', (c) => Response.json({ resourceType: 'Patient', id: c.req.param('id') }));
    await check(g, await listenServe(phiguardFetch(g, app.fetch), g));
  });

  it('a plain handler returning Response.json(), a platform Response, or Hono c.json()', async () => {
    const g = await guard();
    const app = new Hono();
    app.get('/Patient/:id', (c) => c.json({ resourceType: 'Patient', id: c.req.param('id') }));
    const handlers: Array<(req: Request) => Response | Promise<Response>> = [
      () => Response.json({ resourceType: 'Patient', id: 'p1' }),
      () => new globalThis.Response(JSON.stringify({ resourceType: 'Patient', id: 'p1' }), { headers: { 'content-type': 'application/fhir+json' } }),
      (req) => app.fetch(req),
    ];
    for (const h of handlers) await check(g, await listenServe(phiguardFetch(g, h), g));
  });

  it('still fails closed (500 PG_HANDLER_ERROR, audited) on anything that is not a Response', async () => {
    const g = await guard();
    const stream = () => new ReadableStream<Uint8Array>({ start: (c) => (c.enqueue(new TextEncoder().encode('{}')), c.close()) });
    const bad: unknown[] = [
      null,
      undefined,
      { resourceType: 'Patient', id: 'p1' },
      { status: 200, headers: { 'content-type': 'application/json' }, body: '{}' },
      { status: 200, headers: new Headers({ 'content-type': 'application/json' }), body: '{"resourceType":"Patient"}', arrayBuffer: async () => new ArrayBuffer(0) },
      { status: 200.5, headers: new Headers(), body: stream(), arrayBuffer: async () => new ArrayBuffer(0) },
      { status: '200', headers: new Headers(), body: null, arrayBuffer: async () => new ArrayBuffer(0) },
      { status: 101, headers: new Headers(), body: null, arrayBuffer: async () => new ArrayBuffer(0) },
      { status: 200, headers: [['content-type', 'application/json']], body: null, arrayBuffer: async () => new ArrayBuffer(0) },
      { status: 200, headers: new Map([['bad header', 'x']]), body: null, arrayBuffer: async () => new ArrayBuffer(0) },
      { status: 200, headers: new Map([['x-a', 'a\r\nset-cookie: b']]), body: null, arrayBuffer: async () => new ArrayBuffer(0) },
      'a string',
      42,
    ];
    let i = 0;
    const port = await listenServe(
      phiguardFetch(g, () => {
        const v = bad[i++];
        return v as Response;
      }),
      g,
    );
    for (const v of bad) {
      const res = await rawRequest(port, get('/Patient/p1'));
      expect(res.status, JSON.stringify(v)).toBe(500);
      expect(codeOf(res.body)).toBe('PG_HANDLER_ERROR');
      expect(res.body.toString('utf8')).not.toContain('resourceType');
      const rec = await auditRecordOf(g, res.header('x-request-id'));
      expect(rec?.verdict).toMatchObject({ code: 'PG_HANDLER_ERROR', status: 500, denied: true });
    }
    // A handler that throws, or rejects.
    for (const h of [() => { throw new Error('boom Practitioner'); }, () => Promise.reject(new Error('boom'))]) {
      const p = await listenServe(phiguardFetch(g, h as unknown as () => Response), g);
      const res = await rawRequest(p, get('/Patient/p1'));
      expect(res.status).toBe(500);
      expect(codeOf(res.body)).toBe('PG_HANDLER_ERROR');
    }
  });

  it('accepts a Response-like object structurally (status, iterable headers, a body stream)', async () => {
    const g = await guard();
    class LiteResponse {
      readonly status = 200;
      readonly headers = new Headers({ 'content-type': 'application/fhir+json' });
      readonly body = new ReadableStream<Uint8Array>({ start: (c) => (c.enqueue(new TextEncoder().encode('{"resourceType":"Patient","id":"p1"}')), c.close()) });
      arrayBuffer(): Promise<ArrayBuffer> {
        throw new Error('not used: the body stream is read');
      }
    }
    await check(g, await listenServe(phiguardFetch(g, () => new LiteResponse() as unknown as Response), g));
  });
});

describe('a path the policy declares but no framework route serves: 404 PG_ROUTE_NOT_FOUND, never the framework page', () => {
  // The id stands in for PHI in a path: Express's page says "Cannot GET /Practitioner/<id>".
  const secret = 'zq7731-echo';
  const target = `/Practitioner/${secret}`;
  /** The adapter policy with the Practitioner route protected: access constraints apply to its responses. */
  async function protectedGuard(): Promise<Phiguard> {
    const text = readFileSync(POLICY_FILE, 'utf8')
      .replace(/(path: \/Practitioner\/\{id\}\n\s+resource: Practitioner\n\s+interaction: read\n\s+)public: true/, '$1allow: { roles: [clinician] }')
      .replace(/^routes:/m, 'roles: [clinician]\nroutes:');
    expect(text).toContain('allow: { roles: [clinician] }');
    const { policy, errors } = checkPolicyText(POLICY_FILE, text, {});
    expect(errors).toEqual([]);
    const g = await createPhiguard({ policy: policy!, auditStore: 'memory:', log: () => undefined });
    closers.push(() => g.close());
    return g;
  }
  const patient = { resourceType: 'Patient', id: 'p1' };
  const shapes: Record<string, (g: Phiguard) => Promise<number>> = {
    express: (g) => {
      const app = express();
      app.use(phiguardExpress(g));
      app.get('/Patient/:id', (_q, r) => void r.json(patient));
      return listen(hardenServer(createServer(app), g));
    },
    hono: (g) => {
      const app = new Hono<PhiguardEnv>();
      app.use(phiguardHono(g));
      app.get('/Patient/:id', (c) => c.json(patient));
      return listenServe(app.fetch, g);
    },
    'hono (custom notFound page)': (g) => {
      const app = new Hono<PhiguardEnv>();
      app.use(phiguardHono(g));
      app.get('/Patient/:id', (c) => c.json(patient));
      app.notFound((c) => c.html(`<h1>No page at ${c.req.path}</h1>`, 404));
      return listenServe(app.fetch, g);
    },
    'hono-fetch': (g) => {
      const app = new Hono();
      app.get('/Patient/:id', (c) => c.json(patient));
      return listenServe(phiguardFetch(g, app.fetch), g);
    },
    fastify: async (g) => {
      const app = Fastify();
      await app.register(phiguardFastify, { guard: g });
      app.get('/Patient/:id', async () => patient);
      await app.listen({ port: 0, host: '127.0.0.1' });
      closers.push(() => app.close());
      return (app.server.address() as AddressInfo).port;
    },
    // A plain handler's own HTML 404 gets the same answer (node:http has no framework not-found).
    node: (g) =>
      listen(hardenServer(createServer(phiguardNode(g, (req, res) => void res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end(`<pre>Cannot GET ${req.url}</pre>`))), g)),
  };
  for (const [name, start] of Object.entries(shapes)) {
    for (const mode of ['public route, anonymous', 'protected route, demo token (access constraints apply)'] as const) {
      it(`${name}: ${mode}`, async () => {
        const g = mode.startsWith('public') ? await guard() : await protectedGuard();
        const port = await start(g);
        const auth = mode.startsWith('public') ? '' : `Authorization: Bearer ${await demoToken()}\r\n`;
        for (const method of ['GET', 'HEAD']) {
          const res = await rawRequest(port, `${method} ${target} HTTP/1.1\r\nHost: a\r\n${auth}Connection: close\r\n\r\n`, { headOnly: method === 'HEAD' });
          const raw = `${res.headers.map(([k, v]) => `${k}: ${v}`).join('\n')}\n${res.body.toString('utf8')}`;
          expect(res.status, `${method} ${raw}`).toBe(404);
          expect(raw, 'the path is never echoed').not.toContain(secret);
          expect(raw).not.toMatch(/Cannot GET|<pre>|<h1>|404 Not Found/);
          expect(res.header('content-type')).toMatch(/^application\/json/);
          expect(res.header('phiguard-audit-receipt')).toMatch(/\S/);
          if (method === 'GET') expect(res.json()).toEqual({ error: { code: 'PG_ROUTE_NOT_FOUND', message: 'Not found.', requestId: res.header('x-request-id') } });
          else expect(res.body.length).toBe(0);
          // Audited as what it was: an allowed request to a declared route that the application answered 404.
          const rec = await auditRecordOf(g, res.header('x-request-id'));
          expect(rec?.verdict).toMatchObject({ code: 'PG_OK', status: 404, denied: false });
          expect(rec?.what.route).toBe('practitioner-read');
          if (name !== 'fastify') expect(rec?.verdict.decisions).toContainEqual(expect.objectContaining({ code: 'PG_RESPONSE_ERROR_WITHHELD', stage: 'inspectResponse' }));
          expect(JSON.stringify(rec)).not.toContain(secret);
        }
      });
    }
  }

  it("a JSON not-found from the application is the application's answer (inspected and released)", async () => {
    const g = await protectedGuard();
    const app = express();
    app.use(phiguardExpress(g));
    app.get('/Practitioner/:id', (_q, r) => void r.status(404).type('application/fhir+json').send({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] }));
    const port = await listen(hardenServer(createServer(app), g));
    const res = await rawRequest(port, `GET ${target} HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer ${await demoToken()}\r\nConnection: close\r\n\r\n`);
    expect(res.status).toBe(404);
    expect(res.json()).toMatchObject({ resourceType: 'OperationOutcome' });
  });
});
