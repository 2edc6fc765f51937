/** installEgressGuard / uninstall(): everything patched is restored; disabled config installs nothing. */
import * as http from 'node:http';
import * as https from 'node:https';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { getGlobalDispatcher } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EgressConfig } from '../policy/types.js';
import { installEgressGuard } from './index.js';

const require = createRequire(import.meta.url);
const config: EgressConfig = { enabled: true, scanBodies: true, maxScanBytes: 1024, allow: [] };
let server: http.Server;
let url = '';

beforeAll(async () => {
  server = http.createServer((_q, s) => s.end('up'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise((r) => server.close(r)));

const snapshot = () => {
  const h = require('node:http') as typeof http;
  const s = require('node:https') as typeof https;
  return [h.request, h.get, s.request, s.get, http.request, http.get, https.request, https.get, getGlobalDispatcher()];
};

describe('installEgressGuard', () => {
  it('patches http/https (CJS and ESM views) and the global dispatcher, and uninstall restores each', async () => {
    const before = snapshot();
    const guard = installEgressGuard(config, {});
    expect(guard.installed).toBe(true);
    const during = snapshot();
    during.forEach((v, i) => expect(v, `slot ${i}`).not.toBe(before[i]));
    await expect(fetch(url)).rejects.toThrow();
    expect(() => http.get(url)).toThrow(expect.objectContaining({ code: 'PG_EGRESS_DENIED' }));
    expect(() => installEgressGuard(config, {})).toThrow(/already installed/);
    await guard.uninstall();
    snapshot().forEach((v, i) => expect(v, `slot ${i}`).toBe(before[i]));
    expect(await (await fetch(url)).text()).toBe('up');
    await guard.uninstall(); // idempotent
  });

  it('a disabled section installs nothing', async () => {
    const before = snapshot();
    const guard = installEgressGuard({ ...config, enabled: false }, {});
    expect(guard.installed).toBe(false);
    snapshot().forEach((v, i) => expect(v).toBe(before[i]));
    await guard.uninstall();
  });

  it('an onBlocked that throws never un-blocks', async () => {
    const guard = installEgressGuard(config, { onBlocked: () => { throw new Error('observer down'); } });
    try {
      expect(() => https.request('https://example.com/')).toThrow(expect.objectContaining({ code: 'PG_EGRESS_DENIED' }));
    } finally {
      await guard.uninstall();
    }
  });
});
