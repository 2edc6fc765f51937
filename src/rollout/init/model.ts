/**
 * What `phiguard init` learned from an API description or from traffic, before it is written
 * out as a policy (./emit.ts) and its tests (./emit-tests.ts).
 */
import type { PhiField } from './phi-fields.js';

export interface InitRoute {
  id: string;
  method: string;
  /** Policy path template (`/Patient/{id}`). */
  path: string;
  resource?: string;
  interaction?: string;
  /** Compartment: `{param}` or `?query`. */
  patient?: string;
  /** Path parameter -> regular expression. */
  params: Record<string, string>;
  query: string[];
  openapi?: { operationId?: string; path?: string; method?: string };
  tag?: string;
  summary?: string;
  /** Whether the operation changes data (roles get narrower defaults). */
  write: boolean;
  /** PHI fields of the bodies it carries (request and response). */
  phi: PhiField[];
  notes: string[];
  /** A concrete path that matches the template, for generated tests. */
  example: string;
  /** Canned upstream response for generated tests (synthetic, never a recorded value). */
  sample?: { status: number; contentType: string; body: unknown; full?: unknown };
  /** Synthetic request body for write operations. */
  requestBody?: unknown;
  requestType?: string;
}

export interface InitModel {
  name: string;
  source: { kind: 'openapi' | 'har'; file: string; title?: string; version?: string; servers?: string[] };
  routes: InitRoute[];
  /** FHIR resource type -> PHI fields (the minimum-necessary rule for non-treatment roles). */
  resources: Map<string, PhiField[]>;
  /** Field names the PHI engine does not already know -> type (phi.fields.names). */
  fieldNames: Map<string, PhiField['type']>;
  warnings: string[];
}

const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** A unique route id: the operationId when it is a valid id, else method-and-path. */
export function routeId(taken: Set<string>, method: string, path: string, operationId?: string): string {
  let base = operationId && ID.test(operationId) ? operationId : `${method.toLowerCase()}-${path.replace(/[{}$]/g, '').split('/').filter(Boolean).join('-') || 'root'}`;
  base = base.replace(/[^A-Za-z0-9_.-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 60) || 'route';
  let id = base;
  for (let i = 2; taken.has(id); i++) id = `${base}-${i}`;
  taken.add(id);
  return id;
}

const RESOURCE = /^[A-Z][A-Za-z]{0,63}$/;

/** FHIR REST conventions: resource type, interaction and compartment from method and template. */
export function fhirShape(method: string, path: string, query: readonly string[]): { resource?: string; interaction?: string; patient?: string } {
  const seg = path.split('/').filter(Boolean);
  if (seg.length === 1 && seg[0] === 'metadata' && method === 'GET') return { interaction: 'capabilities' };
  const type = seg[0];
  if (!type || !RESOURCE.test(type)) return {};
  const param = (s: string | undefined) => (s && /^\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(s) ? s : undefined);
  const patientQuery = type === 'Patient' ? undefined : query.includes('patient') ? '?patient' : query.includes('subject') ? '?subject' : undefined;
  const own = type === 'Patient' && param(seg[1]) ? seg[1] : undefined;
  const shape = (interaction: string, patient?: string) => ({ resource: type, interaction, ...(patient ? { patient } : {}) });
  if (seg.length === 1) {
    if (method === 'GET') return shape('search', patientQuery);
    if (method === 'POST') return shape('create');
    return { resource: type };
  }
  if (seg.length === 2 && param(seg[1])) {
    if (method === 'GET') return shape('read', own);
    if (method === 'PUT') return shape('update', own);
    if (method === 'PATCH') return shape('patch', own);
    if (method === 'DELETE') return shape('delete', own);
  }
  if (seg.length === 2 && seg[1]!.startsWith('$')) return shape('operation');
  if (seg.length === 3 && param(seg[1]) && seg[2] === '_history' && method === 'GET') return shape('history', own);
  if (seg.length === 4 && param(seg[1]) && seg[2] === '_history' && param(seg[3]) && method === 'GET') return shape('vread', own);
  if (seg.length === 3 && param(seg[1]) && seg[2]!.startsWith('$')) return shape('operation', own);
  return { resource: type, interaction: 'other' };
}
