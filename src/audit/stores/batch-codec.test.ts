import { describe, expect, it } from 'vitest';
import { packBatch, packItems, unpackBatch, unpackItems } from './batch-codec.js';

const items = [
  { ts: 1_700_000_000_123, bodyJson: '{"ts":1,"a":"é ü 中 😀"}' },
  { ts: -5, bodyJson: '{"ts":2}', detail: { period: '2026-12', wrappedKey: null, blob: Buffer.from([1, 2, 3, 0, 255]) } },
  { ts: 0, bodyJson: '{"ts":3,"x":"\\u0000"}', detail: { period: 'record:ab', wrappedKey: Buffer.alloc(60, 9), blob: Buffer.alloc(0) } },
];

describe('batch codec (the SQLite writer thread hand-off)', () => {
  it('round-trips a batch: scalar inputs, items in order, bodies as UTF-8 bytes, details', () => {
    const ab = packBatch({ items, force: true, now: 1234.5, every: Infinity, intervalMs: 5000 });
    const out = unpackBatch(ab);
    expect(out).toMatchObject({ force: true, now: 1234.5, every: Infinity, intervalMs: 5000 });
    expect(out.items.map((i) => i.ts)).toEqual([1_700_000_000_123, -5, 0]);
    expect(out.items.map((i) => Buffer.from(i.bodyUtf8!).toString('utf8'))).toEqual(items.map((i) => i.bodyJson));
    expect(out.items[0]!.detail).toBeUndefined();
    expect(out.items[1]!.detail).toEqual({ period: '2026-12', wrappedKey: null, blob: Buffer.from([1, 2, 3, 0, 255]) });
    expect(out.items[2]!.detail).toEqual({ period: 'record:ab', wrappedKey: Buffer.alloc(60, 9), blob: Buffer.alloc(0) });
    expect(unpackBatch(packBatch({ items: [], force: false, now: 0, every: 1000, intervalMs: 0 }))).toEqual({ items: [], force: false, now: 0, every: 1000, intervalMs: 0 });
    expect(unpackItems(packItems(items)).map((i) => Buffer.from(i.bodyUtf8!).toString('utf8'))).toEqual(items.map((i) => i.bodyJson));
  });

  it('carries a detail still to encrypt (seal): period, key, plain JSON, digest offset', () => {
    const key = Buffer.alloc(32, 5);
    const ab = packBatch({ items: [{ ts: 1, bodyJson: '{"ts":1}', seal: { period: '2026-12', key, plain: '{"peer":"ü"}', digestAt: 7 } }, items[1]!], force: false, now: 0, every: 1, intervalMs: 0 });
    const out = unpackBatch(ab).items;
    expect(out[0]!.detail).toBeUndefined();
    expect(out[0]!.seal!.period).toBe('2026-12');
    expect(Buffer.from(out[0]!.seal!.key)).toEqual(key);
    expect(Buffer.from(out[0]!.seal!.plain as Uint8Array).toString('utf8')).toBe('{"peer":"ü"}');
    expect(out[0]!.seal!.digestAt).toBe(7);
    expect(out[1]!.detail!.period).toBe('2026-12');
  });

  it('refuses a truncated or padded buffer instead of reading a partial batch', () => {
    const ab = packBatch({ items, force: false, now: 1, every: 1, intervalMs: 1 });
    expect(() => unpackBatch(ab.slice(0, ab.byteLength - 1))).toThrow();
    expect(() => unpackBatch(ab.slice(0, 10))).toThrow(/truncated/);
    const padded = new Uint8Array(ab.byteLength + 1);
    padded.set(new Uint8Array(ab));
    expect(() => unpackBatch(padded.buffer)).toThrow(/trailing/);
  });
});
