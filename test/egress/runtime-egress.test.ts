/**
 * A blocked outbound call raises the reason-coded error, writes an `egress` audit event and sends an
 * alert (rule kind `egress`, always on); none of them carries the path, query or body.
 * Real policy, real runtime with a memory audit store, a real loopback server that must never be reached.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/alerts/types.js';
import { checkPolicyText } from '../../src/policy/index.js';
import { installRuntimeEgress } from '../../src/runtime/egress.js';
import { createPhiguard, type Phiguard } from '../../src/runtime/index.js';

let server: Server;
let port = 0;
let reached = 0;
let guard: Phiguard;
const alerts: Alert[] = [];

beforeAll(async () => {
  server = createServer((_req, res) => { reached++; res.end('x'); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  const text = `version: 1
name: egress-runtime
routes:
  - { id: ping, method: GET, path: /ping, public: true }
egress:
  enabled: true
  allow:
    - { host: api.partner.example, baa: true }
`;
  const { policy, errors } = checkPolicyText('egress.yaml', text, {});
  expect(errors).toEqual([]);
  guard = await createPhiguard({ policy: policy!, auditStore: 'memory:', log: () => undefined, alerts: { sinks: [{ name: 'test', send: (a) => alerts.push(a), close: async () => undefined }] } });
});
afterAll(async () => {
  await guard?.close();
  await new Promise((r) => server.close(r));
});

async function egressEvents(): Promise<Array<Record<string, unknown>>> {
  const store = guard.audit.log.store;
  const st = await store.state();
  const entries = await store.entries(0, Number((st as { size?: number }).size ?? 1000));
  return entries.map((e) => JSON.parse(e.leaf!.toString('utf8')) as { type: string; what: Record<string, unknown> }).filter((l) => l.type === 'egress').map((l) => l.what);
}

describe('egress guard in the runtime', () => {
  it('a call to an unlisted address is refused, audited and alerted, with no path or query anywhere', async () => {
    const egress = installRuntimeEgress(guard);
    expect(egress.installed).toBe(true);
    try {
      const err = await fetch(`http://127.0.0.1:${port}/patients/123-45-6789?ssn=123-45-6789`).then(() => undefined, (e: unknown) => e as Error & { cause?: { code?: string } });
      expect(err).toBeDefined();
      expect(err!.cause?.code ?? (err as { code?: string }).code).toBe('PG_EGRESS_DENIED');
      let events: Array<Record<string, unknown>> = [];
      for (let i = 0; i < 100 && (events.length === 0 || alerts.length === 0); i++) {
        events = await egressEvents();
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ code: 'PG_EGRESS_DENIED', method: 'GET' });
      const alert = alerts.find((a) => a.kind === 'egress');
      expect(alert).toMatchObject({ code: 'PG_EGRESS_DENIED', severity: 'high' });
      const everything = JSON.stringify([events, alerts]);
      expect(everything).not.toContain('123-45-6789');
      expect(everything).not.toContain('/patients');
      expect(reached).toBe(0);
    } finally {
      await egress.uninstall();
    }
  });
});
