import { describe, expect, it } from 'vitest';
import type { EgressConfig, EgressHost } from '../policy/types.js';
import { EgressError, type EgressBlockedEvent } from './errors.js';
import { guardedLookup, type LookupFunction } from './lookup.js';

const entry = (host: string, allowPrivate: boolean): EgressHost => ({ host, wildcard: false, ports: [443], baa: false, allowPrivate, http: false });
const config: EgressConfig = { enabled: true, scanBodies: true, maxScanBytes: 1024, allow: [entry('pub.test', false), entry('lan.test', true)] };

function run(host: string, answer: string[], all = false): Promise<{ err?: EgressError; result?: unknown; events: EgressBlockedEvent[] }> {
  const events: EgressBlockedEvent[] = [];
  const base: LookupFunction = (_h, _o, cb) => cb(null, answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
  const lookup = guardedLookup(config, (e) => (events.push(e), new EgressError(e)), base);
  return new Promise((resolve) => lookup(host, { all }, (err: EgressError | null, result: unknown) => resolve({ ...(err ? { err } : { result }), events })));
}

describe('guardedLookup', () => {
  it('passes public answers through, in the shape asked for', async () => {
    expect((await run('pub.test', ['93.184.216.34'])).result).toBe('93.184.216.34');
    expect((await run('pub.test', ['93.184.216.34'], true)).result).toEqual([{ address: '93.184.216.34', family: 4 }]);
  });
  it('refuses when ANY answer is not public (a mixed answer cannot slip through)', async () => {
    const r = await run('pub.test', ['93.184.216.34', '127.0.0.1'], true);
    expect(r.err?.code).toBe('PG_EGRESS_DENIED');
    expect(r.events).toEqual([{ code: 'PG_EGRESS_DENIED', host: 'pub.test', reason: 'private-address', method: 'CONNECT' }]);
    for (const a of ['10.0.0.1', '::1', '::ffff:169.254.169.254', 'fd00::1', '100.64.1.1']) expect((await run('pub.test', [a])).err?.reason).toBe('private-address');
  });
  it('allowPrivate hosts may resolve to private addresses; unlisted names and empty answers are refused', async () => {
    expect((await run('lan.test', ['10.0.0.5'])).result).toBe('10.0.0.5');
    expect((await run('other.test', ['93.184.216.34'])).err?.reason).toBe('not-listed');
    expect((await run('pub.test', [])).err?.reason).toBe('lookup-failed');
  });
});
