/**
 * Packs a batch for the SQLite writer thread into one transferable buffer (structured-cloning
 * thousands of small objects costs more than the commit itself; one message per batch, nothing in
 * it but this buffer and the request id, see sqlite.ts):
 *   header (packBatch only): u8 force, f64 now, f64 every, f64 intervalMs
 *   u32 count, then per item: f64 ts, u32 body length, body (UTF-8), u8 kind, then
 *   kind 1 (detail): u16 period length, period, u16 wrapped-key length, wrapped key, u32 blob length, blob
 *   kind 2 (seal, see DetailSeal): u16 period length, period, u16 key length, key, u32 plain length,
 *          plain (UTF-8 canonical JSON), u32 digest offset in the body
 */
import type { BatchInput, BatchItem } from '../types.js';

const HEADER = 1 + 8 + 8 + 8;

export function packItems(items: readonly BatchItem[]): ArrayBuffer {
  return pack(items, 0).ab;
}

/** The batch's scalar inputs and its items; `origin` travels apart (it rarely changes). */
export function packBatch(input: Omit<BatchInput, 'origin'>): ArrayBuffer {
  const { b, ab } = pack(input.items, HEADER);
  b.writeUInt8(input.force ? 1 : 0, 0);
  b.writeDoubleLE(input.now, 1);
  b.writeDoubleLE(input.every, 9);
  b.writeDoubleLE(input.intervalMs, 17);
  return ab;
}

export function unpackBatch(ab: ArrayBuffer): Omit<BatchInput, 'origin'> {
  const b = Buffer.from(ab);
  if (b.length < HEADER + 4) throw new Error('audit batch: truncated header');
  return { force: b.readUInt8(0) === 1, now: b.readDoubleLE(1), every: b.readDoubleLE(9), intervalMs: b.readDoubleLE(17), items: unpack(b, HEADER) };
}

function pack(items: readonly BatchItem[], start: number): { b: Buffer; ab: ArrayBuffer } {
  let size = start + 4;
  for (const it of items) {
    size += 8 + 4 + (it.bodyUtf8 ? it.bodyUtf8.length : Buffer.byteLength(it.bodyJson ?? '', 'utf8')) + 1;
    if (it.detail) size += 2 + Buffer.byteLength(it.detail.period, 'utf8') + 2 + (it.detail.wrappedKey?.length ?? 0) + 4 + it.detail.blob.length;
    else if (it.seal) size += 2 + Buffer.byteLength(it.seal.period, 'utf8') + 2 + it.seal.key.length + 4 + plainLength(it.seal.plain) + 4;
  }
  const ab = new ArrayBuffer(size);
  const b = Buffer.from(ab);
  let o = b.writeUInt32LE(items.length, start);
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
    if (!it.detail && it.seal) {
      const s = it.seal;
      o = b.writeUInt8(2, o);
      const pl = b.write(s.period, o + 2, 'utf8');
      b.writeUInt16LE(pl, o);
      o += 2 + pl;
      o = b.writeUInt16LE(s.key.length, o);
      b.set(s.key, o);
      o += s.key.length;
      let n: number;
      if (typeof s.plain === 'string') n = b.write(s.plain, o + 4, 'utf8');
      else {
        b.set(s.plain, o + 4);
        n = s.plain.length;
      }
      b.writeUInt32LE(n, o);
      o += 4 + n;
      o = b.writeUInt32LE(s.digestAt, o);
      continue;
    }
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
  if (o !== size) throw new Error('audit batch: size mismatch');
  return { b, ab };
}

const plainLength = (p: string | Uint8Array): number => (typeof p === 'string' ? Buffer.byteLength(p, 'utf8') : p.length);

export function unpackItems(ab: ArrayBuffer): BatchItem[] {
  return unpack(Buffer.from(ab), 0);
}

function unpack(b: Buffer, start: number): BatchItem[] {
  const n = b.readUInt32LE(start);
  let o = start + 4;
  const items: BatchItem[] = [];
  for (let i = 0; i < n; i++) {
    const ts = b.readDoubleLE(o);
    const len = b.readUInt32LE(o + 8);
    // The body stays UTF-8 bytes (a view of the transferred buffer): the leaf is built from them.
    const bodyUtf8 = b.subarray(o + 12, o + 12 + len);
    o += 12 + len;
    const kind = b.readUInt8(o++);
    if (kind === 0) {
      items.push({ ts, bodyUtf8 });
      continue;
    }
    if (kind === 2) {
      const pl = b.readUInt16LE(o);
      const period = b.toString('utf8', o + 2, o + 2 + pl);
      o += 2 + pl;
      const kl = b.readUInt16LE(o);
      const key = b.subarray(o + 2, o + 2 + kl);
      o += 2 + kl;
      const nl = b.readUInt32LE(o);
      const plain = b.subarray(o + 4, o + 4 + nl);
      o += 4 + nl;
      const digestAt = b.readUInt32LE(o);
      o += 4;
      if (key.length !== kl || plain.length !== nl) throw new Error('audit batch: truncated item');
      items.push({ ts, bodyUtf8, seal: { period, key, plain, digestAt } });
      continue;
    }
    if (kind !== 1) throw new Error('audit batch: unknown item kind');
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
  if (o !== b.length) throw new Error('audit batch: trailing bytes');
  return items;
}
