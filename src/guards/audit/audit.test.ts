import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deny } from '../../core/errors.js';
import { Pipeline } from '../../core/pipeline.js';
import type { GuardRequest } from '../../core/types.js';
import { AuditLog } from '../../audit/log.js';
import { openAuditLog } from '../../audit/open.js';
import { parseLeaf } from '../../audit/record.js';
import { MemoryStore } from '../../audit/stores/memory.js';
import { verifyInclusion } from '../../audit/merkle.js';
import { frozenClock, tempDir, testKeys } from '../../../test/helpers/audit/fixtures.js';
import { auditFailureAllowed, createAuditStage, RECEIPT_HEADER } from './index.js';

const req = (over: Partial<GuardRequest> = {}): GuardRequest => ({
  method: 'GET', target: '/Patient/p1', headers: [['x-forwarded-for', '198.51.100.7, 10.0.0.2']], body: null, remoteAddress: '10.0.0.1', ...over,
});
const logs: AuditLog[] = [];
afterEach(async () => {
  await Promise.all(logs.splice(0).map((l) => l.close().catch(() => undefined)));
});

function pipeline(log: AuditLog, opts: { denyAt?: boolean; allowOnFailure?: boolean; trustedProxies?: string[] } = {}) {
  return new Pipeline({
    policy: { name: 'p', hash: 'h', mode: 'enforce' },
    clock: frozenClock(),
    stages: {
      route: {
        onRequest(ctx) {
          (ctx as { route?: unknown }).route = { route: { id: 'r1', method: 'GET', template: '/Patient/{id}', resource: 'Patient', interaction: 'read', audit: { onFailure: opts.allowOnFailure ? 'allow-and-alert' : 'deny' } }, params: { id: 'p1' } };
          if (opts.denyAt) deny('PG_AUTHZ_ROLE', 'role missing');
        },
      },
      audit: createAuditStage({ log, ...(opts.trustedProxies ? { trustedProxies: opts.trustedProxies } : {}) }),
    },
    auditFailureAllowed,
  });
}

const forward = async () => ({ status: 200, headers: [['content-type', 'application/json']] as Array<[string, string]>, body: Buffer.from('{"id":"p1"}') });

describe('audit stage', () => {
  it('appends one record per request, allowed or denied, before release, and returns a receipt header', async () => {
    const keys = testKeys();
    const log = await openAuditLog(`sqlite:${join(tempDir(), 'a.db')}`, { keys, checkpointIntervalMs: 0 });
    logs.push(log);
    const ok = await pipeline(log).handle(req(), forward);
    const denied = await pipeline(log, { denyAt: true }).handle(req(), forward);
    expect(ok.response.status).toBe(200);
    expect(denied.response.status).toBe(403);
    const h1 = ok.response.headers.find(([n]) => n === RECEIPT_HEADER)?.[1];
    const h2 = denied.response.headers.find(([n]) => n === RECEIPT_HEADER)?.[1];
    expect(h1).toMatch(/^0\.1\./);
    expect(h2).toMatch(/^1\.2\./);
    // Already durable when the response was released: the entries are in the store.
    const rows = await log.store.entries(0, 10);
    expect(rows).toHaveLength(2);
    const [a, b] = rows.map((r) => parseLeaf(r.leaf!));
    expect(a).toMatchObject({ seq: 0, verdict: { code: 'PG_OK', status: 200, denied: false }, what: { route: 'r1', resource: 'Patient' } });
    expect(b).toMatchObject({ seq: 1, verdict: { code: 'PG_AUTHZ_ROLE', status: 403, denied: true, stage: 'route' } });
    expect(a!.what.resDigest).toMatch(/^[0-9a-f]{64}$/);
    // The receipt's root proves the entry.
    const [, size, root] = h2!.split('.');
    const proof = await log.inclusionProof(1, Number(size));
    expect(verifyInclusion(1, Number(size), rows[1]!.leafHash, proof, Buffer.from(root!, 'base64url'))).toBe(true);
  });

  it('believes x-forwarded-for only from a trusted proxy', async () => {
    const keys = testKeys();
    const log = new AuditLog(new MemoryStore(), { keys, checkpointIntervalMs: 0 });
    logs.push(log);
    await pipeline(log).handle(req(), forward);
    await pipeline(log, { trustedProxies: ['10.0.0.0/8'] }).handle(req(), forward);
    const [untrusted, trusted] = (await log.store.entries(0, 2)).map((r) => parseLeaf(r.leaf!));
    expect(untrusted!.where).toEqual({ peer: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(trusted!.where).toMatchObject({ peer: '10.0.0.1', client: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const detail = await log.store.detail(1);
    expect(detail).toBeDefined();
  });

  it('fails closed with PG_AUDIT_UNAVAILABLE when the append fails', async () => {
    const keys = testKeys();
    const store = new MemoryStore();
    const log = new AuditLog(store, { keys, checkpointIntervalMs: 0 });
    logs.push(log);
    store.failAppends = true;
    const { response, ctx } = await pipeline(log).handle(req(), forward);
    expect(response.status).toBe(503);
    expect(JSON.parse(Buffer.from(response.body!).toString()).error.code).toBe('PG_AUDIT_UNAVAILABLE');
    expect(Buffer.from(response.body!).toString()).not.toContain('"id":"p1"');
    expect(response.headers.some(([n]) => n === RECEIPT_HEADER)).toBe(false);
    expect(ctx.outcome?.code).toBe('PG_AUDIT_UNAVAILABLE');
  });

  it('keeps the response only on routes with audit.onFailure: allow-and-alert', async () => {
    const keys = testKeys();
    const store = new MemoryStore();
    const log = new AuditLog(store, { keys, checkpointIntervalMs: 0 });
    logs.push(log);
    store.failAppends = true;
    const { response, ctx } = await pipeline(log, { allowOnFailure: true }).handle(req(), forward);
    expect(response.status).toBe(200);
    expect(ctx.decisions).toContainEqual(expect.objectContaining({ stage: 'audit', code: 'PG_AUDIT_UNAVAILABLE' }));
  });
});
