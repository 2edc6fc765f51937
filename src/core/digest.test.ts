import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatDigestField, parseDigestField, verifyDigestField } from './digest.js';

const body = Buffer.from('{"hello": "world"}\n');
const b64 = (alg: string) => createHash(alg).update(body).digest('base64');

describe('RFC 9530 digest fields', () => {
  it('formats sha-256 and sha-512 as structured-field byte sequences', () => {
    expect(formatDigestField(body)).toBe(`sha-256=:${b64('sha256')}:`);
    expect(formatDigestField(body, 'sha-512')).toBe(`sha-512=:${b64('sha512')}:`);
  });

  it('matches the RFC 9530 example digest', () => {
    // RFC 9530 appendix: {"hello": "world"} followed by a newline
    expect(formatDigestField(body)).toBe('sha-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=:');
  });

  it('verifies every supported member, ignores others, and refuses duplicates and non-byte-sequence members', () => {
    expect(verifyDigestField(`sha-256=:${b64('sha256')}:, sha-512=:${b64('sha512')}:`, body)).toEqual({ ok: true, verified: ['sha-256', 'sha-512'] });
    expect(verifyDigestField(`md5=:AAAA:, sha-256=:${b64('sha256')}:;p=1`, body)).toEqual({ ok: true, verified: ['sha-256'] });
    expect(verifyDigestField(`sha-256=:${b64('sha256')}:, sha-512=:${b64('sha256')}:`, body)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyDigestField('unixsum=:AAAA:', body)).toEqual({ ok: false, reason: 'unsupported' });
    for (const bad of ['', 'sha-256', 'sha-256=abc', `SHA-256=:${b64('sha256')}:`, `sha-256=:${b64('sha256')}:,`, `sha-256=:${b64('sha256')}:, sha-256=:${b64('sha256')}:`, 'sha-256=:a:', 'sha-256=:!!:']) {
      expect(parseDigestField(bad), bad).toBeUndefined();
      expect(verifyDigestField(bad, body), bad).toEqual({ ok: false, reason: 'malformed' });
    }
  });
});
