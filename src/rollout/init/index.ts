/**
 * `phiguard init`: a starting policy (with comments) and its generated tests, from an OpenAPI
 * 3.0/3.1 description or from recorded traffic. The policy is checked with the same code as
 * `phiguard validate` before anything is written: init never writes a policy that does not load.
 */
import { writeFileSync, existsSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import { checkPolicyText, type PolicyDiagnostic } from '../../policy/index.js';
import { TrafficFileError, type TrafficIssue } from '../replay/traffic.js';
import { emitPolicy } from './emit.js';
import { emitTests } from './emit-tests.js';
import { modelFromTraffic } from './from-har.js';
import { modelFromOpenApi } from './from-openapi.js';
import type { InitModel } from './model.js';
import { readSpec } from './spec.js';

export type { InitModel, InitRoute } from './model.js';

export interface InitOptions {
  openapi?: string;
  har?: string;
  out?: string;
  force?: boolean;
  name?: string;
  /** The command line, quoted in the header comment. */
  command?: string;
  cwd?: string;
  onProgress?(bytes: number, total: number): void;
}

export interface InitResult {
  /** Unusable input (or a refused overwrite): FILE:LINE:COL diagnostics; nothing was written. */
  errors: PolicyDiagnostic[];
  policy?: string;
  tests?: string;
  written: string[];
  model?: InitModel;
  /** Traffic only: entries read and malformed entries (skipped). */
  entries?: number;
  issues?: TrafficIssue[];
}

const toPosix = (p: string) => p.split(sep).join('/');
const relRef = (from: string, to: string) => {
  const r = toPosix(relative(from, to));
  return r.startsWith('.') ? r : `./${r}`;
};

function policyName(opts: InitOptions, title: string | undefined): string {
  const raw = opts.name ?? (opts.out ? basename(opts.out, extname(opts.out)) : title ?? basename(opts.openapi ?? opts.har ?? 'api', extname(opts.openapi ?? opts.har ?? '')));
  const n = raw.toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').replace(/^[^a-z0-9]+|-+$/g, '').slice(0, 64);
  return n || 'api';
}

/** `x.yaml` -> `x.test.yaml`, beside it. */
export const testsPathFor = (out: string): string => join(dirname(out), `${basename(out, extname(out))}.test.yaml`);

export async function runInit(opts: InitOptions): Promise<InitResult> {
  const cwd = opts.cwd ?? process.cwd();
  const err = (file: string, message: string, code = 'PG_POLICY_IO', line = 1, col = 1): InitResult => ({ errors: [{ file, line, col, code, message }], written: [] });
  if ((opts.openapi === undefined) === (opts.har === undefined)) return err('phiguard init', 'give exactly one of --openapi SPEC or --har TRAFFIC');
  const out = opts.out === undefined ? undefined : resolve(cwd, opts.out);
  const tests = out ? testsPathFor(out) : undefined;
  if (!opts.force) for (const f of [out, tests]) if (f && existsSync(f)) return err(toPosix(relative(cwd, f)), 'exists; not overwritten (pass --force to replace it)');
  const policyFile = out ?? join(cwd, 'policy.yaml');
  let model: InitModel;
  let extra: Pick<InitResult, 'entries' | 'issues'> = {};
  let specRef = '';
  if (opts.openapi !== undefined) {
    const { desc, errors } = readSpec(opts.openapi);
    if (!desc) return { errors, written: [] };
    specRef = relRef(dirname(policyFile), resolve(cwd, opts.openapi));
    model = modelFromOpenApi(desc, specRef, '');
    model.name = policyName(opts, model.source.title);
  } else {
    try {
      const r = await modelFromTraffic(resolve(cwd, opts.har!), '', opts.onProgress);
      model = r.model;
      model.source.file = opts.har!;
      extra = { entries: r.entries, issues: r.issues };
    } catch (e) {
      if (e instanceof TrafficFileError) return err(opts.har!, e.message, 'PG_POLICY_PARSE', e.line ?? 1, e.column ?? 1);
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return err(opts.har!, 'file not found; pass a HAR 1.2 or NDJSON traffic file');
      throw e;
    }
    model.name = policyName(opts, undefined);
    if (model.routes.length === 0) return { ...err(opts.har!, `no usable request among the entries (${extra.issues?.length ?? 0} malformed, skipped)`, 'PG_POLICY_SCHEMA'), ...extra };
  }
  const command = opts.command ?? `phiguard init ${opts.openapi ? `--openapi ${opts.openapi}` : `--har ${opts.har}`}`;
  const policy = emitPolicy(model, specRef, command);
  // Fail closed: the written policy must load exactly as `phiguard validate` loads it.
  const check = checkPolicyText(policyFile, policy, {});
  if (!check.policy) {
    return { errors: check.errors.map((d) => ({ ...d, message: `generated policy does not validate (please report): ${d.message}` })), written: [], policy, model, ...extra };
  }
  const testsText = emitTests(model, `./${basename(policyFile)}`, command);
  const written: string[] = [];
  if (out && tests) {
    const flag = opts.force ? 'w' : 'wx';
    writeFileSync(out, policy, { flag });
    written.push(out);
    writeFileSync(tests, testsText, { flag });
    written.push(tests);
  }
  return { errors: [], policy, tests: testsText, written, model, ...extra };
}
