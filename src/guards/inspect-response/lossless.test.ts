import { describe, expect, it } from 'vitest';
import { parseLossless } from './lossless.js';

describe('lossless JSON round trip', () => {
  it('keeps integers beyond 2^53, trailing zeros, exponents, -0 and huge values byte for byte', () => {
    const text = '{"a":9007199254740993,"b":1.10,"c":1e400,"d":-0,"e":[12345678901234567890.10,7.5],"keep":1}';
    const d = parseLossless(text);
    const v = d.value as Record<string, unknown>;
    delete v.keep;
    expect(d.stringify(v)).toBe('{"a":9007199254740993,"b":1.10,"c":1e400,"d":-0,"e":[12345678901234567890.10,7.5]}');
  });

  it('an upstream string that looks like a sentinel stays a string (the nonce is random per call)', () => {
    const text = '{"s":"\\u0000abc:0\\u0000","n":9007199254740993}';
    const d = parseLossless(text);
    expect(d.stringify(d.value)).toBe(text);
  });

  it('texts without lossy numbers take the plain path; invalid JSON throws SyntaxError', () => {
    expect(parseLossless('{"a":1.5,"b":[2]}').stringify({ a: 1.5 })).toBe('{"a":1.5}');
    expect(() => parseLossless('{"a":1e5')).toThrow(SyntaxError);
    expect(() => parseLossless('{"a":')).toThrow(SyntaxError);
  });
});
