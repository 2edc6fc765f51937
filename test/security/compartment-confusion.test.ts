/**
 * Path and query confusion against the patient compartment (example policy, patient p1 token):
 * every way of naming patient p2 in the target must be refused before forwarding.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Phiguard } from '../../src/runtime/index.js';
import { simulate } from '../../src/runtime/simulate.js';
import { bearer, bundle, exampleGuard, obs, patientRes, tok } from '../helpers/security.js';

let g: Phiguard;
let p1: Record<string, string>;
beforeAll(async () => {
  g = await exampleGuard();
  p1 = bearer(await tok.patient('p1'));
});
afterAll(() => g.close());

const up = (ctx: Parameters<Parameters<typeof simulate>[2]>[0]) => {
  const s = ctx.canonical!.segments;
  const body = s[0] === 'Patient' ? patientRes(s[1] ?? 'x') : bundle([obs('o1', 'p1')]);
  return { status: 200, headers: [['content-type', 'application/fhir+json']] as Array<[string, string]>, body: JSON.stringify(body) };
};

describe('patient p1 cannot name patient p2', () => {
  it.each([
    '/Patient/p2',
    '/Patient/p1/../p2',
    '/Patient/p1/%2e%2e/p2',
    '/Patient/%70%32',
    '/Patient/p1?_id=p2',
    '/Observation?patient=p2',
    '/Observation?patient=p1&patient=p2',
    '/Observation?patient=p1,p2',
    '/Observation?patient=p1%2Cp2',
    '/Observation?patient=Patient/p2',
    '/Observation?patient=https://other.example/fhir/Patient/p2',
    '/Observation?patient=Patient/p2/_history/1',
    '/Observation?subject=Patient/p2',
    '/Observation?subject=p2',
    '/Observation?subject:Patient=p2',
    '/Observation?patient:Patient=p2',
    '/Observation?subject=Group/g1',
    '/Observation?patient=p1&subject=Patient/p2',
    '/Observation?patient=%20p2',
    '/Observation?patient=p2%00',
  ])('%s', async (target) => {
    const r = await simulate(g, { target, headers: p1 }, up);
    expect(r.forwarded).toBe(false);
    expect(r.status).toBeGreaterThanOrEqual(400);
  });

  it('control: own record and own search pass', async () => {
    expect((await simulate(g, { target: '/Patient/p1', headers: p1 }, up)).status).toBe(200);
    expect((await simulate(g, { target: '/Observation?patient=p1', headers: p1 }, up)).status).toBe(200);
    expect((await simulate(g, { target: '/Observation?subject=Patient/p1', headers: p1 }, up)).status).toBe(200);
  });
});

describe('targets and headers that would let a back end see something else', () => {
  it.each([
    ['/Patient/p1;jsessionid=x', undefined],
    ['/Patient/p1%3Bx', undefined],
    ['/Patient/p1%2F..%2Fp2', undefined],
    ['/Patient/p1%5C..%5Cp2', undefined],
    ['/Patient/p1%252F', undefined],
    ['/Patient//p1', undefined],
    ['/Patient/p1/', undefined],
    ['/patient/p1', undefined],
    ['http://phiguard.test/Patient/p1', undefined],
    ['*', undefined],
    ['/Patient/p1?_method=DELETE', undefined],
    ['/Patient/p1#frag', undefined],
    ['/Patient/p1', { 'x-http-method-override': 'DELETE' }],
    ['/Patient/p1', { 'x-original-url': '/Patient/p2' }],
    ['/Patient/p1', { 'x-rewrite-url': '/Patient/p2' }],
    ['/Patient/p1', { host: 'a, b' }],
  ] as Array<[string, Record<string, string> | undefined]>)('%s %j', async (target, extra) => {
    const r = await simulate(g, { target, headers: { ...p1, ...(extra ?? {}) } }, up);
    expect(r.forwarded).toBe(false);
    expect(r.code).toMatch(/^PG_/);
  });

  it('the forwarded target is the canonical one', async () => {
    let seen = '';
    await simulate(g, { target: '/Patient/./%70%31?x=a+b&y=%7e', headers: p1 }, (ctx) => {
      seen = ctx.canonical!.forwardTarget;
      return up(ctx);
    });
    expect(seen).toBe('/Patient/p1?x=a%20b&y=~');
  });

  it('a body on GET is refused (not smuggled to the back end)', async () => {
    const r = await simulate(g, { target: '/Patient/p1', headers: { ...p1, 'content-type': 'application/json' }, body: '{"resourceType":"Patient"}' }, up);
    expect(r.forwarded).toBe(false);
    expect(r.code).toBe('PG_BODY_NOT_ALLOWED');
  });
});
