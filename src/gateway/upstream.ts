/**
 * Forwards the canonical request to the upstream over an undici keep-alive pool and returns the
 * full (size-capped) response. Only the checked target, headers and body are sent.
 */
import { BlockList, isIP } from 'node:net';
import { errors as undiciErrors, Pool } from 'undici';
import { PhiguardError } from '../core/errors.js';
import type { GuardContext } from '../core/context.js';
import type { GuardResponse } from '../core/types.js';
import { stripHopByHop } from '../adapters/http/io.js';
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
      const headers: Array<[string, string]> = stripHopByHop([...c.headers]).filter(([k]) => !GATEWAY_OWNED.has(k) && !NEVER_FORWARDED.has(k));
      headers.push(
        ['host', url.host],
        ...forwardingHeaders(ctx, cfg.forwarded ?? 'x-forwarded', trusted),
        ['x-request-id', ctx.id],
        // The response must be inspectable: ask for it uncompressed.
        ['accept-encoding', 'identity'],
      );
      // FHIR resource routes are checked as JSON: ask for JSON whatever the client asked for.
      if ((ctx.route?.route as { resource?: string } | undefined)?.resource) {
        for (let i = headers.length - 1; i >= 0; i--) if (headers[i]![0] === 'accept') headers.splice(i, 1);
        headers.push(['accept', 'application/fhir+json, application/json;q=0.9']);
      }
      const body = c.body && c.body.byteLength > 0 ? c.body : undefined;
      if (body) headers.push(['content-length', String(body.byteLength)]);
      let res;
      try {
        res = await pool.request({
          path: basePath + c.forwardTarget,
          method: c.method as 'GET',
          headers: headers.flat(),
          ...(body ? { body: Buffer.from(body.buffer, body.byteOffset, body.byteLength) } : {}),
        });
      } catch (err) {
        throw mapError(err);
      }
      const out: Array<[string, string]> = [];
      for (const [k, v] of Object.entries(res.headers)) {
        if (v === undefined) continue;
        for (const one of Array.isArray(v) ? v : [v]) out.push([k.toLowerCase(), one]);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      try {
        for await (const chunk of res.body) {
          size += (chunk as Buffer).length;
          if (size > cfg.maxResponseBytes) {
            res.body.destroy();
            throw new PhiguardError('PG_UPSTREAM_RESPONSE_TOO_LARGE', `over ${cfg.maxResponseBytes} bytes`);
          }
          chunks.push(chunk as Buffer);
        }
      } catch (err) {
        // The response began and did not finish as framed (reset, short body, bad chunking).
        throw mapError(err, 'body');
      }
      const response: GuardResponse = { status: res.statusCode, headers: stripHopByHop(out), body: size === 0 ? null : Buffer.concat(chunks, size) };
      // The upstream's own address never reaches the client (src/gateway/links.ts).
      links?.rewrite(response, ctx);
      return response;
    },
    async close() {
      await pool.close();
    },
  };
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
