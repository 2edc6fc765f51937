/**
 * Start-up and shutdown of the long-running commands (`proxy`, `demo`).
 *
 * - A start-up failure prints one line that says what to do, closes whatever was already opened
 *   (audit log, worker threads, sockets) within a second, and exits 1: nothing keeps the process
 *   alive after a failed start.
 * - SIGINT/SIGTERM: stop accepting, finish in-flight requests, close the audit log; exit 0. A close
 *   that fails (e.g. the audit store became unwritable) is reported in one line and exits 3, never
 *   with a stack trace. A second signal exits 130 at once.
 */
import { PolicyError, formatDiagnostic } from '../policy/index.js';

export const EXIT = Object.freeze({ ok: 0, startFailed: 1, shutdownIncomplete: 3, interrupted: 130 });

type Closer = () => Promise<void> | void;

export interface ServiceScope {
  /** Registers something to close on failure or shutdown (closed in reverse order). */
  onClose(fn: Closer): void;
}

/** One line for a start-up error: what failed and what to do about it. Never a stack trace. */
export function describeStartError(err: unknown): string {
  const e = err as NodeJS.ErrnoException & { address?: string; port?: number };
  const where = e.address !== undefined ? `${e.address.includes(':') ? `[${e.address}]` : e.address}:${e.port ?? ''}` : 'the address';
  if (e?.syscall === 'listen' || e?.syscall === 'bind') {
    if (e.code === 'EADDRINUSE') return `cannot listen on ${where}: the address is already in use. Stop the process that holds it, or choose another with --listen HOST:PORT.`;
    if (e.code === 'EACCES') return `cannot listen on ${where}: permission denied (ports below 1024 need privileges). Use --listen with a port of 1024 or more.`;
    if (e.code === 'EADDRNOTAVAIL') return `cannot listen on ${where}: no such address on this machine. Use --listen with a local address (e.g. 127.0.0.1 or 0.0.0.0).`;
  }
  if (e?.code === 'ENOENT' && typeof e.path === 'string') return `cannot read ${e.path}: file not found.`;
  if (e?.code === 'EACCES' && typeof e.path === 'string') return `cannot read ${e.path}: permission denied.`;
  // Our own errors carry a code and an operator detail (codes, counts; never data).
  const pg = err as { code?: unknown; detail?: unknown };
  if (typeof pg?.code === 'string' && pg.code.startsWith('PG_')) return `${pg.code}${typeof pg.detail === 'string' ? ` (${pg.detail})` : ''}`;
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/^phiguard:\s*/, '');
}

async function closeAll(closers: Closer[], budgetMs: number): Promise<Error | undefined> {
  let failure: Error | undefined;
  let timer: NodeJS.Timeout | undefined;
  const run = (async () => {
    for (const c of [...closers].reverse()) {
      try {
        await c();
      } catch (err) {
        failure ??= err instanceof Error ? err : new Error(String(err));
      }
    }
  })();
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      failure ??= new Error(`shutdown did not finish within ${budgetMs} ms`);
      resolve();
    }, budgetMs);
    timer.unref();
  });
  await Promise.race([run, deadline]);
  clearTimeout(timer);
  return failure;
}

export interface ServiceOptions {
  /** How long a graceful shutdown may take (in-flight requests, audit flush). */
  readonly shutdownMs?: number;
  readonly write?: (line: string) => void;
  readonly exit?: (code: number) => void;
}

/**
 * Runs `start`; on failure reports, cleans up within a second and exits 1. On success the
 * service runs until SIGINT/SIGTERM, then shuts down as described above.
 */
export async function runService(start: (scope: ServiceScope) => Promise<void>, opts: ServiceOptions = {}): Promise<void> {
  const write = opts.write ?? ((l: string) => void process.stderr.write(l));
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const closers: Closer[] = [];
  const scope: ServiceScope = { onClose: (fn) => void closers.push(fn) };
  try {
    await start(scope);
  } catch (err) {
    if (err instanceof PolicyError) for (const d of err.diagnostics) write(`${formatDiagnostic(d)}\n`);
    else write(`phiguard: ${describeStartError(err)}\n`);
    await closeAll(closers, 1000);
    exit(EXIT.startFailed);
    return;
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      write(`phiguard: ${signal} again: exiting without finishing the shutdown\n`);
      exit(EXIT.interrupted);
      return;
    }
    stopping = true;
    write('phiguard: shutting down (finishing in-flight requests, closing the audit log)\n');
    void closeAll(closers, opts.shutdownMs ?? 15_000).then((failure) => {
      if (!failure) return exit(EXIT.ok);
      write(`phiguard: shutdown incomplete: ${describeStartError(failure)} (the audit log keeps every committed record; run \`phiguard audit verify\` once the store is back)\n`);
      exit(EXIT.shutdownIncomplete);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
