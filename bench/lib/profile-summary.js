/**
 * Aggregates a V8 .cpuprofile (from `node bench/gateway.js --profile`, or `node --cpu-prof`) three ways:
 *
 *   by pipeline stage  every sample is charged to the outermost guards/<stage> frame on its stack (the
 *                stage hook running, with the PHI engine, audit log, crypto and natives it calls);
 *                samples outside any guard fall back to the module rule below.
 *   by module    every sample is charged to the nearest phiguard module on its stack (dist/<dir>/...),
 *                so native work (a socket write, a hash, a postMessage) and node/dependency code count
 *                against the phiguard code that called it; samples with no phiguard frame on the stack
 *                are charged to their own origin (node:http, undici, GC, ...).
 *   by file      self time per source file;
 *   by function  self time per function (name file:line).
 *
 *   node bench/lib/profile-summary.js FILE.cpuprofile [--top 25] [--json]
 *
 * Percentages are of busy (non-idle) time; `µs/req` divides by --requests N when given (the number
 * of requests the profiled process served while the profiler ran).
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

function pathOf(url) {
  if (!url) return '';
  return url.startsWith('file://') ? fileURLToPath(url) : url;
}

/** `dist/guards/audit/index.js` -> `guards/audit`; undefined for code that is not phiguard's. */
export function phiguardModule(url) {
  const p = pathOf(url);
  if (!p || p.includes('node_modules/')) return undefined;
  const rel = relative(root, p);
  if (!rel.startsWith('dist/') && !rel.startsWith('src/')) return undefined;
  const parts = rel.split('/').slice(1, -1);
  if (parts.length === 0) return '.';
  // guards/<stage>, adapters/<shape>, phi/<sub>, audit/stores: two levels; everything else one.
  return ['guards', 'adapters', 'phi', 'audit'].includes(parts[0]) && parts.length > 1 ? parts.slice(0, 2).join('/') : parts[0];
}

function origin(cf) {
  const name = cf.functionName || '(anonymous)';
  if (!cf.url) return name.startsWith('(') ? name : '(native)';
  if (cf.url.startsWith('node:')) return `node:${cf.url.slice(5).split('/')[0]}`;
  const p = pathOf(cf.url);
  const nm = p.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = p.slice(nm + 13).split('/');
    return `dep:${rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  return phiguardModule(cf.url) ? `phiguard:${phiguardModule(cf.url)}` : relative(root, p);
}

function fileOf(cf) {
  if (!cf.url) return '(native)';
  if (cf.url.startsWith('node:')) return cf.url;
  const p = pathOf(cf.url);
  const nm = p.lastIndexOf('node_modules/');
  if (nm >= 0) return p.slice(nm + 13);
  const rel = relative(root, p);
  return rel.startsWith('..') ? p : rel;
}

export function summarizeProfile(file, { top = 25, requests } = {}) {
  const prof = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // The stage a node is charged to: its own phiguard module, else its nearest phiguard ancestor's.
  const stageOf = new Map();
  const resolveStage = (id) => {
    if (stageOf.has(id)) return stageOf.get(id);
    const n = byId.get(id);
    const own = phiguardModule(n.callFrame.url);
    let s = own ? `phiguard:${own}` : undefined;
    if (!s) {
      const p = parent.get(id);
      s = p === undefined ? undefined : resolveStage(p);
    }
    stageOf.set(id, s);
    return s;
  };
  // Resolve bottom-up without deep recursion: visit nodes in id order after their parents.
  const order = [];
  const stack = [prof.nodes[0].id];
  while (stack.length) {
    const id = stack.pop();
    order.push(id);
    for (const c of byId.get(id).children ?? []) stack.push(c);
  }
  for (const id of order) resolveStage(id);
  // The pipeline stage a node runs under: the outermost guards/<stage> frame on its stack (so the PHI
  // engine, the audit log and their native calls count against inspect-response and audit), else the
  // stage above.
  const pipeOf = new Map();
  for (const id of order) {
    const n = byId.get(id);
    const p = parent.get(id);
    const up = p === undefined ? undefined : pipeOf.get(p);
    const own = phiguardModule(n.callFrame.url);
    pipeOf.set(id, up?.startsWith('phiguard:guards/') ? up : own?.startsWith('guards/') ? `phiguard:${own}` : stageOf.get(id));
  }

  const self = new Map();
  for (let i = 0; i < prof.samples.length; i++) self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + (prof.timeDeltas[i] ?? 0));
  const total = [...self.values()].reduce((a, b) => a + b, 0) || 1;
  const stages = new Map();
  const pipe = new Map();
  const files = new Map();
  const fns = new Map();
  let idle = 0;
  const add = (m, k, v) => m.set(k, (m.get(k) ?? 0) + v);
  for (const [id, us] of self) {
    const cf = byId.get(id).callFrame;
    const name = cf.functionName || '(anonymous)';
    if (name === '(idle)') {
      idle += us;
      continue;
    }
    add(stages, stageOf.get(id) ?? origin(cf), us);
    add(pipe, pipeOf.get(id) ?? origin(cf), us);
    add(files, fileOf(cf), us);
    add(fns, `${name} ${fileOf(cf)}${cf.url ? `:${cf.lineNumber + 1}` : ''}`, us);
  }
  const busy = Math.max(1, total - idle);
  const rows = (m, n) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([key, us]) => ({ key, ms: us / 1000, pct: (100 * us) / busy, ...(requests ? { usPerReq: us / requests } : {}) }));
  return { file, sampledMs: total / 1000, busyMs: busy / 1000, requests: requests ?? null, byPipelineStage: rows(pipe, 30), byStage: rows(stages, 40), byFile: rows(files, top), byFunction: rows(fns, top) };
}

export function formatProfileSummary(s) {
  const out = [`CPU profile ${s.file}: sampled ${(s.sampledMs / 1000).toFixed(1)} s, busy ${(s.busyMs / 1000).toFixed(2)} s${s.requests ? `, ${s.requests} requests` : ''}; % of busy time`];
  const section = (title, rows) => {
    out.push(title);
    for (const r of rows) out.push(`  ${r.pct.toFixed(1).padStart(5)}%${r.usPerReq !== undefined ? ` ${r.usPerReq.toFixed(1).padStart(7)} µs/req` : ''}  ${r.key}`);
  };
  section('by pipeline stage (everything under a guard\'s hook, incl. the libraries it calls, charged to that guard):', s.byPipelineStage);
  section('by module (native and library time charged to the nearest phiguard caller):', s.byStage);
  section('by file (self time):', s.byFile);
  section('by function (self time):', s.byFunction);
  return out.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const opt = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args.splice(i, 2)[1] : undefined;
  };
  const top = Number(opt('--top') ?? 25);
  const requests = opt('--requests');
  const json = args.includes('--json');
  for (const f of args.filter((a) => a !== '--json')) {
    const s = summarizeProfile(f, { top, ...(requests ? { requests: Number(requests) } : {}) });
    process.stdout.write(json ? `${JSON.stringify(s)}\n` : `${formatProfileSummary(s)}\n\n`);
  }
}
