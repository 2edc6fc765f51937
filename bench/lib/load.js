/**
 * The load generator, in its own process (one per measurement; forked by bench/gateway.js):
 *
 *   node bench/lib/load.js '{"url":"http://127.0.0.1:PORT/metadata","connections":32,"duration":10}'
 *   node bench/lib/load.js '{"url":...,"connections":10,"overallRate":500,"duration":10}'
 *
 * Runs autocannon (programmatic API) and reports over IPC (or prints JSON when run by hand).
 *
 * Latency is recorded here, from autocannon's per-response event, with microsecond resolution:
 * autocannon's own latency histogram has a 1 ms floor, which turns every sub-millisecond loopback
 * latency into 0 or 1. Only 2xx responses are counted as latencies and as throughput; anything
 * else is reported as non2xx / errors and makes the measurement invalid in the summary.
 *
 * Note on "fixed load": autocannon's rate limiter (overallRate) splits the rate across the
 * connections and lets each connection send its per-second quota back to back, then waits for the
 * next second. The offered load averages the requested rate but arrives in bursts at `connections`
 * concurrency, so the latency is the latency under that burst, not under evenly spaced arrivals.
 * The coordinated-omission correction is switched off because with a per-second quota autocannon
 * corrects with a 1 ms expected interval, which invents samples rather than correcting them.
 */
import autocannon from 'autocannon';

const opts = JSON.parse(process.argv[2] ?? '{}');

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

function run() {
  return new Promise((resolve, reject) => {
    let lat = new Float64Array(1 << 16);
    let n = 0;
    let bytes = 0;
    const started = process.hrtime.bigint();
    const inst = autocannon(
      {
        url: opts.url,
        connections: opts.connections ?? 32,
        duration: opts.duration ?? 10,
        ...(opts.overallRate ? { overallRate: opts.overallRate, ignoreCoordinatedOmission: true } : {}),
        pipelining: 1,
        timeout: 10,
        headers: opts.headers ?? {},
        // Bound the request count too: at most `duration` seconds at 100k req/s.
        maxOverallRequests: Math.ceil((opts.duration ?? 10) * (opts.overallRate ?? 100_000)),
      },
      (err, result) => {
        if (err) return reject(err);
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const sorted = lat.subarray(0, n).sort();
        let sum = 0;
        for (let i = 0; i < n; i++) sum += sorted[i];
        resolve({
          url: opts.url,
          connections: opts.connections ?? 32,
          overallRate: opts.overallRate ?? null,
          duration: result.duration,
          wallSeconds: seconds,
          ok: n,
          sent: result.requests.sent,
          reqPerSec: n / result.duration,
          bytesPerReq: n ? bytes / n : 0,
          latencyMs: {
            mean: n ? sum / n : null,
            p50: percentile(sorted, 50),
            p90: percentile(sorted, 90),
            p99: percentile(sorted, 99),
            p999: percentile(sorted, 99.9),
            max: n ? sorted[n - 1] : null,
          },
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          statusCodes: result.statusCodeStats,
          // CPU of this load-generator process over its whole life (start-up included).
          cpuUs: (() => {
            const c = process.cpuUsage();
            return c.user + c.system;
          })(),
        });
      },
    );
    inst.on('response', (_client, status, resBytes, ms) => {
      if (status < 200 || status > 299) return;
      if (n === lat.length) {
        const next = new Float64Array(lat.length * 2);
        next.set(lat);
        lat = next;
      }
      lat[n++] = ms;
      bytes += resBytes;
    });
  });
}

try {
  const result = await run();
  if (process.send) process.send({ type: 'result', result }, () => process.exit(0));
  else {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    process.exit(0);
  }
} catch (err) {
  if (process.send) process.send({ type: 'error', message: String(err?.message ?? err) }, () => process.exit(1));
  else {
    process.stderr.write(`${err?.stack ?? err}\n`);
    process.exit(1);
  }
}
