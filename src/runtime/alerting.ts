/**
 * Wiring for alerts: the sinks the policy names (plus the operator log and an extra webhook from the
 * command line), the rules engine with its counter (the shared state store when replicas share one),
 * the metrics of every delivery, and the audit record of dropped alerts: drops are summed per sink
 * and appended to the audit log as one `health` event (`check: "alerts"`) per 10 s window and at close.
 */
import { buildSinks, createAlertEngine, logSink, memoryCounter, type AlertEngine, type AlertSink, type AlertsConfig, type RaiseEvent, type WindowCounter } from '../alerts/index.js';
import type { Metrics } from './metrics.js';
import { alertEvent, type Feed } from './feed.js';

export const DROP_RECORD_WINDOW_MS = 10_000;

export interface AlertingOptions {
  readonly config: AlertsConfig;
  readonly metrics: Metrics;
  readonly log: (e: { level: 'info' | 'warn' | 'error'; event: string; detail?: string }) => void;
  /** The shared state store (Redis) when replicas share one; else counts are per process. */
  readonly counter?: () => WindowCounter;
  /** Appends the drop summary to the audit log (bound once the log is open). */
  readonly recordDrops: (what: { readonly check: 'alerts'; readonly dropped: Readonly<Record<string, number>> }) => Promise<unknown>;
  readonly extraWebhook?: { readonly url: string; readonly secret?: string };
  readonly extraSinks?: readonly AlertSink[];
  readonly baseDelayMs?: number;
  /** How long drops are summed before their audit event is appended (default DROP_RECORD_WINDOW_MS). */
  readonly dropRecordMs?: number;
  /** The live feed (dashboard): every raised alert is published to it. */
  readonly feed?: Feed;
}

export interface Alerting {
  readonly engine: AlertEngine;
  /** Events the runtime or other components raise (policy reloaded or rejected, audit verify). */
  raise(ev: RaiseEvent): void;
  close(): Promise<void>;
}

export function createAlerting(o: AlertingOptions): Alerting {
  const pending = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  const writeDrops = async () => {
    timer = undefined;
    if (pending.size === 0) return;
    const dropped = Object.fromEntries(pending);
    pending.clear();
    try {
      await o.recordDrops({ check: 'alerts', dropped });
    } catch {
      o.log({ level: 'error', event: 'alert_drops_not_recorded', detail: `${Object.values(dropped).reduce((a, b) => a + b, 0)} dropped alerts could not be recorded in the audit log` });
    }
  };
  const events = {
    delivered: (s: string) => o.metrics.delivered(s),
    failed: (s: string) => o.metrics.failed(s),
    dropped: (s: string, reason: string) => {
      o.metrics.dropped(s, reason);
      const k = `${s}:${reason}`;
      pending.set(k, (pending.get(k) ?? 0) + 1);
      if (!timer) {
        timer = setTimeout(() => void writeDrops(), o.dropRecordMs ?? DROP_RECORD_WINDOW_MS);
        timer.unref();
      }
    },
  };
  const sinks: AlertSink[] = [
    logSink(o.log as never),
    ...buildSinks(o.config, { events, ...(o.extraWebhook ? { extraWebhook: o.extraWebhook } : {}), ...(o.baseDelayMs !== undefined ? { baseDelayMs: o.baseDelayMs } : {}) }),
    ...(o.extraSinks ?? []),
  ];
  let counter: WindowCounter | undefined;
  const lazyCounter: WindowCounter = { bulkAdd: (...a) => (counter ??= o.counter?.() ?? memoryCounter()).bulkAdd(...a) };
  const engine = createAlertEngine({
    rules: o.config.rules ?? [],
    sinks,
    counter: lazyCounter,
    onAlert: (a) => {
      o.metrics.alert(a);
      try {
        o.feed?.publish(alertEvent(a));
      } catch {
        /* the feed never stops an alert */
      }
    },
    onSuppressed: (rule) => o.metrics.suppressed(rule),
    onError: (reason) => o.log({ level: 'warn', event: 'alert_rule_failed', detail: reason }),
  });
  return {
    engine,
    raise: (ev) => engine.raise(ev),
    async close() {
      engine.flush();
      await Promise.all(sinks.map((s) => s.close().catch(() => undefined)));
      if (timer) clearTimeout(timer);
      await writeDrops();
    },
  };
}
