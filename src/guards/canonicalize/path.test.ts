import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PhiguardError } from '../../core/errors.js';
import { canonicalizeHeaders } from './headers.js';
import { canonicalizeTarget } from './path.js';

const vectors = JSON.parse(readFileSync(new URL('./path-vectors.json', import.meta.url), 'utf8')) as {
  allow: Array<[string, { path: string; segments?: string[]; query?: string }]>;
  deny: Array<[string, string]>;
};

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
    return 'allowed';
  } catch (e) {
    return e instanceof PhiguardError ? e.code : `non-PhiguardError: ${String(e)}`;
  }
};

describe('canonicalizeTarget: allowed vectors', () => {
  it.each(vectors.allow)('%s', (target, want) => {
    const c = canonicalizeTarget(target);
    expect(c.path).toBe(want.path);
    if (want.segments) expect(c.segments).toEqual(want.segments);
    if (want.query !== undefined) expect(c.query).toBe(want.query);
    // Canonicalization is idempotent: the forwarded target canonicalizes to itself.
    const again = canonicalizeTarget(c.forwardTarget);
    expect(again.forwardTarget).toBe(c.forwardTarget);
    expect(again.segments).toEqual(c.segments);
  });
});

describe('canonicalizeTarget: denied vectors', () => {
  it.each(vectors.deny)('%j -> %s', (target, code) => {
    expect(codeOf(() => canonicalizeTarget(target))).toBe(code);
  });
});

describe('canonicalizeTarget: properties', () => {
  it('never yields a segment containing a separator, "." or "..", for any 3-char percent soup', () => {
    const alphabet = ['%2e', '%2E', '.', '%2f', '%5c', 'a', '%25', '%', '/', '%00', '%c0', '%af'];
    for (const a of alphabet) for (const b of alphabet) for (const c of alphabet) {
      const t = `/x/${a}${b}${c}/y`;
      let segs: readonly string[] = [];
      try {
        segs = canonicalizeTarget(t).segments;
      } catch (e) {
        expect(e).toBeInstanceOf(PhiguardError);
        continue;
      }
      for (const s of segs) {
        expect(s).not.toMatch(/[/\\\u0000]/);
        expect(s === '.' || s === '..' || s === '').toBe(false);
      }
    }
  });
});

describe('canonicalizeHeaders', () => {
  const limits = { maxHeaderCount: 50, maxHeaderBytes: 8192 };
  const h = (...pairs: Array<[string, string]>) => () => canonicalizeHeaders(pairs, limits);
  it.each([
    ['duplicate Host', h(['host', 'a'], ['host', 'b']), 'PG_HEADER_DUPLICATE'],
    ['Host with comma (folded duplicates)', h(['host', 'a, b']), 'PG_HEADER_DUPLICATE'],
    ['Host with path', h(['host', 'a/b']), 'PG_HEADER_DUPLICATE'],
    ['duplicate Authorization', h(['authorization', 'Bearer a'], ['authorization', 'Bearer b']), 'PG_HEADER_DUPLICATE'],
    ['duplicate Content-Length', h(['content-length', '1'], ['content-length', '1']), 'PG_HEADER_DUPLICATE'],
    ['X-HTTP-Method-Override', h(['x-http-method-override', 'DELETE']), 'PG_HEADER_METHOD_OVERRIDE'],
    ['X-Method-Override', h(['X-Method-Override', 'PUT']), 'PG_HEADER_METHOD_OVERRIDE'],
    ['X-HTTP-Method', h(['x-http-method', 'PUT']), 'PG_HEADER_METHOD_OVERRIDE'],
    ['X-Original-URL', h(['x-original-url', '/admin']), 'PG_HEADER_METHOD_OVERRIDE'],
    ['X-Rewrite-URL', h(['x-rewrite-url', '/admin']), 'PG_HEADER_METHOD_OVERRIDE'],
    ['TE + CL', h(['transfer-encoding', 'chunked'], ['content-length', '5']), 'PG_FRAMING_INVALID'],
    ['TE other than chunked', h(['transfer-encoding', 'gzip, chunked']), 'PG_FRAMING_INVALID'],
    ['bad Content-Length', h(['content-length', '1, 2']), 'PG_FRAMING_INVALID'],
    ['invalid name', h(['bad name', 'x']), 'PG_HEADER_INVALID'],
    ['CR in value', h(['x-a', 'a\r\nb']), 'PG_HEADER_INVALID'],
  ])('%s', (_name, fn, code) => {
    expect(codeOf(fn)).toBe(code);
  });
  it('rejects a request that reaches the header count limit (431)', () => {
    const many = Array.from({ length: 50 }, (_, i) => [`x-h${i}`, 'v'] as [string, string]);
    expect(codeOf(() => canonicalizeHeaders(many, limits))).toBe('PG_HEADER_TOO_MANY');
  });
  it('rejects oversized headers (431)', () => {
    expect(codeOf(h(['x-big', 'a'.repeat(9000)]))).toBe('PG_HEADER_TOO_LARGE');
  });
  it('joins repeated list headers, keeps cookies with "; "', () => {
    const m = canonicalizeHeaders([['accept', 'a'], ['Accept', 'b'], ['cookie', 'x=1'], ['cookie', 'y=2'], ['host', 'h:80']], limits);
    expect(m.get('accept')).toBe('a, b');
    expect(m.get('cookie')).toBe('x=1; y=2');
  });
});
