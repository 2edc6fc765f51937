import { describe, expect, it } from 'vitest';
import { PhiguardError } from '../core/errors.js';
import { compileIdentity } from './policy/index.js';
import { claimAt, principalFromJwt, principalExtras, resolvePurpose, withPurpose } from './principal.js';
import type { IdentityConfig } from './types.js';

const ctx = { baseDir: '/', env: {}, error: (_p: unknown, _c: unknown, m: string) => { throw new Error(m); }, readFile: () => Buffer.from('{"keys":[{"kty":"EC","crv":"P-256","x":"a","y":"b"}]}') };
const cfg = compileIdentity(
  {
    issuers: [{ issuer: 'https://kc.invalid/realms/h', audience: 'api', jwks: { file: 'j.json' }, algorithms: ['RS256'], claims: { roles: 'realm_access.roles', patient: 'ctx.patient_id', purposeOfUse: 'ctx.pou' } }],
    denySubjects: ['shared', 'test'],
    purposeOfUse: { values: ['TREAT', 'HPAYMT'] },
  },
  ctx,
) as IdentityConfig;
const iss = cfg.issuers[0]!;
const code = (fn: () => unknown) => {
  try {
    fn();
    return 'OK';
  } catch (e) {
    return (e as PhiguardError).code;
  }
};

describe('principal from claims', () => {
  it('reads nested claim paths (realm_access.roles) and own properties only', () => {
    const p = principalFromJwt({ sub: 'u1', realm_access: { roles: ['clinician', 'offline'] }, ctx: { patient_id: 'p9' }, scope: 'openid user/*.rs', azp: 'portal' }, iss, cfg);
    expect(p).toMatchObject({ id: 'https://kc.invalid/realms/h|u1', roles: ['clinician', 'offline'], patient: 'p9', clientId: 'portal', kind: 'user' });
    expect(principalFromJwt({ sub: 'u1', ctx: { pou: 'TREAT' } }, iss, cfg).purposeOfUse).toBe('TREAT');
    expect(claimAt(JSON.parse('{"__proto__":{"roles":["x"]}}'), ['roles'])).toBeUndefined();
    expect(claimAt({ a: 'str' }, ['a', 'length'])).toBeUndefined();
  });

  it('derives patient context from fhirUser for patient principals, and system kind from system scopes', () => {
    expect(principalFromJwt({ sub: 'pt', realm_access: { roles: ['patient'] }, fhirUser: 'https://f.invalid/Patient/p3' }, iss, cfg)).toMatchObject({ kind: 'patient', patient: 'p3' });
    expect(principalFromJwt({ sub: 'svc-etl', scope: 'system/Observation.rs' }, iss, cfg).kind).toBe('system');
  });

  it('refuses denylisted, empty and control-character subjects', () => {
    for (const sub of ['SHARED', 'test', '', 'a\u0000b', undefined, 42]) expect(code(() => principalFromJwt({ sub } as never, iss, cfg))).toBe('PG_AUTH_ANONYMOUS');
  });

  it('resolves purpose of use: claim, header within the claim, vocabulary', () => {
    const multi = principalFromJwt({ sub: 'u2', ctx: { pou: ['TREAT', 'HPAYMT'] } }, iss, cfg);
    expect(multi.purposeOfUse).toBeUndefined();
    expect(resolvePurpose(multi, 'HPAYMT', cfg.purposeOfUse.values)).toBe('HPAYMT');
    expect(code(() => resolvePurpose(multi, 'HOPERAT', undefined))).toBe('PG_AUTHZ_PURPOSE');
    const none = principalFromJwt({ sub: 'u3' }, iss, cfg);
    expect(resolvePurpose(none, 'TREAT', cfg.purposeOfUse.values)).toBe('TREAT');
    expect(code(() => resolvePurpose(none, 'SALES', cfg.purposeOfUse.values))).toBe('PG_AUTHZ_PURPOSE');
    expect(code(() => resolvePurpose(none, 'TREAT\r\nx', undefined))).toBe('PG_AUTHZ_PURPOSE');
    const copy = withPurpose(multi, 'TREAT');
    expect(copy.purposeOfUse).toBe('TREAT');
    expect(principalExtras(copy).purposes).toEqual(['TREAT', 'HPAYMT']);
    expect(Object.isFrozen(copy)).toBe(true);
  });
});
