/** `phiguard proxy --admin HOST:PORT`: the admin listener (metrics, dashboard) beside the gateway, never open without a token. */
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { checkProxyOptions } from '../../src/cli/proxy.js';
import { startProxy } from '../helpers/proxy-cli.js';

const policy = 'version: 1\nname: admin-cli\nroutes:\n  - { id: m, method: GET, path: /metadata, public: true }\n';
const TOKEN = 'test-admin-token-0123456789abcdef';
let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill('SIGTERM');
  child = undefined;
});

describe('phiguard proxy --admin', () => {
  it('prints admin: URL; /metrics needs the token from PHIGUARD_ADMIN_TOKEN and names the policy in force', async () => {
    const p = startProxy(policy, ['--admin', '127.0.0.1:0'], { PHIGUARD_ADMIN_TOKEN: TOKEN });
    child = p.child;
    const admin = (await p.stdoutLine(/^admin: /)).slice('admin: '.length);
    expect(admin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${admin}/metrics`)).status).toBe(401);
    const r = await fetch(`${admin}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(r.status).toBe(200);
    expect(await r.text()).toMatch(/phiguard_policy_info\{[^}]*name="admin-cli"/);
    expect(p.stderr()).not.toContain(TOKEN);
  });

  it('refuses to start an admin listener without a token, saying what to set', () => {
    expect(() => checkProxyOptions({ admin: '127.0.0.1:9090' }, {})).toThrow(/PHIGUARD_ADMIN_TOKEN/);
    expect(() => checkProxyOptions({ admin: '127.0.0.1:9090' }, { PHIGUARD_ADMIN_TOKEN: 'short' })).toThrow(/at least 16/);
    expect(() => checkProxyOptions({ adminMetricsPublic: true }, {})).toThrow(/--admin HOST:PORT/);
    expect(() => checkProxyOptions({ admin: '127.0.0.1:9090', adminMetricsPublic: true }, {})).not.toThrow();
  });
});
