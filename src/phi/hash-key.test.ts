/**
 * Every malformed form of the PHI hashing key is refused, by the decoder and by the policy
 * compiler with a positioned error; no compiled policy ever holds a placeholder key.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPolicyText } from '../policy/index.js';
import { checkPhiSectionFile } from '../policy/phi-file.js';
import { checkHashKey, decodeHashKeyFile, decodeHashKeyText } from './hash-key.js';
import { hashToken } from './redact.js';

const GOOD = Uint8Array.from({ length: 32 }, (_, i) => (i * 73 + 5) & 0xff);
const hex = Buffer.from(GOOD).toString('hex');
const b64 = Buffer.from(GOOD).toString('base64');
const b64url = Buffer.from(GOOD).toString('base64url');

/** [label, env value, reason pattern] */
const MALFORMED_TEXT: Array<[string, string, RegExp]> = [
  ['empty', '', /empty/],
  ['white space only', ' \t\n', /empty/],
  ['neither hex nor base64', 'not a key!', /neither hex nor base64/],
  ['a pass phrase', 'correct horse battery staple', /neither hex nor base64/],
  ['white space inside', `${hex.slice(0, 32)} ${hex.slice(32)}`, /neither hex nor base64/],
  ['odd-length hex', hex.slice(0, 63), /odd number/],
  ['hex, too short (8 bytes)', '0123456789abcdef', /at least 16 bytes/],
  ['base64, too short', Buffer.from('short key').toString('base64'), /at least 16 bytes/],
  ['base64, bad padding', `${b64.replace(/=+$/, '')}===`, /neither hex nor base64|padding/],
  ['base64, padding in a wrong place', `${b64.slice(0, 10)}=${b64.slice(10)}`, /neither hex nor base64|padding/],
  ['base64, length 4n+1', `${b64.replace(/=+$/, '')}AA`.slice(0, 45), /wrong length|padding/],
  ['base64, non-canonical trailing bits', 'QUJDREVGR0hJSktMTU5PUFFSU1RV' + 'VB', /canonical/],
  ['base64, mixed alphabets', `${b64.slice(0, 20).replace(/[A-Z]/, '+')}${b64url.slice(20).replace(/[a-z]/, '_')}`, /neither hex nor base64/],
  ['all-zero hex', '00'.repeat(32), /repeated/],
  ['all-zero base64', Buffer.alloc(32).toString('base64'), /repeated/],
  ['constant bytes', 'ff'.repeat(16), /repeated/],
];

describe('decodeHashKeyText', () => {
  it.each([['hex', hex], ['HEX', hex.toUpperCase()], ['base64', b64], ['base64 unpadded', b64.replace(/=+$/, '')], ['base64url', b64url], ['with a newline', `${hex}\n`]])(
    'accepts %s',
    (_label, text) => {
      const r = decodeHashKeyText(text);
      expect(r.ok).toBe(true);
      if (r.ok) expect(Buffer.from(r.key).equals(Buffer.from(GOOD))).toBe(true);
    },
  );
  it.each(MALFORMED_TEXT)('refuses %s', (_label, text, reason) => {
    const r = decodeHashKeyText(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toMatch(reason);
      // Reasons never carry key material.
      if (text.trim().length >= 4) expect(r.reason).not.toContain(text.trim());
    }
  });
});

describe('decodeHashKeyFile and checkHashKey', () => {
  it('accepts hex text and raw random bytes; refuses empty, pass-phrase, short and constant files', () => {
    expect(decodeHashKeyFile(Buffer.from(`${hex}\n`)).ok).toBe(true);
    const raw = Uint8Array.from({ length: 32 }, (_, i) => (i * 97 + 200) & 0xff);
    raw[0] = 0x00; // not text
    expect(decodeHashKeyFile(raw).ok).toBe(true);
    for (const [bytes, reason] of [
      [new Uint8Array(0), /empty/],
      [Buffer.from('my secret pass phrase for hashing\n'), /neither hex nor base64/],
      [Uint8Array.from([0, 1, 2, 3, 250, 251]), /at least 16 bytes/],
      [new Uint8Array(32), /repeated/],
    ] as Array<[Uint8Array, RegExp]>) {
      const r = decodeHashKeyFile(bytes);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(reason);
    }
    expect(checkHashKey(new Uint8Array(15).fill(1)).ok).toBe(false);
    expect(checkHashKey('x'.repeat(32) as unknown as Uint8Array).ok).toBe(false);
  });
});

const dir = mkdtempSync(join(tmpdir(), 'phiguard-key-'));
const POLICY = (ref: string) => `version: 1
name: key-test
routes:
  - id: r
    method: GET
    path: /r
    public: true
phi:
  default: hash
  hashKey: ${ref}
`;
const KEY_LINE = 10; // line of `hashKey:` above

