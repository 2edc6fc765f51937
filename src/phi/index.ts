export { PHI_TYPES, isPhiType, DEFAULT_MIN_SCORE } from './types.js';
export type { PhiType, Finding, ScanOptions } from './types.js';
export { scanText, candidates } from './scan.js';
export * as validators from './validators.js';
