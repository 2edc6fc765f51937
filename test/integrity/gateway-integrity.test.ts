/** Endpoint validation and write integrity end to end: client -> gateway -> real loopback upstream. */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDigestField } from '../../src/core/digest.js';
import { auditRecordOf, BIG, errorOf, startRig, type Rig } from '../helpers/integrity.js';

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(() => rig?.close());

const put = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(rig.base + path, { method: 'PUT', headers: { 'content-type': 'application/json', ...headers }, body });

describe('responses checked against the OpenAPI operation', () => {
  it('removes undeclared members from the text, keeps big numbers exact, adds Content-Digest of the released bytes, and audits that digest', async () => {
    const r = await fetch(`${rig.base}/patients/p1`);
    expect(r.status).toBe(200);
    const text = await r.text();
    expect(text).not.toContain('_secret');
    expect(text).not.toContain('123-45-6789');
    expect(text).toBe(`{"id":"p1","name":[{"family":"Doe","given":["J"]}],"accountNumber":${BIG},"meta":{"x":1}}`);
    const bytes = Buffer.from(text, 'utf8');
    expect(r.headers.get('content-digest')).toBe(formatDigestField(bytes));
    const rec = await auditRecordOf(rig.guard, r.headers.get('x-request-id'));
    expect(rec?.what.resDigest).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect((rec?.verdict.decisions as Array<{ code: string }>).map((d) => d.code)).toContain('PG_FIELDS_UNDECLARED');
  });

  it('blocks instead when the route says undeclared: block', async () => {
    const r = await fetch(`${rig.base}/b/patients/p1`);
    expect(r.status).toBe(502);
    expect((await errorOf(r))?.code).toBe('PG_RESPONSE_UNDECLARED');
  });

  it('a response that breaks the schema (additionalProperties: false; missing required) is 502 PG_RESPONSE_SCHEMA and its body is not released', async () => {
    for (const id of ['p3', 'p4']) {
      const r = await fetch(`${rig.base}/patients/${id}`);
      expect(r.status).toBe(502);
      const text = await r.text();
      expect(text).toContain('PG_RESPONSE_SCHEMA');
      expect(text).not.toContain('123-45-6789');
    }
  });

  it('OpenAPI 3.1 (JSON Schema 2020-12, type arrays) is validated with the 2020 dialect', async () => {
    const r = await fetch(`${rig.base}/v31/patients/p1`);
    // p1 has no birthDate/contact problems but carries undeclared members: removed
    expect(r.status).toBe(200);
    expect(await r.text()).toBe('{"id":"p1"}');
  });
});

describe('write integrity', () => {
  const patient = (extra = '') => `{"id":"p1","name":[{"family":"Roe"}]${extra}}`;

  it('forwards an update whose If-Match is the current strong ETag (checked by the gateway), byte for byte', async () => {
    const etag = `"v${rig.version()}"`;
    const body = patient(`,"accountNumber":${BIG}`);
    const r = await put('/patients/p1', body, { 'if-match': etag, 'content-digest': formatDigestField(Buffer.from(body)) });
    expect(r.status).toBe(200);
    const probes = rig.received.slice(-2);
    expect(probes[0]).toMatchObject({ method: 'GET', url: '/patients/p1' });
    expect(probes[0]!.headers['if-match']).toBeUndefined();
    expect(probes[1]!.method).toBe('PUT');
    expect(probes[1]!.body.toString('utf8')).toBe(body);
    expect(probes[1]!.headers['if-match']).toBe(etag);
    // the request digest in the audit record is the digest of the forwarded bytes
    const rec = await auditRecordOf(rig.guard, r.headers.get('x-request-id'));
    expect(rec?.what.reqDigest).toBe(createHash('sha256').update(body).digest('hex'));
  });

  it('412 when If-Match names an old version; the upstream never sees the update', async () => {
    const before = rig.received.length;
    const r = await put('/patients/p1', patient(), { 'if-match': '"v0"' });
    expect(r.status).toBe(412);
    expect((await errorOf(r))?.code).toBe('PG_PRECONDITION_FAILED');
    expect(rig.received.slice(before).map((x) => x.method)).toEqual(['GET']);
  });

  it('412 against a weak current ETag and for a resource that does not exist; * holds only when it exists', async () => {
    expect((await put('/patients/p2', '{"id":"p2","name":[]}', { 'if-match': '"v1"' })).status).toBe(412);
    expect((await put('/patients/p77', '{"id":"p77","name":[]}', { 'if-match': '*' })).status).toBe(412);
    expect((await put('/patients/p4', '{"id":"p4","name":[]}', { 'if-match': '*' })).status).toBe(200);
  });

  it('checkVersion: upstream forwards If-Match unchecked (the upstream owns it), still 428 without it; sha-512 response digest', async () => {
    const before = rig.received.length;
    const r = await put('/u/patients/p1', patient(), { 'if-match': '"whatever"', 'content-digest': 'crc32c=:AAAAAA==:' });
    expect(r.status).toBe(200);
    expect(rig.received.slice(before).map((x) => x.method)).toEqual(['PUT']);
    expect(r.headers.get('content-digest')).toMatch(/^sha-512=:[A-Za-z0-9+/]+=*:$/);
    expect((await put('/u/patients/p1', patient())).status).toBe(428);
  });

  it("replaces the upstream's own Content-Digest with one over the released bytes", async () => {
    const body = '{"id":"p5","name":[]}';
    const r = await fetch(`${rig.base}/patients`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(r.status).toBe(201);
    expect(r.headers.get('content-digest')).toBe(formatDigestField(Buffer.from(await r.text())));
  });
});
