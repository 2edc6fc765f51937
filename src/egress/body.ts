/**
 * The PHI check on an outbound body to a host without a business associate agreement: the body
 * (at most `maxScanBytes`) is decoded as UTF-8 and scanned with the PHI engine; any finding blocks.
 * A body that is larger, or that cannot be read as bytes, is blocked too (fail closed).
 */
import { scanText } from '../phi/index.js';
import type { EgressConfig } from '../policy/types.js';
import { EgressError } from './errors.js';
import type { EgressTarget } from './hosts.js';

export type PhiScan = (text: string) => boolean;

/** Default scanner: any PHI finding at the engine's default minimum score. */
export const defaultPhiScan: PhiScan = (text) => scanText(text).length > 0;

/** Whether a body to this target must be scanned. */
export function needsScan(config: EgressConfig, target: EgressTarget): boolean {
  return config.scanBodies && !target.entry.baa;
}

/** Throws EgressError when the collected body may not go to the target. */
export function checkBody(config: EgressConfig, target: EgressTarget, body: Buffer, method: string, scan: PhiScan): void {
  if (body.length > config.maxScanBytes) throw new EgressError({ code: 'PG_EGRESS_PHI', host: target.host, reason: 'body-too-large', method });
  if (body.length === 0) return;
  let found: boolean;
  try {
    found = scan(body.toString('utf8'));
  } catch {
    found = true;
  }
  if (found) throw new EgressError({ code: 'PG_EGRESS_PHI', host: target.host, reason: 'phi', method });
}

/** Bytes of a request body given as a string or bytes; undefined for streams and other shapes. */
export function bytesOf(chunk: unknown): Buffer | undefined {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (chunk instanceof ArrayBuffer) return Buffer.from(chunk);
  return undefined;
}

/** Collects an undici request body (bytes, string, async iterable, web stream) up to limit+1 bytes. */
export async function collectBody(body: unknown, limit: number): Promise<Buffer | undefined> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  const direct = bytesOf(body);
  if (direct) return direct;
  const iterable = body as AsyncIterable<unknown>;
  if (typeof (iterable as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] !== 'function') return undefined;
  const parts: Buffer[] = [];
  let size = 0;
  const it = iterable[Symbol.asyncIterator]();
  for (;;) {
    const next = await it.next();
    if (next.done) break;
    const b = bytesOf(next.value);
    if (!b) return undefined;
    parts.push(b);
    size += b.length;
    if (size > limit) {
      // Stop reading; the source is abandoned (not awaited: a producer may never settle).
      void Promise.resolve(it.return?.()).catch(() => undefined);
      break;
    }
  }
  return Buffer.concat(parts);
}
