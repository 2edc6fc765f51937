/** The `egress:` policy section: schema, secure defaults and normalisation (src/policy/egress.ts). */
import { describe, expect, it } from 'vitest';
import { checkPolicyText } from '../policy/index.js';

const doc = (egress: string) => `
version: 1
name: egress-policy
routes:
  - { id: r, method: GET, path: /r, public: true }
${egress}
`;

describe('egress: policy section', () => {
  it('defaults: disabled, bodies scanned, 1 MiB scan cap, nothing allowed', () => {
    const { policy, errors } = checkPolicyText('p.yaml', doc(''), {});
    expect(errors).toEqual([]);
    expect(policy!.egress).toEqual({ enabled: false, scanBodies: true, maxScanBytes: 1024 * 1024, allow: [] });
    expect(Object.isFrozen(policy!.egress)).toBe(true);
  });

  it('compiles entries normalised, with secure per-entry defaults', () => {
    const { policy, errors } = checkPolicyText('p.yaml', doc(`egress:
  enabled: true
  maxScanBytes: 64KiB
  allow:
    - { host: API.Example.COM. }
    - { host: "*.partner.example", ports: [8443], baa: true }
    - { host: münchen.example, http: true, allowPrivate: true }
`), {});
    expect(errors).toEqual([]);
    expect(policy!.egress!.maxScanBytes).toBe(64 * 1024);
    expect(policy!.egress!.allow).toEqual([
      { host: 'api.example.com', wildcard: false, ports: [443], baa: false, allowPrivate: false, http: false },
      { host: 'partner.example', wildcard: true, ports: [8443], baa: true, allowPrivate: false, http: false },
      { host: 'xn--mnchen-3ya.example', wildcard: false, ports: [443, 80], baa: false, allowPrivate: true, http: true },
    ]);
  });

  it('refuses IP literals, paths, credentials and unknown keys in entries', () => {
    for (const bad of ['{ host: 127.0.0.1 }', '{ host: "a.com/x" }', '{ host: "u@a.com" }', '{ host: a.com, tls: false }', '{ host: "*.*.a.com" }']) {
      const { errors } = checkPolicyText('p.yaml', doc(`egress:\n  allow:\n    - ${bad}\n`), {});
      expect(errors.length, bad).toBeGreaterThan(0);
      expect(errors.map((e) => e.code).every((c) => c.startsWith('PG_POLICY_')), bad).toBe(true);
    }
  });
});
