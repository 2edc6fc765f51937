import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkPolicyText } from '../index.js';
import { convert30 } from './schemas.js';
import { undeclaredPaths } from './undeclared.js';

const FILE = fileURLToPath(new URL('../../../test/fixtures/openapi/policy.yaml', import.meta.url));
const policy = (route: string) => `version: 1
name: oa
routes:
${route}
`;

describe('openapi: references compiled at policy load', () => {
  it('reports a missing operation, a method mismatch and an unreadable file at their positions', () => {
    const { errors } = checkPolicyText(FILE, policy(`  - id: a
    method: GET
    path: /patients/{id}
    openapi: { file: patients-3.0.yaml, operationId: nope }
  - id: b
    method: POST
    path: /x/{id}
    openapi: { file: patients-3.0.yaml, operationId: getPatient }
  - id: c
    method: GET
    path: /y
    openapi: { file: missing.yaml, path: /y }`), {});
    expect(errors.map((e) => `${e.line}:${e.col} ${e.code}`)).toEqual(['7:54 PG_POLICY_REFERENCE', '11:14 PG_POLICY_REFERENCE', '15:22 PG_POLICY_IO']);
    expect(errors[0]!.message).toContain('operation "nope" is not in "patients-3.0.yaml"');
  });

  it('requires the route template to use the operation\'s path parameter names', () => {
    const { errors } = checkPolicyText(FILE, policy(`  - { id: a, method: GET, path: "/patients/{pid}", openapi: { file: patients-3.0.yaml, operationId: getPatient } }`), {});
    expect(errors.map((e) => e.message)).toEqual(expect.arrayContaining([expect.stringContaining('path parameter "id" of the operation is not in'), expect.stringContaining('{pid} is not declared')]));
  });

  it('compiles a good reference: declared query names become the allowed list, JSON body types the allowed types', () => {
    const { policy: p, errors } = checkPolicyText(FILE, policy(`  - { id: a, method: GET, path: "/patients/{id}", openapi: { file: patients-3.0.yaml, operationId: getPatient } }
  - { id: b, method: PUT, path: "/patients/{id}", openapi: { file: patients-3.0.yaml, path: "/patients/{id}", method: put }, integrity: { requireIfMatch: true } }`), {});
    expect(errors).toEqual([]);
    const [a, b] = p!.routes;
    expect(a!.request.query).toEqual(['_count', 'tag']);
    expect(b!.request.contentTypes).toEqual(['application/json']);
    expect(b!.request.bodyRequired).toBe(true);
    expect(b!.integrity).toEqual({ requireIfMatch: true, checkVersion: 'auto', digestUnsupported: 'refuse', responseDigest: 'sha-256' });
    expect(b!.request.requireIfMatch).toBe(true);
    expect(Object.isFrozen(b!.integrity)).toBe(true);
  });
});

describe('openapi 3.0 conversion and undeclared members', () => {
  it('turns nullable into type arrays and boolean exclusive bounds into numbers; $ref siblings dropped', () => {
    expect(convert30({ type: 'string', nullable: true, enum: ['a'] })).toEqual({ type: ['string', 'null'], enum: ['a', null] });
    expect(convert30({ type: 'number', minimum: 0, exclusiveMinimum: true })).toEqual({ type: 'number', exclusiveMinimum: 0 });
    expect(convert30({ $ref: '#/x', nullable: true, description: 'd' })).toEqual({ $ref: '#/x' });
    expect(convert30({ allOf: [{ $ref: '#/x' }], nullable: true })).toEqual({ anyOf: [{ allOf: [{ $ref: '#/x' }] }, { type: 'null' }] });
  });

  it('finds members no applicable schema declares (through $ref and allOf); free-form objects are kept', () => {
    const root = { components: { schemas: { Base: { properties: { id: {} } }, Name: { properties: { family: {} } } } } };
    const schema = { allOf: [{ $ref: '#/components/schemas/Base' }, { properties: { name: { type: 'array', items: { $ref: '#/components/schemas/Name' } }, meta: { type: 'object' } } }] };
    const value = { id: 1, extra: 2, name: [{ family: 'x', ssn: 'y' }], meta: { anything: true } };
    expect(undeclaredPaths(root, schema, value)).toEqual([['extra'], ['name', '0', 'ssn']]);
    expect(undeclaredPaths(root, { properties: { a: {} }, additionalProperties: true }, { b: 1 })).toEqual([]);
  });
});
