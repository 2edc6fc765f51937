import { describe, expect, it } from 'vitest';
import { decryptDetail, encryptDetail, newDataKey, periodOf } from './detail.js';

const iso = (ts: number, g: 'day' | 'month') => new Date(ts).toISOString().slice(0, g === 'day' ? 10 : 7);

describe('detail periods and blobs', () => {
  it('names the same month / day as the ISO date, at boundaries and in any order', () => {
    const times: number[] = [];
    for (const y of [1, 49, 50, 99, 100, 1969, 1970, 2024, 2026, 2100]) {
      const d = new Date(0);
      d.setUTCFullYear(y, 11, 31);
      for (const t of [d.getTime(), d.getTime() + 86_400_000]) times.push(t - 1, t, t + 1);
    }
    for (let i = 0; i < 2000; i++) times.push(Math.floor((i * 7_919_000_003) % 4e12));
    for (const g of ['day', 'month'] as const) {
      for (const t of times) expect(periodOf(t, g), `${g} ${t}`).toBe(iso(t, g));
      for (const t of [...times].reverse()) expect(periodOf(t, g), `${g} ${t}`).toBe(iso(t, g));
    }
    expect(() => periodOf(Number.NaN, 'month')).toThrow(RangeError);
    expect(() => periodOf(Number.NaN, 'record')).toThrow(RangeError);
    expect(periodOf(0, 'record')).toMatch(/^record:[0-9a-f]{24}$/);
  });

  it('round-trips a detail blob and digests the ciphertext', async () => {
    const key = newDataKey();
    const detail = { patients: ['Patient/1'], user: 'https://idp|u' };
    const enc = encryptDetail(key, detail);
    expect(decryptDetail(key, enc.blob)).toEqual(detail);
    const { createHash } = await import('node:crypto');
    expect(enc.digest).toBe(createHash('sha256').update(enc.blob).digest('hex'));
    expect(enc.blob.length).toBe(12 + 16 + Buffer.byteLength(JSON.stringify(detail)));
  });
});
