/**
 * Alerts: small, PHI-free event records delivered to sinks without blocking the request path.
 * Sinks: the operator log (always) and an optional webhook (bounded queue, timeout, retries).
 * The `alerts:` policy section (schema + compile) is in ./policy.ts.
 */
import { request } from 'undici';
import type { AlertsConfig } from './policy.js';
import type { Alert, AlertSink, Severity } from './types.js';

export { alertsPolicySchema, compileAlerts, type AlertsConfig } from './policy.js';
export type { Alert, AlertSink, Severity } from './types.js';

const RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

export function logSink(log: (e: { level: 'warn' | 'error'; event: string; [k: string]: unknown }) => void): AlertSink {
  return {
    send: (a) => log({ level: RANK[a.severity] >= RANK.high ? 'error' : 'warn', event: 'alert', ...a }),
    close: async () => undefined,
  };
}

/** Posts alerts as JSON. Bounded queue (drops oldest when full, counting drops), one in flight. */
export function webhookSink(cfg: NonNullable<AlertsConfig['webhook']>, onError: (reason: string) => void, maxQueue = 1000): AlertSink {
  const queue: Alert[] = [];
  let running: Promise<void> | undefined;
  let dropped = 0;
  const pump = async () => {
    while (queue.length > 0) {
      const a = queue.shift()!;
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          const res = await request(cfg.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(dropped > 0 ? { ...a, droppedBefore: dropped } : a),
            headersTimeout: cfg.timeoutMs,
            bodyTimeout: cfg.timeoutMs,
          });
          await res.body.dump();
          if (res.statusCode < 500) {
            dropped = 0;
            break;
          }
        } catch {
          if (attempt === 2) onError('webhook delivery failed');
        }
        await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
      }
    }
    running = undefined;
  };
  return {
    send(a) {
      if (RANK[a.severity] < RANK[cfg.minSeverity]) return;
      if (queue.length >= maxQueue) {
        queue.shift();
        dropped++;
      }
      queue.push(a);
      running ??= pump();
    },
    async close() {
      await running;
    },
  };
}
