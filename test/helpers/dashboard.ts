/**
 * The dashboard's test stack: the example policy (audit in memory) behind the real gateway, in
 * front of the bundled demo upstream, with the admin listener (and so the dashboard) beside it.
 * `traffic()` sends real requests with real demo JWTs: allowed reads, a denial, a break-glass access.
 */
import { createAdminServer, type AdminServer } from '../../src/admin/server.js';
import { startDemoUpstream } from '../../src/demo/upstream.js';
import { createGateway, type Gateway } from '../../src/gateway/index.js';
import type { Phiguard } from '../../src/runtime/index.js';
import { bearer, exampleGuard, tok } from './security.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface DashboardStack {
  readonly guard: Phiguard;
  readonly admin: AdminServer;
  readonly gatewayUrl: string;
  /** A patient id the demo upstream holds. */
  readonly patient: string;
  /** A second patient (break-glass target). */
  readonly other: string;
  close(): Promise<void>;
}

export async function startDashboardStack(): Promise<DashboardStack> {
  const upstream = await startDemoUpstream();
  const guard = await exampleGuard();
  const gateway: Gateway = createGateway({ guard, host: '127.0.0.1', port: 0, upstreamUrl: upstream.url });
  const gatewayUrl = await gateway.listen();
  const admin = await createAdminServer({ guard, token: ADMIN_TOKEN });
  const ids = upstream.store.list('Patient').map((p) => p.id);
  return {
    guard,
    admin,
    gatewayUrl,
    patient: ids[0]!,
    other: ids[1] ?? ids[0]!,
    async close() {
      await admin.close();
      await gateway.close();
      await guard.close();
      await upstream.close();
    },
  };
}

/** Real requests through the gateway; resolves with their statuses. */
export async function traffic(s: DashboardStack): Promise<{ allowed: number; denied: number; breakGlass: number }> {
  const doc = await tok.clinician();
  const bill = await tok.billing();
  const statuses = { allowed: 0, denied: 0, breakGlass: 0 };
  const hit = async (path: string, headers: Record<string, string>) => {
    const r = await fetch(`${s.gatewayUrl}${path}`, { headers });
    await r.arrayBuffer();
    return r.status;
  };
  if ((await hit(`/Patient/${s.patient}`, bearer(doc))) === 200) statuses.allowed++;
  if ((await hit(`/Patient/${s.patient}`, bearer(bill))) === 200) statuses.allowed++;
  if ((await hit(`/Patient/${s.patient}`, {})) === 401) statuses.denied++;
  const bg = await tok.clinician('ETREAT');
  const st = await hit(`/Patient/${s.other}`, { ...bearer(bg), 'x-break-glass': `ETREAT; patient=${s.other}; reason=unresponsive on arrival, chart needed now` });
  if (st === 200) statuses.breakGlass++;
  await s.guard.audit.log.flush();
  return statuses;
}
