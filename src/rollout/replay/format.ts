/** Text and Markdown renderings of a replay report (JSON is the report object itself). */
import type { CodeLine, Counts, Example, ReplayReport, RouteLine } from './report.js';

const phiList = (phi: Record<string, number>) => Object.entries(phi).sort((a, b) => b[1] - a[1]).map(([t, n]) => `${t}×${n}`).join(' ');

function example(e: Example): string {
  const phi = e.phi?.length ? ` PHI: ${e.phi.map((p) => `${p.type} at ${p.at}`).join(', ')}` : '';
  return `#${e.index} ${e.request} → ${e.status}${e.code ? ` ${e.code}` : ''}${phi}`;
}

function counts(c: Counts): string {
  const phi = phiList(c.phi);
  return `${c.requests} req: ${c.allowed} allowed, ${c.denied} denied, ${c.redacted} redacted${phi ? ` (${phi})` : ''}, ${c.alerted} alerted, ${c.wouldDeny} would-deny (monitor)`;
}

const routeName = (r: RouteLine) => (r.route ? `${r.route} ${r.method} ${r.path}` : `(no route) ${r.method} ${r.path}`);

export function formatText(r: ReplayReport): string {
  const out: string[] = [];
  out.push(`replay of ${r.input.file} (${r.input.format ?? 'unknown format'}) with policy "${r.policy.name}" ${r.policy.hash.slice(0, 12)}${r.against ? ` against "${r.against.name}" ${r.against.hash.slice(0, 12)}` : ''}`);
  out.push(`entries: ${r.input.entries} (${r.input.malformed} malformed, skipped)`);
  out.push(`total: ${counts(r.totals)}`);
  out.push('', 'per route:');
  for (const line of r.routes) {
    out.push(`  ${routeName(line)}: ${counts(line)}`);
    for (const e of line.examples) out.push(`      e.g. ${example(e)}`);
  }
  out.push('', 'per reason code:');
  for (const c of r.codes) {
    out.push(`  ${c.code} (${c.kind}): ${c.count} on ${c.routes.join(', ')}`);
    for (const e of c.examples) out.push(`      e.g. ${example(e)}`);
  }
  if (r.malformed.length) {
    out.push('', 'malformed entries (skipped):');
    for (const i of r.malformed) out.push(`  entry ${i.index}${i.line ? ` at ${i.line}:${i.column ?? 1}` : ''}: ${i.message}`);
    if (r.input.malformed > r.malformed.length) out.push(`  ... and ${r.input.malformed - r.malformed.length} more`);
  }
  if (r.diff) {
    out.push('', `against: ${r.diff.changed} of ${r.diff.compared} requests change (${r.diff.decisionChanged} decision, ${r.diff.bodyChanged} released body only)`);
    for (const d of r.diff.examples) {
      const side = (s: { status: number; code?: string }) => `${s.status}${s.code ? ` ${s.code}` : ''}`;
      out.push(`  #${d.index} ${d.request}: ${side(d.before)} → ${side(d.after)}${d.bodyChanged ? ' (released body differs)' : ''}`);
    }
  }
  return `${out.join('\n')}\n`;
}

const cell = (s: string) => s.replace(/\|/g, '\\|');

export function formatMarkdown(r: ReplayReport): string {
  const out: string[] = [];
  out.push(`# Replay: \`${cell(r.input.file)}\``, '');
  out.push(`Policy **${cell(r.policy.name)}** \`${r.policy.hash.slice(0, 12)}\`${r.against ? ` against **${cell(r.against.name)}** \`${r.against.hash.slice(0, 12)}\`` : ''}; ${r.input.entries} entries, ${r.input.malformed} malformed (skipped).`, '');
  out.push('## Per route', '', '| route | requests | allowed | denied | redacted | PHI | alerted | would-deny | examples |', '| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- |');
  const row = (name: string, c: Counts, ex: readonly Example[]) =>
    `| ${cell(name)} | ${c.requests} | ${c.allowed} | ${c.denied} | ${c.redacted} | ${phiList(c.phi)} | ${c.alerted} | ${c.wouldDeny} | ${ex.map((e) => cell(example(e))).join('<br>')} |`;
  for (const line of r.routes) out.push(row(routeName(line), line, line.examples));
  out.push(row('**total**', r.totals, []), '');
  out.push('## Per reason code', '', '| code | kind | count | routes | examples |', '| --- | --- | ---: | --- | --- |');
  for (const c of r.codes as CodeLine[]) out.push(`| \`${c.code}\` | ${c.kind} | ${c.count} | ${cell(c.routes.join(', '))} | ${c.examples.map((e) => cell(example(e))).join('<br>')} |`);
  if (r.malformed.length) {
    out.push('', '## Malformed entries (skipped)', '');
    for (const i of r.malformed) out.push(`- entry ${i.index}${i.line ? ` at ${i.line}:${i.column ?? 1}` : ''}: ${cell(i.message)}`);
  }
  if (r.diff) {
    out.push('', '## Against', '', `${r.diff.changed} of ${r.diff.compared} requests change (${r.diff.decisionChanged} decision, ${r.diff.bodyChanged} released body only).`, '');
    for (const d of r.diff.examples) out.push(`- #${d.index} ${cell(d.request)}: ${d.before.status}${d.before.code ? ` \`${d.before.code}\`` : ''} → ${d.after.status}${d.after.code ? ` \`${d.after.code}\`` : ''}${d.bodyChanged ? ' (released body differs)' : ''}`);
  }
  return `${out.join('\n')}\n`;
}
