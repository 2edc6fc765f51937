import { afterAll, describe, expect, it } from 'vitest';
import { checkPolicyText } from '../policy/index.js';
import { createPhiguard, type Phiguard } from './index.js';
import { simulate } from './simulate.js';

const policy = (mode = 'enforce') => `
version: 1
name: version-check
mode: ${mode}
integrity: { requireIfMatch: true }
routes:
  - { id: auto, method: PUT, path: "/a/{id}", public: true }
  - { id: gw, method: PUT, path: "/g/{id}", public: true, integrity: { checkVersion: gateway } }
`;
const guards: Phiguard[] = [];
afterAll(() => Promise.all(guards.map((g) => g.close())));
async function guardFor(mode?: string) {
  const { policy: p, errors } = checkPolicyText('v.yaml', policy(mode), {});
  expect(errors).toEqual([]);
  const g = await createPhiguard({ policy: p!, log: () => undefined });
  guards.push(g);
  return g;
}
const put = (target: string, ifMatch?: string) => ({ method: 'PUT', target, headers: { 'content-type': 'application/json', ...(ifMatch ? { 'if-match': ifMatch } : {}) }, body: '{}' });
const ok = () => ({ status: 200, headers: [['content-type', 'application/json']] as Array<[string, string]>, body: '{}' });

describe('integrity.checkVersion without a gateway (in-process handler)', () => {
  it('the policy-level requireIfMatch applies to every route: 428 without If-Match', async () => {
    const r = await simulate(await guardFor(), put('/a/1'), ok);
    expect([r.status, r.code, r.forwarded]).toEqual([428, 'PG_PRECONDITION_REQUIRED', false]);
  });

  it('auto leaves the comparison to the handler (it is the application)', async () => {
    const r = await simulate(await guardFor(), put('/a/1', '"v1"'), ok);
    expect([r.status, r.forwarded]).toEqual([200, true]);
  });

  it('an explicit gateway check with no upstream to ask fails closed', async () => {
    const r = await simulate(await guardFor(), put('/g/1', '"v1"'), ok);
    expect([r.status, r.code, r.forwarded]).toEqual([500, 'PG_INTERNAL', false]);
  });
});

describe('integrity.checkVersion with a probe', () => {
  it('in monitor mode a failed check is recorded and the update forwarded', async () => {
    const g = await guardFor('monitor');
    const probe = async () => ({ status: 200, headers: [['etag', '"v2"']] as Array<[string, string]>, body: null });
    let forwarded = false;
    const { ctx, response } = await g.handle({ method: 'PUT', target: '/g/1', headers: [['host', 'x'], ['content-type', 'application/json'], ['if-match', '"v1"']], body: Buffer.from('{}'), remoteAddress: '127.0.0.1' }, async () => {
      forwarded = true;
      return { status: 200, headers: [['content-type', 'application/json']], body: Buffer.from('{}') };
    }, probe);
    expect(response.status).toBe(200);
    expect(forwarded).toBe(true);
    expect(ctx.decisions.map((d) => d.code)).toContain('PG_PRECONDITION_FAILED');
  });
});
