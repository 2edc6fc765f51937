import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { frozenClock, policyFrom, T0 } from '../helpers/access.js';
import { testPolicy } from '../helpers/policy-text.js';
import { createIdentifyStage } from '../../src/guards/identify/index.js';
import { DEMO_ISSUER, DEMO_KEY_FILE, mintDemoToken, registerToken, type TokenOptions } from '../../src/cli/token.js';

const demoPolicy = () =>
  policyFrom(testPolicy('{ file: ./jwks.json }').replace('https://idp.test.invalid', DEMO_ISSUER).replace('algorithms: [ES256, RS256]', 'algorithms: [ES256]'), {
    'jwks.json': readFileSync('examples/keys/demo-jwks.json', 'utf8'),
  });
const base: TokenOptions = { sub: 'dr-jones', role: ['clinician'], ttl: '15m', amr: 'pwd,otp', aud: 'patient-api', iss: DEMO_ISSUER, key: DEMO_KEY_FILE };

describe('phiguard token', () => {
  it('mints a token the demo issuer configuration accepts', async () => {
    const stage = createIdentifyStage(demoPolicy(), { clock: frozenClock() });
    const p = await stage.authenticate(await mintDemoToken({ ...base, purpose: 'TREAT' }, T0));
    expect(p).toMatchObject({ id: `${DEMO_ISSUER}|dr-jones`, roles: ['clinician'], scopes: ['openid', 'user/*.cruds'], purposeOfUse: 'TREAT', amr: ['pwd', 'otp'] });
    const pt = await stage.authenticate(await mintDemoToken({ ...base, sub: 'pt-9', role: ['patient'], patient: '123' }, T0));
    expect(pt).toMatchObject({ kind: 'patient', patient: '123', scopes: ['openid', 'patient/*.rs'] });
  });

  it('refuses lifetimes over 1h and patients without --patient', async () => {
    await expect(mintDemoToken({ ...base, ttl: '2h' })).rejects.toThrow(/ttl/);
    await expect(mintDemoToken({ ...base, role: ['patient'] })).rejects.toThrow(/patient/);
  });

  it('prints only the JWT', async () => {
    const program = new Command().exitOverride();
    registerToken(program);
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    try {
      await program.parseAsync(['node', 'phiguard', 'token', '--sub', 'nurse-1', '--role', 'nurse', '--scope', 'user/Patient.rs', '--scope', 'user/Observation.rs', '--ttl', '5m']);
    } finally {
      spy.mockRestore();
    }
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const claims = JSON.parse(Buffer.from(out[0]!.split('.')[1]!, 'base64url').toString());
    expect(claims).toMatchObject({ iss: DEMO_ISSUER, sub: 'nurse-1', roles: ['nurse'], scope: 'user/Patient.rs user/Observation.rs' });
    expect(claims.exp - claims.iat).toBe(300);
  });
});
