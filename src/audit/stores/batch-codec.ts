/**
 * Packs a batch of sequencer items into one transferable buffer for the SQLite writer thread
 * (structured-cloning thousands of small objects costs more than the commit itself).
 *   u32 count, then per item: f64 ts, u32 body length, body (UTF-8), u8 has-detail,
 *   [u16 period length, period, u16 wrapped-key length, wrapped key, u32 blob length, blob]
 */
import type { BatchItem } from '../types.js';

export function packItems(items: readonly BatchItem[]): ArrayBuffer {
  let size = 4;
  for (const it of items) {
    size += 8 + 4 + (it.bodyUtf8 ? it.bodyUtf8.length : Buffer.byteLength(it.bodyJson ?? '', 'utf8')) + 1;
    if (it.detail) size += 2 + Buffer.byteLength(it.detail.period, 'utf8') + 2 + (it.detail.wrappedKey?.length ?? 0) + 4 + it.detail.blob.length;
  }
  const ab = new ArrayBuffer(size);
  const b = Buffer.from(ab);
  let o = b.writeUInt32LE(items.length, 0);
  for (const it of items) {
    o = b.writeDoubleLE(it.ts, o);
    let len: number;
    if (it.bodyUtf8) {
      b.set(it.bodyUtf8, o + 4);
      len = it.bodyUtf8.length;
    } else {
      len = b.write(it.bodyJson ?? '', o + 4, 'utf8');
    }
    b.writeUInt32LE(len, o);
    o += 4 + len;
    if (!it.detail) {
      o = b.writeUInt8(0, o);
      continue;
    }
    o = b.writeUInt8(1, o);
    const pl = b.write(it.detail.period, o + 2, 'utf8');
    b.writeUInt16LE(pl, o);
    o += 2 + pl;
    const wk = it.detail.wrappedKey ?? Buffer.alloc(0);
    o = b.writeUInt16LE(wk.length, o);
    b.set(wk, o);
    o += wk.length;
    o = b.writeUInt32LE(it.detail.blob.length, o);
    b.set(it.detail.blob, o);
    o += it.detail.blob.length;
  }
  return ab;
}

export function unpackItems(ab: ArrayBuffer): BatchItem[] {
  const b = Buffer.from(ab);
  const n = b.readUInt32LE(0);
  let o = 4;
  const items: BatchItem[] = [];
  for (let i = 0; i < n; i++) {
    const ts = b.readDoubleLE(o);
    const len = b.readUInt32LE(o + 8);
    // The body stays UTF-8 bytes (a view of the transferred buffer): the leaf is built from them.
    const bodyUtf8 = b.subarray(o + 12, o + 12 + len);
    o += 12 + len;
    const has = b.readUInt8(o++);
    if (!has) {
      items.push({ ts, bodyUtf8 });
      continue;
    }
    const pl = b.readUInt16LE(o);
    const period = b.toString('utf8', o + 2, o + 2 + pl);
    o += 2 + pl;
    const wl = b.readUInt16LE(o);
    const wrappedKey = wl > 0 ? Buffer.from(b.subarray(o + 2, o + 2 + wl)) : null;
    o += 2 + wl;
    const bl = b.readUInt32LE(o);
    const blob = Buffer.from(b.subarray(o + 4, o + 4 + bl));
    o += 4 + bl;
    items.push({ ts, bodyUtf8, detail: { period, wrappedKey, blob } });
  }
  return items;
}
