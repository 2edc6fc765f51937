import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { policySchema } from '../policy/schema.js';
import { renderErrorsDoc, renderSchema } from './docs.js';
import { REASON_CODES } from './errors.js';

const root = new URL('../../', import.meta.url);

describe('generated reference files are in step with the code (run `npm run docs` to fix)', () => {
  it('docs/errors.md documents exactly the codes in src/core/errors.ts', () => {
    const doc = readFileSync(new URL('docs/errors.md', root), 'utf8');
    const documented = new Set([...doc.matchAll(/^\| `(PG_[A-Z0-9_]+)`/gm)].map((m) => m[1]));
    expect([...documented].sort()).toEqual(Object.keys(REASON_CODES).sort());
    expect(doc).toBe(renderErrorsDoc());
  });

  it('schema/policy.schema.json is the schema the validator uses', () => {
    expect(readFileSync(new URL('schema/policy.schema.json', root), 'utf8')).toBe(renderSchema(policySchema));
  });

  it('client messages never interpolate request data', () => {
    for (const [code, info] of Object.entries(REASON_CODES)) {
      expect(code).toMatch(/^PG_[A-Z0-9_]+$/);
      expect(info.message).not.toMatch(/[{}$%]/);
      expect(info.status).toBeGreaterThanOrEqual(200);
    }
  });
});
