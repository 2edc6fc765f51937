/**
 * A test identity provider: an ES256 key pair whose public JWKS is written to `DIR/jwks.json` (for a
 * policy's `jwks: { file: ./jwks.json }`), and real signed access tokens (typ at+jwt, aud `api`).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompactSign, exportJWK, generateKeyPair, type CryptoKey } from 'jose';

export interface TestIssuer {
  readonly iss: string;
  /** A token for `sub` with `roles`, valid for 10 minutes from now. */
  token(roles: readonly string[], sub: string): Promise<string>;
}

export async function testIssuer(iss: string, dir: string): Promise<TestIssuer> {
  const kp = await generateKeyPair('ES256', { extractable: true });
  const priv = kp.privateKey as CryptoKey;
  writeFileSync(join(dir, 'jwks.json'), JSON.stringify({ keys: [{ ...(await exportJWK(kp.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }] }));
  return {
    iss,
    token: (roles, sub) => {
      const now = Math.floor(Date.now() / 1000);
      return new CompactSign(new TextEncoder().encode(JSON.stringify({ iss, aud: 'api', sub, iat: now, exp: now + 600, roles })))
        .setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: 'at+jwt' })
        .sign(priv);
    },
  };
}
