/**
 * Bridges the PHI engine's policy section into the policy compiler.
 * (Temporary permissive schema until the PHI engine exports its own.)
 */
import type { CompileContext } from '../core/section.js';

export const phiSectionSchema = { type: 'object' } as const;

export function compilePhiSection(raw: unknown, _ctx: CompileContext): unknown {
  return raw;
}
