import { describe, expect, it } from 'vitest';
import {
  isAbaRouting, isCardNumber, isDea, isIban, isIpv4, isIpv6, isMbi, isNpi, isSsn, isValidDate, isVin, luhn,
} from './validators.js';

describe('validators', () => {
  it('Luhn: published test card numbers pass, altered digits fail', () => {
    for (const n of ['4111111111111111', '5555555555554444', '378282246310005', '6011111111111117', '79927398713']) expect(luhn(n)).toBe(true);
    for (const n of ['4111111111111112', '79927398710', '1234567812345678']) expect(luhn(n)).toBe(false);
    expect(isCardNumber('4111 1111 1111 1111')).toBe(true);
    expect(isCardNumber('4111-1111-1111-1112')).toBe(false);
    expect(isCardNumber('1234567812345670')).toBe(false); // Luhn-valid but no issuer prefix
  });
  it('SSN area/group/serial rules', () => {
    expect(isSsn('123-45-6780')).toBe(true);
    expect(isSsn('000-12-3456')).toBe(false);
    expect(isSsn('666-12-3456')).toBe(false);
    expect(isSsn('900-12-3456')).toBe(false);
    expect(isSsn('999-12-3456')).toBe(false);
    expect(isSsn('123-00-4567')).toBe(false);
    expect(isSsn('123-45-0000')).toBe(false);
    expect(isSsn('123-45-6789')).toBe(true); // the usual example number is still treated as an SSN
    expect(isSsn('12-345-6780')).toBe(true); // digits only matter here; format is the scanner's job
    expect(isSsn('1234567')).toBe(false);
  });
  it('IBAN mod-97 with ISO 13616 examples', () => {
    expect(isIban('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(isIban('DE89370400440532013000')).toBe(true);
    expect(isIban('FR1420041010050500013M02606')).toBe(true);
    expect(isIban('GB82 WEST 1234 5698 7654 33')).toBe(false);
    expect(isIban('XX00')).toBe(false);
  });
  it('ABA routing checksum', () => {
    expect(isAbaRouting('011000015')).toBe(true);
    expect(isAbaRouting('021000021')).toBe(true);
    expect(isAbaRouting('011000016')).toBe(false);
    expect(isAbaRouting('991000015')).toBe(false); // invalid prefix
  });
  it('NPI Luhn with the 80840 prefix', () => {
    expect(isNpi('1234567893')).toBe(true);
    expect(isNpi('1234567890')).toBe(false);
    expect(isNpi('3234567893')).toBe(false);
  });
  it('DEA check digit', () => {
    expect(isDea('AB1234563')).toBe(true);
    expect(isDea('AB1234564')).toBe(false);
    expect(isDea('ZZ1234563')).toBe(false);
  });
  it('VIN check digit', () => {
    expect(isVin('1M8GDM9AXKP042788')).toBe(true);
    expect(isVin('1HGCM82633A004352')).toBe(true);
    expect(isVin('1M8GDM9A1KP042788')).toBe(false);
    expect(isVin('1M8GDM9AXKP04278I')).toBe(false); // I is not allowed
  });
  it('Medicare MBI format (CMS example 1EG4-TE5-MK73)', () => {
    expect(isMbi('1EG4-TE5-MK73')).toBe(true);
    expect(isMbi('1EG4TE5MK73')).toBe(true);
    expect(isMbi('0EG4TE5MK73')).toBe(false);
    expect(isMbi('1SG4TE5MK73')).toBe(false); // S excluded
  });
  it('IP addresses', () => {
    expect(isIpv4('192.168.0.1')).toBe(true);
    expect(isIpv4('256.1.1.1')).toBe(false);
    expect(isIpv4('01.1.1.1')).toBe(false);
    expect(isIpv6('2001:db8::1')).toBe(true);
    expect(isIpv6('fe80::1ff:fe23:4567:890a')).toBe(true);
    expect(isIpv6('::ffff:192.0.2.128')).toBe(true);
    expect(isIpv6('2001:db8::1::2')).toBe(false);
    expect(isIpv6('12:34')).toBe(false);
  });
  it('calendar dates', () => {
    expect(isValidDate(2, 29, 2024)).toBe(true);
    expect(isValidDate(2, 29, 2023)).toBe(false);
    expect(isValidDate(4, 31)).toBe(false);
    expect(isValidDate(13, 1)).toBe(false);
  });
});
