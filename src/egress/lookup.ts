/**
 * The connect-time resolver: wraps a `dns.lookup`-style function so that every address it answers
 * for an outbound connection is classified before the socket connects to it. The address checked
 * is the address connected (DNS rebinding gains nothing from a public first answer).
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { EgressConfig } from '../policy/types.js';
import { classifyAddress } from './address.js';
import type { EgressBlockedEvent, EgressError } from './errors.js';
import { findEntry, normaliseHost } from './hosts.js';

export type LookupFunction = (hostname: string, options: object, callback: (...args: any[]) => void) => void;

/** Reports a block (onBlocked) and returns the error to raise. */
export type Block = (event: EgressBlockedEvent) => EgressError;

export function guardedLookup(config: EgressConfig, block: Block, base: LookupFunction = dnsLookup as unknown as LookupFunction): LookupFunction {
  return function egressLookup(hostname, options, callback) {
    const opts = typeof options === 'number' ? { family: options } : typeof options === 'object' && options !== null ? options : {};
    const cb = typeof options === 'function' ? (options as (...a: any[]) => void) : callback;
    const host = normaliseHost(hostname);
    const entry = findEntry(config, host);
    const fail = (reason: 'not-listed' | 'private-address' | 'lookup-failed') => cb(block({ code: 'PG_EGRESS_DENIED', host, reason, method: 'CONNECT' }));
    if (!entry) return fail('not-listed');
    try {
      base(hostname, opts, (err: Error | null, address: string | LookupAddress[], family?: number) => {
        if (err) return cb(err);
        const list: LookupAddress[] = Array.isArray(address) ? address : [{ address, family: family ?? 4 }];
        if (list.length === 0) return fail('lookup-failed');
        if (!entry.allowPrivate && list.some((a) => classifyAddress(a.address) !== 'public')) return fail('private-address');
        if (list.some((a) => classifyAddress(a.address) === 'invalid')) return fail('lookup-failed');
        if ((opts as { all?: boolean }).all) return cb(null, list);
        return cb(null, list[0]!.address, list[0]!.family);
      });
    } catch {
      fail('lookup-failed');
    }
  };
}
