/**
 * The break-glass review queue: break-glass accesses in the log that no reviewer has decided yet.
 * A decision (approve or flag, with a short note) is appended to the audit log as a `review` event
 * (`action: "break-glass-review"`, the entry, the decision, the reviewer's keyed reference, the note);
 * the queue is read back from the log, so it is the same on every replica and after a restart.
 * Notes are length-limited plain text; the page asks reviewers to leave patient details out, and a
 * note in which the PHI engine finds anything (a name, an SSN, a date...) is refused (400), not stored.
 */
import { queryLog, type AccountingRow } from '../../audit/query.js';
import { parseLeaf } from '../../audit/record.js';
import { scanText } from '../../phi/index.js';
import type { DashboardGuard } from './types.js';
import { BadRequest, parseParams } from './params.js';
import { rowView, type Reply } from './api.js';

export const NOTE_MAX = 280;
const NOTE = /^[^\u0000-\u001f\u007f<>]*$/;
const QUEUE_MAX = 500;
const json = (v: unknown, status = 200): Reply => ({ status, body: JSON.stringify(v), type: 'application/json; charset=utf-8' });

export interface ReviewRecord {
  readonly entry: number;
  readonly decision: 'approve' | 'flag';
  readonly note: string;
  readonly reviewer: string;
  readonly index: number;
  readonly date: string;
}

async function reviews(g: DashboardGuard): Promise<Map<number, ReviewRecord>> {
  const log = g.audit.log;
  const out = new Map<number, ReviewRecord>();
  for await (const r of queryLog(log.store, log.keys, { type: 'review' })) {
    const w = r.leaf.what as Record<string, unknown>;
    if (w.action !== 'break-glass-review' || typeof w.entry !== 'number') continue;
    out.set(w.entry, { entry: w.entry, decision: w.decision === 'flag' ? 'flag' : 'approve', note: String(w.note ?? ''), reviewer: String(w.reviewer ?? ''), index: r.index, date: r.date });
  }
  return out;
}

/** GET /api/breakglass: the open queue (oldest first) and the latest decisions. */
export async function queue(g: DashboardGuard, search: URLSearchParams): Promise<Reply> {
  parseParams(search, []);
  const log = g.audit.log;
  const done = await reviews(g);
  const open: AccountingRow[] = [];
  for await (const r of queryLog(log.store, log.keys, { breakGlass: true, type: 'rest' })) {
    if (done.has(r.index)) continue;
    open.push(r);
    if (open.length >= QUEUE_MAX) break;
  }
  return json({ open: open.map(rowView), reviewed: [...done.values()].sort((a, b) => b.index - a.index).slice(0, 50) });
}

let chain: Promise<unknown> = Promise.resolve();

/** POST /api/breakglass/review {entry, decision, note}: records one decision (409 when already decided). */
export function review(g: DashboardGuard, body: unknown, reviewer: string): Promise<Reply> {
  // Serialized: two reviewers deciding the same entry at once record one decision, not two.
  const run = chain.then(() => record(g, body, reviewer));
  chain = run.catch(() => undefined);
  return run;
}

async function record(g: DashboardGuard, body: unknown, reviewer: string): Promise<Reply> {
  const b = (body ?? {}) as Record<string, unknown>;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new BadRequest();
  for (const k of Object.keys(b)) if (!['entry', 'decision', 'note'].includes(k)) throw new BadRequest();
  const entry = b.entry;
  if (typeof entry !== 'number' || !Number.isSafeInteger(entry) || entry < 0) throw new BadRequest('entry');
  if (b.decision !== 'approve' && b.decision !== 'flag') throw new BadRequest('decision');
  const note = typeof b.note === 'string' ? b.note.trim() : '';
  if (typeof b.note !== 'string' || note.length === 0 || note.length > NOTE_MAX || !NOTE.test(note)) throw new BadRequest('note');
  // The note goes into the audit log as written: one that looks like it holds PHI is refused, not stored.
  if (scanText(note).length > 0) throw new BadRequest('note');
  const log = g.audit.log;
  const [e] = await log.store.entries(entry, 1);
  const leaf = e?.leaf ? parseLeaf(e.leaf) : undefined;
  if (!leaf || leaf.type !== 'rest' || !(leaf.why as Record<string, unknown> | undefined)?.breakGlass) throw new BadRequest('entry');
  if ((await reviews(g)).has(entry)) return json({ error: { code: 'PG_ADMIN_BAD_REQUEST', message: 'This entry has already been reviewed.' } }, 409);
  const receipt = await log.appendEvent('review', { action: 'break-glass-review', entry, decision: b.decision, note, reviewer });
  return json({ recorded: true, entry, decision: b.decision, index: receipt.index });
}
