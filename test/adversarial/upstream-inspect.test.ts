/**
 * A gateway that trusts no upstream (issue 12), part 2: what is released is inspected. NDJSON split
 * across chunks, PHI in headers, Location, Set-Cookie, trailers, upstream error pages (redacted for
 * every role, including roles exempt from body redaction) and a redactor that throws mid-stream.
 * Real gateway, raw misbehaving upstream, real JWTs; see upstream.test.ts for part 1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../../src/gateway/index.js';
import { createInspectResponseStage } from '../../src/guards/inspect-response/index.js';
import type { PhiEngine } from '../../src/guards/inspect-response/engine.js';
import { createPhiguard } from '../../src/runtime/index.js';
import { chunk, rawGet, response, sleep } from '../helpers/raw-upstream.js';
import { JSON_T, PATIENT, SSN, clean, refused, send, startUntrustedRig, type UntrustedRig } from '../helpers/untrusted-gateway.js';

let rig: UntrustedRig;
let run: UntrustedRig['run'];
beforeAll(async () => {
  rig = await startUntrustedRig();
  run = rig.run;
});
afterAll(async () => {
  await rig?.close();
});

describe('what is released is inspected: bodies in pieces, headers, trailers', () => {
  it('NDJSON lines split across chunks are each inspected', async () => {
    const lines = [0, 1, 2].map((i) => JSON.stringify({ id: `o${i}`, note: `ssn ${SSN}` }));
    const text = `${lines.join('\n')}\n`;
    const r = await run('ndjson', async (s) => {
      s.write(response(200, { 'content-type': 'application/x-ndjson', 'transfer-encoding': 'chunked' }));
      // Split inside each SSN and across line ends.
      for (const piece of text.split(/(?<=536-2)|(?<=\})/)) {
        s.write(chunk(piece));
        await sleep(5);
      }
      s.end('0\r\n\r\n');
    });
    expect(r.status).toBe(200);
    clean(r);
    const out = r.body.trim().split('\n').map((l) => JSON.parse(l) as { id: string });
    expect(out.map((o) => o.id)).toEqual(['o0', 'o1', 'o2']);
  });

  it('PHI in a custom response header is redacted', async () => {
    const r = await run('hdr', send(response(200, { ...JSON_T, 'x-patient-ssn': SSN }, '{"ok":true}')));
    expect(r.status).toBe(200);
    clean(r);
  });

  it('PHI in Location is redacted', async () => {
    const r = await run('location', send(response(302, { ...JSON_T, location: `/raw/next?ssn=${SSN}` }, '{}')));
    expect(r.status).toBe(302);
    clean(r);
    expect(r.headers.find(([k]) => k === 'location')?.[1] ?? '').not.toContain('536');
  });

  it('PHI in Location, percent-encoded, is not released', async () => {
    const r = await run('location-enc', send(response(302, { ...JSON_T, location: `/raw/next?ssn=${encodeURIComponent(SSN).replace(/-/g, '%2D')}` }, '{}')));
    expect(r.status).toBe(302);
    clean(r);
    expect(r.raw).not.toContain('%2D22%2D');
  });

  it('Set-Cookie carrying PHI is redacted', async () => {
    const r = await run('cookie', send(response(200, { ...JSON_T, 'set-cookie': [`last=${SSN}; Path=/; HttpOnly`, 'sid=abc; Path=/'] }, '{"ok":true}')));
    expect(r.status).toBe(200);
    clean(r);
  });

  it('trailers (with PHI) are never released', async () => {
    const r = await run('trailers', send(response(200, { ...JSON_T, 'transfer-encoding': 'chunked', trailer: 'x-note' }, Buffer.concat([chunk('{"ok":true}'), Buffer.from(`0\r\nx-note: ${SSN}\r\n\r\n`)]))));
    expect(r.status).toBe(200);
    clean(r);
    expect(r.raw.toLowerCase()).not.toContain('x-note');
  });

  it('an informational 103 with PHI in Link before the answer is not released', async () => {
    const r = await run('early-hints', send(Buffer.concat([Buffer.from(`HTTP/1.1 103 Early Hints\r\nlink: </p/${SSN}>; rel=preload\r\n\r\n`), response(200, JSON_T, '{"ok":true}')])));
    expect(r.status).toBe(200);
    clean(r);
  });
});

describe('upstream error pages are redacted for every role', () => {
  const html = `<html><body><h1>Internal Server Error</h1><pre>TypeError: bad patient ${SSN}\n    at handler (/srv/app.js:10:5)</pre></body></html>`;
  const stack = JSON.stringify({ error: 'TypeError', message: `bad patient ${SSN}`, stack: `TypeError: bad patient ${SSN}\n    at handler (/srv/app.js:10:5)` });

  it('a clinician exempt from body redaction does see the record itself (control)', async () => {
    const r = await run('record', send(response(200, JSON_T, PATIENT)), { exempt: 'clinician' });
    expect(r.status).toBe(200);
    expect(r.body).toContain(SSN);
  });

  for (const who of [undefined, 'billing', 'clinician'] as const) {
    const as = who ?? 'anonymous';
    it(`an HTML 500 with a stack trace is withheld (${as})`, async () => {
      const r = await run(`html500-${as}`, send(response(500, { 'content-type': 'text/html' }, html)), who ? { exempt: who } : {});
      refused(r, 500, 'PG_RESPONSE_ERROR_WITHHELD');
      expect(r.raw).not.toContain('at handler ('); // the whole page is withheld, stack trace included
    });

    it(`a JSON 500 with a stack trace is redacted (${as})`, async () => {
      const r = await run(`json500-${as}`, send(response(500, JSON_T, stack)), who ? { exempt: who } : {});
      expect(r.status).toBe(500);
      clean(r);
      expect(JSON.parse(r.body)).toMatchObject({ error: 'TypeError' }); // inspected and redacted, not withheld
    });
  }

  it('a text/plain 502 from a proxy in front of the upstream is withheld', async () => {
    refused(await run('text502', send(response(502, { 'content-type': 'text/plain' }, `bad gateway for ${SSN}`))), 502, 'PG_RESPONSE_ERROR_WITHHELD');
  });
});

describe('a redactor exception mid-stream aborts the response', () => {
  it('the engine throws on the second NDJSON line: nothing of the body is released', async () => {
    const policy = rig.guard.policy;
    let calls = 0;
    const failing: PhiEngine = {
      redactJson: () => { throw new Error('engine fault'); },
      redactText: (t) => ({ text: t, findings: [], changed: false }),
      redactHeader: (_n, v) => ({ text: v, findings: [], changed: false }),
      redactNdjson: (t) => {
        for (const [i] of t.split('\n').entries()) {
          calls++;
          if (i === 1) throw new Error('engine fault');
        }
        return { text: t, findings: [], changed: false };
      },
      redactBody: (kind, t) => (kind === 'ndjson' ? failing.redactNdjson(t) : failing.redactJson(t)),
    };
    const g2 = await createPhiguard({ policy, auditStore: 'memory:', log: () => undefined, stages: { inspectResponse: createInspectResponseStage(policy, { phi: failing }) } });
    const gw2 = createGateway({ guard: g2, port: 0 });
    const base2 = await gw2.listen();
    try {
      rig.up.on('/raw/fault', send(response(200, { 'content-type': 'application/x-ndjson' }, `{"id":"first"}\n{"note":"${SSN}"}\n`)));
      const r = await rawGet(base2, '/raw/fault');
      expect(calls).toBe(2);
      expect(r.status).toBe(500);
      expect(r.code).toBe('PG_INTERNAL');
      clean(r);
      expect(r.raw).not.toContain('first');
    } finally {
      await gw2.close(100);
    }
  });
});
