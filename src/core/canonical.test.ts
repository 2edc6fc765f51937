import { describe, expect, it } from 'vitest';
import { canonicalJson, type Canon } from './canonical.js';

describe('canonicalJson', () => {
  it('sorts members by UTF-16 code units, omits undefined members, writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: undefined, '10': 'n', '9': 'm', é: 0, z: 0 })).toBe('{"10":"n","9":"m","a":[true,null,"x"],"b":1,"z":0,"é":0}');
    expect(canonicalJson(-0)).toBe('0');
  });

  it('accepts only safe integers by default (audit leaves)', () => {
    for (const n of [1.5, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => canonicalJson(n)).toThrow('only safe integers');
      expect(() => canonicalJson({ a: [n] })).toThrow('only safe integers');
    }
  });

  it("with numbers: 'any' writes every number as JSON.stringify does (the policy hash)", () => {
    const doc = { x: [1.5, -0, 1e-7, 1.5e300, 2 ** 53 + 2, 12345678901234567890, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY] };
    expect(canonicalJson(doc as Canon, { numbers: 'any' })).toBe(`{"x":${JSON.stringify(doc.x)}}`);
    expect(canonicalJson(doc as Canon, { numbers: 'any' })).toBe('{"x":[1.5,0,1e-7,1.5e+300,9007199254740994,12345678901234567000,null,null,null]}');
  });

  it('refuses values JSON has no form for, in both modes', () => {
    for (const numbers of ['safe-integers', 'any'] as const) {
      expect(() => canonicalJson([undefined] as unknown as Canon, { numbers })).toThrow('unsupported undefined');
      expect(() => canonicalJson({ f: (() => 1) as unknown as Canon }, { numbers })).toThrow('unsupported function');
    }
  });
});
