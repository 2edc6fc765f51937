/**
 * Reads an OpenAPI 3.0/3.1 description for `phiguard init` with the policy compiler's own loader
 * (src/policy/openapi/load.ts), so init accepts exactly what `routes[].openapi` accepts. A
 * description that cannot be used is reported as FILE:LINE:COL: PG_... message.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import type { CompileContext } from '../../core/section.js';
import type { ReasonCode } from '../../core/errors.js';
import type { PolicyDiagnostic } from '../../policy/index.js';
import { loadDescription, type ApiDescription } from '../../policy/openapi/load.js';

export type { ApiDescription } from '../../policy/openapi/load.js';

export function readSpec(file: string): { desc?: ApiDescription; errors: PolicyDiagnostic[] } {
  const diag = (line: number, col: number, code: ReasonCode, message: string): PolicyDiagnostic => ({ file, line, col, code, message });
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : 'cannot read file';
    return { errors: [diag(1, 1, 'PG_POLICY_IO', `${reason}; pass an OpenAPI 3.0 or 3.1 description (YAML or JSON)`)] };
  }
  // Parse once here for positions: the shared loader folds the position into its message.
  const lineCounter = new LineCounter();
  const parsed = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const first = parsed.errors[0];
  if (first) {
    const p = lineCounter.linePos(first.pos[0]);
    return { errors: [diag(p.line, p.col, 'PG_POLICY_PARSE', `not valid YAML or JSON: ${first.message.split('\n')[0]}`)] };
  }
  const versionAt = (() => {
    const contents = parsed.contents;
    if (isMap(contents)) {
      for (const pair of contents.items) {
        if (isScalar(pair.key) && pair.key.value === 'openapi' && pair.key.range) return lineCounter.linePos(pair.key.range[0]);
      }
    }
    return { line: 1, col: 1 };
  })();
  const errors: PolicyDiagnostic[] = [];
  const ctx: CompileContext = {
    baseDir: dirname(resolve(file)),
    env: {},
    error: (_path, code, message) => errors.push(diag(versionAt.line, versionAt.col, code, message)),
    readFile: () => Buffer.from(text, 'utf8'),
  };
  const desc = loadDescription(file, [], ctx, new Map());
  return desc ? { desc, errors: [] } : { errors: errors.length ? errors : [diag(1, 1, 'PG_POLICY_SCHEMA', 'not an OpenAPI 3.0 or 3.1 description')] };
}
