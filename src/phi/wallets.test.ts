/** Published vectors: Keccak team KATs, EIP-55, BIP-173, BIP-350, the Bitcoin wiki's address examples. */
import { describe, expect, it } from 'vitest';
import { ethAddress, isBase58CheckAddress, isSegwitAddress, keccak256 } from './wallets.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('wallet address validators', () => {
  it('Keccak-256 (not FIPS SHA3-256) vectors', () => {
    expect(hex(keccak256(new Uint8Array()))).toBe('c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
    expect(hex(keccak256(Buffer.from('abc')))).toBe('4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45');
    // Longer than one 136-byte block.
    expect(hex(keccak256(Buffer.alloc(200, 0x61)))).toHaveLength(64);
  });

  it('EIP-55: the specification\'s vectors are valid; one flipped case is not', () => {
    for (const a of ['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359', '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB', '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb']) {
      expect(ethAddress(a)).toBe('valid');
      const i = a.search(/[a-f]/);
      expect(ethAddress(a.slice(0, i) + a[i]!.toUpperCase() + a.slice(i + 1))).toBe('invalid');
    }
    expect(ethAddress('0x52908400098527886e0f7030069857d2e4169ee7')).toBe('unchecked');
    expect(ethAddress('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe')).toBe('invalid');
  });

  it('Base58Check: P2PKH and P2SH examples; a changed character fails the checksum', () => {
    for (const a of ['1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2', '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy', '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa']) {
      expect(isBase58CheckAddress(a)).toBe(true);
      expect(isBase58CheckAddress(a.slice(0, 10) + (a[10] === 'x' ? 'y' : 'x') + a.slice(11))).toBe(false);
    }
  });

  it('BIP-173 / BIP-350: valid mainnet and testnet addresses; wrong constants and mixed case are not', () => {
    for (const a of [
      'BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4',
      'tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7',
      'bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3',
      'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0',
    ]) expect(isSegwitAddress(a)).toBe(true);
    for (const a of [
      'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd', // BIP-350: v1 with a Bech32 (not m) checksum
      'BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P', // BIP-173: invalid program length for v0
      'bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du', // BIP-350: invalid checksum
      'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3T4', // mixed case
    ]) expect(isSegwitAddress(a)).toBe(false);
  });
});
