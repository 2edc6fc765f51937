/**
 * Makes plain-Node JavaScript of the modules a child process needs (Node 20 cannot run .ts):
 * follows relative imports from the entry files and transpiles each with TypeScript into a
 * directory inside the repo (so `node_modules` resolves). Returns the output root.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const IMPORT = /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

export function transpileTree(repo: string, entries: readonly string[], outDir: string): string {
  const todo = entries.map((e) => resolve(repo, e));
  const seen = new Set<string>();
  while (todo.length > 0) {
    const file = todo.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const target = join(outDir, relative(repo, file));
    mkdirSync(dirname(target), { recursive: true });
    if (file.endsWith('.json')) {
      copyFileSync(file, target);
      continue;
    }
    const src = readFileSync(file, 'utf8');
    const out = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false } });
    writeFileSync(target.replace(/\.ts$/, '.js'), out.outputText);
    for (const m of src.matchAll(IMPORT)) {
      const spec = m[1] as string;
      const base = resolve(dirname(file), spec);
      const cand = spec.endsWith('.json') ? base : base.replace(/\.js$/, '.ts');
      if (existsSync(cand)) todo.push(cand);
    }
  }
  return outDir;
}
