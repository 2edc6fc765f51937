/**
 * Loads a policy test file: YAML with positions (the policy parser), the JSON Schema (ajv, every
 * error at once), then references: the policy (relative to the test file, compiled as `validate`
 * would), principals, fixtures and fixture files. Every problem is a FILE:LINE:COL diagnostic.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseDuration } from '../../core/section.js';
import { checkPolicyFile } from '../../policy/index.js';
import { parsePolicyText, type ParsedPolicy, type PolicyDiagnostic } from '../../policy/load.js';
import { validateAt } from '../../policy/validate.js';
import { cannedResponse, DEFAULT_UPSTREAM, encodeBody, headerList, isProblem } from './fixtures.js';
import { parsePath } from './paths.js';
import { testFileSchema } from './schema.js';
import type { BodyCheck, CannedResponse, CaseExpect, LoadResult, PrincipalSpec, TestCase } from './types.js';

type Raw = Record<string, unknown>;
type Path = ReadonlyArray<string | number>;

/** The clock of a file that does not set one (a fixed instant, so results never depend on today). */
export const DEFAULT_CLOCK = '2026-01-01T00:00:00Z';
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Policy-parser codes, renamed for test files (literal, so the codes test sees them raised). */
const RENAME: Readonly<Record<string, string>> = {
  PG_POLICY_PARSE: 'PG_TEST_PARSE',
  PG_POLICY_SCHEMA: 'PG_TEST_SCHEMA',
  PG_POLICY_UNKNOWN_KEY: 'PG_TEST_SCHEMA',
};

const renamed = (d: PolicyDiagnostic): PolicyDiagnostic => ({
  ...d,
  code: RENAME[d.code] ?? d.code,
  message: d.message.replace(/^the policy\b/, 'the test file').replace(/^a policy must be/, 'a test file must be'),
});

export function loadTestFile(file: string): LoadResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : 'cannot read file';
    return { errors: [{ file, line: 1, col: 1, code: 'PG_TEST_IO', message: reason }] };
  }
  const { parsed, errors } = parsePolicyText(file, text);
  if (!parsed) return { errors: errors.map(renamed) };
  const schemaErrors = validateAt(parsed, testFileSchema, []).map(renamed);
  if (schemaErrors.length === 0) return resolveSuite(parsed);
  // Report reference errors too, so a user fixes everything in one pass; the resolver may trip over
  // values the schema already rejected: such failures, and errors on lines already reported, are left out.
  let semantic: readonly PolicyDiagnostic[] = [];
  try {
    semantic = resolveSuite(parsed).errors;
  } catch {
    semantic = [];
  }
  const lines = new Set(schemaErrors.map((e) => `${e.file}:${e.line}`));
  return { errors: sort([...schemaErrors, ...semantic.filter((e) => !lines.has(`${e.file}:${e.line}`))]) };
}

