/**
 * Guarded replacements for node:http / node:https `request` and `get`. The target (protocol,
 * host, port, credentials) is checked before the request is created (a refusal throws
 * EgressError synchronously); the connect-time `lookup` is injected; bodies bound for a non-BAA
 * host are held until `end()` and scanned before any byte is written.
 */
import type * as http from 'node:http';
import type { EgressConfig } from '../policy/types.js';
import { bytesOf, checkBody, needsScan, type PhiScan } from './body.js';
import { EgressError } from './errors.js';
import { checkTarget, type EgressTarget } from './hosts.js';
import { guardedLookup, type Block, type LookupFunction } from './lookup.js';

type RequestFn = typeof http.request;
type Opts = http.RequestOptions & { protocol?: string | null };

interface Parsed { readonly url: string; readonly method: string }

function describe(args: unknown[], defaultProtocol: string): Parsed {
  const first = args[0];
  const fromUrl = typeof first === 'string' || first instanceof URL ? new URL(String(first)) : undefined;
  const opts = ((fromUrl ? args[1] : first) ?? {}) as Opts;
  const o = typeof opts === 'object' && opts !== null ? opts : {};
  const method = String(o.method ?? 'GET').toUpperCase();
  if (o.socketPath !== undefined || o.createConnection !== undefined) throw new EgressError({ code: 'PG_EGRESS_DENIED', host: '', reason: 'bad-url', method });
  const protocol = o.protocol ?? fromUrl?.protocol ?? defaultProtocol;
  const host = String(o.hostname ?? o.host ?? fromUrl?.hostname ?? 'localhost');
  const port = o.port ?? (fromUrl?.port || o.defaultPort || (protocol === 'https:' ? 443 : 80));
  const auth = o.auth ?? (fromUrl && (fromUrl.username || fromUrl.password) ? 'x' : undefined);
  const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return { url: `${protocol}//${auth ? 'x@' : ''}${bracketed}:${port}/`, method };
}

/** Holds the body of `req` until end(), then scans it; a refusal destroys the request. */
function holdBody(req: http.ClientRequest, config: EgressConfig, target: EgressTarget, method: string, scan: PhiScan, block: Block): void {
  const write = req.write.bind(req);
  const end = req.end.bind(req);
  const parts: Buffer[] = [];
  let size = 0;
  const refuse = (e: EgressError) => req.destroy(block({ code: e.code, host: e.host, reason: e.reason, method }));
  const add = (chunk: unknown, enc: unknown): boolean => {
    const b = typeof chunk === 'string' ? Buffer.from(chunk, typeof enc === 'string' ? (enc as BufferEncoding) : 'utf8') : bytesOf(chunk);
    if (!b) { refuse(new EgressError({ code: 'PG_EGRESS_PHI', host: target.host, reason: 'body-unreadable', method })); return false; }
    parts.push(b);
    size += b.length;
    if (size > config.maxScanBytes) { refuse(new EgressError({ code: 'PG_EGRESS_PHI', host: target.host, reason: 'body-too-large', method })); return false; }
    return true;
  };
  req.write = ((chunk: unknown, enc?: unknown, cb?: unknown) => {
    const ok = add(chunk, enc);
    const done = typeof enc === 'function' ? enc : cb;
    if (ok && typeof done === 'function') process.nextTick(done as () => void);
    return ok;
  }) as typeof req.write;
  req.end = ((chunk?: unknown, enc?: unknown, cb?: unknown) => {
    const done = [chunk, enc, cb].find((x) => typeof x === 'function') as (() => void) | undefined;
    if (chunk !== undefined && chunk !== null && typeof chunk !== 'function' && !add(chunk, enc)) return req;
    try {
      checkBody(config, target, Buffer.concat(parts), method, scan);
    } catch (err) {
      refuse(err instanceof EgressError ? err : new EgressError({ code: 'PG_EGRESS_PHI', host: target.host, reason: 'body-unreadable', method }));
      return req;
    }
    if (size > 0) write(Buffer.concat(parts));
    return done ? end(done) : end();
  }) as typeof req.end;
}

export interface NodeGuardDeps {
  readonly config: EgressConfig;
  readonly block: Block;
  readonly scan: PhiScan;
  readonly lookup?: LookupFunction;
}

/** A guarded `request` for a module whose original is `orig` (`http:` or `https:` default protocol). */
export function guardedRequest(orig: RequestFn, defaultProtocol: 'http:' | 'https:', deps: NodeGuardDeps): RequestFn {
  return function request(this: unknown, ...args: unknown[]): http.ClientRequest {
    let parsed: Parsed | undefined;
    let target: EgressTarget;
    try {
      parsed = describe(args, defaultProtocol);
      target = checkTarget(deps.config, parsed.url, parsed.method);
    } catch (err) {
      const method = parsed?.method ?? 'GET';
      throw deps.block(err instanceof EgressError ? { code: err.code, host: err.host, reason: err.reason, method } : { code: 'PG_EGRESS_DENIED', host: '', reason: 'bad-url', method });
    }
    const urlFirst = typeof args[0] === 'string' || args[0] instanceof URL;
    const optIndex = urlFirst ? 1 : 0;
    const given = args[optIndex];
    const opts = (typeof given === 'object' && given !== null ? given : {}) as Opts;
    const lookup = guardedLookup(deps.config, deps.block, (opts.lookup as LookupFunction | undefined) ?? deps.lookup);
    const newArgs = [...args];
    if (typeof given === 'object' && given !== null) newArgs[optIndex] = { ...opts, lookup };
    else newArgs.splice(optIndex, 0, { lookup });
    const req = (orig as (...a: unknown[]) => http.ClientRequest)(...newArgs);
    if (needsScan(deps.config, target)) holdBody(req, deps.config, target, parsed.method, deps.scan, deps.block);
    return req;
  } as RequestFn;
}

/** `get` on top of a guarded request: request + end(), like node's own. */
export function guardedGet(request: RequestFn): typeof http.get {
  return function get(...args: unknown[]) {
    const req = (request as (...a: unknown[]) => http.ClientRequest)(...args);
    req.end();
    return req;
  } as typeof http.get;
}
