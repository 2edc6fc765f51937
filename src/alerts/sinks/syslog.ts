/**
 * Syslog (RFC 5424) over UDP (RFC 5426, one message per datagram), TCP with octet-counting framing
 * (RFC 6587 3.4.1: `<length> <message>`) and TLS (RFC 5425, the same framing; the collector's
 * certificate is verified against `ca` or the system CAs). Stream connections are opened on demand,
 * kept, and reopened after an error; every write is bounded by `timeoutMs`.
 */
import { createSocket } from 'node:dgram';
import { hostname } from 'node:os';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { SyslogConfig } from '../policy.js';
import type { Alert, AlertSink, Severity, SinkEvents } from '../types.js';
import { queuedSink } from './queue.js';

const SYSLOG_SEVERITY: Record<Severity, number> = { critical: 2, high: 3, medium: 4, low: 5 };
/** Private enterprise number used for the structured-data id (example range, RFC 5612). */
export const SD_ID = 'phiguard@32473';

const sdEscape = (v: string) => v.replace(/[\\"\]]/g, (c) => `\\${c}`);
const token = (v: string | undefined, max: number) => (v ? v.replace(/[^!-~]/g, '_').slice(0, max) : '-');

/** One RFC 5424 message (no framing). MSG is the alert as JSON. */
export function formatSyslog(a: Alert, o: { readonly facility: number; readonly appName: string; readonly host?: string }): string {
  const pri = o.facility * 8 + SYSLOG_SEVERITY[a.severity];
  const all: Array<[string, string | undefined]> = [['code', a.code], ['severity', a.severity], ['rule', a.rule], ['requestId', a.requestId], ['route', a.route], ['count', a.count?.toString()]];
  const params = all
    .filter((p): p is [string, string] => p[1] !== undefined)
    .map(([k, v]) => `${k}="${sdEscape(v)}"`)
    .join(' ');
  return `<${pri}>1 ${a.time} ${token(o.host ?? hostname(), 255)} ${token(o.appName, 48)} ${process.pid} ${token(a.kind, 32)} [${SD_ID} ${params}] ${JSON.stringify(a)}`;
}

/** Octet-counting frame: `<byte length> <message>`. */
export const octetFrame = (msg: string): Buffer => {
  const body = Buffer.from(msg, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length} `, 'ascii'), body]);
};

export interface SyslogSinkOptions {
  readonly timeoutMs?: number;
  readonly maxQueue?: number;
  readonly retries?: number;
  readonly baseDelayMs?: number;
  readonly events?: Partial<SinkEvents>;
}

function streamWriter(cfg: SyslogConfig, timeoutMs: number) {
  let sock: Socket | undefined;
  const open = () => new Promise<Socket>((resolve, reject) => {
    const s = cfg.transport === 'tls'
      ? tlsConnect({ host: cfg.host, port: cfg.port, ...(/^[\d.:]+$/.test(cfg.host) ? {} : { servername: cfg.host }), ...(cfg.ca ? { ca: cfg.ca } : {}), minVersion: 'TLSv1.2' })
      : netConnect({ host: cfg.host, port: cfg.port });
    const t = setTimeout(() => { s.destroy(); reject(new Error('syslog connect timeout')); }, timeoutMs);
    s.once(cfg.transport === 'tls' ? 'secureConnect' : 'connect', () => { clearTimeout(t); resolve(s); });
    s.once('error', (e) => { clearTimeout(t); reject(e); });
    s.on('error', () => { if (sock === s) sock = undefined; });
    s.on('close', () => { if (sock === s) sock = undefined; });
  });
  return {
    async write(frame: Buffer) {
      sock ??= await open();
      const s = sock;
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => { s.destroy(); reject(new Error('syslog write timeout')); }, timeoutMs);
        s.write(frame, (err) => { clearTimeout(t); if (err) reject(err); else resolve(); });
      });
    },
    close: () => { sock?.end(); sock = undefined; },
  };
}

export function syslogSink(cfg: SyslogConfig, o: SyslogSinkOptions = {}): AlertSink {
  const timeoutMs = o.timeoutMs ?? 2000;
  let deliver: (a: Alert) => Promise<void>;
  let close: () => void;
  if (cfg.transport === 'udp') {
    const sock = createSocket(cfg.host.includes(':') ? 'udp6' : 'udp4');
    sock.unref();
    sock.on('error', () => undefined);
    deliver = (a) => new Promise<void>((resolve, reject) => sock.send(formatSyslog(a, cfg), cfg.port, cfg.host, (err) => (err ? reject(err) : resolve())));
    close = () => sock.close();
  } else {
    const w = streamWriter(cfg, timeoutMs);
    deliver = (a) => w.write(octetFrame(formatSyslog(a, cfg)));
    close = w.close;
  }
  return queuedSink({
    name: `syslog-${cfg.transport}`,
    minSeverity: cfg.minSeverity,
    deliver,
    onClose: close,
    ...(o.maxQueue ? { maxQueue: o.maxQueue } : {}),
    ...(o.retries !== undefined ? { retries: o.retries } : {}),
    ...(o.baseDelayMs !== undefined ? { baseDelayMs: o.baseDelayMs } : {}),
    ...(o.events ? { events: o.events } : {}),
  });
}
