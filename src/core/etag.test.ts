import { describe, expect, it } from 'vitest';
import { ifMatchHolds, parseEntityTag, parseIfMatch, strongMatch } from './etag.js';

describe('entity tags and If-Match (RFC 9110)', () => {
  it('parses lists, * and weak tags; refuses malformed values', () => {
    expect(parseIfMatch('*')).toBe('*');
    expect(parseIfMatch('"a", W/"b" ,,"c"')).toEqual([{ weak: false, opaque: '"a"' }, { weak: true, opaque: '"b"' }, { weak: false, opaque: '"c"' }]);
    for (const bad of ['a', '"a" "b"', 'w/"a"', '"a', '', ',', '"a",*', '"a"b']) expect(parseIfMatch(bad), bad).toBeUndefined();
    expect(parseEntityTag('W/"x"')).toEqual({ weak: true, opaque: '"x"' });
    expect(parseEntityTag('"x" junk')).toBeUndefined();
  });

  it('uses the strong comparison: a weak tag never matches', () => {
    expect(strongMatch({ weak: false, opaque: '"1"' }, { weak: false, opaque: '"1"' })).toBe(true);
    expect(strongMatch({ weak: true, opaque: '"1"' }, { weak: false, opaque: '"1"' })).toBe(false);
    expect(strongMatch({ weak: false, opaque: '"1"' }, { weak: true, opaque: '"1"' })).toBe(false);
    expect(ifMatchHolds(parseIfMatch('"1"') as never, { exists: true, etag: { weak: true, opaque: '"1"' } })).toBe(false);
    expect(ifMatchHolds('*', { exists: true })).toBe(true);
    expect(ifMatchHolds('*', { exists: false })).toBe(false);
    expect(ifMatchHolds(parseIfMatch('"0", "1"') as never, { exists: true, etag: { weak: false, opaque: '"1"' } })).toBe(true);
  });
});
