/**
 * Path-bypass suite: the cases in cases.yaml against the gateway and every adapter, on raw sockets.
 * Each case states the expected status and PG_* code, and for allowed cases the exact canonical
 * target the handler/upstream received; denied cases must not reach it at all.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { appliesTo, loadCases, runCase, type Case } from '../conformance/cases.js';
import { demoIds, demoToken, startTargets, TARGET_NAMES, type Target, type TargetName } from '../conformance/targets.js';

// A valid token on every case unless it opts out: routing, not identity, must decide.
const cases: Case[] = loadCases(new URL('./cases.yaml', import.meta.url)).map((c) => ({ auth: true, ...c }));
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
