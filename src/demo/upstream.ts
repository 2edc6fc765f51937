/**
 * A small FHIR-style patient API used by `npm start`, the tests and the benchmark. It is the
 * *unguarded* back end: it returns full records, PHI included, exactly like a real one would.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { indexRefs, loadDemoStore, type DemoStore, type Resource } from './data.js';

export interface DemoUpstream {
  readonly server: Server;
  readonly store: DemoStore;
  readonly url: string;
  close(): Promise<void>;
}

const json = (status: number, body: unknown, type = 'application/fhir+json') => ({ status, body: JSON.stringify(body), type });

function searchset(resources: Resource[], base: string) {
  return { resourceType: 'Bundle', type: 'searchset', total: resources.length, entry: resources.map((r) => ({ fullUrl: `${base}/${r.resourceType}/${r.id}`, resource: r, search: { mode: 'match' } })) };
}

export function route(store: DemoStore, method: string, url: URL, body: string): { status: number; body: string; type: string; location?: string } {
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const base = `${url.protocol}//${url.host}`;
  if ((method === 'GET' || method === 'HEAD') && parts.length === 1 && parts[0] === 'metadata') {
    return json(200, { resourceType: 'CapabilityStatement', status: 'active', kind: 'instance', fhirVersion: '4.0.1', format: ['json'] });
  }
  const [type, id] = parts;
  if (!type || !/^[A-Z][A-Za-z]+$/.test(type)) return json(404, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] });
  if ((method === 'GET' || method === 'HEAD') && id && parts.length === 2) {
    const r = store.get(type, id);
    return r ? json(200, r) : json(404, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found', diagnostics: `${type}/${id} not found` }] });
  }
  if ((method === 'GET' || method === 'HEAD') && parts.length === 1) {
    let list = store.list(type);
    const patient = url.searchParams.get('patient') ?? url.searchParams.get('subject');
    if (patient) list = list.filter((r) => JSON.stringify(r.subject ?? r.patient ?? {}).includes(`Patient/${patient.replace(/^Patient\//, '')}"`));
    const name = url.searchParams.get('name');
    if (name) list = list.filter((r) => JSON.stringify(r.name ?? '').toLowerCase().includes(name.toLowerCase()));
    const count = Math.min(Number(url.searchParams.get('_count') ?? 20) || 20, 100);
    return json(200, searchset(list.slice(0, count), base));
  }
  if (method === 'POST' && parts.length === 1) {
    const r = JSON.parse(body) as Resource;
    r.id = `new-${Date.now().toString(36)}`;
    store.add(r);
    // As FHIR servers do: Location names the new version at the server's own address.
    return { ...json(201, r), location: `${base}/${type}/${r.id}/_history/1` };
  }
  return json(405, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-supported' }] });
}

export function startDemoUpstream(port = 0, host = '127.0.0.1'): Promise<DemoUpstream> {
  indexRefs();
  const store = loadDemoStore();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let out: ReturnType<typeof route>;
      try {
        out = route(store, req.method ?? 'GET', new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`), Buffer.concat(chunks).toString('utf8'));
      } catch {
        out = json(400, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'invalid' }] });
      }
      res.writeHead(out.status, { 'content-type': out.type, 'content-length': Buffer.byteLength(out.body), ...(out.location ? { location: out.location } : {}) });
      res.end(req.method === 'HEAD' ? undefined : out.body);
    });
  });
  server.keepAliveTimeout = 30_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const a = server.address() as AddressInfo;
      resolve({ server, store, url: `http://${host}:${a.port}`, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}
