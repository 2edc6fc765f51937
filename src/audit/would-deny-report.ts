/**
 * The monitor-mode report over the audit log (`phiguard audit query --would-deny --format summary`):
 * what enforcing each rule in monitor mode would have denied, redacted or projected, per rule,
 * reason code and route, with a few request ids per line to look up. Keyed references only: no
 * path, query, claim or PHI value is in a record, so none can be in the report.
 */
import type { AccountingRow } from './query.js';

export interface WouldDenyLine {
  readonly rule: string;
  readonly code: string;
  readonly route: string;
  count: number;
  readonly users: Set<string>;
  readonly examples: string[];
}

export interface WouldDenyReport {
  readonly records: number;
  readonly first?: string;
  readonly last?: string;
  readonly lines: WouldDenyLine[];
}

const EXAMPLES = 3;

export function wouldDenyReport(rows: Iterable<AccountingRow>): WouldDenyReport {
  const byKey = new Map<string, WouldDenyLine>();
  let records = 0;
  let first: string | undefined;
  let last: string | undefined;
  for (const r of rows) {
    if (!r.wouldDeny?.length) continue;
    records++;
    first ??= r.date;
    last = r.date;
    for (const d of r.wouldDeny) {
      const route = r.route ?? '(no route)';
      const key = `${d.rule}\u0000${d.code}\u0000${route}`;
      let line = byKey.get(key);
      if (!line) byKey.set(key, (line = { rule: d.rule, code: d.code, route, count: 0, users: new Set(), examples: [] }));
      line.count++;
      if (r.recipient.user) line.users.add(r.recipient.user);
      if (r.requestId && line.examples.length < EXAMPLES && !line.examples.includes(r.requestId)) line.examples.push(r.requestId);
    }
  }
  const lines = [...byKey.values()].sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule) || a.code.localeCompare(b.code) || a.route.localeCompare(b.route));
  return { records, ...(first ? { first } : {}), ...(last ? { last } : {}), lines };
}

/** Markdown table of the report (what a team reads before switching a rule to enforce). */
export function formatWouldDenyReport(r: WouldDenyReport): string {
  if (r.records === 0) return 'No would-deny decisions in the selected window: enforcing the monitored rules would not have changed any recorded request.\n';
  const out = [
    `Would-deny decisions: ${r.records} request(s), ${r.first} .. ${r.last}`,
    '',
    '| rule | reason | route | requests | principals | example request ids |',
    '| --- | --- | --- | ---: | ---: | --- |',
    ...r.lines.map((l) => `| ${l.rule} | ${l.code} | ${l.route} | ${l.count} | ${l.users.size} | ${l.examples.join(' ')} |`),
    '',
    'Look a request up with: phiguard audit query --would-deny --format json (requestId field).',
  ];
  return `${out.join('\n')}\n`;
}
