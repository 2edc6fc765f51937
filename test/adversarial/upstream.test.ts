/**
 * A gateway that trusts no upstream (issue 12), part 1: encodings, framing and transport faults.
 * The real gateway in front of a real upstream that misbehaves on purpose (test/helpers/raw-upstream.ts
 * writes the raw bytes of each case; test/helpers/untrusted-gateway.ts starts both). Every case reads
 * everything the client received, byte for byte, and asserts a reason-coded refusal or a redacted
 * body: the SSN the upstream plants never reaches the client in any form. Part 2 (what is released
 * is inspected: headers, NDJSON, error pages, a failing redactor) is upstream-inspect.test.ts.
 */
import { constants, createBrotliCompress, createDeflate, createGzip, deflateSync, gzipSync, brotliCompressSync } from 'node:zlib';
import type { Transform } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunk, response } from '../helpers/raw-upstream.js';
import { JSON_T, MAX, PATIENT, SSN, clean, refused, send, startUntrustedRig, type UntrustedRig } from '../helpers/untrusted-gateway.js';

let rig: UntrustedRig;
let run: UntrustedRig['run'];
beforeAll(async () => {
  rig = await startUntrustedRig();
  run = rig.run;
});
afterAll(async () => {
  await rig?.close();
});

async function compressStream(z: Transform, mb: number): Promise<Buffer> {
  const zeros = Buffer.alloc(1 << 20);
  const out: Buffer[] = [];
  z.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((r) => z.on('end', r));
  for (let i = 0; i < mb; i++) if (!z.write(zeros)) await new Promise((r) => z.once('drain', r));
  z.end();
  await done;
  return Buffer.concat(out);
}

describe('compressed responses are decoded, with output caps, before inspection', () => {
  for (const [enc, fn] of [['gzip', gzipSync], ['deflate', deflateSync], ['br', brotliCompressSync]] as const) {
    it(`${enc}: decoded, redacted, released uncompressed`, async () => {
      const r = await run(`enc-${enc}`, send(response(200, { ...JSON_T, 'content-encoding': enc }, fn(Buffer.from(PATIENT)))));
      expect(r.status).toBe(200);
      clean(r);
      expect(JSON.parse(r.body)).toMatchObject({ resourceType: 'Patient', id: 'p1' });
      expect(r.headers.find(([k]) => k === 'content-encoding')).toBeUndefined();
    });
  }

  for (const [enc, make, mb] of [
    ['gzip', () => createGzip({ level: 9 }), 1024],
    ['br', () => createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 1 } }), 1024],
    ['deflate', () => createDeflate({ level: 9 }), 256],
  ] as const) {
    it(`a ${enc} bomb (${mb} MiB of zeros) is a 502 and memory stays bounded`, async () => {
      const bomb = await compressStream(make(), mb);
      expect(bomb.length).toBeLessThan(MAX); // it passes the wire cap: only the output cap stops it
      const before = process.memoryUsage().rss;
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
      // Zeros then an SSN: if the bomb were decoded whole, the SSN would be at its end.
      const r = await run(`bomb-${enc}`, send(response(200, { ...JSON_T, 'content-encoding': enc }, bomb)));
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);
      refused(r, 502, 'PG_RESPONSE_ENCODING');
      expect(peak - before).toBeLessThan(256 * 1024 * 1024); // a 1 GiB expansion would not fit
    }, 30_000);
  }

  it('an unknown encoding (zstd) is refused', async () => {
    refused(await run('enc-unknown', send(response(200, { ...JSON_T, 'content-encoding': 'zstd' }, PATIENT))), 502, 'PG_RESPONSE_ENCODING');
  });

  it('stacked encodings (gzip, gzip) are refused, not half-decoded', async () => {
    const twice = gzipSync(gzipSync(Buffer.from(PATIENT)));
    refused(await run('enc-stacked', send(response(200, { ...JSON_T, 'content-encoding': 'gzip, gzip' }, twice))), 502, 'PG_RESPONSE_ENCODING');
  });

  it('two Content-Encoding header lines are refused like a stacked encoding', async () => {
    const twice = gzipSync(gzipSync(Buffer.from(PATIENT)));
    refused(await run('enc-two-lines', send(response(200, { ...JSON_T, 'content-encoding': ['gzip', 'gzip'] }, twice))), 502, 'PG_RESPONSE_ENCODING');
  });

  it('a false encoding (says gzip, is plain) is refused', async () => {
    refused(await run('enc-false', send(response(200, { ...JSON_T, 'content-encoding': 'gzip' }, PATIENT))), 502, 'PG_RESPONSE_ENCODING');
  });

  it('a truncated gzip stream is refused', async () => {
    const z = gzipSync(Buffer.from(PATIENT));
    refused(await run('enc-truncated', send(response(200, { ...JSON_T, 'content-encoding': 'gzip' }, z.subarray(0, z.length - 12)))), 502, 'PG_RESPONSE_ENCODING');
  });
});

