/**
 * The dashboard's read API over the audit log: the audit explorer (filters, cursor pages), the
 * accounting of disclosures for one patient (164.528; JSON, CSV or FHIR download, each viewing
 * appended to the log as a `review` event first), traffic and violation buckets for the charts, and
 * the integrity status. Rows carry keyed references and codes only: patients and users typed by the
 * viewer are turned into keyed references by queryLog; no raw value leaves this module.
 */
import { csvHeader, csvRow, queryLog, type AccountingRow, type QueryFilter } from '../../audit/query.js';
import { toBundle } from '../../audit/fhir.js';
import { keyedRef, patientRef } from '../../audit/keys.js';
import type { DashboardGuard } from './types.js';
import { BadRequest, parseParams, REASON, ROUTE_ID, type Params } from './params.js';

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 500;
/** The most rows one disclosure report holds (a longer accounting says `truncated`). */
export const MAX_DISCLOSURES = 50_000;
/** The most records the charts read. */
export const MAX_CHART_SCAN = 200_000;

export interface Reply {
  readonly status: number;
  readonly body: string;
  readonly type: string;
  readonly headers?: Record<string, string>;
}
const json = (v: unknown, status = 200): Reply => ({ status, body: JSON.stringify(v), type: 'application/json; charset=utf-8' });

/** What the page shows of a row: codes, ids and keyed references (no justification digest, no leaf). */
export function rowView(r: AccountingRow) {
  const what = r.leaf.what as Record<string, unknown>;
  return {
    index: r.index,
    date: r.date,
    type: r.type,
    user: r.recipient.user ?? null,
    roles: r.recipient.roles ?? [],
    patients: r.patients,
    purpose: r.purpose ?? null,
    breakGlass: r.breakGlass ? r.breakGlass.reason ?? 'yes' : null,
    outcome: r.outcome,
    status: r.status,
    denied: r.denied,
    route: r.route ?? null,
    description: r.type === 'review' && typeof what.action === 'string'
      ? `review event: ${what.action}`
      : r.wouldDeny?.length ? `${r.description}; would deny (monitor): ${r.wouldDeny.map((d) => `${d.code} by ${d.rule}`).join(', ')}` : r.description,
    requestId: r.requestId ?? null,
  };
}

function filterOf(p: Params): QueryFilter {
  const since = p.time('since');
  const until = p.time('until');
  if (since !== undefined && until !== undefined && since >= until) throw new BadRequest('since');
  const f: QueryFilter = {
    ...(p.text('patient', 128) !== undefined ? { patient: p.text('patient', 128)! } : {}),
    ...(p.text('user', 256) !== undefined ? { user: p.text('user', 256)! } : {}),
    ...(p.pattern('route', ROUTE_ID) !== undefined ? { route: p.pattern('route', ROUTE_ID)! } : {}),
    ...(p.pattern('reason', REASON) !== undefined ? { reason: p.pattern('reason', REASON)! } : {}),
    ...(() => {
      // `would-deny`: records a rule in monitor mode let through (what enforcing it would have denied).
      const o = p.oneOf('outcome', ['allowed', 'denied', 'would-deny'] as const);
      return o === 'would-deny' ? { wouldDeny: true } : o ? { outcome: o } : {};
    })(),
    ...(p.oneOf('type', ['rest', 'review', 'policy', 'health', 'startup', 'config', 'keys', 'prune', 'egress'] as const) ? { type: p.oneOf('type', ['rest', 'review', 'policy', 'health', 'startup', 'config', 'keys', 'prune', 'egress'] as const)! } : {}),
    ...(since !== undefined ? { since } : {}),
    ...(until !== undefined ? { until } : {}),
  };
  return f;
}

/** GET /api/audit: one page of the explorer; `next` is the cursor of the following page (or null). */
export async function auditPage(g: DashboardGuard, search: URLSearchParams): Promise<Reply> {
  const p = parseParams(search, ['patient', 'user', 'route', 'reason', 'outcome', 'type', 'since', 'until', 'cursor', 'limit']);
  const f = filterOf(p);
  const cursor = p.int('cursor', 0, Number.MAX_SAFE_INTEGER);
  const limit = p.int('limit', 1, MAX_PAGE) ?? DEFAULT_PAGE;
  const log = g.audit.log;
  const rows: AccountingRow[] = [];
  for await (const r of queryLog(log.store, log.keys, { ...f, ...(cursor !== undefined ? { after: cursor } : {}), limit: limit + 1 })) rows.push(r);
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  return json({
    rows: page.map(rowView),
    next: more ? String(page[page.length - 1]!.index) : null,
    // The keyed references the filters became (so the viewer can match them against rows).
    refs: {
      ...(f.patient !== undefined ? { patient: patientRef(log.keys, f.patient) } : {}),
      ...(f.user !== undefined ? { user: keyedRef(log.keys, 'user', f.user) } : {}),
    },
  });
}

