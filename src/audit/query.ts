/**
 * Examining the log: who accessed patient X (accounting of disclosures, 164.528: date, recipient,
 * description, purpose), what user Y did, denials, break-glass use. Patients and users are given
 * raw and turned into keyed references with the HMAC key; leaves are pre-filtered by byte search
 * and then confirmed on the parsed record. The default window is the 6-year retention period.
 */
import { keyedRef, patientRef, type AuditKeys } from './keys.js';
import { parseLeaf, type AuditLeaf } from './record.js';
import type { AuditStore } from './stores/types.js';

export const DEFAULT_WINDOW_MS = 2190 * 86_400_000;

export interface QueryFilter {
  readonly patient?: string;
  readonly user?: string;
  readonly since?: number;
  readonly until?: number;
  readonly outcome?: 'denied' | 'allowed';
  readonly breakGlass?: boolean;
  readonly type?: string;
  /** Only records with a would-deny decision (a rule, route or policy in monitor mode let the request through). */
  readonly wouldDeny?: boolean;
  /** With wouldDeny: only decisions of this rule (`routes.ID.allow`, `access.bulk`, `phi.actions.SSN`, `route`, `policy`). */
  readonly rule?: string;
  /** Only records of this route id. */
  readonly route?: string;
  /** Only records whose outcome code is this reason code (`PG_...`). */
  readonly reason?: string;
  /** Start after this leaf index (a page cursor: the index of the last row of the previous page). */
  readonly after?: number;
  readonly limit?: number;
}

/** A decision a rule in monitor mode recorded instead of enforcing it. */
export interface WouldDeny {
  readonly code: string;
  readonly rule: string;
  readonly stage: string;
  readonly detail?: string;
}

/** The would-deny decisions of a record (empty for events and enforced records). */
export function wouldDenyOf(leaf: AuditLeaf): WouldDeny[] {
  const decisions = (leaf.verdict as { decisions?: unknown }).decisions;
  if (leaf.type !== 'rest' || !Array.isArray(decisions)) return [];
  return decisions
    .filter((d): d is { code: string; monitor: string; stage: string; detail?: string } => !!d && typeof d === 'object' && typeof (d as { monitor?: unknown }).monitor === 'string')
    .map((d) => ({ code: String(d.code), rule: d.monitor, stage: String(d.stage), ...(typeof d.detail === 'string' ? { detail: d.detail } : {}) }));
}

export interface AccountingRow {
  readonly index: number;
  readonly date: string;
  readonly type: string;
  readonly recipient: { readonly user?: string; readonly subject?: string; readonly kind?: string; readonly roles?: readonly string[]; readonly client?: string };
  readonly patients: readonly string[];
  readonly description: string;
  readonly purpose?: string;
  readonly breakGlass?: { readonly reason?: string; readonly justification?: string };
  readonly outcome: string;
  readonly status: number;
  readonly denied: boolean;
  readonly route?: string;
  readonly resource?: string;
  readonly interaction?: string;
  readonly categories: Readonly<Record<string, number>>;
  readonly requestId?: string;
  /** Would-deny decisions (monitor mode), when there are any. */
  readonly wouldDeny?: readonly WouldDeny[];
  readonly leaf: AuditLeaf;
}

type Obj = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function toAccountingRow(index: number, leaf: AuditLeaf): AccountingRow {
  const what = leaf.what as Obj;
  const who = (leaf.who ?? {}) as Obj;
  const why = (leaf.why ?? {}) as Obj;
  const verdict = leaf.verdict as Obj;
  const categories = (what.categories ?? {}) as Record<string, number>;
  const bg = why.breakGlass as { reason?: string; justification?: string } | undefined;
  const cats = Object.entries(categories).map(([k, n]) => `${k}x${n}`).join(', ');
  const desc = leaf.type === 'rest'
    ? [
        what.route
          ? `${str(what.interaction) ?? String(what.method)} ${str(what.resource) ?? ''}`.trim() + ` via route ${String(what.route)} (${String(what.method)} ${String(what.template ?? '')})`
          : `${String(what.method)} request, no route matched`,
        cats ? `PHI categories: ${cats}` : undefined,
        verdict.denied ? `denied: ${String(verdict.code)}` : undefined,
        bg ? 'break-glass' : undefined,
      ].filter(Boolean).join('; ')
    : `${leaf.type} event`;
  return {
    index,
    date: new Date(leaf.ts).toISOString(),
    type: leaf.type,
    recipient: {
      ...(str(who.id) ? { user: str(who.id) } : {}),
      ...(str(who.sub) ? { subject: str(who.sub) } : {}),
      ...(str(who.kind) ? { kind: str(who.kind) } : {}),
      ...(Array.isArray(who.roles) ? { roles: who.roles as string[] } : {}),
      ...(str(who.client) ? { client: str(who.client) } : {}),
    },
    patients: (what.patients ?? []) as string[],
    description: desc,
    ...(str(why.purpose) ? { purpose: str(why.purpose) } : {}),
    ...(bg ? { breakGlass: bg } : {}),
    outcome: String(verdict.code),
    status: Number(verdict.status ?? 0),
    denied: verdict.denied === true,
    ...(str(what.route) ? { route: str(what.route) } : {}),
    ...(str(what.resource) ? { resource: str(what.resource) } : {}),
    ...(str(what.interaction) ? { interaction: str(what.interaction) } : {}),
    categories,
    ...(str(what.requestId) ? { requestId: str(what.requestId) } : {}),
    ...(() => {
      const w = wouldDenyOf(leaf);
      return w.length > 0 ? { wouldDeny: w } : {};
    })(),
    leaf,
  };
}

