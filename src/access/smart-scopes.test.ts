import { describe, expect, it } from 'vitest';
import { PhiguardError } from '../core/errors.js';
import { grantFor, parseScope, parseScopes, permissionFor, searchSatisfies } from './smart-scopes.js';

const code = (fn: () => unknown) => {
  try {
    fn();
    return 'OK';
  } catch (e) {
    return (e as PhiguardError).code;
  }
};

describe('SMART scopes', () => {
  it('parses v1 and maps it to v2 permissions', () => {
    expect(parseScope('patient/Observation.read')).toMatchObject({ context: 'patient', resource: 'Observation', permissions: 'rs' });
    expect(parseScope('user/*.write')).toMatchObject({ context: 'user', resource: '*', permissions: 'cud' });
    expect(parseScope('system/Patient.*')).toMatchObject({ context: 'system', permissions: 'cruds' });
  });

  it('parses v2 with query constraints', () => {
    expect(parseScope('patient/Observation.rs?category=laboratory')).toMatchObject({ permissions: 'rs', query: [['category', 'laboratory']] });
    expect(parseScope('user/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|vital-signs&status=final')?.query).toHaveLength(2);
    expect(parseScope('user/*.cruds')?.permissions).toBe('cruds');
  });

  it('ignores non-resource scopes and rejects malformed resource scopes', () => {
    expect(parseScopes(['openid', 'fhirUser', 'launch/patient', 'offline_access', 'profile'])).toEqual([]);
    for (const bad of ['patient/Observation.rx', 'patient/Observation.sr', 'patient/Observation.rrs', 'user/observation.read', 'patient/Observation', 'system/*.', 'patient/Observation.read?category=lab', 'user/Observation.rs?category', 'user/Observation.rs?=x', 'user/Observation.rs?category=a b', 'patient/../Patient.r']) {
      expect(code(() => parseScope(bad))).toBe('PG_AUTHZ_SCOPE_MALFORMED');
    }
    expect(code(() => parseScopes(['openid', 'patient/Observation.rx']))).toBe('PG_AUTHZ_SCOPE_MALFORMED');
  });

  it('maps interactions to permissions', () => {
    expect(['read', 'vread', 'search', 'create', 'update', 'patch', 'delete'].map(permissionFor)).toEqual(['r', 'r', 's', 'c', 'u', 'u', 'd']);
  });

  it('grants by resource and interaction, preferring unrestricted and unconstrained scopes', () => {
    const s = parseScopes(['patient/Observation.rs?category=laboratory', 'patient/Patient.r']);
    expect(grantFor(s, 'Observation', 'search')).toEqual({ patientRestricted: true, context: 'patient', constraints: [{ resource: 'Observation', params: [['category', 'laboratory']] }] });
    expect(grantFor(s, 'Observation', 'create')).toBeUndefined();
    expect(grantFor(s, 'Patient', 'search')).toBeUndefined();
    expect(grantFor(s, 'Patient', 'read')).toMatchObject({ patientRestricted: true, constraints: [] });
    const both = parseScopes(['patient/*.rs', 'user/Observation.rs']);
    expect(grantFor(both, 'Observation', 'read')).toMatchObject({ patientRestricted: false, context: 'user' });
    expect(grantFor(both, 'Condition', 'read')).toMatchObject({ patientRestricted: true });
  });

  it('checks search parameters against constraints (token match)', () => {
    const c = [{ resource: 'Observation', params: [['category', 'laboratory']] as [string, string][] }];
    const q = (o: Record<string, string[]>) => new Map(Object.entries(o));
    expect(searchSatisfies(c, q({ category: ['laboratory'] }))).toBe(true);
    expect(searchSatisfies(c, q({ category: ['http://x|laboratory'] }))).toBe(true);
    expect(searchSatisfies(c, q({ category: ['laboratory,vital-signs'] }))).toBe(false);
    expect(searchSatisfies(c, q({ category: ['vital-signs'] }))).toBe(false);
    expect(searchSatisfies(c, q({}))).toBe(false);
  });
});
