/**
 * Checks one case's expectations against what the pipeline released and the audit record it
 * appended. Mismatch messages name paths, types and codes, never a value of the released body.
 */
import { patientRef, type AuditKeys } from '../../audit/keys.js';
import type { AuditLeaf } from '../../audit/record.js';
import { DEFAULT_MIN_SCORE, scanText, type PhiType } from '../../phi/index.js';
import type { SimulatedResult } from '../../runtime/simulate.js';
import { deepEqual, describeValue, select } from './paths.js';
import type { CaseExpect, Mismatch } from './types.js';

const list = (xs: readonly string[]) => (xs.length ? xs.join(', ') : 'none');

/** Where each value of the given PHI types sits in the released body (JSON pointer or offset). */
export function phiLeft(text: string, json: unknown, types: readonly string[], minScore = DEFAULT_MIN_SCORE): Array<{ type: string; at: string }> {
  const opts = { minScore, types: types as PhiType[] };
  const out: Array<{ type: string; at: string }> = [];
  if (json === undefined) {
    for (const f of scanText(text, opts)) out.push({ type: f.type, at: `offset ${f.start}` });
    return out;
  }
  for (const { pointer, value } of json !== null && typeof json === 'object' ? leaves(json) : [{ pointer: '', value: json }]) {
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    for (const f of scanText(String(value), opts)) out.push({ type: f.type, at: pointer || '/' });
  }
  return out;
}

function leaves(root: unknown, pointer = ''): Array<{ pointer: string; value: unknown }> {
  if (root === null || typeof root !== 'object') return [{ pointer, value: root }];
  const entries = Array.isArray(root) ? root.map((v, i) => [String(i), v] as const) : Object.entries(root);
  return entries.flatMap(([k, v]) => leaves(v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`));
}

export interface Observed {
  readonly result: SimulatedResult;
  readonly leaf: AuditLeaf | undefined;
  readonly keys: Pick<AuditKeys, 'hmacKey'>;
  readonly minScore: number;
}

export function checkCase(e: CaseExpect, o: Observed): Mismatch[] {
  const m: Mismatch[] = [];
  const r = o.result;
  const code = r.code ?? 'PG_OK';
  const decision = r.code === undefined ? 'allow' : 'deny';
  if (e.decision !== undefined && e.decision !== decision) m.push({ check: 'decision', expected: e.decision, actual: `${decision} (${code})` });
  if (e.status !== undefined && e.status !== r.status) m.push({ check: 'status', expected: String(e.status), actual: String(r.status) });
  if (e.code !== undefined && e.code !== code) m.push({ check: 'code', expected: e.code, actual: code });
  if (e.forwarded !== undefined && e.forwarded !== r.forwarded) m.push({ check: 'forwarded', expected: String(e.forwarded), actual: String(r.forwarded) });
  if (e.decisions) {
    const seen = r.ctx.decisions.map((d) => d.code as string);
    const missing = e.decisions.filter((c) => !seen.includes(c));
    if (missing.length) m.push({ check: 'decisions', expected: `includes ${list(missing)}`, actual: list([...new Set(seen)]) });
  }
  for (const [name, want] of Object.entries(e.headers ?? {})) {
    const got = r.header(name);
    if (want === null && got !== undefined) m.push({ check: `header ${name.toLowerCase()}`, expected: 'absent', actual: 'present' });
    else if (want !== null && got !== want) m.push({ check: `header ${name.toLowerCase()}`, expected: 'the given value', actual: got === undefined ? 'absent' : describeValue(got) });
  }
  if (e.body && e.body.length > 0) {
    if (r.json === undefined) m.push({ check: 'body', expected: 'a JSON body', actual: r.text ? `${describeValue(r.text)} that is not JSON` : 'an empty body' });
    else {
      for (const b of e.body) {
        const hits = select(r.json, b.segments);
        if (b.kind === 'present' && hits.length === 0) m.push({ check: `body ${b.path}`, expected: 'present', actual: 'absent' });
        if (b.kind === 'absent' && hits.length > 0) m.push({ check: `body ${b.path}`, expected: 'absent', actual: `present at ${hits[0]!.pointer || '/'} (${describeValue(hits[0]!.value)})` });
        if (b.kind === 'equals') {
          if (hits.length === 0) m.push({ check: `body ${b.path}`, expected: `equal to ${describeValue(b.value)}`, actual: 'absent' });
          const bad = hits.find((h) => !deepEqual(h.value, b.value));
          if (bad) m.push({ check: `body ${b.path}`, expected: `equal to the given value (${describeValue(b.value)})`, actual: `a different value at ${bad.pointer || '/'} (${describeValue(bad.value)})` });
        }
      }
    }
  }
  if (e.noPhi && e.noPhi.length > 0) {
    const left = phiLeft(r.text, r.json, e.noPhi, o.minScore);
    if (left.length) m.push({ check: 'noPhi', expected: `no ${list([...e.noPhi])}`, actual: left.slice(0, 5).map((f) => `${f.type} at ${f.at}`).join('; ') + (left.length > 5 ? `; ${left.length - 5} more` : '') });
  }
  if (e.audit) checkAudit(e.audit, o, m);
  return m;
}

function checkAudit(a: NonNullable<CaseExpect['audit']>, o: Observed, m: Mismatch[]): void {
  const leaf = o.leaf;
  if (!leaf) {
    m.push({ check: 'audit', expected: 'a record for this request', actual: 'none was appended' });
    return;
  }
  const verdict = leaf.verdict as { code?: string; denied?: boolean };
  const outcome = verdict.denied ? 'denied' : 'allowed';
  if (a.outcome !== undefined && a.outcome !== outcome) m.push({ check: 'audit outcome', expected: a.outcome, actual: outcome });
  if (a.reason !== undefined && a.reason !== verdict.code) m.push({ check: 'audit reason', expected: a.reason, actual: String(verdict.code) });
  if (a.patients) {
    const recorded = ((leaf.what as { patients?: string[] }).patients ?? []) as string[];
    const missing = a.patients.filter((p) => !recorded.includes(patientRef(o.keys, p)));
    const extra = recorded.length - (a.patients.length - missing.length);
    if (missing.length || extra > 0) {
      m.push({ check: 'audit patients', expected: `${a.patients.length} patient(s): ${list([...a.patients])}`, actual: `${recorded.length} recorded${missing.length ? `, without ${list(missing)}` : ''}${extra > 0 ? `, ${extra} not expected` : ''}` });
    }
  }
  if (a.categories) {
    const cats = Object.keys(((leaf.what as { categories?: Record<string, number> }).categories ?? {}));
    const missing = a.categories.filter((c) => !cats.includes(c));
    if (missing.length) m.push({ check: 'audit categories', expected: `includes ${list([...a.categories])}`, actual: list(cats) });
  }
}
