/**
 * Writes the starting policy as YAML with comments (the `yaml` Document API), from the model.
 * Deny by default: only the routes written here pass. Roles: `clinician` (treatment, exempt from
 * minimum necessary) on every route and `operations` (non-treatment) on the read-only ones, with
 * the PHI-bearing elements of each FHIR resource denied to it.
 */
import { Document, isMap, isScalar, isSeq, visit, type Node, type Pair, type YAMLMap } from 'yaml';
import type { InitModel, InitRoute } from './model.js';
import type { PhiField } from './phi-fields.js';

type Obj = Record<string, unknown>;

/** Elements denied to non-treatment roles: every PHI element, except dates the PHI section generalizes. */
export function deniedElements(fields: readonly PhiField[]): string[] {
  const top = new Set<string>();
  for (const f of fields) if (f.type !== 'DATE' || f.by === 'name' || /birth|dob/i.test(f.path)) top.add(f.path.split('.')[0]!);
  return [...top];
}

const describe = (fields: readonly PhiField[]): string => fields.map((f) => `${f.path} (${f.type})`).join(', ');

function routeObject(r: InitRoute, specFile: string): Obj {
  const capabilities = r.interaction === 'capabilities';
  const o: Obj = { id: r.id, method: r.method, path: r.path };
  if (Object.keys(r.params).length) o.params = r.params;
  if (r.resource) o.resource = r.resource;
  if (r.interaction) o.interaction = r.interaction;
  if (r.patient) o.patient = r.patient;
  if (capabilities) o.public = true;
  else o.allow = { roles: r.write ? ['clinician'] : ['clinician', 'operations'] };
  if (r.openapi) o.openapi = { file: specFile, ...r.openapi };
  if (!r.openapi || r.query.length) o.request = { query: r.query, ...(r.requestType && !r.openapi ? { contentTypes: [r.requestType] } : {}) };
  if (!capabilities) o.response = { phi: { exempt: [{ roles: ['clinician'], purposes: ['TREAT', 'ETREAT'] }] } };
  return o;
}

export function policyObject(m: InitModel, specFile: string): Obj {
  const rules = [...m.resources].map(([type, fields]) => [type, deniedElements(fields)] as const).filter(([, deny]) => deny.length > 0);
  return {
    version: 1,
    name: m.name,
    mode: 'enforce',
    upstream: { url: 'http://127.0.0.1:8080' },
    identity: {
      header: 'authorization',
      issuers: [{
        issuer: 'https://idp.example.invalid',
        audience: m.name,
        jwks: { url: 'https://idp.example.invalid/.well-known/jwks.json', timeout: '2s' },
        algorithms: ['ES256', 'RS256'],
        maxTokenAge: '1h',
        claims: { roles: 'roles', scope: 'scope', patient: 'patient', purposeOfUse: 'purpose_of_use' },
      }],
      purposeOfUse: { header: 'x-purpose-of-use', values: ['TREAT', 'ETREAT', 'HPAYMT', 'HOPERAT'] },
      sessions: { idleTimeout: '15m', absoluteTimeout: '8h' },
    },
    access: {
      scopes: { enforce: 'always' },
      minimumNecessary: {
        exempt: [{ roles: ['clinician'], purposes: ['TREAT', 'ETREAT'] }],
        ...(rules.length ? { rules: [{ roles: ['operations'], resources: Object.fromEntries(rules.map(([t, deny]) => [t, { deny }])) }] } : {}),
      },
    },
    roles: ['clinician', 'operations'],
    routes: m.routes.map((r) => routeObject(r, specFile)),
    phi: {
      default: 'mask',
      minScore: 0.5,
      actions: { SSN: 'remove', DATE: 'generalize', AGE: 'generalize', LOCATION: 'generalize' },
      ...(m.fieldNames.size ? { fields: { names: Object.fromEntries(m.fieldNames) } } : {}),
    },
    audit: { store: 'sqlite:./phiguard-audit.db' },
  };
}

function pairAt(doc: Document, path: ReadonlyArray<string | number>): Pair | undefined {
  const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents;
  const key = path[path.length - 1];
  return isMap(parent) ? (parent as YAMLMap).items.find((p) => isScalar(p.key) && p.key.value === key) as Pair | undefined : undefined;
}

/** Comment lines before the key at `path` (or before the sequence item when the path ends in an index). */
function note(doc: Document, path: ReadonlyArray<string | number>, lines: readonly string[]): void {
  if (lines.length === 0) return;
  const text = lines.map((l) => ` ${l}`).join('\n');
  const last = path[path.length - 1];
  if (typeof last === 'number') {
    const seq = doc.getIn(path.slice(0, -1), true);
    if (isSeq(seq) && seq.items[last]) (seq.items[last] as Node).commentBefore = text;
    return;
  }
  const pair = pairAt(doc, path);
  if (pair && isScalar(pair.key)) pair.key.commentBefore = text;
}

