/**
 * Reports of a test run: a readable tree (file > case, ✓/✗ and the first mismatch), JSON, and
 * JUnit XML for CI systems; each with the coverage summary. They carry names, codes, paths and
 * types from the checks, never a value of a released body.
 */
import { isAbsolute, relative } from 'node:path';
import { formatDiagnostic } from '../../policy/load.js';
import type { Coverage, FileResult } from './types.js';

export interface Totals { readonly files: number; readonly cases: number; readonly passed: number; readonly failed: number; readonly broken: number }

export function totals(results: readonly FileResult[]): Totals {
  const cases = results.flatMap((r) => r.cases);
  const passed = cases.filter((c) => c.passed).length;
  return { files: results.length, cases: cases.length, passed, failed: cases.length - passed, broken: results.filter((r) => r.errors).length };
}

/** Per policy (over all the files that test it): routes, roles and PHI rules no case touched. */
export function coverage(results: readonly FileResult[]): Coverage[] {
  const byPolicy = new Map<string, { name: string; routes: Set<string>; roles: Set<string>; phi: Set<string>; seen: { routes: Set<string>; roles: Set<string>; phi: Set<string> } }>();
  for (const r of results) {
    if (!r.policy || !r.touched) continue;
    let e = byPolicy.get(r.policy.file);
    if (!e) {
      e = { name: r.policy.name, routes: new Set(r.policy.routes), roles: new Set(r.policy.roles), phi: new Set(r.policy.phiRules), seen: { routes: new Set(), roles: new Set(), phi: new Set() } };
      byPolicy.set(r.policy.file, e);
    }
    r.touched.routes.forEach((x) => e.seen.routes.add(x));
    r.touched.roles.forEach((x) => e.seen.roles.add(x));
    r.touched.phiRules.forEach((x) => e.seen.phi.add(x));
  }
  return [...byPolicy].map(([policy, e]) => ({
    policy,
    name: e.name,
    untestedRoutes: [...e.routes].filter((x) => !e.seen.routes.has(x)),
    untestedRoles: [...e.roles].filter((x) => !e.seen.roles.has(x)),
    untestedPhiRules: [...e.phi].filter((x) => !e.seen.phi.has(x)),
  }));
}

/** A path as the user would type it: relative to the working directory when inside it. */
const rel = (f: string) => {
  const r = relative(process.cwd(), f);
  return r === '' || r.startsWith('..') || isAbsolute(r) ? f : r;
};
const none = (xs: readonly string[]) => (xs.length ? xs.join(', ') : 'none');

export function formatTree(results: readonly FileResult[]): string {
  const out: string[] = [];
  for (const r of results) {
    out.push(rel(r.file));
    if (r.errors) {
      out.push('  ✗ the file does not load:');
      for (const d of r.errors) out.push(`    ${formatDiagnostic({ ...d, file: rel(d.file) })}`);
      continue;
    }
    for (const c of r.cases) {
      out.push(`  ${c.passed ? '✓' : '✗'} ${c.name}${c.passed ? '' : `  (line ${c.line})`}`);
      const m = c.mismatches[0];
      if (m) {
        out.push(`      ${m.check}: expected ${m.expected}, got ${m.actual}`);
        if (c.mismatches.length > 1) out.push(`      (${c.mismatches.length - 1} more mismatch${c.mismatches.length > 2 ? 'es' : ''}: ${c.mismatches.slice(1).map((x) => x.check).join(', ')})`);
      }
    }
  }
  const t = totals(results);
  out.push('');
  for (const cov of coverage(results)) {
    out.push(`coverage of ${rel(cov.policy)} (policy "${cov.name}"):`);
    out.push(`  routes no test reached: ${none(cov.untestedRoutes)}`);
    out.push(`  roles no test used: ${none(cov.untestedRoles)}`);
    out.push(`  PHI rules no response triggered: ${none(cov.untestedPhiRules)}`);
  }
  out.push(`${t.passed} passed, ${t.failed} failed, ${t.cases} cases in ${t.files} file${t.files === 1 ? '' : 's'}${t.broken ? `; ${t.broken} file${t.broken === 1 ? '' : 's'} did not load` : ''}`);
  return `${out.join('\n')}\n`;
}

export function formatJson(results: readonly FileResult[]): string {
  const files = results.map((r) => ({
    file: rel(r.file),
    ...(r.errors ? { errors: r.errors.map((d) => ({ ...d, file: rel(d.file) })) } : {}),
    cases: r.cases.map((c) => ({ name: c.name, line: c.line, passed: c.passed, status: c.status, code: c.code, mismatches: c.mismatches })),
  }));
  return `${JSON.stringify({ summary: totals(results), files, coverage: coverage(results).map((c) => ({ ...c, policy: rel(c.policy) })) }, null, 2)}\n`;
}

/** XML text and attribute escaping; characters XML 1.0 cannot carry are dropped. */
export function xmlEscape(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export function formatJunit(results: readonly FileResult[]): string {
  const t = totals(results);
  const x = xmlEscape;
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="phiguard test" tests="${t.cases + t.broken}" failures="${t.failed}" errors="${t.broken}">`];
  for (const r of results) {
    const file = rel(r.file);
    const failed = r.cases.filter((c) => !c.passed).length;
    const time = (r.cases.reduce((s, c) => s + c.ms, 0) / 1000).toFixed(3);
    out.push(`  <testsuite name="${x(file)}" file="${x(file)}" tests="${r.errors ? 1 : r.cases.length}" failures="${failed}" errors="${r.errors ? 1 : 0}" time="${time}">`);
    if (r.errors) {
      out.push(`    <testcase name="load" classname="${x(file)}" file="${x(file)}">`);
      out.push(`      <error message="the test file does not load" type="${x(r.errors[0]?.code ?? 'PG_TEST_PARSE')}">${x(r.errors.map((d) => formatDiagnostic({ ...d, file: rel(d.file) })).join('\n'))}</error>`);
      out.push('    </testcase>');
    }
    for (const c of r.cases) {
      const open = `    <testcase name="${x(c.name)}" classname="${x(file)}" file="${x(file)}" line="${c.line}" time="${(c.ms / 1000).toFixed(3)}"`;
      if (c.passed) {
        out.push(`${open}/>`);
        continue;
      }
      const m = c.mismatches[0]!;
      out.push(`${open}>`);
      out.push(`      <failure message="${x(`${m.check}: expected ${m.expected}, got ${m.actual}`)}" type="${x(m.check)}">${x(c.mismatches.map((y) => `${y.check}: expected ${y.expected}, got ${y.actual}`).join('\n'))}</failure>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
