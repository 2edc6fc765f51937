import { describe, expect, it } from 'vitest';
import type { EgressConfig, EgressHost } from '../policy/types.js';
import { EgressError } from './errors.js';
import { checkTarget, findEntry } from './hosts.js';

const entry = (host: string, extra: Partial<EgressHost> = {}): EgressHost => ({ host, wildcard: false, ports: [443], baa: false, allowPrivate: false, http: false, ...extra });
const config: EgressConfig = {
  enabled: true, scanBodies: true, maxScanBytes: 1024,
  allow: [entry('api.example.com'), entry('example.org', { wildcard: true }), entry('legacy.example.net', { http: true, ports: [80, 8080] }), entry('xn--mnchen-3ya.example')],
};

const reason = (url: string): string => {
  try {
    checkTarget(config, url, 'GET');
    return 'allowed';
  } catch (err) {
    expect(err).toBeInstanceOf(EgressError);
    expect((err as Error).message).not.toContain('?');
    return (err as EgressError).reason;
  }
};

describe('checkTarget', () => {
  it.each([
    ['https://api.example.com/x?q=1', 'allowed'], ['https://API.EXAMPLE.COM./x', 'allowed'], ['https://api.example.com:443/', 'allowed'],
    ['https://a.b.example.org/', 'allowed'], ['https://example.org/', 'not-listed'], ['https://badexample.org/', 'not-listed'],
    ['https://api.example.com.evil.com/', 'not-listed'], ['https://evil.com/api.example.com', 'not-listed'],
    ['https://api.example.com@evil.com/', 'credentials'], ['https://user:pw@api.example.com/', 'credentials'],
    ['https://api.example.com:8443/', 'port'], ['http://api.example.com/', 'scheme'], ['ftp://api.example.com/', 'scheme'],
    ['http://legacy.example.net/', 'allowed'], ['http://legacy.example.net:8080/', 'allowed'], ['https://legacy.example.net/', 'port'],
    ['https://münchen.example/', 'allowed'], ['https://m\u00fcnchen.example./', 'allowed'], ['https://xn--mnchen-3ya.example/', 'allowed'],
    ['https://127.0.0.1/', 'private-address'], ['https://2130706433/', 'private-address'], ['https://0x7f.1/', 'private-address'],
    ['https://[::ffff:a9fe:a9fe]/', 'private-address'], ['https://8.8.8.8/', 'not-listed'], ['not a url', 'bad-url'],
  ])('%s -> %s', (url, want) => expect(reason(url)).toBe(want));

  it('findEntry normalises case and the trailing dot, and a wildcard never covers its own name', () => {
    expect(findEntry(config, 'Api.Example.Com.')?.host).toBe('api.example.com');
    expect(findEntry(config, 'example.org')).toBeUndefined();
    expect(findEntry(config, 'x.example.org')?.wildcard).toBe(true);
  });
});
