/**
 * Renders a gateway result file as Markdown tables (for docs/benchmarks.md):
 *
 *   node bench/lib/markdown.js [.bench/gateway.json]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fmt } from './format.js';

const LABEL = { direct: 'direct', bare: 'bare proxy', gateway: 'gateway' };
const bg = (v) => (v === null || v === undefined ? '-' : `${Math.round(100 * v)}`);

export function markdown(r) {
  const out = [];
  const row = (cells) => `| ${cells.join(' | ')} |`;
  out.push(`Run ${r.date}, \`${r.command}\`${r.tree ? `, tree ${r.tree.commit}${r.tree.modifiedTrackedFiles ? ` + ${r.tree.modifiedTrackedFiles} modified files` : ''}` : ''}; ${r.machine.cores} cores (${r.machine.cpu}), ${r.machine.memoryGiB} GiB, ${r.machine.platform}, node ${r.machine.node}; ${r.config.loadGenerator}.`);
  out.push(`Fixed load: ${r.config.fixed.rate} req/s over ${r.config.fixed.connections} connections; saturation: ${r.config.saturation.connections} connections; ${r.config.rounds} rounds of ${r.config.fixed.seconds} s, quietest round shown.`);
  for (const [kind, s] of Object.entries(r.summary)) {
    out.push('');
    out.push(kind === 'patient' ? `**GET ${s.path.replace(/[0-9a-f-]{36}$/, '{id}')}** (FHIR Patient, ${r.upstream.patientBytes} B from the upstream, PHI-redacted by the gateway)` : `**GET ${s.path}** (small JSON)`);
    out.push('');
    out.push(row(['', 'p50 ms @fixed', 'p99 ms @fixed', 'req/s @saturation', 'p50 ms @sat.', 'p99 ms @sat.', 'proxy CPU µs/req', 'upstream CPU µs/req', 'bg CPU % (fixed/sat.)']));
    out.push(row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']));
    for (const t of ['direct', 'bare', 'gateway']) {
      const x = s.targets[t];
      out.push(row([LABEL[t] + (x.valid ? '' : ' (invalid)'), fmt.ms(x.fixed.p50Ms), fmt.ms(x.fixed.p99Ms), fmt.rps(x.saturation.reqPerSec), fmt.ms(x.saturation.p50Ms), fmt.ms(x.saturation.p99Ms), t === 'direct' ? '-' : fmt.us(x.cpuUsPerReq.proxy), fmt.us(x.cpuUsPerReq.upstream), `${bg(x.fixed.backgroundCpu)}/${bg(x.saturation.backgroundCpu)}`]));
    }
    for (const [name, label] of [['gatewayVsDirect', 'gateway / direct'], ['gatewayVsBare', 'gateway / bare proxy']]) {
      const q = s.ratios[name];
      out.push(row([`*${label}*`, fmt.ratio(q.fixedP50), fmt.ratio(q.fixedP99), fmt.ratio(q.saturationReqPerSec), fmt.ratio(q.saturationP50), fmt.ratio(q.saturationP99), '', '', '']));
    }
  }
  out.push('');
  out.push('Memory of each server process (MB):');
  out.push('');
  out.push(row(['', 'requests served', 'RSS idle', 'RSS after load', 'RSS peak', 'RSS after GC', 'heap idle', 'heap after load', 'heap after GC']));
  out.push(row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']));
  for (const [k, m] of Object.entries(r.memory)) {
    out.push(row([k === 'bare' ? 'bare proxy' : k, fmt.rps(m.requestsServed), fmt.mb(m.idleRss), fmt.mb(m.afterLoadRss), fmt.mb(m.peakRss), fmt.mb(m.afterGcRss), fmt.mb(m.idleHeapUsed), fmt.mb(m.afterLoadHeapUsed), fmt.mb(m.afterGcHeapUsed)]));
  }
  return out.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const file = process.argv[2] ?? fileURLToPath(new URL('../../.bench/gateway.json', import.meta.url));
  process.stdout.write(`${markdown(JSON.parse(readFileSync(file, 'utf8')))}\n`);
}
