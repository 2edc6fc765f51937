#!/usr/bin/env node
/**
 * `npm run bench` (= `npm run build && node bench/run.js`): runs every benchmark suite that exists,
 * in sequence, each as its own child process, then prints a combined summary and writes
 * .bench/results.json.
 *
 *   node bench/run.js [--only gateway,phi] [--quick]
 *
 * Suites: bench/gateway.js, bench/phi.js, bench/redos.js, bench/audit.js, bench/identity.js (each runnable alone with
 * `node bench/NAME.js`). A missing suite is reported and skipped; a failing or timed-out one is
 * reported and the others still run (the exit code is then 1). `--quick` is passed on to every
 * suite (and BENCH_QUICK=1 set) for a short smoke run. A suite that writes
 * `.bench/NAME.json` (the path is also passed as BENCH_RESULTS_FILE) during its run gets that JSON
 * folded into .bench/results.json; so does a suite whose stdout ends with one JSON line. The tail
 * of every suite's output is kept there too.
 *
 * Benchmarks are not tests: nothing in `npm test` runs them or depends on timing.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, table } from './lib/format.js';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const benchDir = join(root, '.bench');
const SUITES = ['gateway', 'phi', 'redos', 'audit', 'identity'];

const args = process.argv.slice(2);
let only = null;
let quick = false;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--only') only = new Set(String(args[++i] ?? '').split(',').filter(Boolean));
  else if (args[i] === '--quick') quick = true;
  else if (args[i] === '--help' || args[i] === '-h') {
    process.stdout.write('usage: node bench/run.js [--only gateway,phi,audit,identity] [--quick]\n');
    process.exit(0);
  } else {
    process.stderr.write(`bench/run.js: unknown option ${args[i]}\n`);
    process.exit(2);
  }
}
for (const n of only ?? []) if (!SUITES.includes(n)) process.stderr.write(`bench/run.js: unknown suite ${n} (known: ${SUITES.join(', ')})\n`);
const suiteTimeoutMs = Number(process.env.BENCH_SUITE_TIMEOUT ?? 240) * 1000;

mkdirSync(benchDir, { recursive: true });
let current = null;
const killGroup = (child, sig) => {
  try {
    process.kill(-child.pid, sig);
  } catch {
    try {
      child.kill(sig);
    } catch {
      /* gone */
    }
  }
};
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(sig, () => {
    if (current) killGroup(current, 'SIGKILL');
    process.stderr.write(`\nbench/run.js: ${sig}, stopped\n`);
    process.exit(130);
  });
}
process.on('exit', () => {
  if (current) killGroup(current, 'SIGKILL');
});

