/** The command-line contracts of the brief, run as a user would: `node bin/phiguard.js ...` (needs `npm run build`). */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAuditLog } from '../../src/audit/open.js';
import { buildAuditRecord } from '../../src/audit/record.js';
import { frozenClock, sampleContext } from '../helpers/audit/fixtures.js';
import { requireOrSkip } from '../helpers/requires.js';

const root = new URL('../../', import.meta.url).pathname;
const bin = join(root, 'bin/phiguard.js');
const run = (args: string[], input?: string) => spawnSync(process.execPath, [bin, ...args], { cwd: root, input, encoding: 'utf8', env: { ...process.env, PHIGUARD_LOG: 'silent' } });
const dir = mkdtempSync(join(tmpdir(), 'phiguard-cli-'));

describe('phiguard validate', () => {
  it('exits 0 on the example policy', () => {
    const r = run(['validate', 'examples/patient-api.yaml']);
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
  });

  it('exits 1 and prints every error as FILE:LINE:COL: PG_... message', () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'version: 1\nname: bad\nmode: loud\nroutes:\n  - id: a\n    method: GET\n    path: /a\n    extra: 1\n');
    const r = run(['validate', file]);
    expect(r.status).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(l).toMatch(new RegExp(`^${file.replace(/[.]/g, '\\.')}:\\d+:\\d+: PG_[A-Z_]+ .+`));
    expect(lines[0]).toContain(':3:7: PG_POLICY_SCHEMA');
    expect(lines[1]).toContain(':8:5: PG_POLICY_UNKNOWN_KEY');
  });

  it('reports a missing file the same way', () => {
    const r = run(['validate', join(dir, 'nope.yaml')]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/nope\.yaml:1:1: PG_POLICY_IO /);
  });
});

describe('phiguard scan / redact', () => {
  it('scan prints findings with JavaScript string offsets', () => {
    const text = 'Patient SSN 536-22-1234, call 617-555-0142.';
    const r = run(['scan', '-'], text);
    expect(r.status).toBe(0);
    const { findings } = JSON.parse(r.stdout) as { findings: Array<{ type: string; start: number; end: number; score: number }> };
    const ssn = findings.find((f) => f.type === 'SSN')!;
    expect(text.slice(ssn.start, ssn.end)).toBe('536-22-1234');
    expect(ssn.score).toBeGreaterThan(0);
    expect(findings.some((f) => f.type === 'PHONE' && text.slice(f.start, f.end).includes('555-0142'))).toBe(true);
  });

  it('scan --batch answers NDJSON line for line, in order', () => {
    const input = ['{"id":"1","text":"Call 617-555-0142"}', '{"id":"2","text":"no identifiers here"}', '{"id":"x","text":"email a.b@example.org"}'].join('\n') + '\n';
    const r = run(['scan', '--batch'], input);
    expect(r.status).toBe(0);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; findings: Array<{ type: string }> });
    expect(out.map((o) => o.id)).toEqual(['1', '2', 'x']);
    expect(out[0]!.findings.map((f) => f.type)).toContain('PHONE');
    expect(out[2]!.findings.map((f) => f.type)).toContain('EMAIL');
  });

  it('redact replaces PHI in text', () => {
    const r = run(['redact', '-'], 'SSN 536-22-1234 phone 617-555-0142\n');
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/536-22-1234|617-555-0142/);
  });

  it('redact --policy with an unusable hashing key prints the positioned error, releases nothing and exits 1', () => {
    const file = join(dir, 'phi-key.yaml');
    writeFileSync(file, 'phi:\n  default: hash\n  hashKey: env:PHIGUARD_TEST_BAD_KEY\n');
    for (const value of ['', 'not-a-key!', '00'.repeat(32)]) {
      const r = spawnSync(process.execPath, [bin, 'redact', '--policy', file, '-'], {
        cwd: root, input: 'SSN 536-22-1234\n', encoding: 'utf8', env: { ...process.env, PHIGUARD_TEST_BAD_KEY: value },
      });
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(new RegExp(`phi-key\\.yaml:3:\\d+: PG_POLICY_REFERENCE .*PHIGUARD_TEST_BAD_KEY`));
    }
  });
});

describe('phiguard proxy', () => {
  it('prints its URL on stdout and serves /healthz', async () => {
    const child = spawn(process.execPath, [bin, 'proxy', '--config', 'examples/patient-api.yaml', '--listen', '127.0.0.1:0', '--upstream', 'http://127.0.0.1:9'], {
      cwd: root,
      env: { ...process.env, PHIGUARD_LOG: 'silent', PHIGUARD_AUDIT_STORE: 'memory:' },
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => resolve(d.toString().trim().split('\n')[0]!));
        child.on('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const r = await fetch(`${url}/metadata`);
      expect(r.status).toBe(502); // upstream down: fail closed with a code
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('PG_UPSTREAM_UNAVAILABLE');
    } finally {
      child.kill('SIGTERM');
    }
  });
});

const haveScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
requireOrSkip('util-linux `script` (a pseudo-terminal)', haveScript, 'apt-get install util-linux')('phiguard audit verify: progress on a terminal only', () => {
  it('draws progress on stderr under a terminal and clears it; a pipe gets none', async () => {
    const db = join(dir, 'progress.db');
    const clock = frozenClock();
    const log = await openAuditLog(`sqlite:${db}`, { clock, checkpointIntervalMs: 0, checkpointEvery: 100 });
    for (let i = 0; i < 300; i++) await log.append(buildAuditRecord(sampleContext(i, clock), log.keys));
    await log.close();
    const cmd = `${process.execPath} ${bin} audit verify --store sqlite:${db}`;
    const tty = spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: root, encoding: 'utf8', env: { ...process.env, PHIGUARD_LOG: 'silent' } });
    expect(tty.status).toBe(0);
    expect(tty.stdout).toContain(`\r\x1b[2Kverifying sqlite:${db}: 300/300 (100%)\r\x1b[2KOK sqlite:${db}: 300 entries`);
    const piped = run(['audit', 'verify', '--store', `sqlite:${db}`]);
    expect(piped.status).toBe(0);
    expect(piped.stdout).toMatch(/^OK sqlite:/);
    expect(piped.stderr).not.toContain('verifying');
  });
});