describe('the policy compiler and the key', () => {
  it.each(MALFORMED_TEXT)('env key %s: the policy does not compile; the error is at phi.hashKey', (_label, value) => {
    const { policy, errors } = checkPolicyText('p.yaml', POLICY('env:PHI_KEY'), { PHI_KEY: value });
    expect(policy).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: KEY_LINE, code: 'PG_POLICY_REFERENCE' });
    expect(errors[0]!.message).toContain('PHI_KEY');
    if (value.trim().length >= 4) expect(errors[0]!.message).not.toContain(value.trim());
  });

  it('an unset variable is an error that says how to make a key', () => {
    const { policy, errors } = checkPolicyText('p.yaml', POLICY('env:PHI_KEY'), {});
    expect(policy).toBeUndefined();
    expect(errors).toEqual([expect.objectContaining({ line: KEY_LINE, code: 'PG_POLICY_REFERENCE', message: expect.stringMatching(/not set.*openssl rand/) })]);
  });

  it.each([
    ['missing', null, 'PG_POLICY_IO'],
    ['empty', new Uint8Array(0), 'PG_POLICY_REFERENCE'],
    ['a pass phrase', Buffer.from('hunter2 hunter2 hunter2\n'), 'PG_POLICY_REFERENCE'],
    ['all zeros (raw)', new Uint8Array(32), 'PG_POLICY_REFERENCE'],
    ['all-zero hex', Buffer.from('00'.repeat(32)), 'PG_POLICY_REFERENCE'],
    ['short raw bytes', Uint8Array.from([0, 9, 8, 7, 6]), 'PG_POLICY_REFERENCE'],
  ] as Array<[string, Uint8Array | null, string]>)('file key %s: the policy does not compile', (label, content, code) => {
    const name = `key-${label.replace(/\W+/g, '-')}.bin`;
    if (content) writeFileSync(join(dir, name), content);
    const { policy, errors } = checkPolicyText(join(dir, 'p.yaml'), POLICY(`file:${name}`), {});
    expect(policy).toBeUndefined();
    expect(errors).toEqual([expect.objectContaining({ line: KEY_LINE, code })]);
  });

  it('a usable key compiles, and the compiled key is exactly the decoded bytes (tokens depend on it)', () => {
    for (const value of [hex, b64, b64url]) {
      const { policy, errors } = checkPolicyText('p.yaml', POLICY('env:PHI_KEY'), { PHI_KEY: value });
      expect(errors).toEqual([]);
      expect(Buffer.from(policy!.phi!.hashKey!).equals(Buffer.from(GOOD))).toBe(true);
    }
    writeFileSync(join(dir, 'good.key'), `${hex}\n`);
    const { policy } = checkPolicyText(join(dir, 'p.yaml'), POLICY('file:good.key'), {});
    expect(hashToken(policy!.phi!.hashKey!, 'NAME', 'Smith')).toBe(hashToken(GOOD, 'NAME', 'Smith'));
  });

  it('no compiled policy holds a constant (placeholder) key, whatever the environment', () => {
    const values = [...MALFORMED_TEXT.map(([, v]) => v), undefined];
    for (const v of values) {
      const { policy } = checkPolicyText('p.yaml', POLICY('env:PHI_KEY'), v === undefined ? {} : { PHI_KEY: v });
      const key = policy?.phi?.hashKey;
      expect(key === undefined || !key.every((b) => b === key[0])).toBe(true);
      expect(policy).toBeUndefined();
    }
  });

  it('a bad key and another phi error are both reported (every error at once)', () => {
    const text = POLICY('env:PHI_KEY').replace('  default: hash\n', '  default: hash\n  fields:\n    ignore: ["$.a[b"]\n');
    const { policy, errors } = checkPolicyText('p.yaml', text, { PHI_KEY: 'nope' });
    expect(policy).toBeUndefined();
    expect(errors.map((e) => e.code).sort()).toEqual(['PG_POLICY_REFERENCE', 'PG_POLICY_SCHEMA']);
  });
});

describe('phiguard redact --policy uses the same section compiler', () => {
  it('refuses the same malformed keys with the same positioned error', () => {
    const file = join(dir, 'phi-only.yaml');
    writeFileSync(file, 'phi:\n  default: mask\n  hashKey: env:PHI_KEY\n  actions:\n    NAME: hash\n');
    for (const [, value] of MALFORMED_TEXT) {
      const r = checkPhiSectionFile(file, { PHI_KEY: value });
      expect(r.redactor).toBeUndefined();
      expect(r.errors).toEqual([expect.objectContaining({ file, line: 3, code: 'PG_POLICY_REFERENCE' })]);
    }
    const ok = checkPhiSectionFile(file, { PHI_KEY: hex });
    expect(ok.errors).toEqual([]);
    expect(Buffer.from(ok.redactor!.hashKey!).equals(Buffer.from(GOOD))).toBe(true);
  });
  it('reports schema errors of the section with positions', () => {
    const file = join(dir, 'phi-bad.yaml');
    writeFileSync(file, 'phi:\n  default: mask\n  bogus: 1\n');
    const r = checkPhiSectionFile(file, {});
    expect(r.errors).toEqual([expect.objectContaining({ line: 3, code: 'PG_POLICY_UNKNOWN_KEY' })]);
  });
});
