/**
 * GET /api/feed: the live feed as server-sent events. The recent events first, then each new one;
 * a comment every 15 s keeps proxies from closing the stream and re-checks the session, which ends
 * the stream once it has expired or logged out. Events carry codes, ids and keyed references only.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Feed, FeedEvent } from '../../runtime/feed.js';

export const HEARTBEAT_MS = 15_000;

export function streamFeed(req: IncomingMessage, res: ServerResponse, feed: Feed, headers: Record<string, string>, stillAuthorized: () => boolean): void {
  let unsubscribe: () => void;
  const send = (ev: FeedEvent) => res.write(`event: ${ev.kind}\ndata: ${JSON.stringify(ev)}\n\n`);
  try {
    unsubscribe = feed.subscribe(send);
  } catch {
    res.writeHead(503, { ...headers, 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ error: { code: 'PG_INTERNAL', message: 'Too many feed connections.' } }));
    return;
  }
  res.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  res.write('retry: 3000\n\n');
  for (const ev of feed.recent().slice(-50)) send(ev);
  const timer = setInterval(() => {
    if (!stillAuthorized()) return end();
    res.write(': keep-alive\n\n');
  }, HEARTBEAT_MS);
  timer.unref();
  const end = () => {
    clearInterval(timer);
    unsubscribe();
    if (!res.writableEnded) res.end();
  };
  req.on('close', end);
  res.on('error', end);
}
