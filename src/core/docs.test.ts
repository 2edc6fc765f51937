import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { policySchema } from '../policy/schema.js';
import { renderErrorsDoc, renderSchema } from './docs.js';
import { REASON_CODES, REASON_STAGES, type ReasonCode } from './errors.js';

const root = new URL('../../', import.meta.url);
const src = fileURLToPath(new URL('src/', root));

/** Non-test TypeScript under src/, except the files that declare and document the codes. */
function raisingSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === '__tests__' ? [] : raisingSources(p);
    if (!e.name.endsWith('.ts') || e.name.endsWith('.test.ts') || e.name.endsWith('.d.ts')) return [];
    const rel = relative(src, p).split('\\').join('/');
    return rel === 'core/errors.ts' || rel === 'core/docs.ts' ? [] : [p];
  });
}

/** Codes that some source mentions as a string literal ('PG_X', "PG_X" or `PG_X`). */
function raisedCodes(): Set<string> {
  const found = new Set<string>();
  for (const f of raisingSources(src)) {
    for (const m of readFileSync(f, 'utf8').matchAll(/(['"`])(PG_[A-Z0-9_]+)\1/g)) found.add(m[2]!);
  }
  return found;
}

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

  it('every code is raised somewhere in src, or marked reserved with the capability that will raise it', () => {
    const raised = raisedCodes();
    const codes = Object.keys(REASON_CODES) as ReasonCode[];
    const neverRaised = codes.filter((code) => !raised.has(code) && !REASON_CODES[code].reserved);
    expect(neverRaised, 'raise these codes, or declare them with reserved(capability, ...)').toEqual([]);
    const reservedButRaised = codes.filter((code) => raised.has(code) && REASON_CODES[code].reserved);
    expect(reservedButRaised, 'these codes are raised now: drop their reserved mark').toEqual([]);
  });

  it('every code declares at least one known stage; reserved codes are marked in docs/errors.md', () => {
    const doc = readFileSync(new URL('docs/errors.md', root), 'utf8');
    for (const [code, info] of Object.entries(REASON_CODES)) {
      expect(info.stages.length, code).toBeGreaterThan(0);
      for (const st of info.stages) expect(REASON_STAGES, code).toContain(st);
      if (info.reserved) {
        expect(doc).toMatch(new RegExp(`^\\| \`${code}\` \\| \\d+ \\| [^|]* \\(reserved\\) \\|`, 'm'));
        expect(doc).toContain(`- \`${code}\`: ${info.reserved}`);
      }
    }
  });

  it('client messages never interpolate request data', () => {
    for (const [code, info] of Object.entries(REASON_CODES)) {
      expect(code).toMatch(/^PG_[A-Z0-9_]+$/);
      expect(info.message).not.toMatch(/[{}$%]/);
      expect(info.status).toBeGreaterThanOrEqual(200);
    }
  });
});
