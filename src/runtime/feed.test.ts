import { describe, expect, it } from 'vitest';
import { alertEvent, createFeed, decisionEvent, type FeedEvent } from './feed.js';
import type { GuardContext } from '../core/context.js';

const ev = (i: number): FeedEvent => ({ kind: 'decision', requestId: `r${i}`, time: new Date(i).toISOString(), route: 'x', method: 'GET', status: 200, outcome: 'allowed', code: 'PG_OK' });

describe('live feed bus', () => {
  it('keeps only the last `capacity` events and delivers later ones to subscribers until they unsubscribe', () => {
    const feed = createFeed(3);
    for (let i = 0; i < 5; i++) feed.publish(ev(i));
    expect(feed.recent().map((e) => (e as { requestId: string }).requestId)).toEqual(['r2', 'r3', 'r4']);
    const got: FeedEvent[] = [];
    const off = feed.subscribe((e) => got.push(e));
    feed.publish(ev(5));
    off();
    feed.publish(ev(6));
    expect(got).toEqual([ev(5)]);
    expect(feed.subscribers).toBe(0);
  });

  it('keeps the last events in order however many times the buffer wrapped', () => {
    for (const cap of [1, 4]) {
      const feed = createFeed(cap);
      for (let n = 0; n < 11; n++) {
        expect(feed.recent().map((e) => (e as { requestId: string }).requestId)).toEqual(Array.from({ length: Math.min(n, cap) }, (_, i) => `r${n - Math.min(n, cap) + i}`));
        feed.publish(ev(n));
      }
    }
    const none = createFeed(0);
    none.publish(ev(1));
    expect(none.recent()).toEqual([]);
  });

  it('drops a subscriber that throws, keeps the others, and bounds the number of subscribers', () => {
    const feed = createFeed(10, 2);
    const got: FeedEvent[] = [];
    feed.subscribe(() => {
      throw new Error('broken');
    });
    feed.subscribe((e) => got.push(e));
    expect(() => feed.subscribe(() => undefined)).toThrow(/too many/);
    feed.publish(ev(1));
    feed.publish(ev(2));
    expect(got.length).toBe(2);
    expect(feed.subscribers).toBe(1);
  });

  it('a decision event carries ids and codes only: no path, query, claims or raw principal id', () => {
    const ctx = {
      id: 'req-1', receivedAt: 0, request: { method: 'GET', target: '/Patient/536-22-1234?name=Okafor', headers: [] },
      route: { route: { id: 'patient-read', method: 'GET', template: '/Patient/{id}' }, params: { id: '536-22-1234' } },
      principal: { id: 'iss|dr-house', issuer: 'iss', subject: 'dr-house', claims: { name: 'Gregory House' } },
      outcome: { stage: 'authorize', code: 'PG_AUTHZ_ROLE', status: 403 }, decisions: [], responseHeaders: [],
    } as unknown as GuardContext;
    const e = decisionEvent(ctx, (id) => `ref(${id.length})`);
    expect(e).toEqual({ kind: 'decision', requestId: 'req-1', time: '1970-01-01T00:00:00.000Z', route: 'patient-read', method: 'GET', status: 403, outcome: 'denied', code: 'PG_AUTHZ_ROLE', user: 'ref(12)' });
    expect(JSON.stringify(e)).not.toMatch(/536|Okafor|House|dr-house/);
    const odd = decisionEvent({ ...ctx, route: undefined, request: { method: 'X-EVIL<script>' } } as unknown as GuardContext);
    expect(odd.method).toBe('OTHER');
    expect(alertEvent({ kind: 'break-glass', severity: 'high', code: 'PG_BREAK_GLASS_GRANTED', time: 't', principal: 'abc' })).toEqual({ kind: 'alert', alert: 'break-glass', severity: 'high', code: 'PG_BREAK_GLASS_GRANTED', time: 't', principal: 'abc' });
  });
});
