/**
 * The delivery queue under every network sink: bounded (when full the oldest alert is dropped and
 * counted), one delivery in flight, retries with exponential backoff and full jitter. `send` only
 * enqueues, so a sink that is down or hangs never stalls a request; each delivery attempt is bounded
 * by the sink's own timeout.
 */
import type { Alert, AlertSink, Severity, SinkEvents } from '../types.js';

export const RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

export interface QueueOptions {
  readonly name: string;
  readonly minSeverity: Severity;
  /** Delivers one alert; rejects on failure (retried). */
  readonly deliver: (a: Alert) => Promise<void>;
  readonly maxQueue?: number;
  readonly retries?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly events?: Partial<SinkEvents>;
  /** Called when the sink gives up (retries exhausted) or is closed. */
  readonly onClose?: () => Promise<void> | void;
}

export const backoffDelay = (attempt: number, base: number, max: number, random = Math.random): number => Math.floor(random() * Math.min(max, base * 2 ** attempt));

export function queuedSink(o: QueueOptions): AlertSink & { readonly pending: () => number } {
  const queue: Alert[] = [];
  const maxQueue = o.maxQueue ?? 1000;
  const retries = o.retries ?? 4;
  let running: Promise<void> | undefined;
  let closed = false;
  let wake: (() => void) | undefined;
  const sleep = (ms: number) => new Promise<void>((r) => {
    const t = setTimeout(() => { wake = undefined; r(); }, ms);
    t.unref();
    wake = () => { clearTimeout(t); wake = undefined; r(); };
  });
  const pump = async () => {
    while (queue.length > 0) {
      const a = queue.shift()!;
      let ok = false;
      for (let attempt = 0; attempt <= retries && !ok; attempt++) {
        try {
          await o.deliver(a);
          ok = true;
        } catch {
          o.events?.failed?.(o.name);
          if (attempt < retries && !closed) await sleep(backoffDelay(attempt, o.baseDelayMs ?? 200, o.maxDelayMs ?? 10_000));
          else break;
        }
      }
      if (ok) o.events?.delivered?.(o.name);
      else o.events?.dropped?.(o.name, 'retries_exhausted');
    }
    running = undefined;
  };
  return {
    name: o.name,
    pending: () => queue.length,
    send(a) {
      if (closed || RANK[a.severity] < RANK[o.minSeverity]) return;
      if (queue.length >= maxQueue) {
        queue.shift();
        o.events?.dropped?.(o.name, 'queue_full');
      }
      queue.push(a);
      running ??= pump();
    },
    /** Stops retrying, gives the queue up to `graceMs` to drain, then counts what is left as dropped. */
    async close() {
      closed = true;
      wake?.();
      const grace = new Promise<void>((r) => setTimeout(r, 2000).unref());
      await Promise.race([running, grace]);
      for (const _ of queue.splice(0)) o.events?.dropped?.(o.name, 'retries_exhausted');
      await o.onClose?.();
    },
  };
}
