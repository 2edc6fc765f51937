/**
 * FIXED (was a vulnerability): the audit leaf stores query parameter NAMES in clear
 * (src/audit/record.ts `what.query.params`), and names are whatever the client sent: a bare search
 * term (`/Patient?Okafor`, `?536-22-1234`) or a name=value pair with the value in the name
 * position is written unhashed into the append-only, never-deletable Merkle log.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPhiguard } from '../../src/runtime/index.js';
import { loadPolicy } from '../../src/policy/index.js';
import { simulate } from '../../src/runtime/simulate.js';
import { EXAMPLE, bearer, tok } from '../helpers/security.js';

describe('audit leaves', () => {
  it('never hold a query parameter name in clear', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pg-sec-audit-'));
    const g = await createPhiguard({ policy: loadPolicy(EXAMPLE), auditStore: `sqlite:${join(dir, 'audit.db')}`, log: () => undefined });
    const up = () => ({ status: 200, headers: [['content-type', 'application/fhir+json']] as Array<[string, string]>, body: '{"resourceType":"Bundle","type":"searchset","entry":[]}' });
    // a clinician UI that sends the search box as a bare query, and an unauthenticated probe
    await simulate(g, { target: '/Patient?Okafor%20Jameson%20536-22-1234', headers: bearer(await tok.clinician('TREAT')) }, up);
    await simulate(g, { target: '/nowhere?jokafor@example.org' }, up);
    await g.audit.log.flush();
    await g.close();
    const bytes = readdirSync(dir).map((f) => readFileSync(join(dir, f)).toString('latin1')).join('\n');
    for (const s of ['536-22-1234', 'Okafor', 'jokafor@example.org']) expect(bytes).not.toContain(s);
  });
});
