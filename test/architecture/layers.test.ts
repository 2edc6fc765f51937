/**
 * The layers of docs/architecture.md ("Layers"), checked on the import graph of src/:
 *
 *   core < libraries (phi, access, audit, alerts) < policy < guards < runtime
 *        < shells (adapters, gateway, demo) < cli < the package root (src/index.ts)
 *
 * A file may import only from its own unit or from a lower layer. Units on the same layer
 * (the four libraries; guards/<stage>; adapters/<framework>, gateway, demo) do not import one
 * another, except as listed in PEER_IMPORTS below, each with its reason. And no file-level import
 * cycles anywhere under src/ (type-only imports count: a cycle of types is still a tangle).
 *
 * Every kind of module reference is read: `import`/`export ... from`, `import type`,
 * `import x = require()`, dynamic `import('...')`, `import('...')` types and worker modules
 * (`new URL('./x.js', import.meta.url)`); a computed `import()` is refused, as it cannot be
 * checked. Relative specifiers are resolved (`./x.js` -> `./x.ts`, a folder -> its index.ts).
 * Test files (`*.test.ts` and anything under `__tests__/`) may import from any layer, but are
 * part of the cycle check.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** Layer rank of each top-level folder of src/ ('' is a file directly in src/, i.e. src/index.ts). */
const RANK: Readonly<Record<string, number>> = {
  core: 0,
  phi: 1,
  access: 1,
  audit: 1,
  alerts: 1,
  policy: 2,
  guards: 3,
  egress: 3,
  runtime: 4,
  adapters: 5,
  gateway: 5,
  rollout: 5,
  admin: 5,
  demo: 5,
  cli: 6,
  '': 7,
};

/**
 * Imports allowed between different units on the same layer: [from unit, to unit, why].
 *
 * Libraries (phi, access, audit, alerts): none imports another today, and none may without an
 * entry here. (Tests in a library may build policies through src/policy: test files are exempt.)
 */
const PEER_IMPORTS: ReadonlyArray<readonly [from: string, to: string, why: string]> = [
  ['adapters/*', 'adapters/http', 'the one node:http base under every adapter'],
  ['adapters/*', 'adapters/shared', 'helpers shared by the adapters (fetch-style Request/Response on the node:http base)'],
  ['gateway', 'adapters/http', 'the gateway serves through the same node:http base as the adapters'],
];

const isTest = (file: string): boolean => file.endsWith('.test.ts') || file.split(sep).includes('__tests__');

/** The unit a file belongs to: its top-level folder, or `adapters/<framework>`, `guards/<stage>`. */
function unitOf(src: string, file: string): string {
  const parts = relative(src, file).split(sep);
  if (parts.length === 1) return '';
  return (parts[0] === 'adapters' || parts[0] === 'guards') && parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts[0]!;
}
const layerOf = (unit: string): string => unit.split('/')[0]!;
const label = (unit: string): string => unit || 'root';

function peerAllowed(from: string, to: string): boolean {
  return PEER_IMPORTS.some(([f, t]) => (f === from || (f.endsWith('/*') && from.startsWith(f.slice(0, -1)))) && t === to);
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const p = join(dir, e.name);
      if (e.isDirectory()) return sources(p);
      return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
    })
    .sort();
}

/** Marks a dynamic `import()` whose specifier is computed: it cannot be checked. */
const COMPUTED = '<computed>';

/** A module reference: `import` (any form) or `worker` (a module started as a worker thread). */
interface Reference {
  readonly spec: string;
  readonly kind: 'import' | 'worker';
}

/**
 * Every module a file references: static, type-only, re-export, `require`, dynamic `import()`,
 * `import('...')` types, and worker modules (`new URL('./x.js', import.meta.url)`).
 */