function trailing(doc: Document, path: ReadonlyArray<string | number>, text: string): void {
  const pair = pairAt(doc, path);
  if (pair?.value && typeof pair.value === 'object') (pair.value as Node).comment = ` ${text}`;
}

function flow(doc: Document, path: ReadonlyArray<string | number>): void {
  const n = doc.getIn(path, true) as { flow?: boolean } | undefined;
  if (n && typeof n === 'object') n.flow = true;
}

export function emitPolicy(m: InitModel, specFile: string, command: string): string {
  const doc = new Document(policyObject(m, specFile), { aliasDuplicateObjects: false });
  const src = m.source;
  doc.commentBefore = [
    ` phiguard starting policy, written by \`${command}\``,
    src.title ? ` from "${src.title}"${src.version ? ` (version ${src.version})` : ''}.` : ` from ${src.kind === 'har' ? 'recorded traffic' : 'an API description'}.`,
    ' Review every TODO, then: phiguard validate FILE; phiguard test FILE.test.yaml; phiguard replay --config FILE traffic.har',
    ` Deny by default: only the ${m.routes.length} routes below pass; any other path is 404, any other method 405.`,
    ...m.warnings.map((w) => ` NOTE: ${w}`),
  ].join('\n');
  trailing(doc, ['mode'], 'enforce | monitor: start a production trial with monitor (records what enforce would deny)');
  note(doc, ['upstream'], [`TODO: the API this policy guards${src.servers?.length ? ` (the description lists: ${src.servers.join(', ')})` : ''}.`]);
  note(doc, ['identity'], ['TODO: your identity provider. The issuer below is a placeholder (.invalid never resolves): every token is refused until it is replaced.']);
  note(doc, ['access'], ['SMART scopes must grant each route\'s resource and interaction; minimum necessary (164.502(b)) projects responses for non-treatment roles.']);
  const rules = (m.resources.size ? [...m.resources] : []).filter(([, f]) => f.length > 0);
  if (rules.length) note(doc, ['access', 'minimumNecessary'], [
    src.kind === 'har' ? 'Fields where the PHI engine detected values in the traffic (paths and types only, never values):' : 'PHI-bearing fields found in the description (by property name and format):',
    ...rules.map(([type, fields]) => `  ${type}: ${describe(fields)}`),
    'Dates found by datatype are generalized by the phi section rather than removed.',
  ]);
  note(doc, ['roles'], ['Starting roles, TODO: map them to your IdP\'s roles claim. clinician: every route (treatment is exempt', 'from minimum necessary); operations: read-only routes, PHI elements removed.']);
  note(doc, ['routes'], [src.kind === 'openapi' ? 'Every operation of the description; `openapi:` validates parameters, request bodies and responses against it.'
    : 'Every method and path template observed; request.query lists the query names seen (others are refused).']);
  m.routes.forEach((r, i) => {
    const head = `${r.method} ${r.path}${r.tag ? ` [${r.tag}]` : ''}${r.summary ? `: ${r.summary}` : ''}`;
    const phi = r.resource && m.resources.has(r.resource) ? [] : r.phi.length ? [`PHI fields: ${describe(r.phi)}`] : [];
    note(doc, ['routes', i], [head, ...phi, ...r.notes.map((n) => `NOTE: ${n}`)]);
    for (const k of ['params', 'allow', 'openapi']) flow(doc, ['routes', i, k]);
    flow(doc, ['routes', i, 'request', 'query']);
    flow(doc, ['routes', i, 'response', 'phi']);
  });
  note(doc, ['phi'], ['PHI detection and redaction in every response body and header (error bodies too).', 'Clinicians acting for treatment are exempt per route (response.phi.exempt).']);
  if (m.fieldNames.size) note(doc, ['phi', 'fields'], [`Field names from the ${src.kind === 'har' ? 'traffic' : 'description'} that the PHI engine does not already know.`]);
  note(doc, ['audit'], ['One record per request, appended before the response is released. postgres://... when replicas share it.']);
  for (const p of [['identity', 'issuers', 0, 'jwks'], ['identity', 'issuers', 0, 'claims'], ['identity', 'purposeOfUse'], ['identity', 'sessions'], ['access', 'scopes'], ['phi', 'actions'], ['audit']]) flow(doc, p);
  const mn = doc.getIn(['access', 'minimumNecessary', 'exempt'], true);
  if (isSeq(mn)) for (const it of mn.items) (it as { flow?: boolean }).flow = true;
  // Short lists of scalars read better on one line.
  visit(doc, {
    Seq(_, node) {
      if (node.items.every((i) => isScalar(i)) && node.items.length <= 12) node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0 });
}
