/** Sinks against real local receivers: signed webhook, Slack, syslog over UDP, TCP and TLS; drops and hangs. */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { slackSink, stdoutSink, syslogSink, webhookSink, type Alert } from '../../src/alerts/index.js';
import { createPki } from '../helpers/tls.js';

const alert: Alert = { kind: 'break-glass', severity: 'high', code: 'PG_BREAK_GLASS_GRANTED', rule: 'break-glass', requestId: 'req-1', route: 'read-patient', time: '2026-12-07T08:00:00.000Z' };
const closers: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

function receiver(handler?: (req: IncomingMessage, body: string) => number | 'hang'): Promise<{ url: string; next: () => Promise<{ req: IncomingMessage; body: string }> }> {
  const waiting: Array<(v: { req: IncomingMessage; body: string }) => void> = [];
  const got: Array<{ req: IncomingMessage; body: string }> = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const s = handler?.(req, body) ?? 204;
      if (s === 'hang') return; // never answers
      res.writeHead(s).end();
      if (s >= 300) return; // only deliveries the receiver accepted are handed to the test
      const w = waiting.shift();
      if (w) w({ req, body });
      else got.push({ req, body });
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    closers.push(() => new Promise((r) => { server.closeAllConnections(); server.close(r); }));
    resolve({
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
      next: () => (got.length ? Promise.resolve(got.shift()!) : new Promise((r) => waiting.push(r))),
    });
  }));
}