describe('framing and transport faults', () => {
  it('Range is never forwarded, and a 206 the upstream sends anyway is refused', async () => {
    const r = await run('range', send(response(206, { ...JSON_T, 'content-range': 'bytes 0-9/100' }, PATIENT.slice(0, 40))), { headers: { range: 'bytes=0-9' } });
    refused(r, 502, 'PG_RESPONSE_PARTIAL');
    expect(rig.up.heads.at(-1)!.toLowerCase()).not.toContain('range:');
  });

  it('a connection reset mid-body is a 502', async () => {
    refused(await run('reset', (s) => {
      s.write(response(200, { ...JSON_T, 'content-length': '4000' }, PATIENT));
      setTimeout(() => s.resetAndDestroy(), 20);
    }), 502, 'PG_UPSTREAM_INVALID');
  });

  it('a short body (Content-Length larger than sent, then close) is a 502', async () => {
    refused(await run('short', send(response(200, { ...JSON_T, 'content-length': String(PATIENT.length + 50) }, PATIENT))), 502, 'PG_UPSTREAM_INVALID');
  });

  it('a garbage status line is a 502', async () => {
    refused(await run('garbage-status', send(Buffer.from(`HTTP/1.1 2OO OK\r\ncontent-type: application/json\r\n\r\n${PATIENT}`))), 502, 'PG_UPSTREAM_INVALID');
  });

  it('a non-HTTP answer is a 502', async () => {
    refused(await run('not-http', send(Buffer.from(`SSH-2.0-OpenSSH_9.6 ${SSN}\r\n`))), 502, 'PG_UPSTREAM_INVALID');
  });

  it('Content-Length together with Transfer-Encoding (smuggling) is a 502', async () => {
    const body = Buffer.concat([chunk(PATIENT), Buffer.from('0\r\n\r\n')]);
    refused(await run('cl-te', send(response(200, { ...JSON_T, 'content-length': '5', 'transfer-encoding': 'chunked' }, body))), 502, 'PG_UPSTREAM_INVALID');
  });

  it('a hang before the headers is a 504 (upstream.headersTimeout)', async () => {
    refused(await run('hang-head', () => undefined), 504, 'PG_UPSTREAM_TIMEOUT');
  });

  it('a hang mid-body is a 504 (upstream.bodyTimeout) and the sent half is not released', async () => {
    refused(await run('hang-body', (s) => void s.write(response(200, { ...JSON_T, 'content-length': '4000' }, PATIENT))), 504, 'PG_UPSTREAM_TIMEOUT');
  });

  it('an oversize body (declared length) is a 502', async () => {
    refused(await run('oversize', (s) => {
      s.write(response(200, { ...JSON_T, 'content-length': String(MAX + 10) }, PATIENT));
      s.end(Buffer.alloc(MAX, 0x20));
    }), 502, 'PG_UPSTREAM_RESPONSE_TOO_LARGE');
  });

  it('an oversize chunked body (no length) is a 502', async () => {
    refused(await run('oversize-chunked', async (s) => {
      s.write(response(200, { ...JSON_T, 'transfer-encoding': 'chunked' }, chunk(`{"note":"${SSN}","pad":"`)));
      const pad = chunk(Buffer.alloc(256 * 1024, 0x61));
      for (let i = 0; i < 12 && !s.destroyed; i++) s.write(pad);
      s.end('0\r\n\r\n');
    }), 502, 'PG_UPSTREAM_RESPONSE_TOO_LARGE');
  });

  it('a body that is not UTF-8 is refused', async () => {
    const bad = Buffer.concat([Buffer.from(`{"note":"${SSN}","x":"`), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    refused(await run('not-utf8', send(response(200, JSON_T, bad))), 502, 'PG_RESPONSE_UNPARSEABLE');
  });

  it('a charset other than UTF-8 is refused', async () => {
    refused(await run('utf16', send(response(200, { 'content-type': 'application/json; charset=utf-16le' }, Buffer.from(PATIENT, 'utf16le')))), 502, 'PG_RESPONSE_ENCODING');
  });

  it('a body with no content type is refused', async () => {
    refused(await run('untyped', send(response(200, {}, PATIENT))), 502, 'PG_RESPONSE_CONTENT_TYPE');
  });
});
