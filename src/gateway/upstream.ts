/**
 * Forwards the canonical request to the upstream over an undici keep-alive pool and returns the
 * full (size-capped) response. Only the checked target, headers and body are sent.
 */
import { BlockList, isIP } from 'node:net';
import { errors as undiciErrors, Pool, type Dispatcher } from 'undici';
import { PhiguardError } from '../core/errors.js';
import type { GuardContext } from '../core/context.js';
import type { GuardResponse } from '../core/types.js';
import { HOP_BY_HOP } from '../adapters/http/io.js';
import type { UpstreamConfig } from '../policy/types.js';
import { forwardingHeaders, trustedProto } from './forwarded.js';
import { createLinkRewriter } from './links.js';
import { isTlsFailure, upstreamConnectOptions, warnInsecureUpstream } from './upstream-tls.js';

/** Request headers the gateway sets itself (after stripping) and never takes from the client. */
const GATEWAY_OWNED = new Set(['host', 'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'forwarded', 'x-request-id', 'accept-encoding', 'expect']);
/**
 * Request headers never forwarded: client-supplied identity of the peer (only the gateway knows
 * it), and negotiation the inspection cannot follow (other charsets, byte ranges).
 */
const NEVER_FORWARDED = new Set([
  'x-real-ip', 'true-client-ip', 'x-client-ip', 'cf-connecting-ip', 'x-cluster-client-ip', 'fastly-client-ip',
  'x-forwarded-port', 'x-forwarded-server', 'x-forwarded-prefix', 'x-original-forwarded-for', 'x-forwarded-uri',
  'accept-charset', 'range', 'if-range',
]);

export interface Upstream {
  forward(ctx: GuardContext): Promise<GuardResponse>;
  close(): Promise<void>;
  readonly url: URL;
}

export function createUpstream(cfg: UpstreamConfig, trustedProxies: readonly string[] = []): Upstream {
  const trusted = blockList(trustedProxies);
  const url = new URL(cfg.url);
  const basePath = url.pathname.replace(/\/$/, '');
  const pool = new Pool(url.origin, {
    connections: cfg.connections,
    pipelining: 1,
    keepAliveTimeout: 10_000,
    connectTimeout: cfg.connectTimeoutMs,
    headersTimeout: cfg.headersTimeoutMs,
    bodyTimeout: cfg.bodyTimeoutMs,
    ...(url.protocol === 'https:' ? { connect: upstreamConnectOptions(cfg.tls) } : {}),
  });
  if (url.protocol === 'https:') warnInsecureUpstream(cfg.tls);
  const links = cfg.rewriteLinks === false
    ? undefined
    : createLinkRewriter({
        upstream: url,
        ...(cfg.publicUrl ? { publicUrl: cfg.publicUrl } : {}),
        ...(cfg.linkAliases ? { aliases: cfg.linkAliases } : {}),
        trustedProto: (ctx) => trustedProto(ctx, trusted),
        maxBytes: cfg.maxResponseBytes,
      });

  return {
    url,
    async forward(ctx) {
      const c = ctx.canonical;
      if (!c) throw new PhiguardError('PG_INTERNAL', 'forward without canonical request');
      // One pass over the checked headers: hop-by-hop (and those Connection names), the ones the
      // gateway owns and the ones never forwarded are dropped.
      const named = connectionNamed(c.headers.get('connection'));
      // FHIR resource routes are checked as JSON: ask for JSON whatever the client asked for.
      const fhir = Boolean((ctx.route?.route as { resource?: string } | undefined)?.resource);
      const flat: string[] = [];
      for (const [k, v] of c.headers) {
        if (HOP_BY_HOP.has(k) || GATEWAY_OWNED.has(k) || NEVER_FORWARDED.has(k) || named?.has(k) || (fhir && k === 'accept')) continue;
        flat.push(k, v);
      }
      flat.push('host', url.host);
      for (const [k, v] of forwardingHeaders(ctx, cfg.forwarded ?? 'x-forwarded', trusted)) flat.push(k, v);
      // The response must be inspectable: ask for it uncompressed.
      flat.push('x-request-id', ctx.id, 'accept-encoding', 'identity');
      if (fhir) flat.push('accept', 'application/fhir+json, application/json;q=0.9');
      const body = c.body && c.body.byteLength > 0 ? c.body : undefined;
      if (body) flat.push('content-length', String(body.byteLength));
      const response = await send(pool, {
        path: basePath + c.forwardTarget,
        method: c.method as 'GET',
        headers: flat,
        ...(body ? { body: Buffer.from(body.buffer, body.byteOffset, body.byteLength) } : {}),
      }, cfg.maxResponseBytes);
      // The upstream's own address never reaches the client (src/gateway/links.ts).
      links?.rewrite(response, ctx);
      return response;
    },
    async close() {
      await pool.close();
    },
  };
}

/** Header names a Connection header lists (hop-by-hop by declaration), or undefined when there is none. */
function connectionNamed(values: string | undefined): Set<string> | undefined {
  if (!values) return undefined;
  const named = new Set<string>();
  for (const t of values.split(',')) named.add(t.trim().toLowerCase());
  return named;
}

/**
 * One upstream exchange through undici's dispatch API: the response is collected from the
 * parser's callbacks (no body stream, no async iterator), capped at `maxBytes`. Rejects with a
 * PG_* error: timeouts, TLS, connection failures before the head, and anything that goes wrong
 * after the head (reset, short body, bad chunking: never released) as PG_UPSTREAM_INVALID.
 */
function send(pool: Pool, opts: Dispatcher.DispatchOptions, maxBytes: number): Promise<GuardResponse> {
  return new Promise((resolve, reject) => {
    let status = 0;
    let head: Record<string, string | string[] | undefined> | undefined;
    let chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      chunks = [];
      reject(mapError(err, head ? 'body' : 'head'));
    };
    try {
      pool.dispatch(opts, {
        onRequestStart() {},
        onResponseStart(_controller, statusCode, headers) {
          if (statusCode < 200) return; // 1xx informational: the final head follows
          status = statusCode;
          head = headers;
        },
        onResponseData(controller, chunk) {
          if (settled) return;
          size += chunk.length;
          if (size > maxBytes) {
            const err = new PhiguardError('PG_UPSTREAM_RESPONSE_TOO_LARGE', `over ${maxBytes} bytes`);
            fail(err);
            controller.abort(err);
            return;
          }
          chunks.push(chunk);
        },
        onResponseEnd() {
          if (settled) return;
          if (!head) return fail(new undiciErrors.HTTPParserError('no final response head'));
          settled = true;
          resolve({ status, headers: responseHeaders(head), body: size === 0 ? null : Buffer.concat(chunks, size) });
        },
        onResponseError(_controller, err) {
          fail(err);
        },
      });
    } catch (err) {
      fail(err);
    }
  });
}

/** The upstream's head as a lower-case header list, without hop-by-hop headers (and those Connection names). */
function responseHeaders(head: Record<string, string | string[] | undefined>): Array<[string, string]> {
  const c = head['connection'];
  const named = connectionNamed(Array.isArray(c) ? c.join(',') : c);
  const out: Array<[string, string]> = [];
  for (const key in head) {
    const v = head[key];
    if (v === undefined) continue;
    const k = key.toLowerCase();
    if (HOP_BY_HOP.has(k) || named?.has(k)) continue;
    if (typeof v === 'string') out.push([k, v]);
    else for (const one of v) out.push([k, one]);
  }
  return out;
}

/** Only a configured proxy's X-Forwarded-For chain is kept; otherwise the socket peer alone. */
function blockList(entries: readonly string[]): (ip: string) => boolean {
  if (entries.length === 0) return () => false;
  const list = new BlockList();
  for (const e of entries) {
    const [addr, bits] = e.split('/');
    const family = isIP(addr ?? '') === 6 ? 'ipv6' : 'ipv4';
    if (!addr || !isIP(addr)) continue;
    if (bits === undefined) list.addAddress(addr, family);
    else list.addSubnet(addr, Number(bits), family);
  }
  return (ip) => {
    const v4mapped = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
    const fam = isIP(v4mapped);
    return fam !== 0 && list.check(v4mapped, fam === 6 ? 'ipv6' : 'ipv4');
  };
}

function mapError(err: unknown, phase: 'head' | 'body' = 'head'): PhiguardError {
  if (err instanceof PhiguardError) return err;
  if (err instanceof undiciErrors.HeadersTimeoutError || err instanceof undiciErrors.BodyTimeoutError || err instanceof undiciErrors.ConnectTimeoutError) {
    return new PhiguardError('PG_UPSTREAM_TIMEOUT', (err as Error).name);
  }
  if (isTlsFailure(err)) return new PhiguardError('PG_UPSTREAM_TLS', (err as { code: string }).code);
  // A malformed answer (garbage status line, lying framing) or one cut off mid-body: never released.
  if (phase === 'body' || err instanceof undiciErrors.HTTPParserError || err instanceof undiciErrors.ResponseContentLengthMismatchError) {
    return new PhiguardError('PG_UPSTREAM_INVALID', err instanceof Error ? ((err as { code?: string }).code ?? err.name) : 'error');
  }
  return new PhiguardError('PG_UPSTREAM_UNAVAILABLE', err instanceof Error ? ((err as { code?: string }).code ?? err.name) : 'error');
}
