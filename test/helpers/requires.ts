/**
 * Tests that need something outside the repository (PostgreSQL, Redis, the compiled build in dist/)
 * follow one rule: when it is missing they skip with a one-line reason, but only when `CI` is unset.
 * Under CI a missing prerequisite is a failure, never a silent skip.
 *
 *   const pgOk = await pgReachable();
 *   requireOrSkip(`PostgreSQL at ${PG_URL}`, pgOk)('PostgreSQL: ...', () => { ... });
 *
 * (Here rather than under test/: src/ test files may only import inside src/, the tsconfig rootDir.)
 */
import { describe, it } from 'vitest';

/** A `describe` that takes a title and a body. */
export type Suite = (title: string, body: () => void) => void;

/**
 * The describe to use for a suite that needs `name`: vitest's own when `available`; else, under
 * `CI`, a suite of one failing test that names what is missing; else `describe.skip`, after one
 * console.warn line giving the reason. `how` says how to provide it (a command, an env variable).
 */
export function requireOrSkip(name: string, available: boolean, how?: string): Suite {
  if (available) return (title, body) => describe(title, body);
  const missing = `${name} is not available${how ? ` (${how})` : ''}`;
  if (process.env.CI) {
    return (title) =>
      describe(title, () => {
        it(`needs ${name}`, () => {
          throw new Error(`${missing}, and CI is set: these tests must run, not skip`);
        });
      });
  }
  return (title, body) => {
    console.warn(`[skip] ${title}: ${missing}, and CI is unset`);
    describe.skip(title, body);
  };
}
