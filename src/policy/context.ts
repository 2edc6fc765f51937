/** The compile context every section compiler reports through: positioned errors, file reads relative to the policy. */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ReasonCode } from '../core/errors.js';
import type { CompileContext, PolicyPath } from '../core/section.js';
import type { ParsedPolicy, PolicyDiagnostic } from './load.js';

export function createCompileContext(parsed: ParsedPolicy, env: Readonly<Record<string, string | undefined>>, errors: PolicyDiagnostic[]): CompileContext {
  return {
    baseDir: dirname(resolve(parsed.file)),
    env,
    error(path: PolicyPath, code: ReasonCode, message: string) {
      const p = parsed.locate(path);
      errors.push({ file: parsed.file, line: p.line, col: p.col, code, message });
    },
    readFile(path: PolicyPath, file: string) {
      try {
        return readFileSync(resolve(this.baseDir, file));
      } catch {
        this.error(path, 'PG_POLICY_IO', `cannot read file "${file}" (relative to the policy file)`);
        return undefined;
      }
    },
  };
}
