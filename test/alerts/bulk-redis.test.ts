/**
 * Counting alert rules across replicas: two guards sharing one Redis state store count one
 * principal's distinct patients together, so a bulk-access alert fires on the replica that sees
 * the request crossing the threshold, though neither replica alone saw enough.
 * Needs Redis (127.0.0.1:6379); skips with a message only when it is unreachable and CI is unset.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Alert, AlertSink } from '../../src/alerts/index.js';
import { checkPolicyText } from '../../src/policy/index.js';
import { createPhiguard, type Phiguard } from '../../src/runtime/index.js';
import { simulate } from '../../src/runtime/simulate.js';
import { requireOrSkip } from '../helpers/requires.js';
import { testIssuer, type TestIssuer } from '../helpers/test-issuer.js';

const reachable = await new Promise<boolean>((resolve) => {
  const s = connect(6379, '127.0.0.1', () => (s.destroy(), resolve(true)));
  s.on('error', () => resolve(false));
  s.setTimeout(1000, () => (s.destroy(), resolve(false)));
});
const suite = requireOrSkip('Redis at 127.0.0.1:6379', reachable, 'start it: redis-server --daemonize yes --port 6379');

const ISS = 'https://idp.bulk.test.invalid';
let idp: TestIssuer;
const guards: Phiguard[] = [];
const sinks: Array<AlertSink & { alerts: Alert[] }> = [];

suite('bulk-access alert across replicas (Redis)', () => {
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pg-bulk-redis-'));
    idp = await testIssuer(ISS, dir);
    // Replicas share the audit keys (as in production), so both name the principal by the same keyed reference.
    const keygen = spawnSync(process.execPath, [new URL('../../bin/phiguard.js', import.meta.url).pathname, 'audit', 'keygen', '--out', join(dir, 'audit')], { encoding: 'utf8' });
    expect(keygen.status, keygen.stderr).toBe(0);
    const prefix = `phiguard-bulk-${process.pid}-${Date.now().toString(36)}:`;
    const text = `
version: 1
name: bulk-redis
identity:
  issuers:
    - { issuer: "${ISS}", audience: api, jwks: { file: ./jwks.json }, algorithms: [ES256], types: [at+jwt] }
roles: [clinician]
access:
  state: { store: "redis://127.0.0.1:6379/0", prefix: "${prefix}" }
  scopes: { enforce: off }
audit:
  signingKey: { file: ./audit.skey }
  hmacKey: { file: ./audit.hmac }
routes:
  - { id: read, method: GET, path: "/Patient/{id}", resource: Patient, interaction: read, patient: "{id}", allow: { roles: [clinician] } }
alerts:
  rules:
    - { kind: bulk, threshold: 2, window: 1h }
`;
    const { policy, errors } = checkPolicyText(join(dir, 'policy.yaml'), text, {});
    expect(errors).toEqual([]);
    for (let i = 0; i < 2; i++) {
      const alerts: Alert[] = [];
      const sink = { name: `replica-${i}`, alerts, send: (a: Alert) => void alerts.push(a), close: async () => undefined };
      sinks.push(sink);
      guards.push(await createPhiguard({ policy: policy!, auditStore: 'memory:', log: () => undefined, alerts: { sinks: [sink] } }));
    }
  });
  afterAll(async () => {
    for (const g of guards) await g.close();
  });

  const read = async (g: Phiguard, id: string) => {
    const t = await idp.token(['clinician'], 'dr-bulk');
    return simulate(g, { target: `/Patient/${id}`, headers: { authorization: `Bearer ${t}` } }, () => ({ status: 200, headers: [['content-type', 'application/fhir+json']], body: JSON.stringify({ resourceType: 'Patient', id }) }));
  };
  const bulkAlerts = (i: number) => sinks[i]!.alerts.filter((a) => a.kind === 'bulk');

  it('two patients on replica A, one on replica B: B raises the alert (3 > 2), A never did', async () => {
    expect((await read(guards[0]!, 'pa')).status).toBe(200);
    expect((await read(guards[0]!, 'pb')).status).toBe(200);
    // Alerts are raised after the response; give the final phase's counter call a moment.
    await new Promise((r) => setTimeout(r, 100));
    expect(bulkAlerts(0)).toHaveLength(0);
    expect((await read(guards[1]!, 'pc')).status).toBe(200);
    await expect.poll(() => bulkAlerts(1).length, { timeout: 5000 }).toBe(1);
    expect(bulkAlerts(1)[0]).toMatchObject({ kind: 'bulk', count: 3 });
    expect(bulkAlerts(0)).toHaveLength(0);
    // The alert names the principal by keyed reference, never the subject.
    expect(JSON.stringify(bulkAlerts(1)[0])).not.toContain('dr-bulk');
  });
});
