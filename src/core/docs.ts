/** Renders the reason-code reference (docs/errors.md) and the schema file from the sources. */
import { REASON_CODES, type ReasonCode } from './errors.js';

/** The stages a code declares (src/core/errors.ts), as the docs table shows them. */
export function stageOf(code: ReasonCode): string {
  const info = REASON_CODES[code];
  return `${info.stages.join(', ')}${info.reserved ? ' (reserved)' : ''}`;
}

export function renderErrorsDoc(): string {
  const codes = Object.keys(REASON_CODES) as ReasonCode[];
  const rows = codes.map((code) => {
    const c = REASON_CODES[code];
    return `| \`${code}\` | ${c.status} | ${stageOf(code)} | ${c.monitorable ? 'yes' : 'no'} | ${c.message} |`;
  });
  const reserved = codes.filter((code) => REASON_CODES[code].reserved).map((code) => `- \`${code}\`: ${REASON_CODES[code].reserved}.`);
  return `# Reason codes

Every decision phiguard makes carries a stable reason code. Clients receive the code, the generic
message below and a request id, as \`{"error":{"code":"PG_...","message":"...","requestId":"..."}}\`:
never the offending value, a token or PHI. The audit record keeps the code and an operator detail
(field names, counts; never values).

*Monitorable* codes are recorded but not enforced in \`monitor\` mode; the others always deny
(protocol hazards and internal faults fail closed in every mode).

*Stage* is where the code is raised, declared with the code in \`src/core/errors.ts\`: a pipeline
stage, or \`policy\` (loading the policy), \`transport\` (the adapter or gateway around the pipeline:
reading the request, shutting down), \`upstream\` (the handler or the upstream call), \`any\` (any
stage, or the final outcome). *Reserved* codes are declared for a capability that does not raise
them yet (listed below the table).

This file is generated from \`src/core/errors.ts\` by \`npm run docs\`; a test fails when they differ.

| code | HTTP status | stage | monitorable | client message |
| --- | --- | --- | --- | --- |
${rows.join('\n')}

## Reserved codes

${reserved.join('\n')}
`;
}

export function renderSchema(schema: unknown): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
