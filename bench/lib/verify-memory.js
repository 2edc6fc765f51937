/**
 * Child process of bench/audit.js: verifies one SQLite audit log on one thread and prints, as JSON,
 * the peak growth of the process's anonymous resident memory (Linux RssAnon: heap, SQLite's page
 * cache, buffers; not the file pages SQLite maps read-only) over the level reached once the
 * modules are loaded and the store is open, overall and as it stood at each eighth of the log. Run in a fresh process per log so that one run's
 * allocator state does not hide another's.
 *
 *   node bench/lib/verify-memory.js DIST_URL DB_PATH ORIGIN VERIFIER_KEY
 */
import { readFileSync } from 'node:fs';

const [distUrl, path, origin, verifierKey] = process.argv.slice(2);
const A = await import(new URL('audit/index.js', distUrl).href);

function anonMB() {
  const m = /RssAnon:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : process.memoryUsage().rss / 2 ** 20;
}

const store = await A.openStore(`sqlite:${path}`, { readOnly: true });
const opts = { verifiers: [A.parseVerifierKey(verifierKey)], origin };
globalThis.gc?.();
const base = anonMB();
let peak = base;
let heapPeak = 0;
const sample = () => {
  peak = Math.max(peak, anonMB());
  heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
};
const timer = setInterval(sample, 2);
// Peak growth so far at each eighth of the log: whether memory levels off as the log goes on.
const total = (await store.state()).size;
const series = [];
const res = await A.verifyStore(store, {
  ...opts,
  onProgress: (n) => {
    while (series.length < 8 && n >= ((series.length + 1) * total) / 8) series.push([Math.round(((series.length + 1) * total) / 8), Math.round((peak - base) * 10) / 10]);
  },
});
clearInterval(timer);
sample();
await store.close();
process.stdout.write(`${JSON.stringify({ ok: res.ok, entries: res.entries, baseMB: base, growthMB: peak - base, heapPeakMB: heapPeak / 2 ** 20, series })}\n`);
