/**
 * Alerts: small, PHI-free event records delivered to sinks without blocking the request path.
 * Sinks: the operator log (always) and an optional webhook (bounded queue, timeout, retries).
 */
import { request } from 'undici';
import type { CompileContext } from '../core/section.js';
import { durationSchema, parseDuration } from '../core/section.js';

export type Severity = 'low' | 'medium' | 'high' | 'critical';

/** An alert carries codes, ids and keyed references only: never a value from the request. */
export interface Alert {
  readonly kind: string;
  readonly severity: Severity;
  readonly code: string;
  readonly requestId?: string;
  readonly principal?: string;
  readonly route?: string;
  readonly time: string;
  readonly detail?: string;
}

export interface AlertSink {
  send(alert: Alert): void;
  close(): Promise<void>;
}

export const alertsPolicySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    webhook: {
      type: 'object',
      additionalProperties: false,
      required: ['url'],
      properties: {
        url: { type: 'string', pattern: '^https?://' },
        timeout: durationSchema,
        minSeverity: { enum: ['low', 'medium', 'high', 'critical'] },
      },
    },
  },
} as const;

export interface AlertsConfig {
  readonly webhook?: { readonly url: string; readonly timeoutMs: number; readonly minSeverity: Severity };
}

export function compileAlerts(raw: unknown, _ctx: CompileContext): AlertsConfig {
  const w = (raw as { webhook?: { url: string; timeout?: unknown; minSeverity?: Severity } } | undefined)?.webhook;
  return Object.freeze(w ? { webhook: Object.freeze({ url: w.url, timeoutMs: parseDuration(w.timeout) ?? 2000, minSeverity: w.minSeverity ?? 'high' }) } : {});
}

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
