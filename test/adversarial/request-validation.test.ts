/**
 * Hostile requests against endpoint validation and write integrity, through the gateway to a real
 * loopback upstream: each is refused with its reason code before the upstream sees the update, and
 * no refusal echoes the value that caused it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDigestField } from '../../src/core/digest.js';
import { BIG, errorOf, startRig, type Rig } from '../helpers/integrity.js';

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(() => rig?.close());

const SECRET = 'Zebediah-4471';

interface Case {
  readonly name: string;
  readonly method?: string;
  readonly path: string;
  readonly body?: string;
  readonly headers?: Record<string, string>;
  readonly status: number;
  readonly code: string;
  readonly where?: unknown;
}

const good = '{"id":"p1","name":[{"family":"Roe"}]}';
const ifMatch = () => ({ 'if-match': `"v${rig.version()}"` });

const CASES: ReadonlyArray<() => Case> = [
  () => ({ name: 'body of the wrong type at a nested path', method: 'POST', path: '/patients', body: `{"id":"p1","name":[{"family":["${SECRET}"]}]}`, status: 422, code: 'PG_BODY_SCHEMA', where: { in: 'body', pointer: '/name/0/family' } }),
  () => ({ name: 'missing required member', method: 'POST', path: '/patients', body: '{"id":"p1"}', status: 422, code: 'PG_BODY_SCHEMA', where: { in: 'body', pointer: '/name' } }),
  () => ({ name: 'undeclared member (additionalProperties: false); the client-chosen key is not echoed', method: 'POST', path: '/patients', body: `{"id":"p1","name":[],"${SECRET}":1}`, status: 422, code: 'PG_BODY_SCHEMA', where: { in: 'body', pointer: '' } }),
  () => ({ name: 'a nested client-chosen key is masked in the pointer', method: 'POST', path: '/patients', body: `{"id":"p1","name":[],"meta":{},"birthDate":{"${SECRET}":1}}`, status: 422, code: 'PG_BODY_SCHEMA', where: { in: 'body', pointer: '/birthDate' } }),
  () => ({ name: 'OpenAPI 3.0 nullable honoured, but format still checked', method: 'POST', path: '/patients', body: `{"id":"p1","name":[],"birthDate":"${SECRET}"}`, status: 422, code: 'PG_BODY_SCHEMA', where: { in: 'body', pointer: '/birthDate' } }),
  () => ({ name: '3.0 boolean exclusiveMinimum (0 is excluded)', method: 'POST', path: '/patients', body: '{"id":"p1","name":[],"weightKg":0}', status: 422, code: 'PG_BODY_SCHEMA', where: { in: 'body', pointer: '/weightKg' } }),
  () => ({ name: 'integer beyond int64', method: 'POST', path: '/patients', body: '{"id":"p1","name":[],"accountNumber":123456789012345678901234567890}', status: 422, code: 'PG_BODY_SCHEMA', where: { in: 'body', pointer: '/accountNumber' } }),
  () => ({ name: 'required body missing', method: 'POST', path: '/patients', status: 422, code: 'PG_BODY_SCHEMA' }),
  () => ({ name: 'body type the operation does not declare', method: 'POST', path: '/patients', body: good, headers: { 'content-type': 'application/fhir+json' }, status: 415, code: 'PG_BODY_CONTENT_TYPE' }),
  () => ({ name: 'path parameter breaking the declared pattern', path: `/patients/x${SECRET.slice(0, 5)}`, status: 422, code: 'PG_PARAM_SCHEMA', where: { in: 'path', name: 'id' } }),
  () => ({ name: 'query parameter of the wrong type', path: `/patients/p1?_count=${SECRET}`, status: 422, code: 'PG_PARAM_SCHEMA', where: { in: 'query', name: '_count' } }),
  () => ({ name: 'query integer in a lax spelling (hex, exponent, leading space)', path: '/patients/p1?_count=0x10', status: 422, code: 'PG_PARAM_SCHEMA', where: { in: 'query', name: '_count' } }),
  () => ({ name: 'query integer out of range', path: '/patients/p1?_count=51', status: 422, code: 'PG_PARAM_SCHEMA', where: { in: 'query', name: '_count' } }),
  () => ({ name: 'a non-array query parameter repeated', path: '/patients/p1?_count=1&_count=2', status: 422, code: 'PG_PARAM_SCHEMA', where: { in: 'query', name: '_count' } }),
  () => ({ name: 'array query item outside its enum', path: '/patients/p1?tag=a&tag=z', status: 422, code: 'PG_PARAM_SCHEMA', where: { in: 'query', name: 'tag' } }),
  () => ({ name: 'query parameter the operation does not declare', path: `/patients/p1?${SECRET}=1`, status: 400, code: 'PG_QUERY_NOT_ALLOWED' }),
  () => ({ name: 'Content-Digest that does not match the body', method: 'POST', path: '/patients', body: good, headers: { 'content-digest': formatDigestField(Buffer.from(`${good} `)) }, status: 400, code: 'PG_DIGEST_MISMATCH' }),
  () => ({ name: 'one matching and one mismatching digest', method: 'POST', path: '/patients', body: good, headers: { 'content-digest': `${formatDigestField(Buffer.from(good))}, ${formatDigestField(Buffer.from('x'), 'sha-512')}` }, status: 400, code: 'PG_DIGEST_MISMATCH' }),
  () => ({ name: 'Content-Digest as a token, not a byte sequence', method: 'POST', path: '/patients', body: good, headers: { 'content-digest': `sha-256=${SECRET}` }, status: 400, code: 'PG_DIGEST_INVALID' }),
  () => ({ name: 'Content-Digest with the same algorithm twice (a second value hidden from a first-wins reader)', method: 'POST', path: '/patients', body: good, headers: { 'content-digest': `${formatDigestField(Buffer.from(good))}, ${formatDigestField(Buffer.from('evil'))}` }, status: 400, code: 'PG_DIGEST_INVALID' }),
  () => ({ name: 'Repr-Digest mismatch on an identity-coded body', method: 'POST', path: '/patients', body: good, headers: { 'repr-digest': formatDigestField(Buffer.from('{}')) }, status: 400, code: 'PG_DIGEST_MISMATCH' }),
  () => ({ name: 'only an unsupported digest algorithm (refused by default)', method: 'POST', path: '/patients', body: good, headers: { 'content-digest': 'md5=:AAAAAAAAAAAAAAAAAAAAAA==:' }, status: 400, code: 'PG_DIGEST_UNSUPPORTED' }),
  () => ({ name: 'update without If-Match', method: 'PUT', path: '/patients/p1', body: good, status: 428, code: 'PG_PRECONDITION_REQUIRED' }),
  () => ({ name: 'If-Match that is not an entity tag', method: 'PUT', path: '/patients/p1', body: good, headers: { 'if-match': SECRET }, status: 400, code: 'PG_PRECONDITION_INVALID' }),
  () => ({ name: 'If-Match with only weak tags (strong comparison never holds)', method: 'PUT', path: '/patients/p1', body: good, headers: { 'if-match': `W/"v${rig.version()}"` }, status: 412, code: 'PG_PRECONDITION_FAILED' }),
  () => ({ name: 'If-Match naming a stale version', method: 'PUT', path: '/patients/p1', body: good, headers: { 'if-match': '"v0", "v-1"' }, status: 412, code: 'PG_PRECONDITION_FAILED' }),
  () => ({ name: 'If-Match right but body invalid: validation still refuses', method: 'PUT', path: '/patients/p1', body: '{"id":1,"name":[]}', headers: ifMatch(), status: 422, code: 'PG_BODY_SCHEMA', where: { in: 'body', pointer: '/id' } }),
];

describe('hostile requests (endpoint validation, digests, preconditions)', () => {
  it('has at least 12 cases', () => expect(CASES.length).toBeGreaterThanOrEqual(12));

  for (const [i, make] of CASES.entries()) {
    it(`#${i + 1}: refused with its code, the update never reaches the upstream, no value echoed`, async () => {
      const c = make();
      const before = rig.received.length;
      const headers = { ...(c.body !== undefined ? { 'content-type': 'application/json' } : {}), ...c.headers };
      const r = await fetch(rig.base + c.path, { method: c.method ?? 'GET', headers, ...(c.body !== undefined ? { body: c.body } : {}) });
      const text = await r.text();
      expect({ name: c.name, status: r.status }).toEqual({ name: c.name, status: c.status });
      const err = (JSON.parse(text) as { error: { code: string; where?: unknown } }).error;
      expect(err.code, c.name).toBe(c.code);
      if (c.where !== undefined) expect(err.where, c.name).toEqual(c.where);
      expect(text, c.name).not.toContain(SECRET);
      expect(text, c.name).not.toContain(SECRET.slice(0, 5));
      expect(rig.received.slice(before).filter((x) => x.method !== 'GET'), c.name).toEqual([]);
    });
  }

  it('a valid update with an integer beyond 2^53 reaches the upstream byte for byte (never re-serialized)', async () => {
    const body = `{ "id" : "p1", "name": [ {"family":"Roe"} ], "accountNumber": ${BIG} }`;
    const r = await fetch(`${rig.base}/patients/p1`, { method: 'PUT', headers: { 'content-type': 'application/json', ...ifMatch(), 'content-digest': formatDigestField(Buffer.from(body), 'sha-512') }, body });
    expect(r.status).toBe(200);
    expect(rig.received.at(-1)!.body.toString('utf8')).toBe(body);
    expect(String(JSON.parse(body).accountNumber)).not.toBe(BIG); // a parse + stringify round trip would have changed it
    expect(await r.text()).toContain(`${BIG}`);
    expect((await errorOf(await fetch(`${rig.base}/patients/p1?_count=2&tag=a,b`)))?.code).toBe('PG_PARAM_SCHEMA'); // form+explode: "a,b" is one item
  });
});
