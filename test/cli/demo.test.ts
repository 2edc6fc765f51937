/** The quick start as a new user runs it: the demo prints its URL, serves the tour, and its audit log verifies. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const bin = join(root, 'bin/phiguard.js');
const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, PHIGUARD_LOG: 'silent' } });

describe('phiguard demo (npm start)', () => {
  it('prints http://127.0.0.1:PORT, enforces the example policy, and leaves a verifiable audit log', async () => {
    const store = `sqlite:${join(mkdtempSync(join(tmpdir(), 'phiguard-demo-')), 'demo-audit.db')}`;
    const env: NodeJS.ProcessEnv = { ...process.env, PHIGUARD_LOG: 'silent' };
    delete env.PHIGUARD_AUDIT_STORE;
    const child = spawn(process.execPath, [bin, 'demo', '--listen', '127.0.0.1:0', '--audit-store', store], { cwd: root, env });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise((r) => child.on('exit', r));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => resolve(d.toString().split('\n')[0]!.trim()));
        child.on('exit', (code) => reject(new Error(`demo exited ${code}: ${stderr}`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const patient = /P=([A-Za-z0-9-]+)/.exec(stderr)?.[1] ?? /Patient\/([A-Za-z0-9-]+)/.exec(stderr)?.[1];
      expect(patient).toBeDefined();

      const anon = await fetch(`${url}/Patient/${patient}`);
      expect(anon.status).toBe(401);
      expect(((await anon.json()) as { error: { code: string } }).error.code).toBe('PG_AUTH_MISSING');

      const doc = cli('token', '--sub', 'dr-house', '--role', 'clinician', '--purpose', 'TREAT').stdout.trim();
      const bill = cli('token', '--sub', 'billing-7', '--role', 'billing', '--purpose', 'HPAYMT').stdout.trim();
      const full = await fetch(`${url}/Patient/${patient}`, { headers: { authorization: `Bearer ${doc}` } });
      expect(full.status).toBe(200);
      expect(full.headers.get('phiguard-audit-receipt')).toMatch(/^\d+\.\d+\./);
      const fullBody = (await full.json()) as { name: Array<{ family: string }>; telecom?: unknown };
      const billed = (await (await fetch(`${url}/Patient/${patient}`, { headers: { authorization: `Bearer ${bill}` } })).json()) as { name: Array<{ family: string }>; telecom?: unknown };
      expect(billed.telecom).toBeUndefined(); // minimum necessary
      expect(billed.name[0]!.family).not.toBe(fullBody.name[0]!.family); // redacted (keyed token)
      expect(billed.name[0]!.family).toMatch(/^tok_/);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
    const verify = cli('audit', 'verify', '--store', store);
    expect(verify.status).toBe(0);
    expect(verify.stdout).toMatch(/^OK /);
  });
});

describe('phiguard demo --upstream-only (the upstream service of deploy/)', () => {
  it('serves the demo FHIR API alone on --listen, a Patient from examples/data/fhir included, and exits 0 on SIGTERM', async () => {
    const dataDir = join(root, 'examples/data/fhir');
    const file = readdirSync(dataDir).filter((f) => f.endsWith('.json')).sort()[0]!;
    const bundle = JSON.parse(readFileSync(join(dataDir, file), 'utf8')) as { entry: Array<{ resource: { resourceType: string; id: string } }> };
    const patient = bundle.entry.find((e) => e.resource.resourceType === 'Patient')!.resource.id;

    const env: NodeJS.ProcessEnv = { ...process.env, PHIGUARD_LOG: 'silent', PHIGUARD_DEMO_DATA: dataDir };
    delete env.PHIGUARD_DATA;
    delete env.PORT;
    const child = spawn(process.execPath, [bin, 'demo', '--upstream-only', '--listen', '127.0.0.1:0'], { cwd: root, env });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => resolve(d.toString().split('\n')[0]!.trim()));
        child.on('exit', (code) => reject(new Error(`demo --upstream-only exited ${code}: ${stderr}`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const r = await fetch(`${url}/Patient/${patient}`); // no token: this is the unguarded back end
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('application/fhir+json');
      const body = (await r.json()) as { resourceType: string; id: string; name?: unknown };
      expect(body.resourceType).toBe('Patient');
      expect(body.id).toBe(patient);
      expect(body.name).toBeDefined(); // the full record: nothing guards it
      expect((await fetch(`${url}/Patient/no-such-patient`)).status).toBe(404);
      expect((await fetch(`${url}/readyz`)).status).toBe(404); // no gateway in this process
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
