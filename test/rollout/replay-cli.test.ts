/** `phiguard replay` as a user runs it: formats, exit codes, positions, and no PHI or token in any output. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TS_REGISTER } from '../helpers/ts/node.js';

const root = new URL('../../', import.meta.url).pathname;
const CLI = `const { main } = await import(${JSON.stringify(join(root, 'src/cli/index.ts'))}); await main(['node', 'phiguard', ...process.argv.slice(1)]);`;
const run = (...args: string[]) => spawnSync(process.execPath, ['--import', TS_REGISTER, '--input-type=module', '-e', CLI, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, PHIGUARD_LOG: 'silent' } });
const dir = mkdtempSync(join(tmpdir(), 'phiguard-replay-cli-'));

/** Every SSN, family name and bearer token recorded in the fixtures, plus the planted SSN. */
function secrets(): string[] {
  const text = readFileSync(join(root, 'test/fixtures/traffic/demo.har'), 'utf8') + readFileSync(join(root, 'test/fixtures/traffic/demo.ndjson'), 'utf8');
  const found = new Set<string>(['123-45-6789']);
  for (const m of text.matchAll(/999-\d\d-\d{4}/g)) found.add(m[0]);
  for (const m of text.matchAll(/\\"family\\":\s*\\"([^\\"]+)/g)) found.add(m[1]!);
  for (const m of text.matchAll(/Bearer ([A-Za-z0-9_.-]+)/g)) found.add(m[1]!);
  return [...found];
}

describe('phiguard replay', () => {
  it('never prints PHI values or tokens, in any format (planted SSN in query, header and body)', () => {
    const planted = secrets();
    expect(planted.length).toBeGreaterThan(5);
    for (const format of ['text', 'json', 'markdown']) {
      for (const file of ['demo.har', 'demo.ndjson']) {
        const r = run('replay', '--config', 'examples/patient-api.yaml', `test/fixtures/traffic/${file}`, '--format', format);
        expect(r.status, r.stderr).toBe(0);
        for (const s of planted) {
          expect(r.stdout).not.toContain(s);
          expect(r.stderr).not.toContain(s);
        }
        if (format === 'json') {
          const report = JSON.parse(r.stdout);
          expect(report.version).toBe(1);
          if (file === 'demo.ndjson') expect(report.malformed).toEqual([{ index: 3, line: 4, column: 79, message: 'line is not valid JSON: invalid JSON: unterminated string' }]);
          expect(report.totals.phi.SSN).toBeGreaterThan(0);
        }
      }
    }
  }, 240_000);

  it('text report names malformed entries with their position; exit 0', () => {
    const r = run('replay', '--config', 'examples/patient-api.yaml', 'test/fixtures/traffic/demo-malformed.har');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('entries: 15 (3 malformed, skipped)');
    expect(r.stdout).toContain('entry 3 at 237:12: entry is not valid JSON');
    expect(r.stdout).toMatch(/patient-read GET \/Patient\/\{id\}: \d+ req/);
  }, 60_000);

  it('exit 1 when --against changes a decision; exit 2 with FILE:LINE:COL for an unusable file', () => {
    const policy = readFileSync(join(root, 'examples/patient-api.yaml'), 'utf8').replace('mode: enforce ', 'mode: monitor ').replace(/\.\/(keys|schemas)\//g, `${root}examples/$1/`);
    writeFileSync(join(dir, 'monitor.yaml'), policy);
    const r = run('replay', '--config', 'examples/patient-api.yaml', '--against', join(dir, 'monitor.yaml'), 'test/fixtures/traffic/demo.har', '--format', 'json');
    expect(r.status, r.stderr).toBe(1);
    expect(JSON.parse(r.stdout).diff.decisionChanged).toBeGreaterThan(0);
    writeFileSync(join(dir, 'bad.har'), '{"log": {"version": "1.2",\n  "entries": 7}}');
    const bad = run('replay', '--config', 'examples/patient-api.yaml', join(dir, 'bad.har'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/bad\.har:\d+:\d+: no log\.entries array in the HAR document/);
  }, 120_000);
});
