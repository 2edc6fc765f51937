import { describe, expect, it } from 'vitest';
import { dedupe } from './dedupe.js';

describe('dedupe', () => {
  it('passes the first of a kind per window, counts the rest, summarizes when the window ends', () => {
    let now = 0;
    const out: Array<{ k: string; n?: number }> = [];
    const d = dedupe<{ k: string; n?: number }>({ windowMs: 1000, key: (e) => e.k, emit: (e) => out.push(e), summarize: (e, n) => ({ ...e, n }), now: () => now });
    for (let i = 0; i < 500; i++) d({ k: 'a' });
    d({ k: 'b' });
    expect(out).toEqual([{ k: 'a' }, { k: 'b' }]);
    now = 1500;
    d({ k: 'a' });
    expect(out).toEqual([{ k: 'a' }, { k: 'b' }, { k: 'a', n: 499 }, { k: 'a' }]);
    d.flush();
    expect(out).toHaveLength(4); // nothing held back for a or b
  });
  it('never holds back events without a key', () => {
    const out: number[] = [];
    const d = dedupe<number>({ windowMs: 1000, key: () => undefined, emit: (e) => out.push(e), summarize: (e) => e });
    for (let i = 0; i < 5; i++) d(i);
    expect(out).toEqual([0, 1, 2, 3, 4]);
  });
});
