// Lets a child `node` process run the TypeScript sources directly (tests only), the one way the
// test suite starts TypeScript in a child process:
//   node --import ./test/helpers/ts/register.mjs some.ts
// From a test, use `tsNodeArgs(script, ...args)` from ./node.ts.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