function references(file: string, text = readFileSync(file, 'utf8')): Reference[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: Reference[] = [];
  const literal = (n: ts.Node | undefined, kind: Reference['kind'] = 'import') => {
    if (n && ts.isStringLiteralLike(n)) out.push({ spec: n.text, kind });
  };
  const isImportMetaUrl = (n: ts.Node | undefined): boolean =>
    !!n && ts.isPropertyAccessExpression(n) && n.name.text === 'url' && ts.isMetaProperty(n.expression) && n.expression.keywordToken === ts.SyntaxKind.ImportKeyword;
  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) literal(n.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(n) && ts.isExternalModuleReference(n.moduleReference)) literal(n.moduleReference.expression);
    else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword) {
      if (n.arguments[0] && ts.isStringLiteralLike(n.arguments[0])) literal(n.arguments[0]);
      else out.push({ spec: COMPUTED, kind: 'import' });
    } else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument)) literal(n.argument.literal);
    else if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'URL' && isImportMetaUrl(n.arguments?.[1])) {
      const spec = n.arguments![0]!;
      if (ts.isStringLiteralLike(spec) && /\.[cm]?[jt]s$/.test(spec.text)) literal(spec, 'worker');
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/** The file a relative specifier names, or undefined when it names nothing. */
function resolveSpecifier(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  const candidates = [base.replace(/\.(m?)js$/, '.$1ts'), base, `${base}.ts`, join(base, 'index.ts')];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

interface Edge {
  readonly from: string;
  readonly to: string;
  /** Worker edges count for the layers, not for cycles (spawning a worker that imports its spawner is no import cycle). */
  readonly kind: Reference['kind'];
}

interface Report {
  readonly files: readonly string[];
  readonly edges: readonly Edge[];
  readonly unresolved: readonly string[];
  /** `src/x/y.ts imports src/z/w.ts (layer a -> layer b)` */
  readonly violations: readonly string[];
  /** `cycle: src/a.ts -> src/b.ts -> src/a.ts` */
  readonly cycles: readonly string[];
  /** PEER_IMPORTS entries (without a wildcard) that no import uses. */
  readonly stalePeers: readonly string[];
}

/** Checks the tree under `src` (paths in messages are relative to its parent, the repository). */
function check(src: string): Report {
  const repo = dirname(src);
  const rel = (file: string): string => relative(repo, file).split(sep).join('/');
  const unit = (file: string): string => unitOf(src, file);
  const inSrc = (file: string): boolean => file.startsWith(src + sep);

  const files = sources(src);
  const edges: Edge[] = [];
  const unresolved: string[] = [];
  for (const from of files) {
    for (const { spec, kind } of references(from)) {
      if (spec === COMPUTED && !isTest(from)) unresolved.push(`${rel(from)} has an import() with a computed specifier, which cannot be checked`);
      if (!spec.startsWith('.')) continue;
      const to = resolveSpecifier(from, spec);
      if (to) edges.push({ from, to, kind });
      else unresolved.push(`${rel(from)} imports '${spec}', which does not resolve to a file`);
    }
  }

  /** Why an import breaks the layering, or undefined when it is fine. */
  const violation = ({ from, to }: Edge): string | undefined => {
    if (isTest(from)) return undefined;
    const a = unit(from);
    const what = `${rel(from)} imports ${rel(to)}`;
    if (isTest(to)) return `${what} (layer ${label(a)} -> a test file)`;
    if (!inSrc(to)) return `${what} (layer ${label(a)} -> outside src)`;
    const b = unit(to);
    if (a === b) return undefined;
    const ra = RANK[layerOf(a)];
    const rb = RANK[layerOf(b)];
    if (ra === undefined) return `${rel(from)} is in src/${a}, a folder with no layer (add it to RANK and docs/architecture.md)`;
    if (rb === undefined) return `${what} (layer ${label(a)} -> layer ${label(b)}: src/${b} has no layer)`;
    if (rb < ra) return undefined;
    if (rb === ra && peerAllowed(a, b)) return undefined;
    return `${what} (layer ${label(a)} -> layer ${label(b)})`;
  };

  const used = new Set(edges.filter((e) => !isTest(e.from) && inSrc(e.to)).map((e) => `${unit(e.from)} -> ${unit(e.to)}`));
  return {
    files,
    edges,
    unresolved,
    violations: [...new Set(edges.map(violation).filter((v): v is string => v !== undefined))],
    cycles: cycles(files, edges).map((c) => `cycle: ${c.map(rel).join(' -> ')}`),
    stalePeers: PEER_IMPORTS.filter(([f, t]) => !f.endsWith('/*') && !used.has(`${f} -> ${t}`)).map(([f, t]) => `${f} -> ${t}`),
  };
}

/** File-level cycles: each strongly connected component of more than one file (or a self-import), as a path. */
function cycles(files: readonly string[], edges: readonly Edge[]): string[][] {
  const next = new Map<string, string[]>(files.map((f) => [f, []]));
  for (const e of edges) if (e.kind === 'import' && next.has(e.to) && !next.get(e.from)!.includes(e.to)) next.get(e.from)!.push(e.to);
  // Tarjan, iterative (no recursion limit on long chains).
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  for (const start of files) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; i: number }> = [{ node: start, i: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const top = work[work.length - 1]!;
      const succ = next.get(top.node)!;
      if (top.i < succ.length) {
        const w = succ[top.i++]!;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ node: w, i: 0 });
        } else if (onStack.has(w)) low.set(top.node, Math.min(low.get(top.node)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1]!.node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === index.get(top.node)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== top.node);
        if (comp.length > 1 || next.get(top.node)!.includes(top.node)) components.push(comp);
      }
    }
  }
  // Report each component as one concrete cycle through its first file (shortest, by BFS).
  return components.map((comp) => {
    const inComp = new Set(comp);
    const first = [...comp].sort()[0]!;
    const prev = new Map<string, string>();
    const queue = [first];
    let found: string | undefined;
    while (queue.length && !found) {
      const v = queue.shift()!;
      for (const w of next.get(v)!) {
        if (!inComp.has(w)) continue;
        if (w === first) {
          found = v;
          break;
        }
        if (!prev.has(w)) {
          prev.set(w, v);
          queue.push(w);
        }
      }
    }
    const path = [first];
    for (let v = found!; v !== first; v = prev.get(v)!) path.splice(1, 0, v);
    return [...path, first];
  });
}