function resolveSuite(parsed: ParsedPolicy): LoadResult {
  const file = parsed.file;
  const dir = dirname(file);
  const doc = parsed.value as Raw;
  const errors: PolicyDiagnostic[] = [];
  const err = (at: Path, code: 'PG_TEST_REFERENCE' | 'PG_TEST_SCHEMA' | 'PG_TEST_IO', message: string, key?: string) => {
    const p = parsed.locate(at, key);
    errors.push({ file, line: p.line, col: p.col, code, message });
  };

  const policyFile = resolve(dir, String(doc.policy));
  const checked = checkPolicyFile(policyFile);
  if (!checked.policy) {
    const io = checked.errors.some((e) => e.code === 'PG_POLICY_IO');
    err(['policy'], io ? 'PG_TEST_IO' : 'PG_TEST_REFERENCE', io ? 'policy file not found or not readable' : 'the policy does not validate (its errors follow)');
    if (!io) errors.push(...checked.errors);
  }
  const policy = checked.policy;
  const clock = typeof doc.clock === 'string' ? doc.clock : DEFAULT_CLOCK;
  const clockMs = ISO_TIME.test(clock) ? Date.parse(clock) : NaN;
  if (!Number.isFinite(clockMs)) err(['clock'], 'PG_TEST_SCHEMA', 'clock must be an ISO 8601 time with a zone, e.g. 2026-11-23T12:00:00Z');

  const principals = new Map<string, PrincipalSpec>();
  for (const [name, p] of Object.entries((doc.principals ?? {}) as Record<string, Raw>)) {
    const at = ['principals', name];
    const scopes = typeof p.scopes === 'string' ? p.scopes.split(/\s+/).filter(Boolean) : (p.scopes as string[] | undefined);
    if (p.mtls !== undefined) {
      if (policy && !policy.identity?.mtlsClients.some((c) => c.id === p.mtls)) err([...at, 'mtls'], 'PG_TEST_REFERENCE', 'no client with this id in the policy\'s identity.mtls.clients');
      for (const k of ['sub', 'issuer', 'roles', 'scopes', 'purpose', 'patient', 'claims', 'mfa']) if (p[k] !== undefined) err(at, 'PG_TEST_SCHEMA', `"${k}" does not apply to an mTLS client (the policy gives its roles and scopes)`, k);
    } else if (policy) {
      const issuers = policy.identity?.issuers ?? [];
      if (issuers.length === 0) err(at, 'PG_TEST_REFERENCE', 'the policy declares no token issuer (identity.issuers)');
      else if (p.issuer !== undefined && !issuers.some((i) => i.issuer === p.issuer)) err([...at, 'issuer'], 'PG_TEST_REFERENCE', 'not one of the policy\'s identity.issuers');
    }
    principals.set(name, {
      name,
      roles: (p.roles as string[] | undefined) ?? [],
      mfa: p.mfa !== false,
      ...(typeof p.sub === 'string' ? { sub: p.sub } : {}),
      ...(typeof p.issuer === 'string' ? { issuer: p.issuer } : {}),
      ...(scopes ? { scopes } : {}),
      ...(typeof p.purpose === 'string' ? { purpose: p.purpose } : {}),
      ...(typeof p.patient === 'string' ? { patient: p.patient } : {}),
      ...(p.claims ? { claims: p.claims as Raw } : {}),
      ...(typeof p.mtls === 'string' ? { mtls: p.mtls } : {}),
    });
  }

  const fixtures = new Map<string, CannedResponse>();
  for (const [name, f] of Object.entries((doc.fixtures ?? {}) as Record<string, Raw>)) {
    const r = responseAt(f, ['fixtures', name], dir, err);
    if (r) fixtures.set(name, r);
  }

  const cases: TestCase[] = [];
  const names = new Set<string>();
  (doc.cases as Raw[]).forEach((c, i) => {
    const at = ['cases', i];
    const name = String(c.name);
    if (names.has(name)) err([...at, 'name'], 'PG_TEST_SCHEMA', 'another case has the same name');
    names.add(name);
    const principal = typeof c.principal === 'string' ? c.principal : undefined;
    if (principal !== undefined && !principals.has(principal)) err([...at, 'principal'], 'PG_TEST_REFERENCE', `unknown principal "${principal}" (declare it under principals:)`);
    let upstream: CannedResponse | undefined = DEFAULT_UPSTREAM;
    if (typeof c.upstream === 'string') {
      upstream = fixtures.get(c.upstream);
      const declared = Object.prototype.hasOwnProperty.call(doc.fixtures ?? {}, c.upstream);
      if (!upstream && !declared) err([...at, 'upstream'], 'PG_TEST_REFERENCE', `unknown fixture "${c.upstream}" (declare it under fixtures:)`);
    } else if (c.upstream) {
      upstream = responseAt(c.upstream as Raw, [...at, 'upstream'], dir, err);
    }
    const req = c.request as Raw;
    const headers = headerList(req.headers);
    const body = req.body === undefined ? undefined : encodeBody(req.body, headers);
    const expect = expectAt((c.expect ?? {}) as Raw, [...at, 'expect'], err);
    const pos = parsed.locate(at);
    cases.push({
      name,
      line: pos.line,
      col: pos.col,
      ...(principal !== undefined ? { principal } : {}),
      advanceMs: c.advance === undefined ? 0 : (parseDuration(c.advance) ?? 0),
      request: { method: typeof req.method === 'string' ? req.method.toUpperCase() : 'GET', target: String(req.path), headers, ...(body ? { body } : {}) },
      upstream: upstream ?? DEFAULT_UPSTREAM,
      expect,
    });
  });

  if (errors.length > 0 || !policy) return { errors: sort(errors) };
  return { suite: { file, policyFile, policy, clockMs, principals, cases }, errors: [] };
}

type Err = (at: Path, code: 'PG_TEST_REFERENCE' | 'PG_TEST_SCHEMA' | 'PG_TEST_IO', message: string, key?: string) => void;

function responseAt(raw: Raw, at: Path, dir: string, err: Err): CannedResponse | undefined {
  if (raw.file !== undefined && raw.body !== undefined) {
    err(at, 'PG_TEST_SCHEMA', 'give either body or file, not both', 'file');
    return undefined;
  }
  const r = cannedResponse(raw, dir);
  if (isProblem(r)) {
    err([...at, 'file'], 'PG_TEST_IO', r.message);
    return undefined;
  }
  return r as CannedResponse;
}

function expectAt(raw: Raw, at: Path, err: Err): CaseExpect {
  const body: BodyCheck[] = [];
  ((raw.body ?? []) as Raw[]).forEach((b, i) => {
    const kinds = (['present', 'absent', 'equals'] as const).filter((k) => b[k] !== undefined);
    if (kinds.length !== 1) {
      err([...at, 'body', i], 'PG_TEST_SCHEMA', 'a body check needs exactly one of present, absent or equals');
      return;
    }
    const p = parsePath(String(b.path));
    if ('error' in p) {
      err([...at, 'body', i, 'path'], 'PG_TEST_SCHEMA', p.error);
      return;
    }
    const kind = kinds[0]!;
    // present: false means absent, absent: false means present.
    const effective = kind === 'equals' ? 'equals' : (b[kind] === true) === (kind === 'present') ? 'present' : 'absent';
    body.push({ path: String(b.path), segments: p.segments, kind: effective, ...(kind === 'equals' ? { value: b.equals } : {}) });
  });
  if (raw.decision === 'allow' && typeof raw.code === 'string' && raw.code !== 'PG_OK') err([...at, 'code'], 'PG_TEST_SCHEMA', 'an allowed request has code PG_OK (use decisions: for what was recorded)');
  return { ...(raw as CaseExpect), ...(raw.body ? { body } : {}) };
}

function sort(list: PolicyDiagnostic[]): PolicyDiagnostic[] {
  return [...list].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.col - b.col);
}
