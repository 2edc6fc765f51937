/**
 * The one way tests run TypeScript in a child process: `spawn(process.execPath, tsNodeArgs(script, ...args))`.
 * The child loads the .ts sources directly through module hooks (./hooks.mjs): no build, no copy.
 */
import { fileURLToPath } from 'node:url';

export const TS_REGISTER = new URL('./register.mjs', import.meta.url).href;

/** Node arguments that run `script` (a .ts or .mjs file path or file: URL) with TypeScript support. */
export function tsNodeArgs(script: string | URL, ...args: string[]): string[] {
  return ['--import', TS_REGISTER, typeof script === 'string' ? script : fileURLToPath(script), ...args];
}
