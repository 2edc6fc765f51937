/**
 * Live policy reload. A reload loads and validates the new policy (every diagnostic at once, with
 * FILE:LINE:COL), builds its generation beside the running one (reusing what did not change),
 * records the change in the audit log, and only then swaps it in. Anything that fails on the way
 * rejects the reload: the running policy stays in force, the rejection is logged with the
 * diagnostics, appended to the audit log and alerted. Reloads run one at a time.
 */
import type { CompiledPolicy } from '../policy/index.js';
import { checkPolicyFile, formatDiagnostic } from '../policy/index.js';
import { buildGeneration, type Generation, type RuntimeEnv } from './generation.js';

/** At most this many diagnostics go into the audit event and the alert (all of them go to the log). */
const MAX_RECORDED = 20;

export type ReloadResult =
  | {
      readonly ok: true;
      /** False when the new policy has the hash of the running one (nothing swapped). */
      readonly changed: boolean;
      readonly policy: { readonly name: string; readonly hash: string };
      readonly previous: { readonly name: string; readonly hash: string };
      /** Shared resources opened anew because their configuration changed (`audit`, `alerts`, `phi`, `state`). */
      readonly reopened: readonly string[];
    }
  | {
      readonly ok: false;
      /** PG_POLICY_INVALID (diagnostics), PG_POLICY_RELOAD_FAILED (could not be put in force), PG_AUDIT_UNAVAILABLE (not recorded). */
      readonly code: 'PG_POLICY_INVALID' | 'PG_POLICY_RELOAD_FAILED' | 'PG_AUDIT_UNAVAILABLE';
      /** Human-readable reasons: FILE:LINE:COL CODE message per diagnostic, or one cause. */
      readonly errors: readonly string[];
    };

export interface ReloaderOptions {
  readonly env: RuntimeEnv;
  readonly current: () => Generation;
  /** The file to reload when `reload()` gets no argument (undefined: the policy was built in code). */
  readonly defaultSource: () => string | undefined;
  /** Puts `next` in force and returns the generation it replaced. */
  readonly swap: (next: Generation) => Generation;
  readonly closed: () => boolean;
}

export interface Reloader {
  reload(source?: CompiledPolicy | string): Promise<ReloadResult>;
  onReload(listener: (policy: CompiledPolicy, previous: CompiledPolicy) => void): () => void;
  /** Resolves when no reload is running. */
  idle(): Promise<void>;
}

const short = (h: string) => h.slice(0, 12);

export function createReloader(o: ReloaderOptions): Reloader {
  const { env } = o;
  const listeners = new Set<(p: CompiledPolicy, prev: CompiledPolicy) => void>();
  let chain: Promise<unknown> = Promise.resolve();

  async function reject(code: Extract<ReloadResult, { ok: false }>['code'], errors: readonly string[], file: string | undefined): Promise<ReloadResult> {
    const g = o.current();
    env.log({ level: 'error', event: 'policy_rejected', detail: `${code}: ${errors.join('; ')}; policy ${g.policy.name} ${short(g.policy.hash)} stays in force` });
    const recorded = errors.slice(0, MAX_RECORDED).map((e) => e.slice(0, 300));
    try {
      await g.audit.log.appendEvent('policy', {
        action: 'rejected',
        code,
        errors: errors.length,
        diagnostics: recorded,
        inForce: g.policy.hash,
        ...(file ? { file } : {}),
      });
    } catch {
      env.log({ level: 'error', event: 'policy_rejection_not_recorded', detail: 'the rejected reload could not be written to the audit log' });
    }
    g.alerting.raise({ kind: 'policy', action: 'rejected', code, detail: `${errors.length} error(s); ${recorded[0] ?? ''}`.slice(0, 300) });
    return { ok: false, code, errors };
  }

  async function run(source: CompiledPolicy | string | undefined): Promise<ReloadResult> {
    if (o.closed()) return { ok: false, code: 'PG_POLICY_RELOAD_FAILED', errors: ['the guard is closing'] };
    const from = source ?? o.defaultSource();
    if (from === undefined) return reject('PG_POLICY_RELOAD_FAILED', ['no policy file to reload: pass a path or a compiled policy to reload()'], undefined);
    let policy: CompiledPolicy;
    const file = typeof from === 'string' ? from : from.file || undefined;
    if (typeof from === 'string') {
      const checked = checkPolicyFile(from);
      if (!checked.policy) return reject('PG_POLICY_INVALID', checked.errors.map(formatDiagnostic), file);
      policy = checked.policy;
    } else policy = from;
    const prev = o.current();
    const previous = { name: prev.policy.name, hash: prev.policy.hash };
    if (policy.hash === prev.policy.hash) {
      env.log({ level: 'info', event: 'policy_unchanged', detail: `${policy.name} ${short(policy.hash)}: the file has the policy already in force` });
      return { ok: true, changed: false, policy: previous, previous, reopened: [] };
    }
    let next: Generation;
    try {
      next = await buildGeneration(env, policy, prev);
    } catch (err) {
      const why = err instanceof Error && err.message ? err.message.split('\n')[0]!.slice(0, 300) : 'the new policy could not be put in force';
      return reject('PG_POLICY_RELOAD_FAILED', [why], file);
    }
    const reopened = (Object.keys(next.keys) as (keyof Generation['keys'])[]).filter((k) => next.keys[k] !== prev.keys[k]);
    // On the record before it is in force: every request under the new policy follows this event.
    try {
      await next.audit.log.appendEvent('policy', { action: 'reloaded', name: policy.name, hash: policy.hash, previous: `${previous.name} ${previous.hash}`, first: false, ...(reopened.length ? { reopened } : {}), ...(file ? { file } : {}) });
      await next.audit.log.store.setMeta('policy', `${policy.name} ${policy.hash}`);
    } catch {
      await next.release().catch(() => undefined);
      return reject('PG_AUDIT_UNAVAILABLE', ['the audit log could not record the policy change'], file);
    }
    if (o.closed()) {
      await next.release().catch(() => undefined);
      return { ok: false, code: 'PG_POLICY_RELOAD_FAILED', errors: ['the guard is closing'] };
    }
    o.swap(next);
    env.log({ level: 'info', event: 'policy_reloaded', detail: `${policy.name} ${short(policy.hash)} in force (was ${previous.name} ${short(previous.hash)})${reopened.length ? `; reopened: ${reopened.join(', ')}` : ''}; requests in flight finish under the previous policy` });
    next.alerting.raise({ kind: 'policy', action: 'reloaded', detail: `${policy.name} ${short(policy.hash)} (was ${short(previous.hash)})` });
    for (const l of listeners) {
      try {
        l(policy, prev.policy);
      } catch {
        env.log({ level: 'error', event: 'policy_reload_listener_failed', detail: 'a reload listener threw' });
      }
    }
    return { ok: true, changed: true, policy: { name: policy.name, hash: policy.hash }, previous, reopened };
  }

  return {
    reload(source) {
      const result = chain.then(() => run(source)).catch((): ReloadResult => ({ ok: false, code: 'PG_POLICY_RELOAD_FAILED', errors: ['reload failed unexpectedly'] }));
      chain = result;
      return result;
    },
    onReload(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    idle: () => chain.then(() => undefined),
  };
}
