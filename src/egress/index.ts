/**
 * The egress guard (docs/egress.md): opt-in checks on this process's own outbound calls, through
 * undici's global dispatcher (global `fetch`, `undici.request`, ...) and node:http / node:https
 * `request` / `get`. `uninstall()` restores every original.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { getGlobalDispatcher, setGlobalDispatcher } from 'undici';
import type { EgressConfig } from '../policy/types.js';
import { defaultPhiScan, type PhiScan } from './body.js';
import { guardedDispatcher } from './dispatcher.js';
import { EgressError, type EgressBlockedEvent } from './errors.js';
import { guardedLookup, type Block, type LookupFunction } from './lookup.js';
import { guardedGet, guardedRequest } from './node-http.js';

export { classifyAddress, type AddressKind } from './address.js';
export { checkTarget, findEntry } from './hosts.js';
export { EgressError, type EgressBlockedEvent, type EgressCode, type EgressReason } from './errors.js';
export { guardedLookup, type LookupFunction } from './lookup.js';

export interface EgressGuardOptions {
  /** Returns true when the text carries PHI (default: the PHI engine's scanText, any finding). */
  readonly phi?: PhiScan;
  /** Called once per blocked call, with no path, query or body. Its exceptions are swallowed. */
  readonly onBlocked?: (event: EgressBlockedEvent) => void;
  /** Resolver used at connect time (default dns.lookup); tests inject a DNS-free stub. */
  readonly lookup?: LookupFunction;
  /** Extra CA certificates trusted by the guarded undici agent (verification is never turned off). */
  readonly tls?: { readonly ca?: string | Buffer | readonly (string | Buffer)[] };
}

export interface EgressGuard {
  readonly installed: boolean;
  uninstall(): Promise<void>;
}

const require = createRequire(import.meta.url);
let active = false;

export function installEgressGuard(config: EgressConfig, options: EgressGuardOptions = {}): EgressGuard {
  if (!config.enabled) return { installed: false, uninstall: async () => undefined };
  if (active) throw new Error('the egress guard is already installed');
  const block: Block = (event) => {
    try {
      options.onBlocked?.(event);
    } catch {
      /* a failing observer never un-blocks */
    }
    return new EgressError(event);
  };
  const scan = options.phi ?? defaultPhiScan;
  const httpMod = require('node:http') as typeof http;
  const httpsMod = require('node:https') as typeof https;
  const saved = { hr: httpMod.request, hg: httpMod.get, sr: httpsMod.request, sg: httpsMod.get };
  const previous = getGlobalDispatcher();
  const lookup = guardedLookup(config, block, options.lookup);
  const dispatcher = guardedDispatcher(config, block, scan, { lookup, ...(options.tls ? { tls: options.tls } : {}) });
  const deps = { config, block, scan, ...(options.lookup ? { lookup: options.lookup } : {}) };
  const hr = guardedRequest(saved.hr, 'http:', deps);
  const sr = guardedRequest(saved.sr, 'https:', deps);
  httpMod.request = hr;
  httpMod.get = guardedGet(hr);
  httpsMod.request = sr;
  httpsMod.get = guardedGet(sr);
  syncBuiltinESMExports();
  setGlobalDispatcher(dispatcher);
  active = true;
  let done = false;
  return {
    installed: true,
    async uninstall() {
      if (done) return;
      done = true;
      httpMod.request = saved.hr;
      httpMod.get = saved.hg;
      httpsMod.request = saved.sr;
      httpsMod.get = saved.sg;
      syncBuiltinESMExports();
      setGlobalDispatcher(previous);
      active = false;
      await dispatcher.close().catch(() => undefined);
    },
  };
}
