import { describe, expect, it } from 'vitest';
import { PhiguardError } from '../../core/errors.js';
import { parseStrictJson } from './json.js';

const code = (text: string, depth = 64): string => {
  try {
    parseStrictJson(text, depth);
    return 'ok';
  } catch (e) {
    return e instanceof PhiguardError ? e.code : `other: ${String(e)}`;
  }
};

describe('parseStrictJson', () => {
  it.each([
    ['{"a":1,"b":[1,2,{"c":null}],"d":"x\\u00e9\\ud83d\\ude00"}', 'ok'],
    ['[]', 'ok'],
    ['{}', 'ok'],
    ['  {"a" : [ ] , "b" : { } }  ', 'ok'],
    ['"just a string"', 'ok'],
    ['-0.5e10', 'ok'],
    ['{"a":1,"a":2}', 'PG_BODY_JSON_HAZARD'],
    ['{"x":{"a":1,"b":{"a":2},"a":3}}', 'PG_BODY_JSON_HAZARD'],
    ['{"__proto__":{"admin":true}}', 'PG_BODY_JSON_HAZARD'],
    ['{"a":{"constructor":{"prototype":{}}}}', 'PG_BODY_JSON_HAZARD'],
    ['{"\\u005f_proto__":{}}', 'PG_BODY_JSON_HAZARD'],
    ['{"a":"\\ud800"}', 'PG_BODY_JSON_HAZARD'],
    ['{"a":"\\udc00x"}', 'PG_BODY_JSON_HAZARD'],
    ['{"a":"\\u0000"}', 'PG_BODY_JSON_HAZARD'],
    ['\ufeff{}', 'PG_BODY_JSON_HAZARD'],
    ['{"a":1,}', 'PG_BODY_JSON_INVALID'],
    ['[1,]', 'PG_BODY_JSON_INVALID'],
    ['{"a":1} x', 'PG_BODY_JSON_INVALID'],
    ['{"a":01}', 'PG_BODY_JSON_INVALID'],
    ["{'a':1}", 'PG_BODY_JSON_INVALID'],
    ['{"a":NaN}', 'PG_BODY_JSON_INVALID'],
    ['{"a":"\n"}', 'PG_BODY_JSON_INVALID'],
    ['', 'PG_BODY_JSON_INVALID'],
    ['{"a"', 'PG_BODY_JSON_INVALID'],
  ])('%j -> %s', (text, want) => {
    expect(code(text)).toBe(want);
  });

  it('bounds nesting without recursion (100k deep is rejected, not a stack overflow)', () => {
    expect(code('['.repeat(100_000) + ']'.repeat(100_000))).toBe('PG_BODY_JSON_HAZARD');
    expect(code('['.repeat(64) + ']'.repeat(64))).toBe('ok');
    expect(code('['.repeat(65) + ']'.repeat(65))).toBe('PG_BODY_JSON_HAZARD');
  });

  it('parses a large document', () => {
    const big = JSON.stringify({ entry: Array.from({ length: 20_000 }, (_, i) => ({ id: String(i), v: [i, 'x', null, true] })) });
    expect((parseStrictJson(big, 64) as { entry: unknown[] }).entry).toHaveLength(20_000);
  });
});
