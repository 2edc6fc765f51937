import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkpointBody, openCheckpoint, parseCheckpointBody, signCheckpoint } from './checkpoint.js';
import { leafHash } from './merkle.js';
import { createSigner, encodeSignerKey, encodeVerifierKey, generateSeed, keyId, openNote, parseSignerKey, parseVerifierKey, signNote } from './note.js';

const vectors = JSON.parse(readFileSync(new URL('../../test/vectors/signed-note.json', import.meta.url), 'utf8')).cases as Array<{ desc: string; skey?: string; vkey: string; text: string; note: string }>;

describe('C2SP signed-note (Ed25519)', () => {
  it.each(vectors.map((v) => [v.desc, v] as const))('opens the published example: %s', (_d, v) => {
    const verifier = parseVerifierKey(v.vkey);
    const opened = openNote(v.note, [verifier]);
    expect(opened?.text).toBe(v.text);
    expect(keyId(verifier.name, verifier.publicKey).toString('hex')).toBe(v.vkey.split('+')[1]);
    // One flipped character in the text breaks it.
    expect(openNote(v.note.replace('message', 'massage').replace('answer', 'answers'), [verifier])).toBeUndefined();
  });

  it('reproduces the sumdb/note signature byte for byte from the signer key', () => {
    const v = vectors[0]!;
    const signer = parseSignerKey(v.skey!);
    expect(signNote(v.text, [signer])).toBe(v.note);
    expect(encodeVerifierKey(signer.name, signer.publicKey)).toBe(v.vkey);
  });

  it('round-trips generated keys and ignores unknown signers', () => {
    const seed = generateSeed();
    const skey = encodeSignerKey('audit.example/log', seed);
    const signer = parseSignerKey(skey);
    const vkey = parseVerifierKey(encodeVerifierKey(signer.name, signer.publicKey));
    const note = signNote('hello\n', [signer]);
    expect(openNote(note, [vkey])?.verifiedBy).toEqual(['audit.example/log']);
    const other = parseVerifierKey(encodeVerifierKey('other', createSigner('other', generateSeed()).publicKey));
    expect(openNote(note, [other])).toBeUndefined();
    expect(() => parseVerifierKey(encodeVerifierKey(signer.name, signer.publicKey).replace('+', 'x+'))).toThrow();
  });
});

describe('C2SP tlog-checkpoint', () => {
  const signer = createSigner('phiguard.test/audit', generateSeed());
  const verifier = parseVerifierKey(encodeVerifierKey(signer.name, signer.publicKey));
  const root = leafHash(Buffer.from('x'));

  it('formats origin, size, base64 root and extension lines', () => {
    expect(checkpointBody('phiguard.test/audit', 42, root, ['timestamp 1'])).toBe(`phiguard.test/audit\n42\n${root.toString('base64')}\ntimestamp 1\n`);
    const cp = signCheckpoint(signer, 'phiguard.test/audit', 42, root);
    const opened = openCheckpoint(cp.note, [verifier], 'phiguard.test/audit');
    expect(opened?.size).toBe(42);
    expect(opened?.root.equals(root)).toBe(true);
    expect(openCheckpoint(cp.note, [verifier], 'another/origin')).toBeUndefined();
    expect(openCheckpoint(cp.note.replace('\n42\n', '\n43\n'), [verifier])).toBeUndefined();
  });

  it('rejects malformed bodies', () => {
    expect(parseCheckpointBody('o\n01\nAAAA\n')).toBeUndefined();
    expect(parseCheckpointBody(`o\n1\n${root.toString('base64')}`)).toBeUndefined();
    expect(parseCheckpointBody(`o\n1\n${root.toString('base64')}\n`)?.size).toBe(1);
  });
});
