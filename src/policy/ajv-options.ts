/**
 * The Ajv options the policy schema is compiled with, at run time (src/policy/validate.ts) and ahead
 * of time (src/policy/precompile.ts), and the digest that ties a precompiled validator to the exact
 * schema and options it was generated from.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Ajv, Options } from 'ajv';
import type { Ajv2020 } from 'ajv/dist/2020.js';

const require = createRequire(import.meta.url);

/**
 * Ajv is loaded on first use (it is CommonJS, so synchronously): a policy with no body schema and no
 * OpenAPI route never needs it once the policy schema is precompiled, and a gateway then does not
 * carry its modules (~1 MiB). Same classes as a static import.
 */
export const ajvClass = (): typeof Ajv => (require('ajv') as typeof import('ajv')).Ajv;
export const ajv2020Class = (): typeof Ajv2020 => (require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js')).Ajv2020;

/** allErrors: every diagnostic at once; strict: a typo in a section schema fails at build, not silently. */
export const POLICY_AJV_OPTIONS: Readonly<Options> = Object.freeze({ allErrors: true, strict: true, allowUnionTypes: true, strictTuples: false });

/** sha256 of the schema (as JSON) and the options: a precompiled validator is used only when its digest is this. */
export function schemaDigest(schema: object, options: Readonly<Options> = POLICY_AJV_OPTIONS): string {
  return createHash('sha256').update(JSON.stringify(options)).update('\n').update(JSON.stringify(schema)).digest('hex');
}
