/**
 * One conformance suite for every shape phiguard runs in: the same data-driven cases
 * (cases.yaml) against node:http, Express 5, Fastify 5, Hono (middleware and phiguardFetch, on
 * @hono/node-server) and the gateway, each on a real loopback server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appliesTo, loadCases, runCase } from './cases.js';
import { rawPipeline, rawRequest } from './raw-http.js';
import { demoIds, demoToken, startTargets, TARGET_NAMES, type Target, type TargetName } from './targets.js';

const cases = loadCases(new URL('./cases.yaml', import.meta.url));
let targets: Map<TargetName, Target>;
let ids: Record<string, string>;

beforeAll(async () => {
  ids = { ...demoIds(), token: await demoToken() };
  targets = await startTargets();
});
afterAll(async () => {
  for (const t of targets?.values() ?? []) await t.close();
});

/** Receipts (`<index>.<size>.<root>`) of every pipeline response, per target. */
const receipts = new Map<TargetName, string[]>();
const pipelineResponses = new Map<TargetName, number>();

for (const name of TARGET_NAMES) {
  describe(name, () => {
    for (const c of cases.filter((x) => appliesTo(x, name))) {
      (c.knownIssue && !process.env.PG_SHOW_KNOWN ? it.fails : it)(c.name, async () => {
        const res = await runCase(c, targets.get(name)!, ids);
        if (res.header('x-request-id')) pipelineResponses.set(name, (pipelineResponses.get(name) ?? 0) + 1);
        const r = res.header('phiguard-audit-receipt');
        if (r) receipts.set(name, [...(receipts.get(name) ?? []), r]);
      });
    }

    it('every pipeline response (allowed or denied) carries the receipt of its own audit record', async () => {
      const list = receipts.get(name) ?? [];
      expect(list.length).toBeGreaterThan(0);
      expect(list.length, 'one receipt per pipeline response').toBe(pipelineResponses.get(name));
      const indices = list.map((r) => Number(r.split('.')[0]));
      expect(new Set(indices).size, 'each receipt names a distinct log entry').toBe(indices.length);
      const size = await targets.get(name)!.guard.audit.log.size();
      expect(Math.max(...indices)).toBeLessThan(size);
    });
  });
}

describe('concurrency: no cross-talk between interleaved requests', () => {
  for (const name of TARGET_NAMES) {
    it(name, async () => {
      const t = targets.get(name)!;
      const pids = ids.pids!.split(',');
      const jobs = Array.from({ length: 60 }, (_, i) => {
        const pid = pids[i % pids.length]!;
        if (i % 3 === 0) return { want: 200, pid, raw: `GET /Patient/${pid} HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n` };
        if (i % 3 === 1) return { want: 404, raw: `GET /Encounter/${i} HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer ${ids.token}\r\nConnection: close\r\n\r\n` };
        const body = JSON.stringify({ resourceType: 'Observation', status: 'final', note: `n${i}` });
        return { want: 201, note: `n${i}`, raw: `POST /Observation HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}` };
      });
      const before = t.seen.length;
      const results = await Promise.all(jobs.map((j) => rawRequest(t.port, j.raw)));
      const rids = new Set<string>();
      results.forEach((res, i) => {
        const j = jobs[i]!;
        expect(res.status, `job ${i}`).toBe(j.want);
        rids.add(res.header('x-request-id')!);
        const body = JSON.parse(res.body.toString('utf8')) as { id?: string; note?: string };
        if (j.pid) expect(body.id).toBe(j.pid);
        if (j.note) expect(body.note).toBe(j.note);
      });
      expect(rids.size).toBe(jobs.length);
      // The handler/upstream saw exactly the allowed requests, each once.
      expect(t.seen.length - before).toBe(jobs.filter((j) => j.want !== 404).length);
    });
  }
});

describe('keep-alive: requests pipelined on one connection are each decided on their own', () => {
  for (const name of TARGET_NAMES) {
    it(name, async () => {
      const t = targets.get(name)!;
      const denied = '{"resourceType":"Observation","status":"final"}';
      const hazard = '{"a":1,"a":2}';
      const raw = [
        // 1: denied (415) although it carries a body: the body must be consumed as a body, never as a request.
        `POST /Observation HTTP/1.1\r\nHost: a\r\nContent-Type: text/plain\r\nContent-Length: ${denied.length}\r\n\r\n${denied}`,
        // 2: allowed
        `GET /Patient/${ids.pid} HTTP/1.1\r\nHost: a\r\n\r\n`,
        // 3: denied by validation (JSON hazard)
        `POST /Observation HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: ${hazard.length}\r\n\r\n${hazard}`,
        // 4: allowed HEAD, then 5: allowed create, last on the connection
        `HEAD /Patient/${ids.pid} HTTP/1.1\r\nHost: a\r\n\r\n`,
        `POST /Observation HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: ${denied.length}\r\nConnection: close\r\n\r\n${denied}`,
      ].join('');
      const before = t.seen.length;
      const res = await rawPipeline(t.port, raw, 5, { headOnly: [false, false, false, true, false] });
      expect(res.map((r) => r.status)).toEqual([415, 200, 400, 200, 201]);
      expect(res.map((r) => (r.status >= 400 ? (r.json() as { error: { code: string } }).error.code : null))).toEqual(['PG_BODY_CONTENT_TYPE', null, 'PG_BODY_JSON_HAZARD', null, null]);
      expect(new Set(res.map((r) => r.header('x-request-id'))).size).toBe(5);
      expect(t.seen.slice(before).map((s) => `${s.method} ${s.target}`)).toEqual([`GET /Patient/${ids.pid}`, `HEAD /Patient/${ids.pid}`, 'POST /Observation']);
    });
  }
});
