/**
 * Data-driven request cases (YAML) and the one runner both suites use. A case is sent on a raw
 * socket to a target and checked for: status, reason code (`PG_*` from the JSON error body, or
 * `null` for a handler's own non-PG response), what the handler/upstream received (exactly the
 * canonical target, or nothing at all for a denial), and optional body/header expectations.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { expect } from 'vitest';
import { rawRequest, type RawResponse } from './raw-http.js';
import type { Target, TargetName } from './targets.js';

/** Placeholders for case data: `{pid}`, `{oid}`, `{port}`, `{host}` and PHI values of the demo record. */
export type Vars = Readonly<Record<string, string>>;

export interface Case {
  readonly name: string;
  readonly request?: {
    readonly method: string;
    readonly target: string;
    readonly headers?: ReadonlyArray<readonly [string, string]>;
    readonly body?: string;
    /** Send no Host header of our own. */
    readonly host?: false;
  };
  /** The complete request, byte for byte (placeholders substituted). */
  readonly raw?: string;
  readonly generate?: { readonly headers?: number; readonly headerBytes?: number };
  /** Send `Authorization: Bearer {token}` (a demo token; identify runs before route). */
  readonly auth?: boolean;
  readonly only?: readonly TargetName[];
  /**
   * A known bug outside the adapters, described here: the case runs as \`it.fails\` (it must still
   * fail; once the bug is fixed the test reports it, and this field should be removed).
   */
  readonly knownIssue?: string;
  readonly skip?: readonly TargetName[];
  readonly expect: {
    readonly status: number;
    readonly code: string | null;
    /** The target the handler/upstream received; absent means it must not have been reached. */
    readonly seen?: string;
    readonly seenMethod?: string;
    /** The body the handler/upstream received, parsed as JSON. */
    readonly seenJson?: unknown;
    /** Subset of the JSON response body. */
    readonly json?: Record<string, unknown>;
    readonly headers?: Record<string, string>;
    readonly emptyBody?: boolean;
    /** Response headers that must appear exactly once. */
    readonly single?: readonly string[];
    /** Response headers that must be absent. */
    readonly missing?: readonly string[];
    /** Response headers that must be present (any value). */
    readonly present?: readonly string[];
    /** Content-Digest is present and is the sha-256 of the released body (RFC 9530). */
    readonly releasedDigest?: boolean;
    /** Strings (PHI from the demo record, after substitution) that must not appear in the response body or headers. */
    readonly absent?: readonly string[];
    /** The response came from the HTTP parser level (no pipeline request id). */
    readonly parserLevel?: boolean;
  };
}

export function loadCases(file: URL): Case[] {
  return parse(readFileSync(file, 'utf8')) as Case[];
}

export const appliesTo = (c: Case, t: TargetName) => (!c.only || c.only.includes(t)) && !c.skip?.includes(t);

function substitute<T>(value: T, vars: Record<string, string>): T {
  if (typeof value === 'string') return value.replace(/\{([A-Za-z]+)\}/g, (m, k: string) => vars[k] ?? m) as T;
  if (Array.isArray(value)) return value.map((v) => substitute(v, vars)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, vars)])) as T;
  return value;
}

export function buildRequest(c: Case, port: number, ids: Vars): { bytes: Buffer; method: string } {
  const vars: Vars = { ...ids, port: String(port), host: `127.0.0.1:${port}` };
  if (c.raw) {
    const raw = substitute(c.raw, vars);
    return { bytes: Buffer.from(raw, 'latin1'), method: raw.slice(0, raw.indexOf(' ')) };
  }
  const r = substitute(c.request!, vars);
  const lines = [`${r.method} ${r.target} HTTP/1.1`];
  if (r.host !== false) lines.push(`Host: ${vars.host}`);
  if (c.auth) lines.push(`Authorization: Bearer ${vars.token ?? ''}`);
  for (const [k, v] of r.headers ?? []) lines.push(`${k}: ${v}`);
  for (let i = 0; i < (c.generate?.headers ?? 0); i++) lines.push(`X-Filler-${i}: ${i}`);
  if (c.generate?.headerBytes) lines.push(`X-Big: ${'a'.repeat(c.generate.headerBytes)}`);
  // `__PAD_N__` in a body stands for N filler bytes (oversize bodies without huge data files).
  const body = r.body === undefined ? undefined : Buffer.from(r.body.replace(/__PAD_(\d+)__/g, (_m, n: string) => 'a'.repeat(Number(n))), 'utf8');
  if (body) lines.push(`Content-Length: ${body.byteLength}`);
  lines.push('Connection: close');
  return { bytes: Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body ?? Buffer.alloc(0)]), method: r.method };
}

