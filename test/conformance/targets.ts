/**
 * Every shape phiguard runs in, each on a real loopback server (127.0.0.1:0) serving the same tiny
 * FHIR-like API (`route()` from the demo upstream) behind the same test policy:
 *   node (phiguardNode), express, fastify, hono (middleware on @hono/node-server),
 *   hono-fetch (phiguardFetch around a plain Hono app), gateway (in front of startDemoUpstream()).
 * Each target records what its handler/upstream actually received, so tests can check that only
 * the canonical request was forwarded, and that denied requests were not forwarded at all.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { createAdaptorServer } from '@hono/node-server';
import { createPhiguard, type Phiguard } from '../../src/runtime/index.js';
import { loadPolicy } from '../../src/policy/index.js';
import { hardenServer, phiguardNode } from '../../src/adapters/node/index.js';
import { phiguardExpress } from '../../src/adapters/express/index.js';
import { phiguardFastify } from '../../src/adapters/fastify/index.js';
import { phiguardFetch, phiguardHono, phiguardInfo, type PhiguardEnv } from '../../src/adapters/hono/index.js';
import { createGateway } from '../../src/gateway/index.js';
import { route, startDemoUpstream } from '../../src/demo/upstream.js';
import { indexRefs, loadDemoStore, type DemoStore } from '../../src/demo/data.js';
import { DEMO_AUDIENCE, DEMO_ISSUER, DEMO_KEY_FILE, mintDemoToken } from '../../src/cli/token.js';

export const POLICY_FILE = fileURLToPath(new URL('../fixtures/adapter-policy.yaml', import.meta.url));
export const TARGET_NAMES = ['node', 'express', 'fastify', 'hono', 'hono-fetch', 'gateway'] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

/** One request as the handler or upstream received it. */
export interface Seen {
  readonly method: string;
  readonly target: string;
  body: string | null;
  readonly requestId?: string;
}

export interface Target {
  readonly name: TargetName;
  readonly port: number;
  /** The guard behind this target (its audit log is checked after the cases). */
  readonly guard: Phiguard;
  readonly seen: Seen[];
  close(): Promise<void>;
}

export async function newGuard(): Promise<Phiguard> {
  return createPhiguard({ policy: loadPolicy(POLICY_FILE), auditStore: 'memory:', log: () => undefined });
}

function newStore(): DemoStore {
  indexRefs();
  return loadDemoStore();
}

/**
 * Ids present in the demo data (the same for every target: they all load the same data), and PHI
 * values of that patient's record, which no response may carry (`{pfamily}`, `{pphone}`...).
 */
/** A demo access token, as `phiguard token --sub conformance-user --role clinician` mints it. */
export function demoToken(): Promise<string> {
  return mintDemoToken({ sub: 'conformance-user', role: ['clinician'], ttl: '30m', amr: 'pwd,otp', aud: DEMO_AUDIENCE, iss: DEMO_ISSUER, key: DEMO_KEY_FILE });
}

let ids: Record<string, string> | undefined;
export function demoIds(): Record<string, string> {
  if (ids) return ids;
  const store = newStore();
  const p = store.list('Patient')[0] as Record<string, any>;
  const ssn = (p.identifier as Array<{ system?: string; value?: string }> | undefined)?.find((i) => /ssn|us-ssn/i.test(`${i.system ?? ''}`))?.value;
  return (ids = {
    /** Every patient id, comma-separated (concurrency tests). */
    pids: store.list('Patient').map((r) => r.id).join(','),
    pid: p.id as string,
    oid: store.list('Observation')[0]!.id,
    pfamily: p.name?.[0]?.family ?? '',
    pgiven: p.name?.[0]?.given?.[0] ?? '',
    pphone: p.telecom?.find((t: { system?: string }) => t.system === 'phone')?.value ?? '',
    pbirth: p.birthDate ?? '',
    pline: p.address?.[0]?.line?.[0] ?? '',
    pssn: ssn ?? '',
  });
}

/** Test-only resources (see serveApi); the gateway's upstream serves them too. */
export const MISBEHAVING = new Set(['/Observation/phi-error', '/Observation/throw', '/Observation/phi-header', '/Observation/huge', '/Observation/phi-digest', '/Observation/spoof-headers']);

