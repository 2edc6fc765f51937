import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Pipeline } from '../core/pipeline.js';
import type { GuardRequest } from '../core/types.js';
import { compileAudit } from '../audit/policy.js';
import { parseLeaf } from '../audit/record.js';
import { tempDir } from '../../test/helpers/audit/fixtures.js';
import { RECEIPT_HEADER } from '../guards/audit/index.js';
import { defaultWitness, openAuditRuntime } from './audit.js';

const req = (over: Partial<GuardRequest> = {}): GuardRequest => ({
  method: 'GET', target: '/Patient/p1', headers: [['x-forwarded-for', '198.51.100.7, 10.0.0.2']], body: null, remoteAddress: '10.0.0.1', ...over,
});
const forward = async () => ({ status: 200, headers: [['content-type', 'application/json']] as Array<[string, string]>, body: Buffer.from('{"id":"p1"}') });

describe('audit runtime (from the compiled audit: section)', () => {
  it('opens the log, records the startup events once, serves the stage and re-verifies', async () => {
    const dir = tempDir();
    const errors: string[] = [];
    const ctx = { baseDir: dir, env: {}, error: (_p: unknown, _c: unknown, m: string) => void errors.push(m), readFile: () => undefined };
    const config = compileAudit({ store: `sqlite:${join(dir, 'rt.db')}`, verifyInterval: '1h' }, ctx);
    expect(errors).toEqual([]);
    const created: string[] = [];
    const rt = await openAuditRuntime(config, { policy: { name: 'p', hash: 'h1' }, onKeyFileCreated: (p) => created.push(p) });
    expect(created).toEqual([join(dir, 'rt.db.keys.json')]);
    const p = new Pipeline({ policy: { name: 'p', hash: 'h1', mode: 'enforce' }, stages: { audit: rt.stage } });
    const { response } = await p.handle(req(), forward);
    expect(response.headers.find(([n]) => n === RECEIPT_HEADER)?.[1]).toMatch(/^3\.4\./);
    expect((await rt.periodic!.runNow())).toMatchObject({ ok: true, entries: 4 });
    await rt.close();
    const again = await openAuditRuntime(config, { policy: { name: 'p', hash: 'h1' } });
    expect(await again.log.size()).toBe(4);
    await again.close();
    const types = (await (await import('../audit/open.js')).openStore(`sqlite:${join(dir, 'rt.db')}`, { readOnly: true }).then(async (s) => {
      const rows = await s.entries(0, 10);
      await s.close();
      return rows.map((r) => parseLeaf(r.leaf!).type);
    }));
    expect(types).toEqual(['policy', 'keys', 'config', 'rest']);
  });

  it('gives PostgreSQL gateways a witness file named after the schema', () => {
    expect(defaultWitness('postgres://u@db/phi?schema=audit_1')).toMatch(/phiguard-audit\.audit_1\.witness$/);
    expect(defaultWitness('sqlite:./x.db')).toBeUndefined();
  });
});
