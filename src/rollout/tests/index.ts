/** `phiguard test`: policy unit tests in YAML (`*.test.yaml`), run on the gateway's own pipeline. */
export { loadTestFile, DEFAULT_CLOCK } from './load.js';
export { runTestFile, runTestFiles, expandTestFiles, TEST_FILE_SUFFIX } from './run.js';
export { coverage, formatJson, formatJunit, formatTree, totals, xmlEscape } from './report.js';
export { testFileSchema } from './schema.js';
export type { CaseResult, Coverage, FileResult, Mismatch, TestSuite } from './types.js';