export interface ApiResponse {
  readonly status: number;
  readonly body: string;
  readonly type: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * The API every target serves: the demo upstream's `route()`, plus test-only resources that
 * misbehave the way real back ends do:
 *   GET /Observation/phi-error   a 500 error body that quotes the patient's PHI;
 *   GET /Observation/throw       the handler throws an Error whose message quotes PHI (each
 *                                framework's own error handling writes the response);
 *   GET /Observation/phi-header  a response header that carries PHI;
 *   GET /Observation/huge        a body over the policy's maxResponseBytes (1MiB);
 *   GET /Observation/spoof-headers  sets its own x-request-id and phiguard-audit-receipt;
 *   GET /Observation/phi-digest  a PHI-bearing body with Content-Digest / Digest / Content-MD5 /
 *                                ETag headers computed over it (hashes of the unredacted PHI).
 */
export function serveApi(store: DemoStore, method: string, url: URL, body: string): ApiResponse {
  if (MISBEHAVING.has(url.pathname)) {
    const v = demoIds();
    const message = `lookup failed for patient ${v.pgiven} ${v.pfamily}, born ${v.pbirth}, phone ${v.pphone}, SSN ${v.pssn}`;
    const fhir = 'application/fhir+json';
    switch (url.pathname) {
      case '/Observation/throw':
        throw new Error(message);
      case '/Observation/phi-header':
        return { status: 200, type: fhir, body: '{"resourceType":"Bundle","type":"searchset","total":0}', headers: { 'x-debug-patient': `${v.pgiven} ${v.pfamily} ${v.pphone}` } };
      case '/Observation/phi-digest': {
        const body = JSON.stringify({ resourceType: 'Patient', id: 'p1', birthDate: v.pbirth, telecom: [{ system: 'phone', value: v.pphone }] });
        const sha256 = createHash('sha256').update(body).digest('base64');
        const headers = { 'content-digest': `sha-256=:${sha256}:`, digest: `sha-256=${sha256}`, 'content-md5': createHash('md5').update(body).digest('base64'), etag: `"${createHash('sha1').update(body).digest('hex')}"` };
        return { status: 200, type: fhir, body, headers };
      }
      case '/Observation/spoof-headers':
        return { status: 200, type: fhir, body: '{"resourceType":"Bundle","type":"searchset","total":0}', headers: { 'x-request-id': 'spoofed-id', 'phiguard-audit-receipt': '0.1.spoofed' } };
      case '/Observation/huge':
        return { status: 200, type: fhir, body: JSON.stringify({ resourceType: 'Binary', data: 'A'.repeat(2 * 1024 * 1024) }) };
      default:
        return { status: 500, type: fhir, body: JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception', diagnostics: message }] }) };
    }
  }
  return route(store, method, url, body);
}

const text = (b: unknown): string | null => (b === undefined || b === null ? null : Buffer.isBuffer(b) ? b.toString('utf8') : typeof b === 'string' ? b : JSON.stringify(b));

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

const closeServer = (server: Server) =>
  new Promise<void>((r) => {
    server.closeAllConnections();
    server.close(() => r());
  });

async function nodeTarget(): Promise<Target> {
  const guard = await newGuard();
  const store = newStore();
  const seen: Seen[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const r = req as IncomingMessage & { rawBody?: Buffer; phiguard?: { requestId: string } };
    const body = text(r.rawBody);
    seen.push({ method: req.method!, target: req.url!, body, requestId: r.phiguard?.requestId });
    const out = serveApi(store, req.method!, new URL(req.url!, 'http://127.0.0.1'), body ?? '');
    res.writeHead(out.status, { ...out.headers, 'content-type': out.type });
    res.end(req.method === 'HEAD' ? undefined : out.body);
  };
  const server = hardenServer(createServer(phiguardNode(guard, handler)), guard);
  const port = await listen(server);
  return { name: 'node', port, guard, seen, close: () => closeServer(server).then(() => guard.close()) };
}

async function expressTarget(): Promise<Target> {
  const guard = await newGuard();
  const store = newStore();
  const seen: Seen[] = [];
  const app = express();
  app.use(phiguardExpress(guard));
  app.use(express.json({ type: ['application/json', 'application/fhir+json'] })); // must not re-read the spent stream
  const serve: express.RequestHandler = (req, res) => {
    const body = text(req.body);
    seen.push({ method: req.method, target: req.originalUrl, body, requestId: req.phiguard?.requestId });
    const out = serveApi(store, req.method, new URL(req.originalUrl, 'http://127.0.0.1'), body ?? '');
    res.status(out.status).set(out.headers ?? {}).type(out.type).send(out.body);
  };
  app.get('/metadata', serve);
  app.get('/Patient', serve);
  app.get('/Patient/:id', serve);
  app.get('/Observation/:id', serve);
  app.post('/Observation', serve);
  const server = hardenServer(createServer(app), guard);
  const port = await listen(server);
  return { name: 'express', port, guard, seen, close: () => closeServer(server).then(() => guard.close()) };
}

async function fastifyTarget(): Promise<Target> {
  const guard = await newGuard();
  const store = newStore();
  const seen: Seen[] = [];
  const app = Fastify();
  await app.register(phiguardFastify, { guard });
  const serve = async (request: import('fastify').FastifyRequest, reply: import('fastify').FastifyReply) => {
    const body = text(request.body);
    seen.push({ method: request.method, target: request.url, body, requestId: request.phiguard?.requestId });
    const out = serveApi(store, request.method, new URL(request.url, 'http://127.0.0.1'), body ?? '');
    return reply.code(out.status).headers(out.headers ?? {}).type(out.type).send(out.body);
  };
  app.get('/metadata', serve);
  app.get('/Patient', serve);
  app.get('/Patient/:id', serve);
  app.get('/Observation/:id', serve);
  app.post('/Observation', serve);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  return { name: 'fastify', port, guard, seen, close: () => app.close().then(() => guard.close()) };
}

function honoRoutes(app: Hono<PhiguardEnv>, store: DemoStore, seen: Seen[]): void {
  const serve = async (c: import('hono').Context<PhiguardEnv>) => {
    const body = c.req.method === 'POST' ? await c.req.text() : null;
    const url = new URL(c.req.url);
    seen.push({ method: c.req.method, target: url.pathname + url.search, body, requestId: c.get('phiguard')?.requestId ?? phiguardInfo(c.req.raw)?.requestId });
    const out = serveApi(store, c.req.method, url, body ?? '');
    return c.body(out.body, out.status as 200, { ...out.headers, 'content-type': out.type });
  };
  app.get('/metadata', serve);
  app.get('/Patient', serve);
  app.get('/Patient/:id', serve);
  app.get('/Observation/:id', serve);
  app.post('/Observation', serve);
}

async function honoTarget(): Promise<Target> {
  const guard = await newGuard();
  const seen: Seen[] = [];
  const app = new Hono<PhiguardEnv>();
  app.use(phiguardHono(guard));
  honoRoutes(app, newStore(), seen);
  const server = hardenServer(createAdaptorServer({ fetch: app.fetch }) as Server, guard);
  const port = await listen(server);
  return { name: 'hono', port, guard, seen, close: () => closeServer(server).then(() => guard.close()) };
}

async function honoFetchTarget(): Promise<Target> {
  const guard = await newGuard();
  const seen: Seen[] = [];
  const app = new Hono<PhiguardEnv>();
  honoRoutes(app, newStore(), seen);
  const server = hardenServer(createAdaptorServer({ fetch: phiguardFetch(guard, app.fetch) }) as Server, guard);
  const port = await listen(server);
  return { name: 'hono-fetch', port, guard, seen, close: () => closeServer(server).then(() => guard.close()) };
}

async function gatewayTarget(): Promise<Target> {
  const upstream = await startDemoUpstream();
  const seen: Seen[] = [];
  // Record what the upstream received, and serve the test-only resources (see serveApi).
  const demo = upstream.server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  upstream.server.removeAllListeners('request');
  upstream.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const entry: Seen = { method: req.method!, target: req.url!, body: null, requestId: req.headers['x-request-id'] as string | undefined };
    seen.push(entry);
    if (MISBEHAVING.has(req.url!) && req.url !== '/Observation/throw') {
      const out = serveApi(upstream.store, req.method!, new URL(req.url!, 'http://127.0.0.1'), '');
      res.writeHead(out.status, { ...out.headers, 'content-type': out.type }).end(out.body);
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => (entry.body = chunks.length ? Buffer.concat(chunks).toString('utf8') : null));
    for (const l of demo) l.call(upstream.server, req, res);
  });
  const guard = await newGuard();
  const gateway = createGateway({ guard, upstreamUrl: upstream.url, host: '127.0.0.1', port: 0 });
  const url = await gateway.listen();
  return {
    name: 'gateway',
    port: Number(new URL(url).port),
    guard,
    seen,
    close: async () => {
      await gateway.close(100);
      upstream.server.closeAllConnections();
      await upstream.close();
    },
  };
}

const STARTERS: Record<TargetName, () => Promise<Target>> = {
  node: nodeTarget,
  express: expressTarget,
  fastify: fastifyTarget,
  hono: honoTarget,
  'hono-fetch': honoFetchTarget,
  gateway: gatewayTarget,
};

export async function startTargets(names: readonly TargetName[] = TARGET_NAMES): Promise<Map<TargetName, Target>> {
  const out = new Map<TargetName, Target>();
  for (const n of names) out.set(n, await STARTERS[n]());
  return out;
}
