// Lets a child `node` process run the TypeScript sources directly (tests only):
//   node --import ./src/audit/__tests__/register-ts.mjs some.ts
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
