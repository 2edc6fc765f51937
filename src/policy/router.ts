/**
 * Deny-by-default router over canonical path segments. Exact, case-sensitive matching; a literal
 * segment beats a parameter at the same depth; HEAD is routed with GET's policy.
 */
import type { RouteView } from '../core/context.js';
import type { TemplateSegment } from './template.js';

interface TrieNode<R> {
  readonly literals: Map<string, TrieNode<R>>;
  param?: { readonly name: string; readonly node: TrieNode<R> };
  /** Routes ending here, by method. */
  readonly routes: Map<string, R>;
}

export interface RouterRoute extends RouteView {
  readonly segments: readonly TemplateSegment[];
  /** Whether a decoded parameter value is acceptable for this route. */
  checkParam(name: string, value: string): boolean;
}

export type RouteLookup<R> =
  | { readonly kind: 'match'; readonly route: R; readonly params: Readonly<Record<string, string>> }
  | { readonly kind: 'method-not-allowed'; readonly allowed: readonly string[] }
  | { readonly kind: 'not-found' };

const node = <R>(): TrieNode<R> => ({ literals: new Map(), routes: new Map() });

export class Router<R extends RouterRoute> {
  readonly #root: TrieNode<R> = node();

  /** Returns the id of a conflicting route, if the same method and shape is already declared. */
  add(route: R): string | undefined {
    let cur = this.#root;
    for (const seg of route.segments) {
      if (seg.kind === 'literal') {
        let next = cur.literals.get(seg.value);
        if (!next) cur.literals.set(seg.value, (next = node()));
        cur = next;
      } else {
        if (!cur.param) cur.param = { name: seg.name, node: node() };
        cur = cur.param.node;
      }
    }
    const existing = cur.routes.get(route.method);
    if (existing) return existing.id;
    cur.routes.set(route.method, route);
    return undefined;
  }

  lookup(method: string, segments: readonly string[]): RouteLookup<R> {
    const routedMethod = method === 'HEAD' ? 'GET' : method;
    let best: RouteLookup<R> = { kind: 'not-found' };
    // Iterative depth-first search preferring literals; backtracks into params.
    const stack: Array<{ n: TrieNode<R>; depth: number; params: Array<[string, string]> }> = [{ n: this.#root, depth: 0, params: [] }];
    while (stack.length > 0) {
      const { n, depth, params } = stack.pop()!;
      if (depth === segments.length) {
        const route = n.routes.get(routedMethod);
        if (route) {
          if (params.every(([k, v]) => route.checkParam(k, v))) {
            return { kind: 'match', route, params: Object.freeze(Object.fromEntries(params)) };
          }
          continue;
        }
        if (n.routes.size > 0 && best.kind === 'not-found') {
          const allowed = [...n.routes.keys()];
          if (allowed.includes('GET')) allowed.push('HEAD');
          best = { kind: 'method-not-allowed', allowed: allowed.sort() };
        }
        continue;
      }
      const seg = segments[depth] as string;
      // Push param first so the literal branch is explored first (stack is LIFO).
      if (n.param && seg !== '') stack.push({ n: n.param.node, depth: depth + 1, params: [...params, [n.param.name, seg]] });
      const lit = n.literals.get(seg);
      if (lit) stack.push({ n: lit, depth: depth + 1, params });
    }
    return best;
  }
}
