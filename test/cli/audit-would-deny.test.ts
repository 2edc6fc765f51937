/** `phiguard audit query --would-deny`: what the rules in monitor mode let through, as records and as a summary. */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openAuditLog } from '../../src/audit/open.js';
import { buildAuditRecord } from '../../src/audit/record.js';
import { sampleContext, tempDir, frozenClock } from '../helpers/audit/fixtures.js';
import { runAudit } from '../helpers/audit-cli.js';

describe('phiguard audit query --would-deny', () => {
  const store = `sqlite:${join(tempDir(), 'wd.db')}`;

  beforeAll(async () => {
    const clock = frozenClock(Date.now() - 3_600_000);
    const log = await openAuditLog(store, { clock, checkpointIntervalMs: 0, checkpointEvery: 50 });
    for (let i = 0; i < 12; i++) {
      const ctx = sampleContext(i, clock);
      if (i % 3 === 0) ctx.decisions.push({ stage: 'authorize', code: 'PG_AUTHZ_ROLE', detail: 'role not allowed', monitor: 'routes.patient-read.allow' });
      if (i % 4 === 0) ctx.decisions.push({ stage: 'inspectResponse', code: 'PG_PHI_REDACTED', detail: '1 SSN findings not redacted (monitor)', monitor: 'phi.actions.SSN' });
      if (i === 5) ctx.decisions.push({ stage: 'inspectResponse', code: 'PG_FIELDS_PROJECTED', detail: '2 fields, 0 resources' }); // informational, not a would-deny
      await log.append(buildAuditRecord(ctx, log.keys));
      clock.advance(1000);
    }
    await log.close();
  });

  it('json: only the records a monitored rule let through, each with its would-deny decisions', async () => {
    const r = await runAudit('query', '--store', store, '--would-deny');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out) as Array<{ index: number; wouldDeny: Array<{ rule: string; code: string }> }>;
    // i = 0, 3, 4, 6, 8, 9 (multiples of 3 or 4)
    expect(rows.map((x) => x.index)).toEqual([0, 3, 4, 6, 8, 9]);
    expect(rows[0]!.wouldDeny.map((d) => d.rule).sort()).toEqual(['phi.actions.SSN', 'routes.patient-read.allow']);
  });

  it('--rule narrows to one rule', async () => {
    const rows = JSON.parse((await runAudit('query', '--store', store, '--would-deny', '--rule', 'phi.actions.SSN')).out) as Array<{ index: number }>;
    expect(rows.map((x) => x.index)).toEqual([0, 4, 8]);
  });

  it('--format summary: one line per rule, reason and route, with counts and example request ids', async () => {
    const r = await runAudit('query', '--store', store, '--would-deny', '--format', 'summary');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Would-deny decisions: 6 request\(s\)/);
    expect(r.out).toMatch(/\| routes\.patient-read\.allow \| PG_AUTHZ_ROLE \| [^|]+ \| 4 \|/);
    expect(r.out).toMatch(/\| phi\.actions\.SSN \| PG_PHI_REDACTED \| [^|]+ \| 3 \|/);
    expect(r.out).not.toMatch(/PG_FIELDS_PROJECTED/);
  });

  it('--format summary without --would-deny is refused with what to add', async () => {
    await expect(runAudit('query', '--store', store, '--format', 'summary')).rejects.toThrow(/--would-deny/);
  });
});
