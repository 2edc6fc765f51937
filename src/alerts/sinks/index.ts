/** Builds the sinks a compiled `alerts:` section names, plus stdout JSON and the operator log sink. */
import type { AlertsConfig } from '../policy.js';
import type { Alert, AlertSink, Severity, SinkEvents } from '../types.js';
import { slackSink, webhookSink } from './http.js';
import { RANK } from './queue.js';
import { syslogSink } from './syslog.js';

export { signature, slackSink, slackText, webhookSink } from './http.js';
export { backoffDelay, queuedSink, RANK } from './queue.js';
export { formatSyslog, octetFrame, SD_ID, syslogSink } from './syslog.js';

/** One JSON line per alert on stdout (or `write`). */
export function stdoutSink(minSeverity: Severity, write: (line: string) => void = (l) => void process.stdout.write(l)): AlertSink {
  return {
    name: 'stdout',
    send: (a) => {
      if (RANK[a.severity] >= RANK[minSeverity]) write(`${JSON.stringify({ event: 'alert', ...a })}\n`);
    },
    close: async () => undefined,
  };
}

export function logSink(log: (e: { level: 'warn' | 'error'; event: string; [k: string]: unknown }) => void): AlertSink {
  return {
    name: 'log',
    send: (a: Alert) => log({ level: RANK[a.severity] >= RANK.high ? 'error' : 'warn', event: 'alert', ...a }),
    close: async () => undefined,
  };
}

export interface BuildSinksOptions {
  readonly events?: Partial<SinkEvents>;
  /** Extra webhook (the demo's `--alert-webhook URL`), signed with `secret` when given. */
  readonly extraWebhook?: { readonly url: string; readonly secret?: string };
  readonly baseDelayMs?: number;
}

export function buildSinks(cfg: AlertsConfig, o: BuildSinksOptions = {}): AlertSink[] {
  const common = { ...(cfg.queueSize ? { maxQueue: cfg.queueSize } : {}), ...(cfg.retries !== undefined ? { retries: cfg.retries } : {}), ...(o.baseDelayMs !== undefined ? { baseDelayMs: o.baseDelayMs } : {}), ...(o.events ? { events: o.events } : {}) };
  const sinks: AlertSink[] = [];
  if (cfg.webhook) sinks.push(webhookSink({ ...cfg.webhook, ...common }));
  if (o.extraWebhook) sinks.push(webhookSink({ url: o.extraWebhook.url, timeoutMs: 2000, minSeverity: 'low', ...(o.extraWebhook.secret ? { secret: o.extraWebhook.secret } : {}), ...common }));
  if (cfg.slack) sinks.push(slackSink({ ...cfg.slack, ...common }));
  for (const s of cfg.syslog ?? []) sinks.push(syslogSink(s, common));
  if (cfg.stdout) sinks.push(stdoutSink(cfg.stdout.minSeverity));
  return sinks;
}