function runSuite(name) {
  const file = join(root, 'bench', `${name}.js`);
  const resultsFile = join(benchDir, `${name}.json`);
  if (!existsSync(file)) return Promise.resolve({ status: 'missing', seconds: 0 });
  const t0 = Date.now();
  process.stdout.write(`\n=== bench/${name}.js ${'='.repeat(Math.max(0, 60 - name.length))}\n`);
  return new Promise((done) => {
    // Its own process group, so that a timeout also stops whatever the suite started.
    const child = spawn(process.execPath, [file, ...(quick ? ['--quick'] : [])], {
      cwd: root,
      env: { ...process.env, BENCH_RESULTS_FILE: resultsFile, ...(quick ? { BENCH_QUICK: '1' } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    current = child;
    let out = '';
    let stdout = '';
    const keep = (d) => {
      out = (out + d).slice(-16_384);
    };
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      keep(d);
      stdout = (stdout + d).slice(-262_144);
    });
    child.stderr.on('data', (d) => {
      process.stderr.write(d);
      keep(d);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      process.stderr.write(`bench/run.js: bench/${name}.js still running after ${suiteTimeoutMs / 1000} s; stopping it\n`);
      killGroup(child, 'SIGTERM');
      setTimeout(() => killGroup(child, 'SIGKILL'), 3_000).unref();
    }, suiteTimeoutMs);
    const finish = (code, signal, error) => {
      clearTimeout(timer);
      current = null;
      const seconds = (Date.now() - t0) / 1000;
      let results = null;
      try {
        if (existsSync(resultsFile) && statSync(resultsFile).mtimeMs >= t0) results = JSON.parse(readFileSync(resultsFile, 'utf8'));
      } catch {
        results = null;
      }
      // No results file: a suite that ends its stdout with one JSON line has that line taken instead.
      if (!results) {
        const last = stdout.trimEnd().split('\n').pop() ?? '';
        if (last.startsWith('{')) {
          try {
            results = JSON.parse(last);
          } catch {
            results = null;
          }
        }
      }
      const status = error ? 'failed' : timedOut ? 'timeout' : code === 0 ? 'ok' : 'failed';
      const tail = out.split('\n').map((l) => l.trimEnd()).filter(Boolean).slice(-20);
      done({ status, exitCode: code, signal, seconds, ...(error ? { error: String(error.message ?? error) } : {}), results, outputTail: tail });
    };
    child.once('error', (err) => finish(null, null, err));
    child.once('close', (code, signal) => finish(code, signal));
  });
}

function headline(name, r) {
  if (r.status === 'missing') return 'not present (bench/' + name + '.js)';
  if (name === 'gateway' && r.results?.summary) {
    const parts = [];
    for (const [kind, s] of Object.entries(r.results.summary)) {
      const d = s.ratios.gatewayVsDirect;
      const b = s.ratios.gatewayVsBare;
      const g = s.targets.gateway;
      parts.push(
        `${kind}: ${fmt.rps(g.saturation.reqPerSec)} req/s (${fmt.ratio(d.saturationReqPerSec)} of direct, ${fmt.ratio(b.saturationReqPerSec)} of bare), ` +
          `p50 @${r.results.config.fixed.rate}/s ${fmt.ms(g.fixed.p50Ms)} ms, CPU ${fmt.us(g.cpuUsPerReq.proxy)} us/req (bare ${fmt.us(s.targets.bare.cpuUsPerReq.proxy)})`,
      );
    }
    const m = r.results.memory?.gateway;
    if (m) parts.push(`gateway RSS ${fmt.mb(m.idleRss)} MB idle -> ${fmt.mb(m.afterLoadRss)} MB after load (peak ${fmt.mb(m.peakRss)})`);
    if (!r.results.valid) parts.push('INVALID: ' + (r.results.problems.join('; ') || 'non-2xx responses or errors'));
    return parts.join('\n');
  }
  const s = r.results?.headline ?? r.results?.summary;
  if (typeof s === 'string') return s;
  if (Array.isArray(s) && s.every((x) => typeof x === 'string')) return s.join('\n');
  if (r.error) return r.error;
  const clip = (l) => (l.length > 150 ? `${l.slice(0, 149)}…` : l);
  return r.outputTail.filter((l) => !/^\s*[[{]/.test(l)).slice(-3).map(clip).join('\n') || '(no output)';
}

const t0 = Date.now();
const suites = {};
for (const name of SUITES) {
  if (only && !only.has(name)) continue;
  suites[name] = await runSuite(name);
}

const rows = [];
for (const [name, r] of Object.entries(suites)) {
  const lines = headline(name, r).split('\n');
  const status = r.status === 'failed' ? `FAILED (${r.signal ?? `exit ${r.exitCode}`})` : r.status === 'timeout' ? 'TIMEOUT' : r.status;
  rows.push([name, status, r.status === 'missing' ? '-' : r.seconds.toFixed(0), lines[0] ?? '']);
  for (const l of lines.slice(1)) rows.push(['', '', '', l]);
}
const cpu = cpus();
process.stdout.write(`\n=== summary (${((Date.now() - t0) / 1000).toFixed(0)} s, ${cpu.length} cores, node ${process.version}) ${'='.repeat(20)}\n`);
process.stdout.write(`${table(['suite', 'status', 's', 'headline'], rows, ['l', 'l', 'r', 'l'])}\n`);

const combined = {
  date: new Date().toISOString(),
  command: 'npm run bench',
  machine: { cores: cpu.length, cpu: cpu[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${process.platform}-${process.arch}` },
  seconds: (Date.now() - t0) / 1000,
  suites,
};
writeFileSync(join(benchDir, 'results.json'), `${JSON.stringify(combined, null, 2)}\n`);
process.stdout.write(`\nwrote .bench/results.json\n`);
process.exit(Object.values(suites).some((r) => r.status === 'failed' || r.status === 'timeout') ? 1 : 0);
