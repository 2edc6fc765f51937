import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as dict from './dict.js';

describe('PHI word lists (dict.json through dict.ts)', () => {
  it('exports every list from dict.json, each in its format', () => {
    const json = JSON.parse(readFileSync(new URL('./dict.json', import.meta.url), 'utf8')) as Record<string, string>;
    expect(Object.keys(json).sort()).toEqual(['CITIES', 'COMMON_WORDS', 'ENGLISH_BLOOM', 'FIRST_NAMES', 'NAME_BLOOM', 'SURNAMES']);
    for (const [k, v] of Object.entries(json)) expect((dict as Record<string, unknown>)[k], k).toBe(v);
    for (const list of [dict.FIRST_NAMES, dict.SURNAMES, dict.COMMON_WORDS]) expect(list).toMatch(/^[a-z' -]+(\|[a-z' -]+){1000,}$/);
    expect(dict.CITIES.split('|')).toContain('bay minette');
    expect(dict.FIRST_NAMES.startsWith('mary|james|')).toBe(true);
    for (const b of [dict.ENGLISH_BLOOM, dict.NAME_BLOOM]) expect(Buffer.from(b, 'base64').length).toBeGreaterThan(200_000);
    expect(dict.ENGLISH_BLOOM_K).toBe(7);
  });

  it('keeps the data out of module source (literals would be held twice, as source and as strings)', () => {
    expect(statSync(new URL('./dict.ts', import.meta.url)).size).toBeLessThan(4096);
  });
});