function errorCode(body: Buffer): string | undefined {
  try {
    const code = (JSON.parse(body.toString('utf8')) as { error?: { code?: unknown } })?.error?.code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

export async function runCase(c: Case, target: Target, ids: Vars): Promise<RawResponse> {
  const vars = { ...ids, port: String(target.port), host: `127.0.0.1:${target.port}` };
  const e = substitute(c.expect, vars);
  const { bytes, method } = buildRequest(c, target.port, ids);
  const before = target.seen.length;
  const res = await rawRequest(target.port, bytes, { headOnly: method === 'HEAD' });
  const code = errorCode(res.body);
  const got = `${res.status} ${code ?? '(no PG code)'} body=${res.body.toString('utf8').slice(0, 200)}`;
  expect(res.status, got).toBe(e.status);
  if (e.code === null) expect(code === undefined || !code.startsWith('PG_'), got).toBe(true);
  else expect(code, got).toBe(e.code);
  if (!e.parserLevel) expect(res.header('x-request-id'), 'x-request-id on a pipeline response').toMatch(/\S/);

  // What reached the handler/upstream.
  await new Promise((r) => setImmediate(r));
  const seen = target.seen.slice(before);
  if (e.seen === undefined) {
    expect(seen, 'a denied request must not reach the handler/upstream').toEqual([]);
  } else {
    expect(seen.length, 'the handler/upstream saw the request exactly once').toBe(1);
    expect(seen[0]!.target, 'the handler/upstream saw the canonical target').toBe(e.seen);
    expect(seen[0]!.method).toBe(e.seenMethod ?? method);
    if (e.seenJson !== undefined) expect(JSON.parse(seen[0]!.body ?? 'null'), 'the handler saw exactly the checked body').toEqual(e.seenJson);
    const rid = res.header('x-request-id');
    if (seen[0]!.requestId !== undefined && rid) expect(seen[0]!.requestId).toBe(rid);
  }
  if (e.json) expect(JSON.parse(res.body.toString('utf8'))).toMatchObject(e.json);
  for (const [k, v] of Object.entries(e.headers ?? {})) expect(res.header(k.toLowerCase()), `header ${k}`).toBe(v);
  for (const h of e.single ?? []) expect(res.headers.filter(([k]) => k === h).map(([, v]) => v), `exactly one ${h}`).toHaveLength(1);
  for (const h of e.missing ?? []) expect(res.header(h), `header ${h} must be absent`).toBeUndefined();
  for (const h of e.present ?? []) expect(res.header(h), `header ${h} present`).toMatch(/\S/);
  if (e.releasedDigest) expect(res.header('content-digest'), 'Content-Digest of the released bytes').toBe(`sha-256=:${createHash('sha256').update(res.body).digest('base64')}:`);
  // PHI must be absent from the body AND from every response header.
  const text = `${res.body.toString('utf8')}\n${res.headers.map(([k, v]) => `${k}: ${v}`).join('\n')}`;
  (e.absent ?? []).forEach((s, i) => {
    if (s) expect(text.includes(s), `response body must not contain PHI value #${i} of the demo record: ${text.slice(0, 400)}`).toBe(false);
  });
  if (e.emptyBody) expect(res.body.byteLength).toBe(0);
  return res;
}
