import { describe, expect, it } from 'vitest';
import { compileRedactionPolicy } from '../redact.js';
import { redactJson } from './redact-json.js';
import { CleanMemo, MAX_ENTRIES, MAX_LEN, cleanMemoOf } from './clean-memo.js';

describe('CleanMemo', () => {
  it('remembers short clean strings, never long ones', () => {
    const m = new CleanMemo();
    m.remember('active');
    m.remember('x'.repeat(MAX_LEN + 1));
    expect(m.has('active')).toBe(true);
    expect(m.has('x'.repeat(MAX_LEN + 1))).toBe(false);
    expect(m.has('inactive')).toBe(false);
  });

  it('is bounded to two generations and keeps the strings in use', () => {
    const m = new CleanMemo();
    m.remember('kept');
    for (let i = 0; i < MAX_ENTRIES * 3; i++) {
      m.remember(`s${i}`);
      if (i % 1000 === 0) expect(m.has('kept')).toBe(true);
    }
    expect(m.size).toBeLessThanOrEqual(2 * MAX_ENTRIES);
    expect(m.has('s0')).toBe(false);
    expect(m.has(`s${MAX_ENTRIES * 3 - 1}`)).toBe(true);
  });
});

describe('redactJson with the clean memo', () => {
  it('gives the same result on the first and the repeated document, and never memoises a finding', () => {
    const r = compileRedactionPolicy({ default: 'remove' });
    const doc = JSON.stringify({ resourceType: 'Observation', status: 'final', note: [{ text: 'call 617-555-0142 today' }], valueString: 'Medical Record Number' });
    const a = redactJson(doc, r);
    const b = redactJson(doc, r);
    expect(b).toEqual(a);
    expect(a.text).not.toContain('617-555-0142');
    const memo = cleanMemoOf(r);
    expect(memo.has('Medical Record Number')).toBe(true);
    expect(memo.has('call 617-555-0142 today')).toBe(false);
    // A memo is per compiled redactor: a stricter threshold elsewhere is not affected.
    expect(cleanMemoOf(compileRedactionPolicy({ default: 'remove', minScore: 0.1 })).has('Medical Record Number')).toBe(false);
  });
});
