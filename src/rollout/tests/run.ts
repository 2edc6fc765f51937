/**
 * Runs policy test files on the gateway's own pipeline: one Phiguard per file (memory audit log,
 * frozen clock, test keys in place of the issuers' JWKS), each case through `simulate()` with its
 * canned upstream, then its expectations checked against the released response and the audit
 * record the case appended.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseLeaf, type AuditLeaf } from '../../audit/record.js';
import { DEFAULT_MIN_SCORE } from '../../phi/index.js';
import { createPhiguard, type Phiguard } from '../../runtime/index.js';
import { simulate } from '../../runtime/simulate.js';
import { checkCase } from './expect.js';
import { loadTestFile } from './load.js';
import { testIdentity, type TestIdentity } from './principals.js';
import type { CaseResult, FileResult, TestCase, TestSuite } from './types.js';

export const TEST_FILE_SUFFIX = '.test.yaml';

/** Files named on the command line; a directory contributes its `*.test.yaml` files (recursively, sorted). */
export function expandTestFiles(args: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith(TEST_FILE_SUFFIX)) out.push(p);
    }
  };
  for (const a of args) {
    let isDir = false;
    try {
      isDir = statSync(a).isDirectory();
    } catch {
      isDir = false; // reported by the loader as PG_TEST_IO
    }
    if (isDir) walk(a);
    else out.push(a);
  }
  return [...new Set(out)];
}

async function auditLeaf(guard: Phiguard, receipt: string | undefined): Promise<AuditLeaf | undefined> {
  const idx = receipt ? Number(receipt.split('.')[0]) : NaN;
  if (!Number.isSafeInteger(idx)) return undefined;
  const [entry] = await guard.audit.log.store.entries(idx, 1);
  return entry?.leaf ? parseLeaf(entry.leaf) : undefined;
}

async function runCase(guard: Phiguard, identity: TestIdentity, suite: TestSuite, c: TestCase, now: () => number, touched: Touched): Promise<CaseResult> {
  const started = performance.now();
  const base = { name: c.name, line: c.line };
  try {
    const p = c.principal === undefined ? undefined : suite.principals.get(c.principal)!;
    const creds = p ? await identity.credentials(p, now()) : { headers: [] };
    const overridden = new Set(c.request.headers.map(([k]) => k));
    const headers = [...creds.headers.filter(([k]) => !overridden.has(k)), ...c.request.headers];
    const up = c.upstream;
    const result = await simulate(
      guard,
      { method: c.request.method, target: c.request.target, headers, ...(c.request.body ? { body: c.request.body } : {}), ...(creds.tls ? { tls: creds.tls } : {}) },
      () => ({ status: up.status, headers: up.headers.map(([k, v]) => [k, v] as [string, string]), body: up.body }),
    );
    const route = result.ctx.route?.route.id;
    if (route) touched.routes.add(route);
    for (const r of result.ctx.principal?.roles ?? []) touched.roles.add(r);
    for (const [t, n] of Object.entries(result.ctx.inspection?.phiFindings ?? {})) if (n > 0) touched.phiRules.add(t);
    const leaf = await auditLeaf(guard, result.ctx.auditReceipt);
    const mismatches = checkCase(c.expect, { result, leaf, keys: guard.audit.log.keys, minScore: suite.policy.phi?.minScore ?? DEFAULT_MIN_SCORE });
    return { ...base, passed: mismatches.length === 0, mismatches, status: result.status, code: result.code ?? 'PG_OK', ms: performance.now() - started };
  } catch (err) {
    // Our own failure (never a request value): the case fails, the other cases still run.
    const message = err instanceof Error ? `${err.name}: ${err.message.split('\n')[0]}` : 'unexpected error';
    return { ...base, passed: false, mismatches: [{ check: 'run', expected: 'the case runs', actual: message }], status: 0, code: 'PG_INTERNAL', ms: performance.now() - started };
  }
}

interface Touched { routes: Set<string>; roles: Set<string>; phiRules: Set<string> }

export async function runTestFile(file: string): Promise<FileResult> {
  const loaded = loadTestFile(file);
  if (!loaded.suite) return { file, errors: loaded.errors, cases: [] };
  const suite = loaded.suite;
  let nowMs = suite.clockMs;
  const clock = { now: () => nowMs };
  let identity: TestIdentity;
  let guard: Phiguard;
  try {
    identity = await testIdentity(suite.policy);
    // Offline: policy tests never deliver alerts (webhook, Slack, syslog, stdout).
    const offline = { ...identity.policy, alerts: { ...identity.policy.alerts, webhook: undefined, slack: undefined, syslog: undefined, stdout: undefined } } as typeof identity.policy;
    guard = await createPhiguard({ policy: offline, auditStore: 'memory:', clock, log: () => undefined });
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0]! : 'unexpected error';
    return { file, errors: [{ file, line: 1, col: 1, code: 'PG_TEST_REFERENCE', message: `the policy could not be started: ${message}` }], cases: [] };
  }
  const touched: Touched = { routes: new Set(), roles: new Set(), phiRules: new Set() };
  const cases: CaseResult[] = [];
  try {
    for (const c of suite.cases) {
      nowMs += c.advanceMs;
      cases.push(await runCase(guard, identity, suite, c, clock.now, touched));
    }
  } finally {
    await guard.close();
  }
  const raw = suite.policy.raw as { phi?: { actions?: Record<string, unknown> } };
  return {
    file,
    cases,
    policy: {
      file: suite.policyFile,
      name: suite.policy.name,
      routes: suite.policy.routes.map((r) => r.id),
      roles: [...suite.policy.roles],
      phiRules: Object.keys(raw.phi?.actions ?? {}),
    },
    touched: { routes: [...touched.routes], roles: [...touched.roles], phiRules: [...touched.phiRules] },
  };
}

export async function runTestFiles(args: readonly string[]): Promise<FileResult[]> {
  const results: FileResult[] = [];
  for (const f of expandTestFiles(args)) results.push(await runTestFile(f));
  return results;
}
