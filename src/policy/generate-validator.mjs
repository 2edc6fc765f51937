// Regenerates src/policy/policy-validator.generated.ts (the policy schema's precompiled validator,
// see src/policy/precompile.ts) from the built sources. Run after changing the policy schema:
//   npm run build && node src/policy/generate-validator.mjs
import { writeFileSync } from 'node:fs';
import { renderPolicyValidator } from '../../dist/policy/precompile.js';

const out = new URL('./policy-validator.generated.ts', import.meta.url);
writeFileSync(out, renderPolicyValidator());
process.stdout.write('wrote src/policy/policy-validator.generated.ts\n');
