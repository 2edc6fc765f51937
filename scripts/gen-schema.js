#!/usr/bin/env node
// Regenerates schema/policy.schema.json (the JSON Schema of the policy file) from the compiled
// sources. Run `npm run build && npm run schema` after adding a policy key; `npm run docs` does this
// too. A test fails while the file is out of step.
import { writeFileSync } from 'node:fs';
import { renderSchema } from '../dist/core/docs.js';
import { policySchema } from '../dist/policy/schema.js';

writeFileSync(new URL('../schema/policy.schema.json', import.meta.url), renderSchema(policySchema));
process.stdout.write('wrote schema/policy.schema.json\n');
