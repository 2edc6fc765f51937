/**
 * The upstream's own address never reaches the client: search bundles (`fullUrl`, `link[].url`),
 * `Location` on create and every other header point at the gateway. Before the fix the demo
 * gateway released `fullUrl: http://127.0.0.1:<upstream port>/Patient/...`, an internal address
 * that answers without a token. Real gateway, example policy, the bundled demo FHIR API, real JWTs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintDemoToken, DEMO_AUDIENCE, DEMO_ISSUER, DEMO_KEY_FILE } from '../../src/cli/token.js';
import { startDemoUpstream, type DemoUpstream } from '../../src/demo/upstream.js';
import { createGateway, type Gateway } from '../../src/gateway/index.js';
import { loadPolicy } from '../../src/policy/index.js';
import { createPhiguard } from '../../src/runtime/index.js';

const EXAMPLE = new URL('../../examples/patient-api.yaml', import.meta.url).pathname;
let up: DemoUpstream;
let gw: Gateway;
let base = '';
let upPort = '';
let doc = '';

const token = (role: string, purpose: string, amr = 'pwd,otp') =>
  mintDemoToken({ sub: `u-${role}`, role: [role], purpose, ttl: '15m', amr, aud: DEMO_AUDIENCE, iss: DEMO_ISSUER, key: DEMO_KEY_FILE });

beforeAll(async () => {
  up = await startDemoUpstream();
  upPort = new URL(up.url).port;
  const guard = await createPhiguard({ policy: loadPolicy(EXAMPLE), auditStore: 'memory:', log: () => undefined });
  gw = createGateway({ guard, port: 0, upstreamUrl: up.url });
  base = await gw.listen();
  doc = await token('clinician', 'TREAT');
});
afterAll(async () => {
  await gw?.close(100);
  await up?.close();
});

/** Everything the client received, headers and body, as one string. */
async function released(r: Response): Promise<string> {
  return `${[...r.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${await r.text()}`;
}

describe('released links point at the gateway, never at the upstream', () => {
  it('a search bundle: every fullUrl is a gateway URL, and the upstream port appears nowhere', async () => {
    const r = await fetch(`${base}/Patient?_count=5`, { headers: { authorization: `Bearer ${doc}` } });
    expect(r.status).toBe(200);
    const all = await released(r);
    expect(all).not.toContain(`:${upPort}`);
    const bundle = JSON.parse(all.split('\n\n').slice(1).join('\n\n')) as { entry: Array<{ fullUrl: string }> };
    expect(bundle.entry.length).toBeGreaterThan(0);
    for (const e of bundle.entry) expect(e.fullUrl.startsWith(`${base}/Patient/`)).toBe(true);
    // The rewritten link works through the gateway (with a token), as the client would follow it.
    const follow = await fetch(bundle.entry[0]!.fullUrl, { headers: { authorization: `Bearer ${doc}` } });
    expect(follow.status).toBe(200);
    await follow.arrayBuffer();
  });

  it('Location on create is the gateway address of the new resource', async () => {
    const patient = up.store.list('Patient')[0]!.id;
    const body = JSON.stringify({ resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] }, subject: { reference: `Patient/${patient}` } });
    const r = await fetch(`${base}/Observation`, { method: 'POST', headers: { authorization: `Bearer ${doc}`, 'content-type': 'application/fhir+json' }, body });
    expect(r.status).toBe(201);
    const location = r.headers.get('location');
    expect(location).toMatch(new RegExp(`^${base.replace(/[.]/g, '\\.')}/Observation/[^/]+/_history/1$`));
    expect(await released(r)).not.toContain(`:${upPort}`);
  });

  it('a Host the client forges with a path or credentials is not used as the link origin', async () => {
    const host = new URL(base).host;
    for (const forged of [`${host}@evil.example`, `evil.example/x`]) {
      const r = await fetch(`${base}/Patient?_count=1`, { headers: { authorization: `Bearer ${doc}`, host: forged } }).catch(() => undefined);
      if (!r) continue; // the client library refused to send it: nothing to release
      const all = await released(r);
      expect(all).not.toContain('evil.example');
      expect(all).not.toContain(`:${upPort}`);
    }
  });
});
