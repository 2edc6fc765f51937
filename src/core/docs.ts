/** Renders the reason-code reference (docs/errors.md) and the schema file from the sources. */
import { REASON_CODES, type ReasonCode } from './errors.js';

const STAGE_OF: Array<[RegExp, string]> = [
  [/^PG_POLICY_/, 'policy (validate)'],
  [/^PG_(PATH|HEADER|METHOD|FRAMING|QUERY)_/, 'canonicalize'],
  [/^PG_ROUTE_/, 'route'],
  [/^PG_(AUTH|SESSION|STATE)_/, 'identify'],
  [/^PG_(AUTHZ|BREAK_GLASS|RATE)_/, 'authorize'],
  [/^PG_(BODY|PRECONDITION|REQUEST)_/, 'validateRequest'],
  [/^PG_(UPSTREAM|HANDLER)_/, 'upstream / handler'],
  [/^PG_(RESPONSE|PHI|FIELDS|LABELS)_/, 'inspectResponse'],
  [/^PG_AUDIT_/, 'audit'],
  [/^PG_ALERT_/, 'alert'],
  [/^PG_(TLS|EGRESS)_/, 'transport / egress'],
];

export function stageOf(code: string): string {
  return STAGE_OF.find(([re]) => re.test(code))?.[1] ?? 'any';
}

export function renderErrorsDoc(): string {
  const rows = (Object.keys(REASON_CODES) as ReasonCode[]).map((code) => {
    const c = REASON_CODES[code];
    return `| \`${code}\` | ${c.status} | ${stageOf(code)} | ${c.monitorable ? 'yes' : 'no'} | ${c.message} |`;
  });
  return `# Reason codes

Every decision phiguard makes carries a stable reason code. Clients receive the code, the generic
message below and a request id, as \`{"error":{"code":"PG_...","message":"...","requestId":"..."}}\`:
never the offending value, a token or PHI. The audit record keeps the code and an operator detail
(field names, counts; never values).

*Monitorable* codes are recorded but not enforced in \`monitor\` mode; the others always deny
(protocol hazards and internal faults fail closed in every mode).

This file is generated from \`src/core/errors.ts\` by \`npm run docs\`; a test fails when they differ.

| code | HTTP status | stage | monitorable | client message |
| --- | --- | --- | --- | --- |
${rows.join('\n')}
`;
}

export function renderSchema(schema: unknown): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
