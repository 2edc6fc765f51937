/**
 * A misbehaving upstream for the "trusts no upstream" suite: a plain net.createServer that reads one
 * request head and answers it with whatever raw bytes the test scripts for that path (garbage status
 * lines, lying framing, resets, hangs, bombs). Plus a raw client that records every byte the gateway
 * sends back, so a test can assert that no planted value reached the client in any form.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** Answers one request on `sock`; `head` is the request head the gateway sent (request line + headers). */
export type Script = (sock: Socket, head: string) => void | Promise<void>;

export interface RawUpstream {
  readonly url: string;
  /** Scripts by request path (query ignored); an unscripted path is answered 404 with a JSON body. */
  on(path: string, script: Script): void;
  /** Request heads received, in order. */
  readonly heads: string[];
  close(): Promise<void>;
}

export async function startRawUpstream(): Promise<RawUpstream> {
  const scripts = new Map<string, Script>();
  const heads: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => undefined);
    let buf = '';
    const onData = (d: Buffer) => {
      buf += d.toString('latin1');
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      sock.off('data', onData);
      const head = buf.slice(0, end);
      heads.push(head);
      const path = (head.split(' ')[1] ?? '/').split('?')[0]!;
      const script = scripts.get(path) ?? ((s: Socket) => void s.end(response(404, { 'content-type': 'application/json' }, '{"message":"not scripted"}')));
      void Promise.resolve(script(sock, head)).catch(() => sock.destroy());
    };
    sock.on('data', onData);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    heads,
    on: (path, script) => void scripts.set(path, script),
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** A complete HTTP/1.1 response as bytes; `content-length` is added unless a framing header is given. */
export function response(status: number, headers: Record<string, string | string[]>, body: string | Buffer = ''): Buffer {
  const b = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const lines = [`HTTP/1.1 ${status} X`];
  const names = Object.keys(headers).map((k) => k.toLowerCase());
  for (const [k, v] of Object.entries(headers)) for (const one of Array.isArray(v) ? v : [v]) lines.push(`${k}: ${one}`);
  if (!names.includes('content-length') && !names.includes('transfer-encoding')) lines.push(`content-length: ${b.length}`);
  lines.push('connection: close');
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), b]);
}

/** One chunk of a chunked body. */
export const chunk = (data: string | Buffer): Buffer => {
  const b = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from('\r\n')]);
};

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Everything a client received for one request, raw and parsed. */
export interface Received {
  /** Every byte, as latin1 text (status line, headers, framing, body, trailers). */
  readonly raw: string;
  readonly status: number;
  readonly headers: Array<[string, string]>;
  /** The de-chunked body as UTF-8. */
  readonly body: string;
  /** The reason code of a phiguard error body, if any. */
  readonly code: string | undefined;
}

/** Sends `GET path` on a fresh connection to the gateway and records every byte until the gateway closes it. */
export function rawGet(base: string, path: string, headers: Record<string, string> = {}): Promise<Received> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const sock = connect(Number(u.port), u.hostname);
    const parts: Buffer[] = [];
    sock.on('data', (d: Buffer) => parts.push(d));
    sock.on('error', reject);
    sock.on('close', () => resolve(parse(Buffer.concat(parts))));
    const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
    sock.write(`GET ${path} HTTP/1.1\r\nhost: ${u.host}\r\n${extra}connection: close\r\n\r\n`);
  });
}

function parse(all: Buffer): Received {
  const raw = all.toString('latin1');
  const end = all.indexOf('\r\n\r\n');
  const headText = end < 0 ? raw : raw.slice(0, end);
  const [statusLine = '', ...lines] = headText.split('\r\n');
  const headers = lines.map((l): [string, string] => [l.slice(0, l.indexOf(':')).trim().toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]);
  let bodyBytes = end < 0 ? Buffer.alloc(0) : all.subarray(end + 4);
  if (headers.some(([k, v]) => k === 'transfer-encoding' && /chunked/i.test(v))) bodyBytes = dechunk(bodyBytes);
  const body = bodyBytes.toString('utf8');
  return { raw, status: Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1] ?? 0), headers, body, code: /"code":"(PG_[A-Z_]+)"/.exec(body)?.[1] };
}

function dechunk(b: Buffer): Buffer {
  const out: Buffer[] = [];
  let i = 0;
  while (i < b.length) {
    const nl = b.indexOf('\r\n', i);
    if (nl < 0) break;
    const size = parseInt(b.subarray(i, nl).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    out.push(b.subarray(nl + 2, nl + 2 + size));
    i = nl + 2 + size + 2;
  }
  return Buffer.concat(out);
}
