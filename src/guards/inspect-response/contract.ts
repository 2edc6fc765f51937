/**
 * The response contract (OpenAPI responses or `response.schema`): the body must match the schema
 * for its status and media type, and members the schema does not declare are removed from the
 * text itself, or the response is blocked (`response.undeclared`). Removal edits the original
 * text (no JSON.parse/stringify round trip), so every other byte, numbers beyond 2^53 included,
 * is released exactly as received.
 */
import { PhiguardError } from '../../core/errors.js';
import type { GuardContext } from '../../core/context.js';
import { tokenize } from '../../phi/json/tokenizer.js';
import type { CompiledRoute } from '../../policy/types.js';

type Trie = Map<string, Trie | true>;

function trieOf(paths: readonly (readonly string[])[]): Trie {
  const root: Trie = new Map();
  for (const p of paths) {
    let cur = root;
    p.forEach((seg, i) => {
      if (i === p.length - 1) return void cur.set(seg, true);
      const next = cur.get(seg);
      if (next === true) return;
      const sub: Trie = next ?? new Map();
      cur.set(seg, sub);
      cur = sub;
    });
  }
  return root;
}

/** The JSON text without the members at `paths` (key segments; array indexes as strings). */
export function removeJsonPaths(text: string, paths: readonly (readonly string[])[]): string {
  if (paths.length === 0) return text;
  const d = tokenize(text);
  if (d.cStart.length === 0) return text;
  type Child = { key: string; start: number; valueStart: number; end: number; container?: number };
  const children: Child[][] = d.cStart.map(() => []);
  d.cParent.forEach((p, c) => {
    if (p >= 0) children[p]!.push({ key: String(d.cKey[c]), start: d.cKeyStart[c]! >= 0 ? d.cKeyStart[c]! : d.cStart[c]!, valueStart: d.cStart[c]!, end: d.cEnd[c]!, container: c });
  });
  d.vContainer.forEach((p, v) => {
    if (p >= 0) children[p]!.push({ key: String(d.vKey[v]), start: d.vKeyStart[v]! >= 0 ? d.vKeyStart[v]! : d.vStart[v]!, valueStart: d.vStart[v]!, end: d.vEnd[v]! });
  });
  for (const list of children) list.sort((a, b) => a.valueStart - b.valueStart);
  const emit = (c: number, trie: Trie): string => {
    const parts: string[] = [];
    for (const ch of children[c]!) {
      const sub = trie.get(ch.key);
      if (sub === true) continue;
      const value = sub && ch.container !== undefined ? emit(ch.container, sub) : text.slice(ch.valueStart, ch.end);
      parts.push(text.slice(ch.start, ch.valueStart) + value);
    }
    const open = text[d.cStart[c]!]!;
    return `${open}${parts.join(',')}${open === '{' ? '}' : ']'}`;
  };
  return text.slice(0, d.cStart[0]) + emit(0, trieOf(paths)) + text.slice(d.cEnd[0]);
}

/**
 * Checks a JSON body against the route's contract; returns the text to release. In monitor mode
 * a would-be block or removal is recorded and the text is left as it is.
 */
export function applyContract(ctx: GuardContext<CompiledRoute>, status: number, type: string | undefined, text: string, value: unknown): string {
  const route = ctx.route?.route;
  const check = route?.response.contract?.(status, type);
  if (!route || check === undefined) return text;
  const enforce = ctx.mode === 'enforce';
  if (check === 'undeclared-status') {
    if (enforce) throw new PhiguardError('PG_RESPONSE_SCHEMA', `status ${status} is not declared`);
    ctx.decisions.push({ stage: 'inspectResponse', code: 'PG_RESPONSE_SCHEMA', detail: `status ${status} is not declared` });
    return text;
  }
  const r = check.validate(value);
  if (!r.ok) {
    if (enforce) throw new PhiguardError('PG_RESPONSE_SCHEMA', r.errors.slice(0, 5).join('; '));
    ctx.decisions.push({ stage: 'inspectResponse', code: 'PG_RESPONSE_SCHEMA', detail: r.errors.slice(0, 5).join('; ') });
  }
  const paths = check.undeclared(value);
  if (paths.length === 0) return text;
  // Counts only: the member names are the upstream's (undeclared) and may carry data.
  const detail = `${paths.length} undeclared fields${enforce ? '' : ' (monitor: kept)'}`;
  if (route.response.undeclared === 'block') {
    if (enforce) throw new PhiguardError('PG_RESPONSE_UNDECLARED', `${paths.length} undeclared fields`);
    ctx.decisions.push({ stage: 'inspectResponse', code: 'PG_RESPONSE_UNDECLARED', detail });
    return text;
  }
  ctx.decisions.push({ stage: 'inspectResponse', code: 'PG_FIELDS_UNDECLARED', detail });
  return enforce ? removeJsonPaths(text, paths) : text;
}
