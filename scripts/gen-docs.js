#!/usr/bin/env node
// Regenerates docs/errors.md (the reason-code table) and schema/policy.schema.json from the
// compiled sources. Run `npm run build && npm run docs` after adding a code or a policy key;
// tests fail while either file is out of step.
import { writeFileSync } from 'node:fs';
import { renderErrorsDoc, renderSchema } from '../dist/core/docs.js';
import { policySchema } from '../dist/policy/schema.js';

const root = new URL('..', import.meta.url);
writeFileSync(new URL('docs/errors.md', root), renderErrorsDoc());
writeFileSync(new URL('schema/policy.schema.json', root), renderSchema(policySchema));
process.stdout.write('wrote docs/errors.md and schema/policy.schema.json\n');