describe('architecture: layers', () => {
  const report = check(join(REPO, 'src'));

  it('reads every kind of module reference and resolves every relative one', () => {
    expect(report.files.length).toBeGreaterThan(50);
    expect(report.unresolved).toEqual([]);
    const probe = [
      "import a from './a.js';",
      "import type { B } from './b.js';",
      "export { c } from './c.js';",
      "export * from './d.js';",
      "const e = await import('./e.js');",
      "type F = typeof import('./f.js');",
      "import g = require('./g.js');",
      "import './h.js';",
      "// import i from './i.js';",
      "const j = 'import(\\'./j.js\\')';",
      "const k = new Worker(new URL('./k.js', import.meta.url));",
      "const l = new URL('../data/l.json', import.meta.url);",
      'const m = await import(name);',
    ].join('\n');
    expect(references('probe.ts', probe).map((r) => `${r.kind} ${r.spec}`)).toEqual([
      ...['./a.js', './b.js', './c.js', './d.js', './e.js', './f.js', './g.js', './h.js'].map((s) => `import ${s}`),
      'worker ./k.js',
      `import ${COMPUTED}`,
    ]);
  });

  it('every import goes to the same unit or a lower layer (peers only as listed in PEER_IMPORTS)', () => {
    expect(report.violations, `layering violations:\n  ${report.violations.join('\n  ')}\n`).toEqual([]);
  });

  it('has no file-level import cycles', () => {
    expect(report.cycles, `import cycles:\n  ${report.cycles.join('\n  ')}\n`).toEqual([]);
  });

  it('PEER_IMPORTS lists only imports that exist (a stale entry hides nothing, but misleads)', () => {
    expect(report.stalePeers).toEqual([]);
  });

  it('the checker itself: names each offending import with its layers, and each cycle', () => {
    const root = mkdtempSync(join(tmpdir(), 'phiguard-layers-'));
    try {
      const write = (file: string, text: string) => {
        mkdirSync(dirname(join(root, 'src', file)), { recursive: true });
        writeFileSync(join(root, 'src', file), text);
      };
      write('core/a.ts', "import type { P } from '../policy/index.js';\nexport type A = P;\n");
      write('policy/index.ts', "export type P = 1;\nexport { x } from '../access/x.js';\n");
      write('access/x.ts', "export const x = 1;\nexport const later = () => import('../phi/y.js');\n");
      write('phi/y.ts', "import { z } from './z.js';\nexport const y = z;\n");
      write('phi/z.ts', "import type { y } from './y.js';\nexport const z = 1 as unknown as typeof y;\n");
      write('phi/y.test.ts', "import { P } from '../policy/index.js';\n");
      write('adapters/hono/index.ts', "import '../http/guard.js';\nimport '../node/index.js';\n");
      write('adapters/http/guard.ts', "import '../../runtime/index.js';\n");
      write('adapters/node/index.ts', "import '../../gateway/index.js';\n");
      write('gateway/index.ts', "import '../adapters/http/guard.js';\nimport '../demo/index.js';\n");
      write('demo/index.ts', 'export {};\n');
      write('runtime/index.ts', "import '../guards/route/index.js';\n");
      write('guards/route/index.ts', "import '../identify/index.js';\n");
      write('guards/identify/index.ts', 'export {};\n');
      write('alerts/spawn.ts', "export const worker = new URL('./worker.js', import.meta.url);\n");
      write('alerts/worker.ts', "import './spawn.js';\nexport const up = new URL('../policy/index.js', import.meta.url);\n");
      const r = check(join(root, 'src'));
      expect(r.unresolved).toEqual([]);
      expect(r.violations).toEqual([
        'src/access/x.ts imports src/phi/y.ts (layer access -> layer phi)',
        'src/adapters/hono/index.ts imports src/adapters/node/index.ts (layer adapters/hono -> layer adapters/node)',
        'src/adapters/node/index.ts imports src/gateway/index.ts (layer adapters/node -> layer gateway)',
        'src/alerts/worker.ts imports src/policy/index.ts (layer alerts -> layer policy)',
        'src/core/a.ts imports src/policy/index.ts (layer core -> layer policy)',
        'src/gateway/index.ts imports src/demo/index.ts (layer gateway -> layer demo)',
        'src/guards/route/index.ts imports src/guards/identify/index.ts (layer guards/route -> layer guards/identify)',
      ]);
      expect(r.cycles).toEqual(['cycle: src/phi/y.ts -> src/phi/z.ts -> src/phi/y.ts']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
