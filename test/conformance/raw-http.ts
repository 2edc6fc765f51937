/**
 * A minimal HTTP/1.1 client on a raw `net` socket: the request bytes go out exactly as written
 * (fetch/undici would normalise dot segments, backslashes, absolute-form targets, duplicate
 * headers...). Parses one response (content-length, chunked, or until close).
 */
import { connect } from 'node:net';

export interface RawResponse {
  readonly status: number;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: Buffer;
  header(name: string): string | undefined;
  json(): unknown;
}

function parse(buf: Buffer, headOnly: boolean, closed: boolean): RawResponse | undefined {
  return parseOne(buf, headOnly, closed)?.res;
}

/** Parses the first response in `buf`; `used` is how many bytes it took (for pipelined responses). */
function parseOne(buf: Buffer, headOnly: boolean, closed: boolean): { res: RawResponse; used: number } | undefined {
  const end = buf.indexOf('\r\n\r\n');
  if (end === -1) return undefined;
  const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1] ?? NaN);
  const headers = lines.slice(1).map((l) => {
    const i = l.indexOf(':');
    return [l.slice(0, i).trim().toLowerCase(), l.slice(i + 1).trim()] as const;
  });
  const get = (n: string) => headers.find(([k]) => k === n)?.[1];
  const rest = buf.subarray(end + 4);
  let body: Buffer | undefined;
  let used = end + 4;
  if (headOnly || status === 204 || status === 304 || (status >= 100 && status < 200)) body = Buffer.alloc(0);
  else if (get('transfer-encoding')?.toLowerCase() === 'chunked') {
    const parts: Buffer[] = [];
    let off = 0;
    for (;;) {
      const nl = rest.indexOf('\r\n', off);
      if (nl === -1) break;
      const size = parseInt(rest.subarray(off, nl).toString('latin1'), 16);
      if (size === 0) {
        if (rest.length < nl + 4) break;
        body = Buffer.concat(parts);
        used += nl + 4;
        break;
      }
      if (rest.length < nl + 2 + size + 2) break;
      parts.push(rest.subarray(nl + 2, nl + 2 + size));
      off = nl + 2 + size + 2;
    }
  } else if (get('content-length') !== undefined) {
    const n = Number(get('content-length'));
    if (rest.length >= n) {
      body = rest.subarray(0, n);
      used += n;
    }
  } else if (closed) {
    body = rest;
    used += rest.length;
  }
  if (!body) return undefined;
  const b = body;
  return { res: { status, headers, body: b, header: get, json: () => JSON.parse(b.toString('utf8')) }, used };
}

/**
 * Sends several requests back to back on ONE connection (HTTP/1.1 pipelining / keep-alive) and
 * parses `count` responses in order. `headOnly[i]` marks responses to HEAD requests.
 */
export function rawPipeline(port: number, request: string | Buffer, count: number, opts: { headOnly?: boolean[]; timeoutMs?: number } = {}): Promise<RawResponse[]> {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const out: RawResponse[] = [];
    let done = false;
    const sock = connect(port, '127.0.0.1');
    const finish = (err: Error | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err);
      else resolve(out);
    };
    const drain = (closed: boolean) => {
      for (;;) {
        if (out.length === count) return finish(null);
        const r = parseOne(buf, opts.headOnly?.[out.length] ?? false, closed);
        if (!r) return closed ? finish(new Error(`connection closed after ${out.length} of ${count} responses`)) : undefined;
        out.push(r.res);
        buf = buf.subarray(r.used);
      }
    };
    const timer = setTimeout(() => finish(new Error(`only ${out.length} of ${count} responses within ${opts.timeoutMs ?? 5000} ms`)), opts.timeoutMs ?? 5000);
    sock.on('data', (c: Buffer) => {
      buf = Buffer.concat([buf, c]);
      drain(false);
    });
    sock.on('end', () => drain(true));
    sock.on('close', () => drain(true));
    sock.on('error', () => drain(true));
    sock.write(request);
  });
}

export function rawRequest(port: number, request: string | Buffer, opts: { headOnly?: boolean; timeoutMs?: number } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let done = false;
    const sock = connect(port, '127.0.0.1');
    const finish = (err: Error | null, res?: RawResponse) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err);
      else resolve(res!);
    };
    const timer = setTimeout(() => finish(new Error(`no complete response within ${opts.timeoutMs ?? 5000} ms; got: ${Buffer.concat(chunks).toString('latin1').slice(0, 300)}`)), opts.timeoutMs ?? 5000);
    sock.on('data', (c: Buffer) => {
      chunks.push(c);
      const res = parse(Buffer.concat(chunks), opts.headOnly ?? false, false);
      if (res) finish(null, res);
    });
    const onClose = () => {
      const res = parse(Buffer.concat(chunks), opts.headOnly ?? false, true);
      if (res) finish(null, res);
      else finish(new Error(`connection closed without a complete response; got: ${JSON.stringify(Buffer.concat(chunks).toString('latin1').slice(0, 300))}`));
    };
    sock.on('end', onClose);
    sock.on('close', onClose);
    sock.on('error', (e: NodeJS.ErrnoException) => {
      // A server may reset after writing its error response: use what arrived.
      const res = parse(Buffer.concat(chunks), opts.headOnly ?? false, true);
      if (res) finish(null, res);
      else finish(e);
    });
    sock.write(request);
  });
}
