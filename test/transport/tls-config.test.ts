/**
 * The `tls:` policy section and where the listener's key material comes from, against real TLS
 * listeners with certificates made for this run: policy diagnostics for unknown, non-AEAD and
 * non-forward-secret suites and weak curves; minVersion, ciphers and curves as negotiated; the
 * certificate from the policy, from PHIGUARD_TLS_* as a path or as PEM text, flags over env over policy.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveTlsSources } from '../../src/gateway/index.js';
import { checkPolicyText } from '../../src/policy/index.js';
import { DEFAULT_TLS, TLS_CIPHERS } from '../../src/policy/tls.js';
import { createPki } from '../helpers/tls.js';
import { handshake, transportGateway, type TransportGateway } from '../helpers/transport.js';

const pki = createPki('phiguard-tls-config-');
pki.ca('ca');
pki.leaf('server', 'ca', 'IP:127.0.0.1');
pki.leaf('other', 'ca', 'IP:127.0.0.1');
const ca = pki.read('ca.crt');
const fp = (name: string) => execFileSync('openssl', ['x509', '-in', pki.file(name), '-noout', '-fingerprint', '-sha256']).toString().split('=')[1]!.trim();

/** openssl as a child process without blocking this process's event loop (the gateway runs here). */
function sslClient(args: string[]): Promise<{ status: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = execFile('openssl', ['s_client', ...args], { timeout: 10_000 }, (err, stdout, stderr) => {
      resolve({ status: err ? ((err as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` });
    });
    child.stdin?.end();
  });
}

const compile = (tls: string) => checkPolicyText(pki.file('p.yaml'), `version: 1\nname: t\ntls:\n${tls.trim().split('\n').map((l) => `  ${l.trim()}`).join('\n')}\nroutes:\n  - { id: m, method: GET, path: /m, public: true }\n`, {});

describe('tls: section diagnostics', () => {
  it('defaults: TLS 1.2 floor, the AEAD/forward-secret suites, refuse plain HTTP', () => {
    const { policy } = checkPolicyText(pki.file('p.yaml'), 'version: 1\nname: t\nroutes:\n  - { id: m, method: GET, path: /m, public: true }\n', {});
    expect(policy!.tls).toEqual(DEFAULT_TLS);
    expect(DEFAULT_TLS).toMatchObject({ minVersion: 'TLSv1.2', required: true, plainHttp: 'refuse', watch: false, ciphers: TLS_CIPHERS });
  });

  it.each([
    ['unknown to node', 'NOT-A-SUITE', /not a cipher suite this node knows/],
    ['an OpenSSL keyword', 'HIGH', /not a cipher suite this node knows/],
    ['CBC (not AEAD)', 'ECDHE-ECDSA-AES128-SHA256', /not an AEAD suite/],
    ['RSA key exchange (no forward secrecy)', 'AES128-GCM-SHA256', /no forward secrecy/],
    ['3DES', 'DES-CBC3-SHA', /no forward secrecy|not a cipher suite/],
  ])('a suite %s is a policy error at its position', (_n, suite, message) => {
    const { errors } = compile(`ciphers: "TLS_AES_128_GCM_SHA256:${suite}"`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'PG_POLICY_SCHEMA', line: 4 });
    expect(errors[0]!.message).toMatch(message);
  });

  it('minVersion TLSv1.3 with no TLS 1.3 suite, and TLS 1.3 suites only without minVersion, are errors', () => {
    expect(compile('minVersion: TLSv1.3\nciphers: [ECDHE-ECDSA-AES128-GCM-SHA256]').errors[0]!.message).toMatch(/no handshake could succeed/);
    expect(compile('ciphers: [TLS_AES_128_GCM_SHA256]').errors[0]!.message).toMatch(/set tls.minVersion: TLSv1.3/);
  });

  it('a weak or unknown curve, TLS 1.1, and an incomplete pair are refused', () => {
    expect(compile('curves: "X25519:secp192k1"').errors[0]!.message).toMatch(/"secp192k1" is not one of/);
    expect(compile('minVersion: TLSv1.1').errors[0]!.code).toMatch(/^PG_POLICY_/);
    expect(compile(`cert: ${pki.file('server.crt')}`).errors[0]!.message).toMatch(/tls.cert and tls.key go together/);
  });

  it('a key that does not match the certificate, a missing file and a CA without certificates are errors that never show the PEM', () => {
    const mismatch = compile(`cert: ${pki.file('server.crt')}\nkey: ${pki.file('other.key')}`).errors;
    expect(mismatch.map((e) => e.message)).toEqual(['tls.key is not a PEM private key matching tls.cert']);
    expect(compile(`cert: ${pki.file('nope.crt')}\nkey: ${pki.file('server.key')}`).errors[0]!.code).toBe('PG_POLICY_IO');
    const badCa = compile(`cert: ${pki.file('server.crt')}\nkey: ${pki.file('server.key')}\nclientCa: ${pki.file('server.key')}`).errors;
    expect(badCa.map((e) => e.message)).toEqual(['tls.clientCa holds no valid PEM certificate']);
    expect(JSON.stringify([mismatch, badCa])).not.toMatch(/BEGIN|PRIVATE/);
  });
});

describe('negotiated parameters', () => {
  const gws: TransportGateway[] = [];
  const start = async (tls: string) => {
    const t = await transportGateway(pki, { tls: `cert: ${pki.file('server.crt')}\nkey: ${pki.file('server.key')}\n${tls}` });
    gws.push(t);
    return t;
  };
  afterAll(async () => {
    for (const g of gws) await g.close();
  });

  it('the policy certificate is served; TLS 1.3 by default, TLS 1.2 still accepted', async () => {
    const t = await start('');
    expect(t.base).toMatch(/^https:/);
    const r = await handshake(t.port, ca);
    expect(r.protocol).toBe('TLSv1.3');
    expect(r.fingerprint).toBe(fp('server.crt'));
    expect((await handshake(t.port, ca, { maxVersion: 'TLSv1.2' })).protocol).toBe('TLSv1.2');
  });

  it('minVersion TLSv1.3 refuses a TLS 1.2-only client (protocol-version alert)', async () => {
    const t = await start('minVersion: TLSv1.3');
    expect((await handshake(t.port, ca)).protocol).toBe('TLSv1.3');
    await expect(handshake(t.port, ca, { maxVersion: 'TLSv1.2' })).rejects.toMatchObject({ code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' });
  });

  it('configured ciphers are the ones negotiated, in the server\'s order; others are refused', async () => {
    const t = await start('ciphers: [TLS_CHACHA20_POLY1305_SHA256, ECDHE-ECDSA-CHACHA20-POLY1305]');
    expect((await handshake(t.port, ca)).cipher).toBe('TLS_CHACHA20_POLY1305_SHA256');
    expect((await handshake(t.port, ca, { maxVersion: 'TLSv1.2' })).cipher).toBe('ECDHE-ECDSA-CHACHA20-POLY1305');
    await expect(handshake(t.port, ca, { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256' })).rejects.toMatchObject({ code: expect.stringMatching(/HANDSHAKE_FAILURE/) });
  });

  it('configured curves are honoured: P-384 only is negotiated, an X25519-only client is refused', async () => {
    const t = await start('curves: [P-384]');
    expect((await handshake(t.port, ca)).group).toBe('secp384r1');
    await expect(handshake(t.port, ca, { ecdhCurve: 'X25519' })).rejects.toMatchObject({ code: expect.stringMatching(/ALERT_HANDSHAKE_FAILURE/) });
    const def = await start('');
    expect((await handshake(def.port, ca)).group).toBe('X25519');
  });

  it('openssl s_client -tls1_1 is refused by the server', async () => {
    expect(spawnSync('openssl', ['version']).status, 'openssl is needed for this check').toBe(0);
    const t = await start('');
    // SECLEVEL=0 lets the client offer TLS 1.1, so the refusal is the server's.
    const r = await sslClient(['-connect', `127.0.0.1:${t.port}`, '-tls1_1', '-cipher', 'DEFAULT@SECLEVEL=0']);
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/alert protocol version/);
    const ok = await sslClient(['-connect', `127.0.0.1:${t.port}`, '-tls1_3', '-CAfile', pki.file('ca.crt')]);
    expect(ok.out).toMatch(/Protocol\s*:\s*TLSv1\.3|New, TLSv1\.3/);
    expect(ok.out).toMatch(/Verify return code: 0 \(ok\)/);
  });
});

describe('key and certificate sources: flags over env over policy', () => {
  const policyTls = { ...DEFAULT_TLS, cert: pki.file('other.crt'), key: pki.file('other.key') };
  let envPem: TransportGateway;
  let envPath: TransportGateway;
  beforeAll(async () => {
    const pemEnv = { PHIGUARD_TLS_CERT: pki.read('server.crt').toString(), PHIGUARD_TLS_KEY: pki.read('server.key').toString() };
    envPem = await transportGateway(pki, { listener: resolveTlsSources({}, pemEnv, policyTls) });
    const pathEnv = { PHIGUARD_TLS_CERT: pki.file('server.crt'), PHIGUARD_TLS_KEY: pki.file('server.key') };
    envPath = await transportGateway(pki, { listener: resolveTlsSources({}, pathEnv, policyTls) });
  });
  afterAll(async () => {
    await envPem?.close();
    await envPath?.close();
  });

  it('PEM text in PHIGUARD_TLS_CERT/_KEY is served (over the policy\'s files)', async () => {
    expect((await handshake(envPem.port, ca)).fingerprint).toBe(fp('server.crt'));
  });

  it('a path in PHIGUARD_TLS_CERT/_KEY is read and served', async () => {
    expect((await handshake(envPath.port, ca)).fingerprint).toBe(fp('server.crt'));
  });

  it('precedence and pairing', () => {
    const env = { PHIGUARD_TLS_CERT: '/env/c.pem', PHIGUARD_TLS_KEY: '/env/k.pem', PHIGUARD_TLS_CLIENT_CA: '-----BEGIN CERTIFICATE-----x' };
    expect(resolveTlsSources({ tlsCert: '/f/c.pem', tlsKey: '/f/k.pem' }, env, policyTls)).toEqual({ cert: { file: '/f/c.pem' }, key: { file: '/f/k.pem' }, clientCa: { pem: env.PHIGUARD_TLS_CLIENT_CA, from: 'PHIGUARD_TLS_CLIENT_CA' } });
    expect(resolveTlsSources({}, env, policyTls)).toMatchObject({ cert: { file: '/env/c.pem' }, key: { file: '/env/k.pem' } });
    expect(resolveTlsSources({}, {}, policyTls)).toEqual({ cert: { file: policyTls.cert }, key: { file: policyTls.key } });
    expect(resolveTlsSources({}, {}, DEFAULT_TLS)).toBeUndefined();
    expect(() => resolveTlsSources({}, { PHIGUARD_TLS_CERT: '/env/c.pem' }, policyTls)).toThrow(/go together/);
    expect(() => resolveTlsSources({ tlsClientCa: '/ca.pem' }, {}, DEFAULT_TLS)).toThrow(/no certificate and key/);
  });
});
