/**
 * Machine-wide CPU accounting (Linux /proc/stat), to tell how much of a measurement window was
 * taken by processes that are not part of the benchmark (other builds and tests on a shared box).
 * Returns null where /proc/stat is not available; the benchmark then reports no background figure.
 */
import { readFileSync } from 'node:fs';

const TICK_US = 10_000; // USER_HZ is 100 on every Linux that Node supports

/** Busy and total CPU time of the whole machine so far, in microseconds (all cores summed). */
export function machineCpu() {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
    const f = line.trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal = 0] = f;
    const busy = user + nice + system + irq + softirq + steal;
    return { busyUs: busy * TICK_US, totalUs: (busy + idle + iowait) * TICK_US };
  } catch {
    return null;
  }
}