export async function* queryLog(store: AuditStore, keys: Pick<AuditKeys, 'hmacKey'>, f: QueryFilter, now = Date.now()): AsyncGenerator<AccountingRow> {
  const until = f.until ?? now + 1;
  const since = f.since ?? until - DEFAULT_WINDOW_MS;
  const pRef = f.patient !== undefined ? patientRef(keys, f.patient) : undefined;
  const uRefs = f.user !== undefined ? [keyedRef(keys, 'user', f.user), keyedRef(keys, 'subject', f.user)] : undefined;
  let after = f.after ?? -1;
  let emitted = 0;
  for (;;) {
    const rows = await store.entriesByTime(since, until, after, 4096);
    if (rows.length === 0) return;
    for (const e of rows) {
      after = e.idx;
      if (!e.leaf) continue;
      if (pRef && e.leaf.indexOf(pRef) < 0) continue;
      if (uRefs && !uRefs.some((u) => e.leaf!.indexOf(u) >= 0)) continue;
      if ((f.wouldDeny || f.rule) && e.leaf.indexOf('"monitor":') < 0) continue;
      const leaf = parseLeaf(e.leaf);
      if (pRef && !((leaf.what.patients ?? []) as string[]).includes(pRef)) continue;
      if (uRefs && !uRefs.includes(String(leaf.who?.id)) && !uRefs.includes(String(leaf.who?.sub))) continue;
      const denied = (leaf.verdict as Obj).denied === true;
      if (f.outcome === 'denied' && !denied) continue;
      if (f.outcome === 'allowed' && denied) continue;
      if (f.breakGlass && !(leaf.why as Obj | undefined)?.breakGlass) continue;
      if (f.type && leaf.type !== f.type) continue;
      if (f.route !== undefined && (leaf.what as Obj).route !== f.route) continue;
      if (f.reason !== undefined && (leaf.verdict as Obj).code !== f.reason) continue;
      if (f.wouldDeny || f.rule) {
        const w = wouldDenyOf(leaf);
        if (w.length === 0 || (f.rule && !w.some((d) => d.rule === f.rule))) continue;
      }
      yield toAccountingRow(e.idx, leaf);
      if (f.limit !== undefined && ++emitted >= f.limit) return;
    }
  }
}

const CSV_COLUMNS = ['index', 'date', 'type', 'user', 'subject', 'roles', 'client', 'patients', 'purpose', 'break_glass', 'outcome', 'status', 'denied', 'route', 'resource', 'interaction', 'categories', 'description', 'request_id'] as const;

function csvCell(v: unknown): string {
  const s = v === undefined || v === null ? '' : String(v);
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s; // no formula injection in spreadsheets
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\n`;
}

export function csvRow(r: AccountingRow): string {
  const cells = [
    r.index, r.date, r.type, r.recipient.user, r.recipient.subject, (r.recipient.roles ?? []).join(' '), r.recipient.client,
    r.patients.join(' '), r.purpose, r.breakGlass ? r.breakGlass.reason ?? 'yes' : '', r.outcome, r.status, r.denied,
    r.route, r.resource, r.interaction, Object.entries(r.categories).map(([k, n]) => `${k}:${n}`).join(' '), r.description, r.requestId,
  ];
  return `${cells.map(csvCell).join(',')}\n`;
}
