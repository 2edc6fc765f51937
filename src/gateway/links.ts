/**
 * Upstream-origin links in released responses point at the gateway (`upstream.publicUrl`).
 *
 * An upstream writes its own address into what it returns: search bundles carry `fullUrl` and
 * `link[].url`, creates answer with `Location`, narratives embed hrefs. That address is internal
 * and answers without a token. Before inspection, every occurrence of the upstream's origin (and
 * base path) in the response headers and in the body's strings is replaced by the gateway's public
 * origin: `http://10.0.0.5:8081/fhir/Patient/1` -> `https://api.example.org/Patient/1`.
 *
 * JSON bodies are edited losslessly: only string tokens that contain the origin are re-encoded;
 * every other byte (numbers beyond 2^53 included) stays as it was. Other text bodies are edited as
 * text. Bodies still content-encoded are decoded first (bounded), so nothing escapes the rewrite.
 */
import type { GuardContext } from '../core/context.js';
import type { GuardResponse } from '../core/types.js';
import { classify, decodeContentEncoding, mediaTypeOf, removeHeader } from '../guards/inspect-response/body.js';
import { tokenize } from '../phi/json/tokenizer.js';

/** Body-derived headers that no longer describe the body once links are rewritten (ETag is a version: kept). */
const BODY_DIGESTS = ['content-digest', 'repr-digest', 'digest', 'content-md5'];

export interface LinkRewriter {
  /** Rewrites `res` in place for the request in `ctx`; returns how many links were rewritten. */
  rewrite(res: GuardResponse, ctx: GuardContext): number;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A matcher for the upstream's origin (scheme and host case-insensitive, an explicit default port
 * equal to none) followed by a boundary, so `http://u:8081` never matches `http://u:80810` or
 * `http://u:8081.evil`. The base path, when the link continues with it, is consumed too.
 */
function originPattern(upstream: URL, extra: readonly string[]): RegExp {
  const alts: string[] = [];
  for (const o of [upstream.href, ...extra]) {
    const u = new URL(o);
    const host = u.hostname;
    const def = u.protocol === 'https:' ? '443' : '80';
    const ports = u.port ? [`:${u.port}`] : ['', `:${def}`];
    for (const p of ports) alts.push(escapeRe(`${u.protocol}//${host}${p}`));
  }
  const base = upstream.pathname.replace(/\/$/, '');
  const basePart = base ? `(?:${escapeRe(base)}(?=[/?#]|$|[^A-Za-z0-9._~%!$&'()*+,;=:@-]))?` : '';
  return new RegExp(`(?:${alts.join('|')})(?![A-Za-z0-9.:-])${basePart}`, 'gi');
}

/** The gateway's origin as the client reached it: `publicUrl`, else the scheme and Host of the request. */
function publicOrigin(ctx: GuardContext, publicUrl: string | undefined, trustedProto: (ctx: GuardContext) => string | undefined): string {
  if (publicUrl) return publicUrl.replace(/\/$/, '');
  const host = ctx.canonical?.headers.get('host');
  const proto = ctx.request.tls?.encrypted ? 'https' : (trustedProto(ctx) ?? 'http');
  if (!host) return '';
  try {
    const u = new URL(`${proto}://${host}`);
    // A Host that is more than host[:port] is not used as an origin: the link becomes path-absolute.
    if (u.username || u.password || u.pathname !== '/' || u.search || u.hash) return '';
    return `${u.protocol}//${u.host}`;
  } catch {
    return '';
  }
}

export function createLinkRewriter(opts: {
  readonly upstream: URL;
  readonly publicUrl?: string;
  /** Other origins the upstream writes into its links (its own idea of its address). */
  readonly aliases?: readonly string[];
  /** The protocol a trusted proxy reported (X-Forwarded-Proto / Forwarded proto), if any. */
  readonly trustedProto?: (ctx: GuardContext) => string | undefined;
  readonly maxBytes: number;
}): LinkRewriter {
  const re = originPattern(opts.upstream, opts.aliases ?? []);
  const probe = new RegExp(re.source, 'i');
  const trustedProto = opts.trustedProto ?? (() => undefined);
  return {
    rewrite(res, ctx) {
      // The public origin is worked out only when a link is actually found.
      let to: string | undefined;
      let n = 0;
      const swap = (s: string): string => s.replace(re, () => (n++, (to ??= publicOrigin(ctx, opts.publicUrl, trustedProto))));
      for (const h of res.headers) if (probe.test(h[1])) h[1] = swap(h[1]);
      if (!res.body || res.body.byteLength === 0) return n;
      // Decode first (bounded; an unknown encoding is left for inspection to refuse).
      if (res.headers.some(([k]) => k === 'content-encoding')) {
        try {
          decodeContentEncoding(res, opts.maxBytes);
        } catch {
          return n;
        }
      }
      const kind = classify(mediaTypeOf(res), true);
      if (kind === 'opaque' || kind === 'none') return n;
      const body = res.body!;
      const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
      if (!probe.test(text) && !text.includes('\\/')) return n;
      const before = n;
      const out = kind === 'json' ? rewriteJson(text, swap) : kind === 'ndjson' ? text.split('\n').map((l) => (l.trim() ? rewriteJson(l, swap) : l)).join('\n') : swap(text);
      if (n > before) {
        const b = Buffer.from(out, 'utf8');
        res.body = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
        for (const h of BODY_DIGESTS) removeHeader(res, h);
      }
      return n;
    },
  };
}

/**
 * Replaces links inside JSON string values and keys' values, re-encoding only the tokens that
 * changed. Invalid JSON is returned as it is: inspection refuses it afterwards.
 */
function rewriteJson(text: string, swap: (s: string) => string): string {
  let doc;
  try {
    doc = tokenize(text);
  } catch {
    return text;
  }
  const parts: string[] = [];
  let last = 0;
  for (let i = 0; i < doc.vStart.length; i++) {
    if (doc.vKind[i] !== 0) continue;
    const start = doc.vStart[i]!;
    const end = doc.vEnd[i]!;
    const raw = text.slice(start, end);
    const value = doc.vEscaped[i] ? (JSON.parse(raw) as string) : raw.slice(1, -1);
    const next = swap(value);
    if (next === value) continue;
    parts.push(text.slice(last, start), JSON.stringify(next));
    last = end;
  }
  if (last === 0) return text;
  parts.push(text.slice(last));
  return parts.join('');
}
