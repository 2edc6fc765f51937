/**
 * The baseline for the gateway benchmark: the smallest honest reverse proxy on the same stack as
 * the gateway (node:http server + undici Pool, same pool size), with no checks at all. It strips
 * hop-by-hop headers, sets Host, reads the upstream response and writes it back in one piece
 * (like the gateway, which must hold a response to inspect it). Buffering is also the cheapest
 * choice here: for bodies of a few KB, piping undici's body stream into the response costs more
 * CPU per request than one `res.end(buffer)` (measured while writing this: about 35 vs 63 us per
 * /metadata request). Whatever the gateway costs on top of this is the price of its guards.
 */
import { createServer } from 'node:http';
import { Pool } from 'undici';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host']);

export function createBareProxy({ upstreamUrl, connections = 64 }) {
  const origin = new URL(upstreamUrl);
  const pool = new Pool(origin.origin, { connections, pipelining: 1, keepAliveTimeout: 10_000 });
  const server = createServer((req, res) => {
    const headers = [];
    const raw = req.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) if (!HOP_BY_HOP.has(raw[i].toLowerCase())) headers.push(raw[i], raw[i + 1]);
    headers.push('host', origin.host);
    const hasBody = req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
    pool.request({ path: req.url, method: req.method, headers, body: hasBody ? req : undefined }).then(
      async (up) => {
        const chunks = [];
        for await (const c of up.body) chunks.push(c);
        const out = {};
        for (const [k, v] of Object.entries(up.headers)) if (!HOP_BY_HOP.has(k)) out[k] = v;
        res.writeHead(up.statusCode, out);
        res.end(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
      },
      () => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' }).end('{"error":"bad gateway"}');
        else res.destroy();
      },
    ).catch(() => res.destroy());
  });
  server.keepAliveTimeout = 5_000;
  return {
    server,
    listen: (port = 0, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve(`http://${host}:${server.address().port}`));
      }),
    close: async () => {
      await new Promise((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      await pool.close();
    },
  };
}
