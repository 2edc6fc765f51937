#!/usr/bin/env node
// phiguard CLI. The TypeScript sources are compiled to dist/ by `npm install` (prepare) or `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/index.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('phiguard: dist/ is missing. Run `npm install` (or `npm run build`) in the phiguard directory first.\n');
  process.exit(2);
}
const { main } = await import(entry.href);
await main(process.argv);
