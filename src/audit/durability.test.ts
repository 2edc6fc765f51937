/**
 * audit.durability: the default keeps the fsync-per-commit promise; `process` (SQLite only) is a
 * weaker, documented promise (docs/audit.md, Durability) that must be asked for.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CompileContext } from '../core/section.js';
import { auditSettings, compileAudit } from './policy.js';
import { SqliteStore } from './stores/sqlite.js';
import { tempDir } from '../../test/helpers/audit/fixtures.js';

function ctxFor(dir: string) {
  const errors: Array<{ path: string; code: string }> = [];
  const ctx: CompileContext = {
    baseDir: dir,
    env: {},
    error: (path, code) => void errors.push({ path: path.join('.'), code }),
    readFile: (_path, file) => readFileSync(resolve(dir, file)),
  };
  return { ctx, errors };
}

describe('audit.durability', () => {
  it('defaults to durable, and the setting is part of the recorded audit settings', () => {
    const { ctx, errors } = ctxFor(tempDir());
    const c = compileAudit(undefined, ctx);
    expect(errors).toEqual([]);
    expect(c.durability).toBe('durable');
    expect(auditSettings(c).durability).toBe('durable');
    expect(auditSettings(compileAudit({ durability: 'process' }, ctx)).durability).toBe('process');
  });

  it('refuses a weaker promise for a store that does not offer it', () => {
    const { ctx, errors } = ctxFor(tempDir());
    compileAudit({ store: 'postgres://audit@db/phi', durability: 'process' }, ctx);
    expect(errors.map((e) => e.path + ' ' + e.code)).toContain('audit.durability PG_AUDIT_CONFIG');
  });

  it('commits with synchronous=FULL by default and NORMAL only when asked', async () => {
    const dir = tempDir();
    const durable = new SqliteStore(join(dir, 'a.db'), { writer: 'inline' });
    const relaxed = new SqliteStore(join(dir, 'b.db'), { writer: 'inline', durability: 'process' });
    await durable.init();
    await relaxed.init();
    try {
      expect(durable.durability).toBe('durable');
      expect(durable.synchronousLevel()).toBe(2);
      expect(relaxed.synchronousLevel()).toBe(1);
    } finally {
      await durable.close();
      await relaxed.close();
    }
  });
});
