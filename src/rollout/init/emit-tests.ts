/**
 * The generated `<name>.test.yaml` (the `phiguard test` format, src/rollout/tests/schema.ts) for a
 * starting policy: per route, an anonymous caller is refused, the role it names is let through
 * (reads: PHI elements present for treatment, removed for operations), a role it does not name is
 * refused; and paths and methods the policy does not declare are denied. Upstream bodies are
 * synthetic instances of the description's schemas, never recorded values.
 */
import { Document, isMap, isSeq, type Node } from 'yaml';
import type { InitModel, InitRoute } from './model.js';
import { deniedElements } from './emit.js';

type Obj = Record<string, unknown>;

const UNDECLARED = '/phiguard-init-undeclared';

function fixtureOf(r: InitRoute): Obj | undefined {
  if (!r.sample) return undefined;
  return { status: r.sample.status, headers: { 'content-type': r.sample.contentType }, body: r.sample.full ?? r.sample.body };
}

function casesFor(r: InitRoute, m: InitModel, fixture: string | undefined): Obj[] {
  if (r.example.includes('{')) return [];
  const request: Obj = { method: r.method, path: r.example };
  if (r.requestBody !== undefined && r.requestType) Object.assign(request, { headers: { 'content-type': r.requestType }, body: r.requestBody });
  const upstream = fixture ? { upstream: fixture } : {};
  const label = `${r.id}: ${r.method} ${r.example}`;
  if (r.interaction === 'capabilities') return [{ name: `${label} is public`, request, ...upstream, expect: { decision: 'allow', status: r.sample?.status ?? 200 } }];
  const cases: Obj[] = [{ name: `${label} refuses an anonymous caller`, request, expect: { decision: 'deny', status: 401, code: 'PG_AUTH_MISSING', forwarded: false } }];
  const denied = r.resource ? deniedElements(m.resources.get(r.resource) ?? []) : [];
  const full = r.sample?.full as Obj | undefined;
  const shown = full && typeof full === 'object' && full.resourceType === r.resource ? denied.filter((k) => k in full) : [];
  cases.push({
    name: `${label} is allowed for treatment${shown.length ? ', PHI elements released' : ''}`,
    principal: 'clinician', request, ...upstream,
    expect: { decision: 'allow', status: r.sample?.status ?? 200, forwarded: true, ...(shown.length ? { body: shown.map((k) => ({ path: `$.${k}`, present: true })) } : {}) },
  });
  if (r.write) {
    cases.push({ name: `${label} refuses the operations role`, principal: 'operations', request, expect: { decision: 'deny', status: 403, code: 'PG_AUTHZ_ROLE', forwarded: false } });
  } else {
    cases.push({
      name: `${label} is allowed for operations${shown.length ? ', minimum necessary removes PHI elements' : ''}`,
      principal: 'operations', request, ...upstream,
      expect: { decision: 'allow', status: r.sample?.status ?? 200, ...(shown.length ? { body: shown.map((k) => ({ path: `$.${k}`, absent: true })) } : {}), noPhi: ['SSN'] },
    });
  }
  return cases;
}

export function emitTests(m: InitModel, policyRef: string, command: string): string {
  const fixtures: Obj = {};
  const cases: Obj[] = [];
  const notes: Array<{ at: number; text: string }> = [];
  for (const r of m.routes) {
    const fx = fixtureOf(r);
    if (fx) fixtures[r.id] = fx;
    const list = casesFor(r, m, fx ? r.id : undefined);
    if (list.length) notes.push({ at: cases.length, text: `${r.method} ${r.path}` });
    cases.push(...list);
  }
  const declared = m.routes.find((r) => !r.example.includes('{') && r.interaction !== 'capabilities');
  const methods = declared ? new Set(m.routes.filter((r) => r.path === declared.path).map((r) => r.method)) : new Set<string>();
  const other = ['DELETE', 'PATCH', 'PUT', 'POST'].find((x) => !methods.has(x));
  notes.push({ at: cases.length, text: 'deny by default' });
  cases.push({ name: 'an undeclared path is not found', principal: 'clinician', request: { method: 'GET', path: UNDECLARED }, expect: { decision: 'deny', status: 404, code: 'PG_ROUTE_NOT_FOUND', forwarded: false } });
  cases.push({ name: 'an anonymous caller cannot probe undeclared paths', request: { method: 'GET', path: UNDECLARED }, expect: { decision: 'deny', status: 401, code: 'PG_AUTH_MISSING', forwarded: false } });
  if (declared && other) {
    cases.push({ name: `${other} ${declared.example} is not a declared method`, principal: 'clinician', request: { method: other, path: declared.example }, expect: { decision: 'deny', status: 405, code: 'PG_ROUTE_METHOD_NOT_ALLOWED', forwarded: false } });
  }
  const doc = new Document({
    policy: policyRef,
    clock: '2026-01-05T09:00:00Z',
    principals: {
      clinician: { roles: ['clinician'], purpose: 'TREAT' },
      operations: { roles: ['operations'], purpose: 'HOPERAT' },
    },
    ...(Object.keys(fixtures).length ? { fixtures } : {}),
    cases,
  }, { aliasDuplicateObjects: false });
  doc.commentBefore = [
    ` Policy tests written by \`${command}\`; run: phiguard test FILE`,
    ' Upstream bodies are synthetic instances of the schemas (no recorded data). Add cases for your own rules.',
  ].join('\n');
  const seq = doc.get('cases', true);
  if (isSeq(seq)) {
    for (const n of notes) if (seq.items[n.at]) (seq.items[n.at] as Node).commentBefore = ` ${n.text}`;
    for (const item of seq.items) {
      if (!isMap(item)) continue;
      for (const k of ['request', 'expect']) {
        const v = item.get(k, true) as { flow?: boolean } | undefined;
        if (v && typeof v === 'object' && !(k === 'request' && item.getIn(['request', 'body']) !== undefined)) v.flow = true;
      }
    }
  }
  for (const p of ['clinician', 'operations']) (doc.getIn(['principals', p], true) as { flow?: boolean }).flow = true;
  return doc.toString({ lineWidth: 0 });
}
