import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { PassThrough } from 'node:stream';
import { registerScan, scanAny, scanBatch } from '../../src/cli/scan.js';
import { loadPhiPolicy, redactAny, registerRedact } from '../../src/cli/redact.js';

describe('CLI helpers', () => {
  it('scanAny: JSON offsets are into the raw input, text otherwise', () => {
    const json = '{ "note": "SSN 123-45-6780" }';
    const f = scanAny(json);
    expect(json.slice(f[0]!.start, f[0]!.end)).toBe('123-45-6780');
    expect(f[0]!.path).toBe('$.note');
    const bad = '{ not json SSN 123-45-6780';
    expect(scanAny(bad).map((x) => x.type)).toEqual(['SSN']);
  });
  it('loadPhiPolicy reads the phi: section of a YAML policy, validates it, resolves env keys', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'phi-'));
    const file = path.join(dir, 'policy.yaml');
    writeFileSync(file, 'version: 1\nphi:\n  default: mask\n  hashKey: env:PHI_TEST_KEY\n  actions:\n    SSN: { action: partial, keep: 4 }\n    NAME: hash\n');
    process.env.PHI_TEST_KEY = '00112233445566778899aabbccddeeff';
    const { redactor } = loadPhiPolicy(file);
    const out = redactAny('Dr. Alvarez noted SSN 123-45-6780 on 3/4/2024', redactor).text;
    expect(out).toMatch(/^Dr\. tok_[a-z2-7]{16} noted SSN \*\*\*-\*\*-6780 on \*{8}$/);
    writeFileSync(file, 'phi:\n  default: mask\n  bogus: 1\n');
    expect(() => loadPhiPolicy(file)).toThrow(/policy\.yaml:3:3: PG_POLICY_UNKNOWN_KEY/);
  });
  it('scanBatch streams one output line per input line, in order, 10k lines', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const chunks: string[] = [];
    output.on('data', (c: Buffer) => chunks.push(c.toString()));
    const done = scanBatch(input, output);
    const n = 10_000;
    for (let i = 0; i < n; i++) input.write(JSON.stringify({ id: i, text: i % 2 ? `call 410-555-${String(1000 + (i % 9000)).padStart(4, '0')}` : 'nothing here' }) + '\n');
    input.write('not json\n');
    input.end();
    await done;
    const lines = chunks.join('').trimEnd().split('\n').map((l) => JSON.parse(l) as { id: unknown; findings: Array<{ type: string }>; error?: string });
    expect(lines).toHaveLength(n + 1);
    expect(lines[0]).toEqual({ id: 0, findings: [] });
    expect(lines[1]!.id).toBe(1);
    expect(lines[1]!.findings[0]!.type).toBe('PHONE');
    expect(lines[n - 1]!.id).toBe(n - 1);
    expect(lines[n]!.error).toMatch(/line 10001/);
  });
  it('registers scan and redact commands with the contract options', () => {
    const p = new Command('phiguard');
    registerScan(p);
    registerRedact(p);
    const scan = p.commands.find((c) => c.name() === 'scan')!;
    const redact = p.commands.find((c) => c.name() === 'redact')!;
    expect(scan.options.map((o) => o.long)).toContain('--batch');
    expect(redact.options.map((o) => o.long)).toContain('--policy');
  });
});
