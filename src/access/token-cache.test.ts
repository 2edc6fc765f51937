import { describe, expect, it } from 'vitest';
import { TokenCache, tokenDigest } from './token-cache.js';

describe('verified-token cache', () => {
  it('is a bounded LRU', () => {
    let now = 1000;
    const c = new TokenCache<string>(2, { now: () => now });
    c.set('a', 'A', 10_000);
    c.set('b', 'B', 10_000);
    expect(c.get('a')).toBe('A'); // a is now most recent
    c.set('c', 'C', 10_000);
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBe('A');
    expect(c.get('c')).toBe('C');
    expect(c.size).toBe(2);
    now = 10_000;
    expect(c.get('a')).toBeUndefined(); // expiry is exclusive: never served at or after it
  });

  it('does not store already-expired entries and keys by digest, not token', () => {
    const c = new TokenCache<string>(10, { now: () => 5000 });
    c.set('x', 'X', 5000);
    expect(c.size).toBe(0);
    const d = tokenDigest('header.payload.signature');
    expect(d).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(d).not.toContain('signature');
  });
});
