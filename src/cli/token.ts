/**
 * `phiguard token`: mints an access token with the committed DEMO key (examples/keys, DEMO ONLY)
 * for the quick start. Prints the JWT only.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { importJWK, SignJWT, type JWK } from 'jose';
import { parseDuration } from '../core/section.js';

export const DEMO_ISSUER = 'https://demo.phiguard.invalid';
export const DEMO_AUDIENCE = 'patient-api';
export const DEMO_KEY_FILE = fileURLToPath(new URL('../../examples/keys/demo-private.jwk.json', import.meta.url));
const MAX_TTL_MS = 3_600_000;

export interface TokenOptions {
  sub: string;
  role: string[];
  patient?: string;
  scope?: string[];
  purpose?: string;
  ttl: string;
  sid?: string;
  amr: string;
  aud: string;
  iss: string;
  key: string;
}

export async function mintDemoToken(o: TokenOptions, nowMs = Date.now()): Promise<string> {
  const ttl = parseDuration(o.ttl);
  if (ttl === undefined || ttl <= 0 || ttl > MAX_TTL_MS) throw new Error('--ttl must be a duration between 1s and 1h (e.g. 15m)');
  if (o.role.includes('patient') && !o.patient) throw new Error('--patient is required with --role patient');
  const { 'x-warning': _w, ...jwk } = JSON.parse(readFileSync(o.key, 'utf8')) as JWK & { 'x-warning'?: string };
  const key = await importJWK(jwk, 'ES256');
  const scope = o.scope?.length ? o.scope.join(' ') : o.role.includes('patient') ? 'openid patient/*.rs' : 'openid user/*.cruds';
  const iat = Math.floor(nowMs / 1000);
  return new SignJWT({
    roles: o.role,
    scope,
    ...(o.patient ? { patient: o.patient } : {}),
    ...(o.purpose ? { purpose_of_use: o.purpose } : {}),
    amr: o.amr.split(',').filter(Boolean),
    auth_time: iat,
    sid: o.sid ?? randomUUID(),
    client_id: 'phiguard-demo-cli',
  })
    .setProtectedHeader({ alg: 'ES256', kid: String(jwk.kid), typ: 'at+jwt' })
    .setIssuer(o.iss)
    .setAudience(o.aud)
    .setSubject(o.sub)
    .setIssuedAt(iat)
    .setExpirationTime(iat + Math.floor(ttl / 1000))
    .setJti(randomUUID())
    .sign(key);
}

const collect = (v: string, prev: string[] = []): string[] => [...prev, ...v.split(/[\s,]+/).filter(Boolean)];
const collectScopes = (v: string, prev: string[] = []): string[] => [...prev, ...v.split(/\s+/).filter(Boolean)];

export function registerToken(program: Command): void {
  program
    .command('token')
    .description('Mint a DEMO access token (ES256, examples/keys, DEMO ONLY) for the quick start; prints the JWT only')
    .requiredOption('--sub <id>', 'subject (a unique user id; shared ids like "admin" are refused by the gateway)')
    .requiredOption('--role <role>', 'role claim (repeatable or comma-separated)', collect)
    .option('--patient <id>', 'SMART patient context (required with --role patient)')
    .option('--scope <scope>', 'SMART scopes (repeatable or space-separated; default user/*.cruds, or patient/*.rs for patients)', collectScopes)
    .option('--purpose <code>', 'purpose of use claim (TREAT, HPAYMT, HOPERAT, ...)')
    .option('--ttl <duration>', 'lifetime, at most 1h', '15m')
    .option('--sid <id>', 'session id (default: random)')
    .option('--amr <list>', 'authentication methods (comma-separated; otp counts as MFA)', 'pwd,otp')
    .option('--aud <audience>', 'audience', DEMO_AUDIENCE)
    .option('--iss <issuer>', 'issuer', DEMO_ISSUER)
    .option('--key <file>', 'private JWK file', DEMO_KEY_FILE)
    .action(async (opts: TokenOptions) => {
      process.stdout.write(`${await mintDemoToken(opts)}\n`);
    });
}
