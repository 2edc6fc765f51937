/**
 * The cost of one durable write on the disk that holds the audit store: 512-byte appends, each
 * followed by fdatasync (what a SQLite WAL commit with synchronous=FULL waits for). A request on
 * the durable default waits for at least one such commit, so this is the floor of the gateway's
 * added latency at low load with `audit.durability: durable`, whatever the CPU does.
 */
import { closeSync, fdatasyncSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export function fdatasyncMs(dir, n = 100) {
  const file = join(dir, `.fsync-probe-${process.pid}`);
  const fd = openSync(file, 'w');
  const buf = Buffer.alloc(512, 0x61);
  const t = [];
  try {
    for (let i = 0; i < n; i++) {
      const t0 = process.hrtime.bigint();
      writeSync(fd, buf);
      fdatasyncSync(fd);
      t.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  } finally {
    closeSync(fd);
    unlinkSync(file);
  }
  t.sort((a, b) => a - b);
  return { p50: t[Math.floor(n / 2)], p90: t[Math.floor(n * 0.9)], samples: n };
}
