import { describe, expect, it } from 'vitest';
import { classifyAddress } from './address.js';

const host = (literal: string) => new URL(`http://${literal}/`).hostname;

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'], ['127.255.0.9', 'loopback'], ['10.1.2.3', 'private'], ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'], ['192.168.1.1', 'private'], ['100.64.0.1', 'cgnat'], ['100.127.255.1', 'cgnat'],
    ['169.254.169.254', 'link-local'], ['0.0.0.0', 'unspecified'], ['224.0.0.1', 'multicast'], ['255.255.255.255', 'reserved'],
    ['::1', 'loopback'], ['::', 'unspecified'], ['fd00::1', 'unique-local'], ['fc00::1', 'unique-local'], ['fe80::1', 'link-local'],
    ['ff02::1', 'multicast'], ['::ffff:127.0.0.1', 'loopback'], ['::ffff:7f00:1', 'loopback'], ['::ffff:169.254.169.254', 'link-local'],
    ['::127.0.0.1', 'loopback'], ['::10.0.0.1', 'private'], ['64:ff9b::10.0.0.1', 'private'], ['64:ff9b::7f00:1', 'loopback'],
    ['2002:7f00:1::', 'loopback'], ['2002:a9fe:a9fe::1', 'link-local'], ['2001:db8::1', 'reserved'], ['[::1]', 'loopback'],
  ])('%s is %s', (a, kind) => expect(classifyAddress(a)).toBe(kind));

  it.each([['93.184.216.34'], ['8.8.8.8'], ['172.32.0.1'], ['100.128.0.1'], ['2606:4700::1111'], ['::ffff:8.8.8.8'], ['2002:0808:0808::1'], ['64:ff9b::808:808']])(
    '%s is public', (a) => expect(classifyAddress(a)).toBe('public'));

  it('names and garbage are invalid, never public', () => {
    for (const a of ['localhost', 'example.com', '', '1.2.3', '1.2.3.256', '::ffff::1']) expect(classifyAddress(a)).toBe('invalid');
  });

  it('decimal, hex, octal and short IPv4 forms classify after WHATWG normalisation', () => {
    for (const lit of ['2130706433', '0x7f.1', '017700000001', '0x7f000001', '127.1', '0177.0.0.1']) expect(classifyAddress(host(lit))).toBe('loopback');
    expect(classifyAddress(host('0xa9fea9fe'))).toBe('link-local');
    expect(classifyAddress(host('[::ffff:0a00:0001]'))).toBe('private');
  });
});
