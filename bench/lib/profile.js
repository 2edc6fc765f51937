/**
 * Summarizes a V8 .cpuprofile (written by `node --cpu-prof`): top frames by self time, and self
 * time grouped by where the code lives (phiguard's own modules by directory, node internals,
 * each dependency, GC, idle).
 *
 *   node bench/lib/profile.js .bench/prof/gateway-*.cpuprofile [--top 25]
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

function where(url) {
  if (!url) return '(native/vm)';
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + 13).split('/');
    return `dep:${rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  const rel = relative(root, path);
  if (rel.startsWith('dist/')) return `phiguard:${rel.split('/').slice(1, -1).join('/') || '.'}`;
  if (rel.startsWith('bench/')) return 'bench';
  return rel.startsWith('..') ? path : rel;
}

/** A short file name for a frame: dist/x/y.js for phiguard, pkg/path for dependencies. */
function fileOf(url) {
  if (!url) return '(native/vm)';
  if (url.startsWith('node:')) return url;
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) return path.slice(nm + 13);
  const rel = relative(root, path);
  return rel.startsWith('..') ? path : rel;
}

export function summarize(file, top = 25) {
  const prof = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map();
  // timeDeltas[i] is the time between samples i-1 and i; attribute it to sample i.
  for (let i = 0; i < prof.samples.length; i++) {
    const id = prof.samples[i];
    self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0) || 1;
  const frames = new Map();
  const groups = new Map();
  for (const [id, us] of self) {
    const n = byId.get(id);
    const cf = n.callFrame;
    const name = cf.functionName || '(anonymous)';
    const special = name.startsWith('(') && !cf.url ? name : null; // (garbage collector), (idle), (program)
    const loc = special ? '' : `${fileOf(cf.url)}${cf.url ? `:${cf.lineNumber + 1}` : ''}`;
    const key = `${name} ${loc}`;
    frames.set(key, (frames.get(key) ?? 0) + us);
    const g = special ?? where(cf.url);
    groups.set(g, (groups.get(g) ?? 0) + us);
  }
  const pct = (us) => (100 * us) / total;
  const sortDesc = (m) => [...m].sort((a, b) => b[1] - a[1]);
  const idle = groups.get('(idle)') ?? 0;
  return {
    file,
    totalMs: total / 1000,
    busyMs: (total - idle) / 1000,
    frames: sortDesc(frames).slice(0, top).map(([k, us]) => ({ frame: k, selfMs: us / 1000, pct: pct(us), pctBusy: (100 * us) / Math.max(1, total - idle) })),
    groups: sortDesc(groups).map(([k, us]) => ({ group: k, selfMs: us / 1000, pct: pct(us), pctBusy: (100 * us) / Math.max(1, total - idle) })),
  };
}

export function formatSummary(s, topGroups = 15) {
  const lines = [];
  lines.push(`CPU profile ${s.file}`);
  lines.push(`  sampled ${(s.totalMs / 1000).toFixed(1)} s, busy (not idle) ${(s.busyMs / 1000).toFixed(1)} s; percentages are of busy time`);
  lines.push('  self time by origin:');
  for (const g of s.groups.filter((g) => g.group !== '(idle)').slice(0, topGroups)) lines.push(`    ${g.pctBusy.toFixed(1).padStart(5)}%  ${g.group}`);
  lines.push('  top frames (self time):');
  for (const f of s.frames.filter((f) => !f.frame.startsWith('(idle)'))) lines.push(`    ${f.pctBusy.toFixed(1).padStart(5)}%  ${f.frame}`);
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const ti = args.indexOf('--top');
  const top = ti >= 0 ? Number(args.splice(ti, 2)[1]) : 25;
  for (const f of args) process.stdout.write(`${formatSummary(summarize(f, top))}\n\n`);
}
