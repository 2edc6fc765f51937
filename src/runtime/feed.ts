/**
 * The live feed: a tiny in-process event bus of finished decisions and raised alerts, for the
 * dashboard's server-sent events (src/admin/dashboard). Bounded: the last `capacity` events are
 * kept for late subscribers and a subscriber that throws is dropped. No PHI: a decision carries
 * the request id, time, route id, method, status, outcome, reason code and the keyed user
 * reference; never a path, query, claim or body. An alert carries its kind, severity, code, rule,
 * route id and keyed references, as the alert sinks do.
 */
import type { GuardContext, RouteView } from '../core/context.js';
import type { Alert } from '../alerts/index.js';

export interface DecisionEvent {
  readonly kind: 'decision';
  readonly requestId: string;
  readonly time: string;
  /** The matched route's id ('-' when no route matched). */
  readonly route: string;
  readonly method: string;
  readonly status: number;
  readonly outcome: 'allowed' | 'denied';
  readonly code: string;
  /** The audit log's keyed user reference, when the request was authenticated. */
  readonly user?: string;
}

export interface AlertEvent {
  readonly kind: 'alert';
  readonly time: string;
  readonly alert: string;
  readonly severity: string;
  readonly code: string;
  readonly rule?: string;
  readonly route?: string;
  readonly requestId?: string;
  readonly principal?: string;
}

export type FeedEvent = DecisionEvent | AlertEvent;

export interface Feed {
  publish(ev: FeedEvent): void;
  /** Calls `fn` with every later event; returns the unsubscribe function. */
  subscribe(fn: (ev: FeedEvent) => void): () => void;
  /** The last events kept (oldest first). */
  recent(): readonly FeedEvent[];
  readonly subscribers: number;
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export function createFeed(capacity = 200, maxSubscribers = 64): Feed {
  // A circular buffer: publishing (once per request) moves nothing; `recent` puts it in order.
  const ring: FeedEvent[] = [];
  let next = 0;
  const subs = new Set<(ev: FeedEvent) => void>();
  return {
    publish(ev) {
      if (capacity <= 0) {
        /* keep nothing */
      } else if (ring.length < capacity) ring.push(ev);
      else {
        ring[next] = ev;
        next = (next + 1) % capacity;
      }
      if (subs.size === 0) return;
      for (const fn of [...subs]) {
        try {
          fn(ev);
        } catch {
          subs.delete(fn);
        }
      }
    },
    subscribe(fn) {
      if (subs.size >= maxSubscribers) throw new Error('too many feed subscribers');
      subs.add(fn);
      return () => void subs.delete(fn);
    },
    recent: () => (next === 0 ? ring.slice() : [...ring.slice(next), ...ring.slice(0, next)]),
    get subscribers() {
      return subs.size;
    },
  };
}

/** The feed event of a finished request (no request data beyond the route id and method). */
export function decisionEvent(ctx: GuardContext<RouteView>, userRef?: (id: string) => string): DecisionEvent {
  const method = ctx.route?.route.method ?? (METHODS.has(ctx.request.method) ? ctx.request.method : 'OTHER');
  return {
    kind: 'decision',
    requestId: ctx.id,
    time: new Date(ctx.receivedAt).toISOString(),
    route: ctx.route?.route.id ?? '-',
    method,
    status: ctx.outcome?.status ?? ctx.response?.status ?? 0,
    outcome: ctx.outcome ? 'denied' : 'allowed',
    code: ctx.outcome?.code ?? 'PG_OK',
    ...(ctx.principal && userRef ? { user: userRef(ctx.principal.id) } : {}),
  };
}

export function alertEvent(a: Alert): AlertEvent {
  return {
    kind: 'alert',
    time: a.time,
    alert: a.kind,
    severity: a.severity,
    code: a.code,
    ...(a.rule ? { rule: a.rule } : {}),
    ...(a.route ? { route: a.route } : {}),
    ...(a.requestId ? { requestId: a.requestId } : {}),
    ...(a.principal ? { principal: a.principal } : {}),
  };
}
