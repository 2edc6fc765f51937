/**
 * Parses a policy file (YAML or JSON) keeping source positions, so every later error can be
 * reported as FILE:LINE:COL.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { PolicyPath } from '../core/section.js';

export interface Position {
  readonly line: number;
  readonly col: number;
}

export interface PolicyDiagnostic {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly code: string;
  readonly message: string;
}

export interface ParsedPolicy {
  readonly file: string;
  readonly text: string;
  readonly value: unknown;
  /** Position of the value at `path`; with `key` set, of that key inside the mapping at `path`. */
  locate(path: PolicyPath, key?: string): Position;
}

export function formatDiagnostic(d: PolicyDiagnostic): string {
  return `${d.file}:${d.line}:${d.col}: ${d.code} ${d.message}`;
}

export function parsePolicyText(file: string, text: string): { parsed?: ParsedPolicy; errors: PolicyDiagnostic[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  const pos = (offset: number): Position => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, col: p.col };
  };
  const errors: PolicyDiagnostic[] = [...doc.errors, ...doc.warnings].map((e) => {
    const p = pos(e.pos[0]);
    return { file, ...p, code: 'PG_POLICY_PARSE', message: e.message.split('\n')[0] ?? 'parse error' };
  });
  // YAML errors cascade after the first; the first few are the useful ones.
  if (errors.length > 0) return { errors: errors.slice(0, 5) };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 50 });
  } catch (err) {
    return { errors: [{ file, line: 1, col: 1, code: 'PG_POLICY_PARSE', message: err instanceof Error ? err.message : 'parse error' }] };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { errors: [{ file, line: 1, col: 1, code: 'PG_POLICY_SCHEMA', message: 'a policy must be a mapping (object) at the top level' }] };
  }
  return { parsed: { file, text, value, locate: (path, key) => locate(doc, path, key, pos) }, errors: [] };
}

function locate(doc: Document, path: PolicyPath, key: string | undefined, pos: (o: number) => Position): Position {
  // Walk as deep as the document allows; report the deepest node found.
  let node: unknown = doc.contents;
  let best: Node | null = (doc.contents as Node | null) ?? null;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      node = pair.value;
      best = (isScalar(pair.value) || isMap(pair.value) || isSeq(pair.value) ? pair.value : pair.key) as Node;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      if (!node) break;
      best = node as Node;
    } else break;
  }
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
    if (pair && isScalar(pair.key) && pair.key.range) return pos(pair.key.range[0]);
  }
  const range = best?.range;
  return range ? pos(range[0]) : { line: 1, col: 1 };
}
