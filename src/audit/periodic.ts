/**
 * Periodic re-verification for a running gateway. Each run streams the whole log (constant memory)
 * and compares it with the witness file; `onFailure` receives the first failure (the alert stage
 * integration plugs in there).
 */
import type { AuditLog } from './log.js';
import type { AuditStore } from './stores/types.js';
import type { NoteVerifier } from './note.js';
import { readWitness } from './witness.js';
import { verifyStore, type VerifyResult } from './verify.js';

export interface PeriodicVerifyOptions {
  readonly intervalMs: number;
  readonly verifiers: readonly NoteVerifier[];
  readonly origin?: string;
  readonly witnessPath?: string;
  /** Called after every run. */
  readonly onResult?: (r: VerifyResult) => void;
}

export interface PeriodicVerifier {
  /** Runs one verification now (runs never overlap). */
  runNow(): Promise<VerifyResult | undefined>;
  stop(): void;
}

export function startPeriodicVerify(target: AuditStore | AuditLog, opts: PeriodicVerifyOptions, onFailure: (r: VerifyResult) => void): PeriodicVerifier {
  const store: AuditStore = 'store' in target ? target.store : target;
  let running: Promise<VerifyResult | undefined> | undefined;
  const run = (): Promise<VerifyResult | undefined> => {
    if (running) return running;
    running = (async () => {
      try {
        const w = opts.witnessPath ? readWitness(opts.witnessPath) : undefined;
        // Small read batches: this runs beside live traffic on the gateway's event loop.
        const r = await verifyStore(store, { verifiers: opts.verifiers, batchSize: 1024, ...(opts.origin ? { origin: opts.origin } : {}), ...(w ? { witnesses: [w] } : {}) });
        opts.onResult?.(r);
        if (!r.ok) onFailure(r);
        return r;
      } catch (err) {
        const r: VerifyResult = { ok: false, entries: 0, checkpoints: 0, pruned: 0, root: '', unsignedTail: 0, ms: 0, failure: { kind: 'state', at: 0, message: `verification could not run: ${err instanceof Error ? err.message.slice(0, 120) : 'error'}` } };
        onFailure(r);
        return r;
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
  const timer = setInterval(() => void run(), opts.intervalMs);
  timer.unref();
  return { runNow: run, stop: () => clearInterval(timer) };
}