/** GET /api/disclosures?patient=&since=&until=&format=json|csv|fhir: the 164.528 accounting, audited. */
export async function disclosures(g: DashboardGuard, search: URLSearchParams, viewer: string): Promise<Reply> {
  const p = parseParams(search, ['patient', 'since', 'until', 'format']);
  const patient = p.text('patient', 128);
  if (patient === undefined) throw new BadRequest('patient');
  const format = p.oneOf('format', ['json', 'csv', 'fhir'] as const) ?? 'json';
  const since = p.time('since');
  const until = p.time('until');
  if (since !== undefined && until !== undefined && since >= until) throw new BadRequest('since');
  const log = g.audit.log;
  const ref = patientRef(log.keys, patient);
  const rows: AccountingRow[] = [];
  for await (const r of queryLog(log.store, log.keys, { patient, type: 'rest', ...(since !== undefined ? { since } : {}), ...(until !== undefined ? { until } : {}), limit: MAX_DISCLOSURES + 1 })) rows.push(r);
  const truncated = rows.length > MAX_DISCLOSURES;
  if (truncated) rows.length = MAX_DISCLOSURES;
  // Recorded before anything is shown: viewing an accounting is itself an access to record.
  await log.appendEvent('review', { action: 'disclosure-report', patient: ref, reviewer: viewer, format, rows: rows.length });
  const stamp = new Date().toISOString().slice(0, 10);
  const file = `disclosures-${ref.replace(/[^A-Za-z0-9_-]/g, '').slice(-16)}-${stamp}`;
  if (format === 'csv') {
    return { status: 200, body: csvHeader() + rows.map(csvRow).join(''), type: 'text/csv; charset=utf-8', headers: { 'content-disposition': `attachment; filename="${file}.csv"` } };
  }
  if (format === 'fhir') {
    return { status: 200, body: JSON.stringify(toBundle(rows, log.keys.origin), null, 1), type: 'application/fhir+json; charset=utf-8', headers: { 'content-disposition': `attachment; filename="${file}.json"` } };
  }
  return json({ patient: ref, rows: rows.map(rowView), truncated });
}

/** GET /api/charts?hours=N: requests and violations (denied or would-deny) per hour over the last N hours. */
export async function charts(g: DashboardGuard, search: URLSearchParams, now = Date.now()): Promise<Reply> {
  const p = parseParams(search, ['hours']);
  const hours = p.int('hours', 1, 168) ?? 24;
  const end = Math.ceil((now + 1) / 3_600_000) * 3_600_000;
  const start = end - hours * 3_600_000;
  const buckets = Array.from({ length: hours }, (_, i) => ({ start: new Date(start + i * 3_600_000).toISOString(), requests: 0, denied: 0, breakGlass: 0 }));
  const log = g.audit.log;
  let scanned = 0;
  let truncated = false;
  for await (const r of queryLog(log.store, log.keys, { type: 'rest', since: start, until: end }, now)) {
    if (++scanned > MAX_CHART_SCAN) {
      truncated = true;
      break;
    }
    const b = buckets[Math.floor((r.leaf.ts - start) / 3_600_000)];
    if (!b) continue;
    b.requests++;
    if (r.denied || r.wouldDeny) b.denied++;
    if (r.breakGlass) b.breakGlass++;
  }
  return json({ hours, buckets, truncated });
}

/** GET /api/integrity: log size, latest signed checkpoint, last verification result and its age. */
export async function integrity(g: DashboardGuard, now = Date.now()): Promise<Reply> {
  const log = g.audit.log;
  const [size, cp, row] = await Promise.all([log.size(), log.latestCheckpoint().catch(() => undefined), log.store.latestCheckpoint()]);
  const last = g.metrics.lastVerify();
  return json({
    store: log.store.kind,
    size,
    checkpoint: cp ? { size: cp.size, root: Buffer.from(cp.root).toString('hex'), time: row ? new Date(row.ts).toISOString() : null, signed: true } : row ? { size: row.size, root: null, time: new Date(row.ts).toISOString(), signed: false } : null,
    verify: last ? { ok: last.ok, at: new Date(last.at).toISOString(), ageSeconds: Math.max(0, Math.round((now - last.at) / 1000)) } : null,
    periodic: g.audit.periodic !== undefined,
  });
}

/** POST /api/integrity/verify: verifies the whole log now; the result feeds the metrics and the panel. */
export async function verifyNow(g: DashboardGuard, now: () => number = Date.now): Promise<Reply> {
  const periodic = g.audit.periodic;
  const r = periodic ? await periodic.runNow() : await g.audit.log.verify();
  if (!periodic && r) g.metrics.verifyResult(r.ok, now());
  return json({ ok: r?.ok ?? false, entries: r?.entries ?? 0, checkpoints: r?.checkpoints ?? 0, ...(r && !r.ok && r.failure ? { failure: { kind: r.failure.kind, at: r.failure.at } } : {}) });
}
