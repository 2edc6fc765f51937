/**
 * Through the whole pipeline: the example policy in front of the demo upstream (bundled sample),
 * a billing principal reads a Patient; the released JSON is valid R4 and no number became a string.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_AUDIENCE, DEMO_ISSUER, DEMO_KEY_FILE, mintDemoToken } from '../cli/token.js';
import { createGateway, type Gateway } from '../gateway/index.js';
import { checkResource, kindChanges } from '../../test/helpers/fhir-r4-check.js';
import { loadPolicy } from '../policy/index.js';
import { createPhiguard } from '../runtime/index.js';
import { loadDemoStore } from './data.js';
import { startDemoUpstream, type DemoUpstream } from './upstream.js';

const root = path.resolve(import.meta.dirname, '../..');
let up: DemoUpstream;
let gw: Gateway;
let base: string;

beforeAll(async () => {
  up = await startDemoUpstream();
  const guard = await createPhiguard({ policy: loadPolicy(path.join(root, 'examples/patient-api.yaml')), auditStore: 'memory:', log: () => undefined });
  gw = createGateway({ guard, port: 0, upstreamUrl: up.url });
  base = await gw.listen();
});
afterAll(async () => {
  await gw?.close(100);
  await up?.close();
});

const token = (role: string, purpose: string) =>
  mintDemoToken({ sub: `${role}-1`, role: [role], purpose, ttl: '5m', amr: 'pwd', aud: DEMO_AUDIENCE, iss: DEMO_ISSUER, key: DEMO_KEY_FILE });

describe('demo upstream behind examples/patient-api.yaml', () => {
  it('serves the README patient from the bundled sample', () => {
    expect(loadDemoStore(path.join(root, 'examples/data/fhir')).get('Patient', 'e4531916-b162-4f4b-90c2-ce37e132b8d4')).toBeDefined();
  });
  it.each([['billing', 'HPAYMT'], ['clinician', 'HOPERAT']])('%s (%s): GET /Patient/{id} is valid R4, no number became a string', async (role, purpose) => {
    const auth = { authorization: `Bearer ${await token(role, purpose)}` };
    for (const p of up.store.list('Patient')) {
      const res = await fetch(`${base}/Patient/${p.id}`, { headers: auth });
      expect(res.status).toBe(200);
      const body = (await res.json()) as Record<string, any>;
      expect(checkResource(body)).toEqual([]);
      expect(kindChanges(p, body)).toEqual([]);
      for (const a of body.address ?? []) for (const e of a.extension ?? []) for (const x of e.extension ?? []) expect(typeof (x.valueDecimal ?? 0)).toBe('number');
      if (role === 'billing') {
        expect(body.telecom).toBeUndefined();
        expect(body.birthDate).toMatch(/^\d{4}$/);
        expect(body.address[0].extension).toBeUndefined(); // geolocation: decimals cannot be redacted text
      }
    }
  });
});
