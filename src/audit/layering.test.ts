/**
 * The audit library has no import circles (type-only imports included): shared row shapes and
 * constants live in `types.ts`, below both the sequencer and the store contract.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = dirname(fileURLToPath(import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Relative imports of each file that land inside `dir` (static, dynamic and `import('...')` types). */
function importGraph(dir: string): Map<string, string[]> {
  const files = new Set(sources(dir));
  const graph = new Map<string, string[]>();
  for (const f of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(f, 'utf8'), true, true);
    const deps = importedFiles
      .map((i) => i.fileName)
      .filter((s) => s.startsWith('.'))
      .map((s) => resolve(dirname(f), s.replace(/\.js$/, '.ts')))
      .filter((p) => files.has(p));
    graph.set(f, [...new Set(deps)]);
  }
  return graph;
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
function circles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || graph.get(v)!.includes(v)) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe('audit layering', () => {
  it('finds a circle when there is one (the check itself works)', () => {
    const g = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
    expect(circles(g)).toEqual([['a', 'b', 'c']]);
  });

  it('src/audit has no import circles', () => {
    const found = circles(importGraph(root)).map((scc) => scc.map((f) => relative(root, f)));
    expect(found).toEqual([]);
  });

  it('the sequencer and the store contract both sit on types.ts, which imports neither', () => {
    const g = importGraph(root);
    const deps = (f: string) => (g.get(join(root, f)) ?? []).map((p) => relative(root, p));
    expect(deps('sequencer.ts')).toContain('types.ts');
    expect(deps('stores/types.ts')).toContain('types.ts');
    expect(deps('types.ts')).not.toContain('sequencer.ts');
    expect(deps('types.ts')).not.toContain('stores/types.ts');
  });
});
