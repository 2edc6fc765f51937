/**
 * One conformance suite for every shape phiguard runs in: the same data-driven cases
 * (cases.yaml) against node:http, Express 5, Fastify 5, Hono (middleware and phiguardFetch, on
 * @hono/node-server) and the gateway, each on a real loopback server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appliesTo, loadCases, runCase } from './cases.js';
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
