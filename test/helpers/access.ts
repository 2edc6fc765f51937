/** Test helpers: frozen clock, real keys, a real JWKS HTTP server, policies, request contexts. */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import type { GuardContext } from '../../src/core/context.js';
import { PhiguardError } from '../../src/core/errors.js';
import type { CanonicalRequest, GuardRequest } from '../../src/core/types.js';
import { checkPolicyText } from '../../src/policy/index.js';
import type { CompiledPolicy, CompiledRoute } from '../../src/policy/types.js';

export const T0 = Date.UTC(2026, 10, 23, 12, 0, 0);
export const ISS = 'https://idp.test.invalid';
export const AUD = 'patient-api';

export function frozenClock(t = T0) {
  let now = t;
  return { now: () => now, set: (v: number) => void (now = v), advance: (ms: number) => void (now += ms) };
}

export interface TestKey {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function makeKey(alg: 'ES256' | 'RS256', kid: string): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey: privateKey as CryptoKey, publicJwk };
}

export async function mint(key: TestKey, claims: JWTPayload = {}, header: Record<string, unknown> = {}, nowMs = T0): Promise<string> {
  const iat = Math.floor(nowMs / 1000);
  return new SignJWT({ iss: ISS, aud: AUD, sub: 'user-1', iat, exp: iat + 600, roles: ['clinician'], scope: 'user/*.cruds', ...claims })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'at+jwt', ...header })
    .sign(key.privateKey);
}

/** Unsigned JWT from raw header/payload/signature parts (for hostile tokens). */
export const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');

export interface JwksServer {
  url: string;
  requests: () => number;
  setDown(down: boolean): void;
  setKeys(keys: JWK[]): void;
  close(): Promise<void>;
}

export async function startJwksServer(keys: JWK[]): Promise<JwksServer> {
  let count = 0;
  let down = false;
  let doc = JSON.stringify({ keys });
  const server: Server = createServer((req, res) => {
    count++;
    if (down) {
      res.writeHead(503).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(doc);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/jwks.json`,
    requests: () => count,
    setDown: (d) => void (down = d),
    setKeys: (k) => void (doc = JSON.stringify({ keys: k })),
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** Compiles a policy from YAML text written into a temp dir with extra files (e.g. a JWKS). */
export function policyFrom(yaml: string, files: Record<string, string> = {}): CompiledPolicy {
  const dir = mkdtempSync(join(tmpdir(), 'pg-access-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  const file = join(dir, 'policy.yaml');
  writeFileSync(file, yaml);
  const { policy, errors } = checkPolicyText(file, yaml, {});
  if (!policy) throw new Error(`policy invalid:\n${errors.map((e) => `${e.line}:${e.col} ${e.code} ${e.message}`).join('\n')}`);
  return policy;
}

export interface ReqSpec {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  token?: string;
  tls?: GuardRequest['tls'];
  body?: string;
}

export function makeCtx(policy: CompiledPolicy, spec: ReqSpec, clock: { now(): number }): GuardContext<CompiledRoute> {
  const url = new URL(spec.path, 'http://x');
  const params = new Map<string, string[]>();
  for (const [k, v] of url.searchParams) params.set(k, [...(params.get(k) ?? []), v]);
  const headers = new Map(Object.entries(spec.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  if (spec.token) headers.set('authorization', `Bearer ${spec.token}`);
  const segments = url.pathname === '/' ? [] : url.pathname.slice(1).split('/').map(decodeURIComponent);
  const canonical: CanonicalRequest = {
    method: spec.method ?? 'GET',
    path: url.pathname,
    segments,
    query: url.search.slice(1),
    params,
    headers,
    body: spec.body === undefined ? null : new TextEncoder().encode(spec.body),
    forwardTarget: spec.path,
  };
  return {
    id: 'req-1',
    clock,
    receivedAt: clock.now(),
    request: { method: canonical.method, target: spec.path, headers: [...headers], body: null, remoteAddress: '127.0.0.1', ...(spec.tls ? { tls: spec.tls } : {}) },
    policy: { name: policy.name, hash: policy.hash, mode: policy.mode },
    mode: policy.mode,
    canonical,
    decisions: [],
    responseHeaders: [],
  };
}

/** The route stage's job, for tests: sets ctx.route or throws like it would. */
export function route(policy: CompiledPolicy, ctx: GuardContext<CompiledRoute>): void {
  const c = ctx.canonical!;
  const m = policy.router.lookup(c.method, c.segments);
  if (m.kind !== 'match') throw new PhiguardError(m.kind === 'not-found' ? 'PG_ROUTE_NOT_FOUND' : 'PG_ROUTE_METHOD_NOT_ALLOWED');
  ctx.route = { route: m.route, params: m.params };
}

/** Runs a function, returning the PhiguardError code it threw or 'OK'. */
export async function codeOf(fn: () => unknown): Promise<string> {
  try {
    await fn();
    return 'OK';
  } catch (err) {
    if (err instanceof PhiguardError) return err.code;
    throw err;
  }
}