/** The verification snippet of docs/alerts.md. */
function verify(secret: string, header: string, body: string, nowSec: number, toleranceSec = 300): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!m || Math.abs(nowSec - Number(m[1])) > toleranceSec) return false;
  const expected = createHmac('sha256', secret).update(`${m[1]}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(m[2]!, 'hex'));
}

/** Parses an RFC 5424 line: PRI, VERSION, TIMESTAMP, HOSTNAME, APP-NAME, PROCID, MSGID, SD, MSG. */
function parse5424(line: string) {
  const m = /^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) (\[[^\]]*(?:\\\][^\]]*)*\]|-) (.*)$/s.exec(line);
  if (!m) throw new Error('not RFC 5424');
  return { pri: Number(m[1]), time: m[2], host: m[3], app: m[4], procid: m[5], msgid: m[6], sd: m[7]!, msg: JSON.parse(m[8]!) as Alert };
}

/** Reads octet-counted frames (RFC 6587) from a stream. */
function frames(sock: Socket | import('node:tls').TLSSocket, onFrame: (f: string) => void): void {
  let buf = Buffer.alloc(0);
  sock.on('data', (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    for (;;) {
      const sp = buf.indexOf(0x20);
      if (sp < 0) return;
      const len = Number(buf.subarray(0, sp).toString('ascii'));
      if (buf.length < sp + 1 + len) return;
      onFrame(buf.subarray(sp + 1, sp + 1 + len).toString('utf8'));
      buf = buf.subarray(sp + 1 + len);
    }
  });
}

describe('webhook sink', () => {
  it('delivers a signed alert that verifies with the documented snippet', async () => {
    const r = await receiver();
    const sink = webhookSink({ url: r.url, timeoutMs: 2000, minSeverity: 'low', secret: 'test-secret-0123456789' });
    closers.push(() => sink.close());
    sink.send(alert);
    const { req, body } = await r.next();
    expect(JSON.parse(body)).toEqual(alert);
    const sig = String(req.headers['phiguard-signature']);
    // The receiver's clock is the signed timestamp itself (no wall-clock dependence in the test).
    const t = Number(/t=(\d+)/.exec(sig)?.[1]);
    expect(Number.isInteger(t)).toBe(true);
    expect(verify('test-secret-0123456789', sig, body, t)).toBe(true);
    expect(verify('wrong-secret', sig, body, t)).toBe(false);
    expect(verify('test-secret-0123456789', sig, body.replace('req-1', 'req-2'), t)).toBe(false);
  });

  it('retries a failing receiver with backoff and then delivers', async () => {
    let calls = 0;
    const r = await receiver(() => (++calls < 3 ? 503 : 204));
    const failed: string[] = [];
    const delivered: string[] = [];
    let ok!: () => void;
    const wasDelivered = new Promise<void>((res) => (ok = res));
    const sink = webhookSink({ url: r.url, timeoutMs: 2000, minSeverity: 'low', baseDelayMs: 5, events: { failed: (s) => failed.push(s), delivered: (s) => { delivered.push(s); ok(); } } });
    closers.push(() => sink.close());
    sink.send(alert);
    await r.next();
    await wasDelivered;
    expect(calls).toBe(3);
    expect(failed).toEqual(['webhook', 'webhook']);
    expect(delivered).toEqual(['webhook']);
  });

  it('a hanging receiver never blocks send; a full queue drops the oldest and counts it', async () => {
    const r = await receiver(() => 'hang');
    const dropped: string[] = [];
    const sink = webhookSink({ url: r.url, timeoutMs: 60_000, minSeverity: 'low', maxQueue: 3, retries: 0, events: { dropped: (_s, reason) => dropped.push(reason) } });
    for (let i = 0; i < 10; i++) sink.send({ ...alert, requestId: `r${i}` }); // returns at once each time
    // one in flight (hanging), 3 queued, 6 dropped
    expect(dropped).toEqual(Array(6).fill('queue_full'));
    await sink.close(); // gives up after its grace period; what is left counts as dropped
    expect(dropped.length).toBeGreaterThanOrEqual(9);
  });

  it('skips alerts below its minimum severity', async () => {
    const r = await receiver();
    const sink = webhookSink({ url: r.url, timeoutMs: 2000, minSeverity: 'critical' });
    closers.push(() => sink.close());
    sink.send(alert);
    sink.send({ ...alert, severity: 'critical', code: 'PG_AUDIT_TAMPERED' });
    expect(JSON.parse((await r.next()).body).code).toBe('PG_AUDIT_TAMPERED');
  });
});

describe('slack and stdout sinks', () => {
  it('posts a Slack-compatible text payload without values', async () => {
    const r = await receiver();
    const sink = slackSink({ url: r.url, timeoutMs: 2000, minSeverity: 'low' });
    closers.push(() => sink.close());
    sink.send(alert);
    const body = JSON.parse((await r.next()).body) as { text: string };
    expect(Object.keys(body)).toEqual(['text']);
    expect(body.text).toBe('[HIGH] phiguard break-glass: PG_BREAK_GLASS_GRANTED (route read-patient, request req-1)');
  });
  it('writes one JSON line per alert', () => {
    const lines: string[] = [];
    stdoutSink('medium', (l) => lines.push(l)).send(alert);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({ event: 'alert', ...alert });
  });
});

describe('syslog sink (RFC 5424)', () => {
  const cfg = { host: '127.0.0.1', facility: 10, appName: 'phiguard', minSeverity: 'low' as const };

  it('UDP: one RFC 5424 datagram', async () => {
    const sock = createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', r));
    closers.push(() => sock.close());
    const got = new Promise<string>((r) => sock.once('message', (m) => r(m.toString('utf8'))));
    const sink = syslogSink({ ...cfg, transport: 'udp', port: (sock.address() as AddressInfo).port });
    closers.push(() => sink.close());
    sink.send(alert);
    const p = parse5424(await got);
    expect(p.pri).toBe(10 * 8 + 3); // authpriv.err
    expect(p).toMatchObject({ time: alert.time, app: 'phiguard', procid: String(process.pid), msgid: 'break-glass' });
    expect(p.sd).toBe('[phiguard@32473 code="PG_BREAK_GLASS_GRANTED" severity="high" rule="break-glass" requestId="req-1" route="read-patient"]');
    expect(p.msg).toEqual(alert);
  });

  it('TCP: octet-counted frames (RFC 6587), connection reused', async () => {
    const lines: string[] = [];
    let connections = 0;
    let two!: () => void;
    const done = new Promise<void>((r) => (two = r));
    const server = createTcpServer((s) => {
      connections++;
      frames(s, (f) => { lines.push(f); if (lines.length === 2) two(); });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise((r) => server.close(r)));
    const sink = syslogSink({ ...cfg, transport: 'tcp', port: (server.address() as AddressInfo).port });
    closers.push(() => sink.close());
    sink.send(alert);
    sink.send({ ...alert, severity: 'critical', kind: 'audit', code: 'PG_AUDIT_TAMPERED', detail: 'a "quoted" ] detail' });
    await done;
    expect(connections).toBe(1);
    expect(parse5424(lines[0]!).msg).toEqual(alert);
    const second = parse5424(lines[1]!);
    expect(second.pri).toBe(10 * 8 + 2);
    expect(second.msg.detail).toBe('a "quoted" ] detail');
  });

  it('TLS (RFC 5425): verifies the collector against the configured CA', async () => {
    const pki = createPki('phiguard-syslog-');
    pki.ca('ca');
    pki.leaf('collector', 'ca', 'IP:127.0.0.1');
    const lines: string[] = [];
    let got!: () => void;
    const one = new Promise<void>((r) => (got = r));
    const server = createTlsServer({ cert: pki.read('collector.crt'), key: pki.read('collector.key') }, (s) => frames(s, (f) => { lines.push(f); got(); }));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise((r) => server.close(r)));
    const port = (server.address() as AddressInfo).port;
    const sink = syslogSink({ ...cfg, transport: 'tls', port, ca: pki.read('ca.crt').toString('utf8') });
    closers.push(() => sink.close());
    sink.send(alert);
    await one;
    expect(parse5424(lines[0]!).msg).toEqual(alert);

    // Without the CA the collector is not trusted: nothing is delivered, the failure is counted.
    const failed: string[] = [];
    const dropped: string[] = [];
    const untrusted = syslogSink({ ...cfg, transport: 'tls', port }, { retries: 0, events: { failed: (s) => failed.push(s), dropped: (s) => dropped.push(s) } });
    untrusted.send(alert);
    await untrusted.close();
    expect(failed).toEqual(['syslog-tls']);
    expect(dropped).toEqual(['syslog-tls']);
    expect(lines).toHaveLength(1);
  });
});
