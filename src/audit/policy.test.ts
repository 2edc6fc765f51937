import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CompileContext } from '../core/section.js';
import { encodeSignerKey, generateSeed } from './note.js';
import { compileAudit } from './policy.js';
import { tempDir } from '../../test/helpers/audit/fixtures.js';

function ctxFor(dir: string, env: Record<string, string> = {}) {
  const errors: Array<{ path: string; code: string; message: string }> = [];
  const ctx: CompileContext = {
    baseDir: dir,
    env,
    error: (path, code, message) => void errors.push({ path: path.join('.'), code, message }),
    readFile: (path, file) => {
      try {
        return readFileSync(resolve(dir, file));
      } catch {
        errors.push({ path: path.join('.'), code: 'PG_POLICY_IO', message: file });
        return undefined;
      }
    },
  };
  return { ctx, errors };
}

describe('audit policy section', () => {
  it('defaults to the embedded SQLite store with generated keys, 6-year retention and monthly detail keys', () => {
    const { ctx, errors } = ctxFor(tempDir());
    const c = compileAudit(undefined, ctx);
    expect(errors).toEqual([]);
    expect(c).toMatchObject({ store: 'sqlite:./phiguard-audit.db', checkpointEvery: 1000, checkpointIntervalMs: 5000, retentionDays: 2190, detail: 'month' });
    expect(c.keys).toBeUndefined();
  });

  it('loads the signing key from a file and the HMAC key from the environment', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'audit.skey'), encodeSignerKey('example.org/audit', generateSeed()));
    const { ctx, errors } = ctxFor(dir, { HK: 'k'.repeat(40) });
    const c = compileAudit({ store: 'postgres://db/x', origin: 'example.org/audit', signingKey: { file: 'audit.skey' }, hmacKey: { env: 'HK' }, witness: 'w.witness', checkpoint: { every: 10, interval: '250ms' }, detail: { keyPeriod: 'record' } }, ctx);
    expect(errors).toEqual([]);
    expect(c.keys?.origin).toBe('example.org/audit');
    expect(c).toMatchObject({ witness: join(dir, 'w.witness'), checkpointEvery: 10, checkpointIntervalMs: 250, detail: 'record' });
  });

  it('reports every problem at its path', () => {
    const { ctx, errors } = ctxFor(tempDir(), { SHORT: 'abc' });
    compileAudit({ store: 'postgres://db/x', retention: '365d' }, ctx);
    compileAudit({ signingKey: { env: 'MISSING' }, hmacKey: { env: 'SHORT' } }, ctx);
    compileAudit({ hmacKey: { env: 'SHORT' } }, ctx);
    expect(errors.map((e) => `${e.path} ${e.code}`)).toEqual([
      'audit.signingKey PG_AUDIT_CONFIG',
      'audit.retention PG_AUDIT_CONFIG',
      'audit.signingKey PG_AUDIT_CONFIG',
      'audit.signingKey PG_AUDIT_CONFIG',
    ]);
  });
});
