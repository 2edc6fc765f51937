/** Canonical JSON for audit leaves: the one implementation is in src/core/canonical.ts. */
export { canonicalJson, canonicalJsonFlat, isCanonical, type Canon } from '../core/canonical.js';
