#!/usr/bin/env node
/**
 * Records a HAR 1.2 file of requests to the demo FHIR API, as a browser or proxy would export it.
 *
 *   node scripts/record-demo-har.js [OUT]        (default test/fixtures/traffic/demo.har)
 *
 * Starts `phiguard demo --upstream-only` on a free port (needs `npm run build`), mints tokens
 * with the committed DEMO key (examples/keys, DEMO ONLY), makes a mix of requests (clinicians,
 * billing, a patient, anonymous, an undeclared route, a create), and writes what went over the
 * wire: request headers and body, response status, headers and body. The recorded tokens are
 * valid at the recorded time only (`phiguard replay --clock recorded`, the default).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importJWK, SignJWT } from 'jose';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(process.argv[2] ?? resolve(root, 'test/fixtures/traffic/demo.har'));

const P1 = 'e4531916-b162-4f4b-90c2-ce37e132b8d4';
const P2 = 'd78af07c-9cb9-4f31-9b11-c45a28f2eec8';
const P3 = 'ee9f8dd8-72d2-4769-8020-89e504b1504b';

const { 'x-warning': _w, ...jwk } = JSON.parse(readFileSync(resolve(root, 'examples/keys/demo-private.jwk.json'), 'utf8'));
const key = await importJWK(jwk, 'ES256');

async function token(sub, roles, extra = {}, ttl = 900) {
  const iat = Math.floor(Date.now() / 1000);
  return new SignJWT({ roles, scope: roles.includes('patient') ? 'openid patient/*.rs' : 'openid user/*.cruds', amr: ['pwd', 'otp'], sid: randomUUID(), client_id: 'demo-portal', ...extra })
    .setProtectedHeader({ alg: 'ES256', kid: String(jwk.kid), typ: 'at+jwt' })
    .setIssuer('https://demo.phiguard.invalid').setAudience('patient-api').setSubject(sub)
    .setIssuedAt(iat).setExpirationTime(iat + ttl).setJti(randomUUID())
    .sign(key);
}

function startUpstream() {
  const child = spawn(process.execPath, [resolve(root, 'bin/phiguard.js'), 'demo', '--upstream-only', '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolveUrl, reject) => {
    let buf = '';
    child.stdout.on('data', (c) => {
      buf += c;
      const m = /http:\/\/[\d.]+:\d+/.exec(buf);
      if (m) resolveUrl({ url: m[0], child });
    });
    child.once('exit', (code) => reject(new Error(`demo upstream exited with ${code}`)));
  });
}

const { url: base, child } = await startUpstream();
const clinician = await token('dr-grey', ['clinician']);
const nurse = await token('nurse-joy', ['nurse']);
const billing = await token('biller-1', ['billing']);
const patient = await token('pat-p3', ['patient'], { patient: P3 });
const observation = JSON.stringify({ resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] }, subject: { reference: `Patient/${P1}` }, effectiveDateTime: '2026-11-20T10:00:00Z', valueQuantity: { value: 72, unit: '/min' } });

const plan = [
  ['GET', `/Patient/${P1}`, { authorization: `Bearer ${clinician}`, 'x-purpose-of-use': 'TREAT' }],
  ['GET', `/Patient/${P2}`, { authorization: `Bearer ${billing}`, 'x-purpose-of-use': 'HPAYMT' }],
  ['GET', `/Patient/${P1}`, { authorization: `Bearer ${nurse}`, 'x-purpose-of-use': 'HOPERAT' }],
  ['GET', `/Patient/${P3}`, { authorization: `Bearer ${patient}` }],
  ['GET', `/Patient/${P1}`, { authorization: `Bearer ${patient}` }],
  ['GET', `/Patient?name=Conn&_count=5`, { authorization: `Bearer ${clinician}`, 'x-purpose-of-use': 'TREAT' }],
  ['GET', `/Patient?name=Hoeger`, { authorization: `Bearer ${billing}`, 'x-purpose-of-use': 'HPAYMT' }],
  ['GET', `/Observation?patient=${P3}&_count=3`, { authorization: `Bearer ${patient}` }],
  ['GET', `/Observation?patient=${P1}&_count=2`, { authorization: `Bearer ${nurse}`, 'x-purpose-of-use': 'TREAT' }],
  ['POST', '/Observation', { authorization: `Bearer ${clinician}`, 'x-purpose-of-use': 'TREAT', 'content-type': 'application/fhir+json' }, observation],
  ['GET', `/Patient/${P2}`, { authorization: `Bearer ${nurse}`, 'x-purpose-of-use': 'ETREAT', 'x-break-glass': `ETREAT; patient=${P2}; reason=unconscious patient in the ED, no consent possible` }],
  ['GET', '/metadata', {}],
  ['GET', `/Patient/${P2}`, {}],
  ['GET', '/Encounter', { authorization: `Bearer ${clinician}`, 'x-purpose-of-use': 'TREAT' }],
  ['DELETE', `/Patient/${P2}`, { authorization: `Bearer ${clinician}`, 'x-purpose-of-use': 'TREAT' }],
];

const entries = [];
try {
  for (const [method, path, headers, body] of plan) {
    const started = new Date();
    const t0 = performance.now();
    const res = await fetch(`${base}${path}`, { method, headers: { accept: 'application/fhir+json', ...headers }, ...(body ? { body } : {}) });
    const text = await res.text();
    const ms = Math.round(performance.now() - t0);
    const u = new URL(`${base}${path}`);
    const reqHeaders = [{ name: 'host', value: u.host }, { name: 'accept', value: 'application/fhir+json' }, ...Object.entries(headers).map(([name, value]) => ({ name, value }))];
    if (body) reqHeaders.push({ name: 'content-length', value: String(Buffer.byteLength(body)) });
    entries.push({
      startedDateTime: started.toISOString(),
      time: ms,
      request: {
        method, url: u.href, httpVersion: 'HTTP/1.1', cookies: [], headers: reqHeaders,
        queryString: [...u.searchParams].map(([name, value]) => ({ name, value })),
        ...(body ? { postData: { mimeType: headers['content-type'], text: body } } : {}),
        headersSize: -1, bodySize: body ? Buffer.byteLength(body) : 0,
      },
      response: {
        status: res.status, statusText: res.statusText, httpVersion: 'HTTP/1.1', cookies: [],
        headers: [...res.headers].map(([name, value]) => ({ name, value })),
        content: { size: Buffer.byteLength(text), mimeType: res.headers.get('content-type') ?? '', text },
        redirectURL: '', headersSize: -1, bodySize: Buffer.byteLength(text),
      },
      cache: {},
      timings: { send: 0, wait: ms, receive: 0 },
      serverIPAddress: '127.0.0.1',
    });
  }
} finally {
  child.kill('SIGTERM');
}
const har = { log: { version: '1.2', creator: { name: 'phiguard scripts/record-demo-har.js', version: '0.1.0' }, pages: [], entries } };
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(har, null, 2)}\n`);
process.stderr.write(`wrote ${entries.length} entries to ${out}\n`);
