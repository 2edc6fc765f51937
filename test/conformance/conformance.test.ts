/**
 * One conformance suite for every shape phiguard runs in: the same data-driven cases
 * (cases.yaml) against node:http, Express 5, Fastify 5, Hono (middleware and phiguardFetch, on
 * @hono/node-server) and the gateway, each on a real loopback server.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
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

for (const name of TARGET_NAMES) {
  describe(name, () => {
    for (const c of cases.filter((x) => appliesTo(x, name))) {
      (c.knownIssue && !process.env.PG_SHOW_KNOWN ? it.fails : it)(c.name, () => runCase(c, targets.get(name)!, ids));
    }
  });
}
