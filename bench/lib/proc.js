/**
 * Child-process plumbing for the benchmarks: every server and every load generator runs in its
 * own process so that none of them shares an event loop with another. All children are tracked
 * and killed when this process exits, is interrupted, or crashes; the server children also exit
 * by themselves when their IPC channel to us closes (see server.js), so nothing outlives a run.
 */
import { fork } from 'node:child_process';

const children = new Set();
let hooked = false;

function hookExit() {
  if (hooked) return;
  hooked = true;
  const killAll = () => {
    for (const c of children) {
      try {
        c.kill('SIGKILL');
      } catch {
        /* already gone */
      }
    }
    children.clear();
  };
  process.on('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(sig, () => {
      process.stderr.write(`\nbench: ${sig}, stopping children\n`);
      killAll();
      process.exit(130);
    });
  }
  process.on('uncaughtException', (err) => {
    process.stderr.write(`bench: ${err?.stack ?? err}\n`);
    killAll();
    process.exit(1);
  });
}

/** Keeps the last `max` characters of a stream (for error messages), without ever blocking it. */
function tail(stream, max = 8192) {
  let buf = '';
  stream?.setEncoding('utf8');
  stream?.on('data', (d) => {
    buf = (buf + d).slice(-max);
  });
  return () => buf;
}

/**
 * Forks `module` with an IPC channel. Returns a handle with `request(msg)` (IPC round trip:
 * the child answers `{ re: id, ... }`), `waitFor(type)`, `stop()` and the stderr tail.
 */
export function spawnChild(module, args = [], { execArgv = [], env = {}, name = module } = {}) {
  hookExit();
  const child = fork(module, args, {
    execArgv,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  children.add(child);
  const stdout = tail(child.stdout);
  const stderr = tail(child.stderr);
  let exited = null;
  const exitPromise = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      children.delete(child);
      resolve(exited);
    }),
  );
  let seq = 0;
  const pending = new Map();
  const waiting = new Map();
  child.on('message', (m) => {
    if (m && m.re !== undefined && pending.has(m.re)) {
      pending.get(m.re).resolve(m);
      pending.delete(m.re);
    } else if (m && m.type && waiting.has(m.type)) {
      waiting.get(m.type).resolve(m);
      waiting.delete(m.type);
    } else if (m && m.type === 'error') {
      const e = new Error(`${name}: ${m.message}`);
      for (const p of waiting.values()) p.reject(e);
      waiting.clear();
    }
  });
  const died = () =>
    new Error(`${name} exited (code ${exited?.code}, signal ${exited?.signal})${stderr() ? `:\n${stderr().trim().split('\n').slice(-15).join('\n')}` : ''}`);
  void exitPromise.then(() => {
    for (const p of [...pending.values(), ...waiting.values()]) p.reject(died());
    pending.clear();
    waiting.clear();
  });
  const withTimeout = (p, ms, what) => {
    let t;
    return Promise.race([p, new Promise((_, rej) => (t = setTimeout(() => rej(new Error(`${name}: no ${what} within ${ms} ms`)), ms)))]).finally(() => clearTimeout(t));
  };
  return {
    child,
    name,
    pid: child.pid,
    stderr,
    stdout,
    exited: () => exited,
    exit: exitPromise,
    /** Resolves with the first message `{ type }` the child sends. */
    waitFor(type, ms = 30_000) {
      if (exited) return Promise.reject(died());
      return withTimeout(new Promise((resolve, reject) => waiting.set(type, { resolve, reject })), ms, `"${type}" message`);
    },
    request(msg, ms = 30_000) {
      if (exited) return Promise.reject(died());
      const id = ++seq;
      const p = new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
      child.send({ ...msg, id });
      return withTimeout(p, ms, `answer to ${msg.type}`);
    },
    /** Asks the child to close and exit (so --cpu-prof can write its profile); kills it if it does not. */
    async stop(ms = 10_000) {
      if (exited) return exited;
      try {
        child.send({ type: 'stop' });
      } catch {
        /* channel closed */
      }
      const t = setTimeout(() => child.kill('SIGKILL'), ms);
      const r = await exitPromise;
      clearTimeout(t);
      return r;
    },
  };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
