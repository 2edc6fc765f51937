#!/usr/bin/env node
/**
 * Identity benchmark: per-request cost of the identify stage (JWT verification against a JWKS)
 * with and without the verified-token cache, for ES256 and RS256.
 *
 *   npm run build && node bench/identity.js [--iterations 20000] [--json]
 *
 * Runs against dist/. Each request is a fresh GuardContext with the same bearer token (as a
 * client reusing its access token does); "no cache" verifies the signature and claims every time.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const dist = (p) => import(pathToFileURL(join(root, 'dist', p)).href);
const { checkPolicyText } = await dist('policy/index.js');
const { createIdentifyStage } = await dist('guards/identify/index.js');

const args = process.argv.slice(2);
const iterations = Number(args[args.indexOf('--iterations') + 1]) || 20_000;
const asJson = args.includes('--json');
const ISS = 'https://bench.phiguard.invalid';

function policyText(cache) {
  return `version: 1
name: identity-bench
identity:
  issuers:
    - issuer: ${ISS}
      audience: bench
      jwks: { file: ./jwks.json }
      algorithms: [ES256, RS256]
  cache: { enabled: ${cache}, maxEntries: 10000 }
roles: [clinician]
routes:
  - { id: p, method: GET, path: "/Patient/{id}", resource: Patient, interaction: read, allow: { roles: [clinician] } }
`;
}

function ctxFor(policy, token) {
  const headers = new Map([['authorization', `Bearer ${token}`]]);
  return {
    id: 'b',
    clock: { now: () => Date.now() },
    receivedAt: Date.now(),
    request: { method: 'GET', target: '/Patient/1', headers: [...headers], body: null, remoteAddress: '127.0.0.1' },
    policy: { name: policy.name, hash: policy.hash, mode: 'enforce' },
    mode: 'enforce',
    canonical: { method: 'GET', path: '/Patient/1', segments: ['Patient', '1'], query: '', params: new Map(), headers, body: null, forwardTarget: '/Patient/1' },
    decisions: [],
    responseHeaders: [],
  };
}

/** Median of 5 timed rounds after a warm-up, in µs per request. */
async function measure(stage, policy, token, n) {
  for (let i = 0; i < Math.min(2000, n); i++) await stage.onRequest(ctxFor(policy, token));
  const rounds = [];
  for (let r = 0; r < 5; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
      const ctx = ctxFor(policy, token);
      await stage.onRequest(ctx);
      if (!ctx.principal) throw new Error('no principal');
    }
    rounds.push(Number(process.hrtime.bigint() - t0) / 1000 / n);
  }
  return rounds.sort((a, b) => a - b)[2];
}

const dir = mkdtempSync(join(tmpdir(), 'pg-bench-identity-'));
try {
  const keys = {};
  for (const alg of ['ES256', 'RS256']) {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    keys[alg] = { privateKey, jwk: { ...(await exportJWK(publicKey)), kid: `bench-${alg}`, alg, use: 'sig' } };
  }
  writeFileSync(join(dir, 'jwks.json'), JSON.stringify({ keys: Object.values(keys).map((k) => k.jwk) }));
  const results = [];
  for (const alg of ['ES256', 'RS256']) {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ roles: ['clinician'], scope: 'user/*.rs' })
      .setProtectedHeader({ alg, kid: `bench-${alg}`, typ: 'at+jwt' })
      .setIssuer(ISS).setAudience('bench').setSubject('dr-bench').setIssuedAt(now).setExpirationTime(now + 3000)
      .sign(keys[alg].privateKey);
    const row = { alg, iterations };
    for (const cache of [false, true]) {
      const file = join(dir, `policy-${cache}.yaml`);
      const text = policyText(cache);
      writeFileSync(file, text);
      const { policy, errors } = checkPolicyText(file, text, {});
      if (!policy) throw new Error(errors.map((e) => e.message).join('\n'));
      const stage = createIdentifyStage(policy, { clock: { now: () => Date.now() } });
      const n = cache ? iterations : Math.max(500, Math.floor(iterations / 10));
      row[cache ? 'cachedUs' : 'uncachedUs'] = await measure(stage, policy, token, n);
    }
    row.ratio = row.uncachedUs / row.cachedUs;
    results.push(row);
  }
  if (asJson) process.stdout.write(`${JSON.stringify({ bench: 'identity', node: process.version, results })}\n`);
  else {
    process.stdout.write(`identify stage, µs/request (node ${process.version})\n`);
    process.stdout.write('alg     no cache   cached    ratio\n');
    for (const r of results) process.stdout.write(`${r.alg.padEnd(6)} ${r.uncachedUs.toFixed(1).padStart(9)} ${r.cachedUs.toFixed(2).padStart(8)} ${r.ratio.toFixed(1).padStart(8)}x\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
