import { describe, expect, it } from 'vitest';
import { PhiguardError } from './errors.js';
import { FINAL_GATE, FINAL_STAGES, Pipeline, REQUEST_STAGES, RESPONSE_STAGES, type Stage } from './pipeline.js';
import type { GuardRequest, GuardResponse } from './types.js';

const req: GuardRequest = { method: 'GET', target: '/x', headers: [['host', 'a']], body: null, remoteAddress: '127.0.0.1' };
const ok = (): Promise<GuardResponse> => Promise.resolve({ status: 200, headers: [['content-type', 'application/json']], body: Buffer.from('{"a":1}') });
const clock = { now: () => 1_700_000_000_000 };
const body = (r: GuardResponse) => JSON.parse(Buffer.from(r.body!).toString()) as { error: { code: string; message: string; requestId: string } };

function make(stages: Record<string, Stage>, mode: 'enforce' | 'monitor' = 'enforce', extra = {}) {
  const log: unknown[] = [];
  const p = new Pipeline({ policy: { name: 't', hash: 'h', mode }, stages, clock, newId: () => 'req-1', log: (e) => log.push(e), ...extra });
  return { p, log };
}

describe('Pipeline', () => {
  it('runs request stages in the fixed order, then forward, inspect, audit, alert', async () => {
    const seen: string[] = [];
    const st = (n: string): Stage => ({ onRequest: () => void seen.push(n), onResponse: () => void seen.push(`${n}:res`), onFinal: () => void seen.push(`${n}:final`) });
    const { p } = make({ alert: st('alert'), audit: st('audit'), inspectResponse: st('inspectResponse'), validateRequest: st('validateRequest'), authorize: st('authorize'), route: st('route'), identify: st('identify'), canonicalize: st('canonicalize') });
    const { response } = await p.handle(req, async () => (seen.push('forward'), ok()));
    expect(response.status).toBe(200);
    expect(seen).toEqual(['canonicalize', 'identify', 'route', 'authorize', 'validateRequest', 'forward', 'inspectResponse:res', 'audit:final', 'authorize:final', 'alert:final']);
  });

  it('denies with the stage code and a generic body, without calling forward', async () => {
    let forwarded = false;
    const { p } = make({ route: { onRequest: () => { throw new PhiguardError('PG_ROUTE_NOT_FOUND', 'secret detail 123-45-6789'); } } });
    const { response, ctx } = await p.handle(req, async () => ((forwarded = true), ok()));
    expect(forwarded).toBe(false);
    expect(response.status).toBe(404);
    expect(body(response).error).toEqual({ code: 'PG_ROUTE_NOT_FOUND', message: 'Not found.', requestId: 'req-1' });
    expect(Buffer.from(response.body!).toString()).not.toContain('123-45-6789');
    expect(ctx.outcome).toMatchObject({ stage: 'route', code: 'PG_ROUTE_NOT_FOUND' });
  });

  it('turns an unexpected guard exception into PG_INTERNAL (fail closed)', async () => {
    const { p, log } = make({ authorize: { onRequest: () => { throw new TypeError('boom: patient Jane Doe'); } } });
    const { response } = await p.handle(req, ok);
    expect(response.status).toBe(500);
    expect(body(response).error.code).toBe('PG_INTERNAL');
    expect(JSON.stringify(log)).not.toContain('Jane Doe');
  });

  it('fails closed when the response inspection throws: the upstream body is not released', async () => {
    const { p } = make({ inspectResponse: { onResponse: () => { throw new Error('parser crash'); } } });
    const { response } = await p.handle(req, ok);
    expect(response.status).toBe(500);
    expect(Buffer.from(response.body!).toString()).not.toContain('"a":1');
  });

  it('maps handler errors to PG_HANDLER_ERROR and upstream PhiguardErrors to their code', async () => {
    const { p } = make({});
    expect((await p.handle(req, () => Promise.reject(new Error('x')))).response.status).toBe(500);
    const r = await p.handle(req, () => Promise.reject(new PhiguardError('PG_UPSTREAM_TIMEOUT')));
    expect(r.response.status).toBe(504);
    expect(body(r.response).error.code).toBe('PG_UPSTREAM_TIMEOUT');
  });

  it('fails closed when the audit append fails, even for an allowed request', async () => {
    const { p } = make({ audit: { onFinal: () => Promise.reject(new Error('disk full')) } });
    const { response } = await p.handle(req, ok);
    expect(response.status).toBe(503);
    expect(body(response).error.code).toBe('PG_AUDIT_UNAVAILABLE');
  });

  it('keeps the response when the route allows audit failure (allow-and-alert), and records it', async () => {
    const { p } = make({ audit: { onFinal: () => Promise.reject(new Error('down')) } }, 'enforce', { auditFailureAllowed: () => true });
    const { response, ctx } = await p.handle(req, ok);
    expect(response.status).toBe(200);
    expect(ctx.decisions.map((d) => d.code)).toContain('PG_AUDIT_UNAVAILABLE');
  });

  it('audits denials too', async () => {
    let audited: string | undefined;
    const { p } = make({ route: { onRequest: () => { throw new PhiguardError('PG_ROUTE_NOT_FOUND'); } }, audit: { onFinal: (ctx) => void (audited = ctx.outcome?.code) } });
    await p.handle(req, ok);
    expect(audited).toBe('PG_ROUTE_NOT_FOUND');
  });

  it('monitor mode records a monitorable denial and continues', async () => {
    const { p } = make({ authorize: { onRequest: () => { throw new PhiguardError('PG_AUTHZ_ROLE'); } } }, 'monitor');
    const { response, ctx } = await p.handle(req, ok);
    expect(response.status).toBe(200);
    expect(ctx.decisions).toEqual([{ stage: 'authorize', code: 'PG_AUTHZ_ROLE', monitor: 'policy' }]);
  });

  it('monitor mode still denies protocol hazards and internal faults', async () => {
    const { p } = make({ canonicalize: { onRequest: () => { throw new PhiguardError('PG_PATH_ENCODED_SEPARATOR'); } } }, 'monitor');
    expect((await p.handle(req, ok)).response.status).toBe(400);
    const { p: p2 } = make({ identify: { onRequest: () => { throw new Error('bug'); } } }, 'monitor');
    expect((await p2.handle(req, ok)).response.status).toBe(500);
  });

  it('denies with PG_GUARD_TIMEOUT when a stage hangs', async () => {
    const { p } = make({ identify: { onRequest: () => new Promise<void>(() => undefined) } }, 'enforce', { stageTimeoutMs: 20 });
    const { response } = await p.handle(req, ok);
    expect(response.status).toBe(503);
    expect(body(response).error.code).toBe('PG_GUARD_TIMEOUT');
  });

  it('a failing alert stage never changes the decision', async () => {
    const { p } = make({ alert: { onFinal: () => { throw new Error('webhook down'); } } });
    expect((await p.handle(req, ok)).response.status).toBe(200);
  });

  it('final stages after the audit gate observe: a failing charge is logged against its stage, the audited response stays', async () => {
    const order: string[] = [];
    const { p, log } = make({
      audit: { onFinal: () => void order.push('audit') },
      authorize: { onFinal: () => { order.push('authorize'); throw new Error('state store down'); } },
      alert: { onFinal: () => void order.push('alert') },
    });
    const { response, ctx } = await p.handle(req, ok);
    expect(response.status).toBe(200);
    expect(ctx.outcome).toBeUndefined();
    expect(order).toEqual(['audit', 'authorize', 'alert']);
    expect(log).toContainEqual(expect.objectContaining({ event: 'authorize_failed', stage: 'authorize', code: 'PG_INTERNAL' }));
  });

  it('the final phase sees every request, and a stage after the gate sees the denial the audit made', async () => {
    let seen: string | undefined;
    const { p } = make({ audit: { onFinal: () => Promise.reject(new Error('disk full')) }, authorize: { onFinal: (ctx) => void (seen = ctx.outcome?.code) } });
    const { response } = await p.handle(req, ok);
    expect(response.status).toBe(503);
    expect(seen).toBe('PG_AUDIT_UNAVAILABLE');
  });

  it('an unexpected error is reported against the stage that raised it', async () => {
    const { p, log } = make({ inspectResponse: { onResponse: () => { throw new RangeError('bad'); } } });
    const { ctx } = await p.handle(req, ok);
    expect(ctx.outcome).toMatchObject({ stage: 'inspectResponse', code: 'PG_INTERNAL' });
    expect(log).toContainEqual(expect.objectContaining({ event: 'guard_error', stage: 'inspectResponse' }));
    const { ctx: c2 } = await make({}).p.handle(req, () => Promise.reject(new Error('handler crash')));
    expect(c2.outcome).toMatchObject({ stage: 'upstream', code: 'PG_HANDLER_ERROR' });
  });

  it('the phases are declared once, in the fixed order', () => {
    expect([REQUEST_STAGES, RESPONSE_STAGES, FINAL_STAGES]).toEqual([
      ['canonicalize', 'identify', 'route', 'authorize', 'validateRequest'],
      ['inspectResponse'],
      ['audit', 'authorize', 'alert'],
    ]);
    expect(FINAL_STAGES.indexOf(FINAL_GATE)).toBe(0);
  });

  it('adds x-request-id and stage response headers', async () => {
    const { p } = make({ audit: { onFinal: (ctx) => void ctx.responseHeaders.push(['phiguard-audit-receipt', '1.1']) } });
    const { response } = await p.handle(req, ok);
    expect(response.headers).toContainEqual(['x-request-id', 'req-1']);
    expect(response.headers).toContainEqual(['phiguard-audit-receipt', '1.1']);
  });
});
