import { describe, expect, it } from 'vitest';
import { removeJsonPaths } from './contract.js';

describe('removeJsonPaths: lossless member removal', () => {
  it('removes members anywhere and keeps every remaining value byte for byte, big numbers included (only whitespace between members of an edited object is dropped)', () => {
    const text = '{ "a": 9007199254740993, "x": {"y": 1, "z": [1.50, 2e400]}, "list": [{"k": 1, "drop": "v"}, {"drop": 2}], "last": 3 }';
    expect(removeJsonPaths(text, [['x', 'y'], ['list', '0', 'drop'], ['list', '1', 'drop'], ['last']])).toBe(
      '{"a": 9007199254740993,"x": {"z": [1.50, 2e400]},"list": [{"k": 1},{}]}',
    );
    expect(removeJsonPaths(text, [])).toBe(text);
    expect(removeJsonPaths('{"a":1,"a":2,"b":3}', [['a']])).toBe('{"b":3}');
  });
});
