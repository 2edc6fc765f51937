/**
 * A small pool of worker threads for PHI redaction of large bodies. Scanning runs synchronously, so
 * on the main thread a multi-megabyte body would stall every other request and no stage timeout
 * could stop it. In a worker it is bounded: a task that exceeds the time limit fails closed
 * (PG_GUARD_TIMEOUT) and its worker is replaced. Results are identical to the in-process engine.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PhiguardError } from '../core/errors.js';
import type { Redaction } from '../guards/inspect-response/engine.js';

export type BodyKind = 'json' | 'ndjson' | 'text';

export interface PhiPool {
  run(kind: BodyKind, text: string): Promise<Redaction>;
  close(): Promise<void>;
}

export interface PhiPoolOptions {
  /** The policy's `phi:` section as written (recompiled in each worker). */
  readonly section: unknown;
  readonly hashKey?: Uint8Array;
  readonly size: number;
  readonly timeoutMs: number;
}

interface Task {
  readonly resolve: (r: Redaction) => void;
  readonly reject: (e: unknown) => void;
  readonly timer: NodeJS.Timeout;
  readonly slot: Slot;
  readonly text: string;
}
interface Slot {
  worker: Worker;
  busy: number;
}

const WORKER_URL = new URL('./phi-worker.js', import.meta.url);

/** Returns undefined when the compiled worker is not available (running from TypeScript sources). */
export function createPhiPool(opts: PhiPoolOptions): PhiPool | undefined {
  if (!existsSync(fileURLToPath(WORKER_URL))) return undefined;
  const tasks = new Map<number, Task>();
  let nextId = 1;
  let closing = false;

  const spawn = (): Slot => {
    const slot: Slot = { worker: new Worker(WORKER_URL, { workerData: { section: opts.section, hashKey: opts.hashKey } }), busy: 0 };
    slot.worker.unref();
    slot.worker.on('message', (m: { id: number; changed?: boolean; text?: string; types?: string[]; error?: string }) => {
      const t = tasks.get(m.id);
      if (!t) return;
      settle(m.id);
      if (m.error !== undefined) t.reject(new PhiguardError('PG_RESPONSE_UNPARSEABLE', m.error));
      else t.resolve({ text: m.changed ? (m.text as string) : t.text, changed: m.changed === true, findings: (m.types ?? []).map((type) => ({ type })) });
    });
    const lost = () => {
      failSlot(slot, new PhiguardError('PG_RESPONSE_UNPARSEABLE', 'phi worker stopped'));
      if (!closing) replace(slot);
    };
    slot.worker.on('error', lost);
    slot.worker.on('exit', lost);
    return slot;
  };
  // Workers start on the first body large enough to need one, not with the gateway: each holds its
  // own compiled PHI engine (lexicon, detectors), which an idle gateway, or one that only ever sees
  // small bodies (scanned inline, src/runtime/phi.ts), need not pay for.
  const slots: Slot[] = [];
  const size = Math.max(1, opts.size);

  function settle(id: number): void {
    const t = tasks.get(id);
    if (!t) return;
    clearTimeout(t.timer);
    t.slot.busy--;
    tasks.delete(id);
  }
  function failSlot(slot: Slot, err: PhiguardError): void {
    for (const [id, t] of tasks) {
      if (t.slot !== slot) continue;
      settle(id);
      t.reject(err);
    }
  }
  function replace(slot: Slot): void {
    const i = slots.indexOf(slot);
    if (i === -1) return;
    slot.worker.removeAllListeners();
    void slot.worker.terminate();
    slots[i] = spawn();
  }

  return {
    run(kind, text) {
      if (closing) return Promise.reject(new PhiguardError('PG_SHUTTING_DOWN'));
      if (slots.length < size) {
        try {
          while (slots.length < size) slots.push(spawn());
        } catch {
          return Promise.reject(new PhiguardError('PG_RESPONSE_UNPARSEABLE', 'phi worker could not start'));
        }
      }
      const slot = slots.reduce((a, b) => (b.busy < a.busy ? b : a));
      const id = nextId++;
      return new Promise<Redaction>((resolve, reject) => {
        const timer = setTimeout(() => {
          // The scan is still running in that worker: fail this task closed and replace the worker.
          failSlot(slot, new PhiguardError('PG_GUARD_TIMEOUT', 'phi scan exceeded the stage timeout'));
          replace(slot);
        }, opts.timeoutMs);
        slot.busy++;
        tasks.set(id, { resolve, reject, timer, slot, text });
        slot.worker.postMessage({ id, kind, text });
      });
    },
    async close() {
      closing = true;
      for (const s of slots) failSlot(s, new PhiguardError('PG_SHUTTING_DOWN'));
      await Promise.all(slots.map((s) => (s.worker.removeAllListeners(), s.worker.terminate())));
    },
  };
}
