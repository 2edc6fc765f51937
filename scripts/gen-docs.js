#!/usr/bin/env node
// Regenerates docs/errors.md (the reason-code table) and, through gen-schema.js,
// schema/policy.schema.json from the compiled sources. Run `npm run build && npm run docs` after
// adding a code or a policy key; tests fail while either file is out of step.
import { writeFileSync } from 'node:fs';
import { renderErrorsDoc } from '../dist/core/docs.js';

writeFileSync(new URL('../docs/errors.md', import.meta.url), renderErrorsDoc());
process.stdout.write('wrote docs/errors.md\n');
await import('./gen-schema.js');
