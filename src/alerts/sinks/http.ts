/**
 * HTTP sinks over undici: the signed webhook (JSON, `phiguard-signature: t=<unix>,v1=<hex>` where
 * v1 is HMAC-SHA-256 over `<t>.<body>` with the policy's secret) and the Slack-compatible incoming
 * webhook (`{"text": ...}`). Each attempt is bounded by the sink's timeout; a status outside 2xx
 * is a failure (retried by the queue).
 */
import { createHmac } from 'node:crypto';
import { request } from 'undici';
import type { Alert, AlertSink, Severity, SinkEvents } from '../types.js';
import { queuedSink } from './queue.js';

export interface HttpSinkOptions {
  readonly url: string;
  readonly timeoutMs: number;
  readonly minSeverity: Severity;
  readonly maxQueue?: number;
  readonly retries?: number;
  readonly baseDelayMs?: number;
  readonly events?: Partial<SinkEvents>;
}

/** The signature header value for a body sent at unix time `t` (seconds). */
export function signature(secret: string, t: number, body: string): string {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex')}`;
}

async function post(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<void> {
  const res = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    signal: AbortSignal.timeout(timeoutMs),
  });
  await res.body.dump().catch(() => undefined);
  if (res.statusCode < 200 || res.statusCode > 299) throw new Error(`status ${res.statusCode}`);
}

const queue = (name: string, o: HttpSinkOptions, deliver: (a: Alert) => Promise<void>) =>
  queuedSink({ name, minSeverity: o.minSeverity, deliver, ...(o.maxQueue ? { maxQueue: o.maxQueue } : {}), ...(o.retries !== undefined ? { retries: o.retries } : {}), ...(o.baseDelayMs !== undefined ? { baseDelayMs: o.baseDelayMs } : {}), ...(o.events ? { events: o.events } : {}) });

export function webhookSink(o: HttpSinkOptions & { readonly secret?: string; readonly now?: () => number }): AlertSink {
  return queue('webhook', o, async (a) => {
    const body = JSON.stringify(a);
    const t = Math.floor((o.now ?? Date.now)() / 1000);
    await post(o.url, body, o.secret ? { 'phiguard-signature': signature(o.secret, t, body) } : {}, o.timeoutMs);
  });
}

/** One line a person can read in a channel: severity, kind, code and references. */
export function slackText(a: Alert): string {
  const refs = [a.route && `route ${a.route}`, a.count !== undefined && `count ${a.count}`, a.requestId && `request ${a.requestId}`, a.principal && `principal ref ${a.principal.slice(0, 12)}`].filter(Boolean).join(', ');
  return `[${a.severity.toUpperCase()}] phiguard ${a.kind}: ${a.code}${refs ? ` (${refs})` : ''}${a.detail ? ` ${a.detail}` : ''}`;
}

export function slackSink(o: HttpSinkOptions): AlertSink {
  return queue('slack', o, (a) => post(o.url, JSON.stringify({ text: slackText(a) }), {}, o.timeoutMs));
}
