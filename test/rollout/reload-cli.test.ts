/**
 * `phiguard proxy`: SIGHUP reloads the policy, `--watch` reloads it when the file changes; an
 * invalid edit is rejected on stderr with FILE:LINE:COL and the gateway keeps serving the old policy.
 */
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startProxy } from '../helpers/proxy-cli.js';

const base = 'version: 1\nname: cli-reload\nroutes:\n  - { id: m, method: GET, path: /metadata, public: true }\n';
const withExtra = `${base}  - { id: x, method: GET, path: /extra, public: true }\n`;
const broken = 'version: 1\nname: cli-reload\nroutes:\n  - { id: m, method: GET, path: /metadata, public: true, nonsense: 1 }\n';

let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill('SIGTERM');
  child = undefined;
});
function start(args: string[]) {
  const p = startProxy(base, args);
  child = p.child;
  return p;
}

const status = async (url: string) => {
  const r = await fetch(url);
  await r.arrayBuffer();
  return r.status;
};

describe('phiguard proxy reloads its policy', () => {
  it('on SIGHUP: a valid edit is in force, an invalid one is rejected with its position and the old policy keeps serving', async () => {
    const p = start([]);
    const url = await p.url;
    expect(await status(`${url}/extra`)).not.toBe(200);
    writeFileSync(p.policy, withExtra);
    const inForce = p.until(/SIGHUP: policy "cli-reload" [0-9a-f]{12} in force/);
    child!.kill('SIGHUP');
    await inForce;
    // /extra now routes (the upstream at port 9 is closed: a gateway error, not a routing denial).
    const r = await fetch(`${url}/extra`);
    expect(((await r.json()) as { error: { code: string } }).error.code).toMatch(/^PG_UPSTREAM_/);
    writeFileSync(p.policy, broken);
    const rejected = p.until(/SIGHUP: reload rejected \(PG_POLICY_INVALID\)[^\n]*\n\s+\S*policy\.yaml:4:\d+/);
    child!.kill('SIGHUP');
    await rejected;
    const again = await fetch(`${url}/extra`);
    expect(((await again.json()) as { error: { code: string } }).error.code).toMatch(/^PG_UPSTREAM_/);
    expect(child!.exitCode).toBeNull();
  });

  it('with --watch: a change to the file is picked up without a signal', async () => {
    const p = start(['--watch']);
    const watching = p.until(/watching .*policy\.yaml/);
    const url = await p.url;
    await watching;
    const inForce = p.until(/file change: policy "cli-reload" [0-9a-f]{12} in force/);
    writeFileSync(p.policy, withExtra);
    await inForce;
    const r = await fetch(`${url}/extra`);
    expect(((await r.json()) as { error: { code: string } }).error.code).toMatch(/^PG_UPSTREAM_/);
  });
});
