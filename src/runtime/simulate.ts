/**
 * In-memory requests through the full pipeline, no sockets: for tests (and the policy tests and
 * traffic replay planned in docs/architecture.md, "Where later capabilities plug in").
 *
 *   const { status, json } = await simulate(guard, { method: 'GET', target: '/Patient/1', headers: { authorization } },
 *     () => ({ status: 200, headers: [['content-type', 'application/json']], body: '{"resourceType":"Patient"}' }));
 */
import type { GuardContext } from '../core/context.js';
import type { GuardRequest, GuardResponse } from '../core/types.js';
import type { CompiledRoute } from '../policy/types.js';
import type { Phiguard } from './index.js';

export interface SimulatedRequest {
  readonly method?: string;
  readonly target: string;
  readonly headers?: Readonly<Record<string, string>> | ReadonlyArray<readonly [string, string]>;
  readonly body?: string | Uint8Array;
  readonly remoteAddress?: string;
  /** Transport facts (a verified client certificate for mTLS identities). */
  readonly tls?: GuardRequest['tls'];
}

export type SimulatedUpstream = (ctx: GuardContext<CompiledRoute>) =>
  | { status: number; headers?: Array<[string, string]>; body?: string | Uint8Array | null }
  | Promise<{ status: number; headers?: Array<[string, string]>; body?: string | Uint8Array | null }>;

export interface SimulatedResult {
  readonly status: number;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly text: string;
  /** Parsed body when it is JSON, else undefined. */
  readonly json: unknown;
  /** The reason code of a denial (`PG_*`), or undefined when allowed. */
  readonly code: string | undefined;
  readonly ctx: GuardContext<CompiledRoute>;
  /** Whether the upstream/handler was called. */
  readonly forwarded: boolean;
  header(name: string): string | undefined;
}

export async function simulate(guard: Phiguard, req: SimulatedRequest, upstream: SimulatedUpstream): Promise<SimulatedResult> {
  const headers: Array<[string, string]> = Array.isArray(req.headers)
    ? (req.headers as Array<[string, string]>).map(([k, v]) => [k.toLowerCase(), v])
    : Object.entries((req.headers as Record<string, string> | undefined) ?? {}).map(([k, v]) => [k.toLowerCase(), v]);
  if (!headers.some(([k]) => k === 'host')) headers.unshift(['host', 'phiguard.test']);
  const body = req.body === undefined ? null : typeof req.body === 'string' ? Buffer.from(req.body) : req.body;
  if (body && !headers.some(([k]) => k === 'content-length')) headers.push(['content-length', String(body.byteLength)]);
  let forwarded = false;
  const { ctx, response } = await guard.handle(
    { method: req.method ?? 'GET', target: req.target, headers, body, remoteAddress: req.remoteAddress ?? '127.0.0.1', ...(req.tls ? { tls: req.tls } : {}) },
    async (c) => {
      forwarded = true;
      const r = await upstream(c);
      const b = r.body === undefined || r.body === null ? null : typeof r.body === 'string' ? Buffer.from(r.body) : r.body;
      return { status: r.status, headers: r.headers ?? [], body: b } satisfies GuardResponse;
    },
  );
  const text = response.body ? Buffer.from(response.body).toString('utf8') : '';
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return {
    status: response.status,
    headers: response.headers,
    text,
    json,
    code: ctx.outcome?.code,
    ctx,
    forwarded,
    header: (name) => response.headers.find(([k]) => k === name.toLowerCase())?.[1],
  };
}
