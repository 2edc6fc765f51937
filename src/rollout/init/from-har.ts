/**
 * `phiguard init --har`: routes from observed traffic (src/rollout/replay/traffic.ts reads HAR
 * 1.2 or NDJSON, streamed). Requests are grouped into path templates (numeric, UUID and FHIR id
 * segments, and any segment the PHI engine flags, become parameters), with the methods and query
 * names observed; bodies are scanned by the PHI engine and the fields where PHI was detected are
 * kept as paths and types only, never values. Malformed entries are reported, skipped and counted.
 */
import { detectJson, scanQuery, scanText, type PhiType } from '../../phi/index.js';
import { isTrafficIssue, readTraffic, type TrafficEntry, type TrafficIssue } from '../replay/traffic.js';
import { fhirShape, routeId, type InitModel, type InitRoute } from './model.js';
import type { PhiField } from './phi-fields.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const FHIR_ID = '^[A-Za-z0-9.-]{1,64}$';
const NUMERIC = '^[0-9]{1,18}$';
const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const SAMPLE: Record<string, string> = { [FHIR_ID]: 'example-1', [NUMERIC]: '1', [UUID]: '123e4567-e89b-12d3-a456-426614174000' };
const LITERAL = /^[A-Za-z0-9\-._~!$&'()*+,=:@]+$/;
const RESOURCE = /^[A-Z][A-Za-z]{1,63}$/;

interface Group {
  method: string;
  template: string;
  params: Record<string, string>;
  count: number;
  query: Set<string>;
  queryPhi: Map<string, Set<PhiType>>;
  statuses: Map<number, number>;
  requestTypes: Set<string>;
  responseType?: string;
  fields: Map<string, PhiField & { resource?: string }>;
}

/** Template of a path: which segments are parameters and their patterns. */
export function templateOf(path: string): { template: string; params: Record<string, string> } {
  const segs = path.split('/').filter(Boolean);
  const params: Record<string, string> = {};
  const out = segs.map((seg, i) => {
    const prev = segs[i - 1];
    let pattern: string | undefined;
    // After a resource type every id form (numeric, UUID, FHIR id) is one FHIR id parameter.
    if (prev && (RESOURCE.test(prev) || prev === '_history') && /^[A-Za-z0-9.-]{1,64}$/.test(seg) && !seg.startsWith('$') && !seg.startsWith('_')) pattern = FHIR_ID;
    else if (/^\d{1,18}$/.test(seg)) pattern = NUMERIC;
    else if (new RegExp(UUID).test(seg)) pattern = UUID;
    else if (!LITERAL.test(seg) || /^[0-9a-f]{16,}$/i.test(seg) || scanText(decodeURIComponentSafe(seg)).length > 0) pattern = FHIR_ID;
    if (!pattern) return seg;
    let name = prev === '_history' ? 'vid' : i === 1 && prev && RESOURCE.test(prev) ? 'id' : `${(prev ?? 'p').replace(/[^A-Za-z0-9_]/g, '_').replace(/^[^A-Za-z_]/, 'p')}Id`;
    for (let n = 2; name in params; n++) name = `${name.replace(/\d+$/, '')}${n}`;
    params[name] = pattern;
    return `{${name}}`;
  });
  return { template: `/${out.join('/')}`, params };
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const mediaOf = (headers: ReadonlyArray<[string, string]>): string | undefined =>
  headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1].split(';')[0]!.trim().toLowerCase();
const isJson = (t: string | undefined): boolean => t !== undefined && (t === 'application/json' || /\+json$/.test(t));

/** Element paths (resource-relative, arrays transparent) where PHI was found in a JSON body. */
function bodyFields(text: string): Array<{ resource?: string; path: string; type: PhiType }> {
  let value: unknown;
  let findings;
  try {
    value = JSON.parse(text);
    findings = detectJson(text);
  } catch {
    return [];
  }
  const out: Array<{ resource?: string; path: string; type: PhiType }> = [];
  for (const f of findings) {
    if (!f.path) continue;
    const tokens = [...f.path.matchAll(/\.([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : (m[1] ?? m[3])!));
    let cur: unknown = value;
    let resource: string | undefined;
    let elems: string[] = [];
    for (const t of tokens) {
      if (isObj(cur) && typeof cur.resourceType === 'string' && RESOURCE.test(cur.resourceType)) {
        resource = cur.resourceType;
        elems = [];
      }
      cur = isObj(cur) || Array.isArray(cur) ? (cur as Record<string | number, unknown>)[t] : undefined;
      if (typeof t === 'string') elems.push(t);
    }
    if (elems.length && elems.every((e) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(e))) out.push({ ...(resource ? { resource } : {}), path: elems.slice(0, 8).join('.'), type: f.type });
  }
  return out;
}

export interface HarReading { model: InitModel; entries: number; issues: TrafficIssue[] }

export async function modelFromTraffic(file: string, name: string, onProgress?: (bytes: number, total: number) => void): Promise<HarReading> {
  const groups = new Map<string, Group>();
  const issues: TrafficIssue[] = [];
  const hosts = new Set<string>();
  let entries = 0;
  for await (const item of readTraffic(file, onProgress ? { onProgress } : {})) {
    if (isTrafficIssue(item)) {
      issues.push(item);
      continue;
    }
    entries++;
    observe(item, groups, hosts, issues);
  }
  const model: InitModel = { name, source: { kind: 'har', file, servers: [...hosts] }, routes: [], resources: new Map(), fieldNames: new Map(), warnings: [] };
  const taken = new Set<string>();
  for (const g of [...groups.values()].sort((a, b) => a.template.localeCompare(b.template) || a.method.localeCompare(b.method))) {
    if (g.method === 'HEAD' && groups.has(`GET ${g.template}`)) continue; // GET admits HEAD
    if (g.statuses.size > 0 && [...g.statuses.keys()].every((st) => st === 404 || st === 405 || st === 501)) {
      model.warnings.push(`${g.method} ${g.template}: ${g.count} observed, every one answered ${[...g.statuses.keys()].join('/')}: left out`);
      continue;
    }
    if (g.method === 'OPTIONS') {
      model.warnings.push(`OPTIONS ${g.template}: ${g.count} observed (CORS preflight?) left out; add a route if the API serves OPTIONS`);
      continue;
    }
    model.routes.push(routeOf(g, taken, model));
  }
  return { model, entries, issues };
}

function observe(e: TrafficEntry, groups: Map<string, Group>, hosts: Set<string>, issues: TrafficIssue[]): void {
  let url: URL;
  try {
    url = new URL(e.request.url, 'http://recorded.invalid');
  } catch {
    issues.push({ index: e.index, ...(e.line !== undefined ? { line: e.line } : {}), message: 'request.url is not a URL' });
    return;
  }
  if (url.host !== 'recorded.invalid') hosts.add(url.origin);
  const method = e.request.method.toUpperCase();
  const { template, params } = templateOf(url.pathname);
  const key = `${method} ${template}`;
  let g = groups.get(key);
  if (!g) groups.set(key, (g = { method, template, params, count: 0, query: new Set(), queryPhi: new Map(), statuses: new Map(), requestTypes: new Set(), fields: new Map() }));
  g.count++;
  for (const k of url.searchParams.keys()) g.query.add(k);
  for (const q of scanQuery(url.search)) if (q.findings.length) for (const f of q.findings) (g.queryPhi.get(q.name) ?? g.queryPhi.set(q.name, new Set()).get(q.name)!).add(f.type);
  const reqType = mediaOf(e.request.headers);
  if (e.request.body?.length && reqType) g.requestTypes.add(reqType);
  const bodies: Buffer[] = [];
  if (e.request.body?.length && isJson(reqType)) bodies.push(e.request.body);
  if (e.response) {
    g.statuses.set(e.response.status, (g.statuses.get(e.response.status) ?? 0) + 1);
    const t = mediaOf(e.response.headers);
    if (t && isJson(t) && e.response.status < 300) g.responseType ??= t;
    if (e.response.body?.length && isJson(t)) bodies.push(e.response.body);
  }
  for (const b of bodies) {
    for (const f of bodyFields(b.toString('utf8'))) {
      const k = `${f.resource ?? ''}|${f.path}`;
      if (!g.fields.has(k)) g.fields.set(k, { path: f.path, type: f.type, by: 'traffic', ...(f.resource ? { resource: f.resource } : {}) });
    }
  }
}

function routeOf(g: Group, taken: Set<string>, model: InitModel): InitRoute {
  const query = [...g.query].sort();
  const shape = fhirShape(g.method, g.template, query);
  const phi: PhiField[] = [];
  for (const f of g.fields.values()) {
    if (f.resource) {
      const list = model.resources.get(f.resource) ?? [];
      if (!list.some((x) => x.path === f.path)) list.push({ path: f.path, type: f.type, by: 'traffic' });
      model.resources.set(f.resource, list);
    }
    phi.push({ path: f.path, type: f.type, by: 'traffic' });
  }
  const ok = [...g.statuses].filter(([s]) => s >= 200 && s < 300).sort((a, b) => b[1] - a[1])[0]?.[0] ?? 200;
  const jsonType = [...g.requestTypes].find(isJson);
  const notes = [`observed ${g.count} request${g.count === 1 ? '' : 's'}; statuses ${[...g.statuses.keys()].sort().join(', ') || 'none recorded'}`];
  for (const [q, types] of g.queryPhi) notes.push(`query parameter "${q}" carried ${[...types].join(', ')}`);
  if (g.requestTypes.size && !jsonType) notes.push('request bodies were not JSON: phiguard accepts only the JSON types listed');
  const example = g.template.replace(/\{([^}]+)\}/g, (_, n: string) => SAMPLE[g.params[n]!] ?? 'example-1');
  const body = shape.resource && shape.interaction === 'search' ? { resourceType: 'Bundle', type: 'searchset', total: 0, entry: [] }
    : shape.resource ? { resourceType: shape.resource, id: 'example-1' } : {};
  // Reads of a resource whose PHI elements were seen: a synthetic body carrying those elements, so the
  // generated tests show them released for treatment and removed by minimum necessary.
  const seen = shape.resource && shape.interaction === 'read' ? phi.map((f) => ({ el: f.path.split('.')[0]!, type: f.type })) : [];
  const full = seen.length ? { ...body, ...Object.fromEntries(seen.map((f) => [f.el, f.type === 'DATE' && !f.el.includes('.') ? '2000-01-01' : [{ text: 'example' }]])) } : undefined;
  return {
    id: routeId(taken, g.method, g.template), method: g.method, path: g.template, ...shape, params: g.params, query,
    write: !['GET', 'HEAD', 'OPTIONS'].includes(g.method), phi, notes, example,
    sample: { status: ok, contentType: g.responseType ?? 'application/json', body, ...(full ? { full } : {}) },
    ...(g.method === 'POST' || g.method === 'PUT' ? { requestBody: shape.resource ? { resourceType: shape.resource } : {}, requestType: jsonType ?? 'application/json' } : {}),
  };
}
