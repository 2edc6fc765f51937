/**
 * The body paths of test expectations: a JSONPath subset (`$`, `.key`, `['key']`, `[0]`, `[*]`,
 * `.*`) or a JSON pointer (`/entry/0/resource`). Matches are reported as JSON pointers.
 */
import type { PathSegment } from './types.js';

/** Parses a path; returns an error message (never echoing the path) when it is not one. */
export function parsePath(path: string): { segments: PathSegment[] } | { error: string } {
  if (path === '' || path.startsWith('/')) {
    const segments = path === '' ? [] : path.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    return { segments: segments.map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s)) };
  }
  if (!path.startsWith('$')) return { error: 'a body path is a JSONPath starting with $ or a JSON pointer starting with /' };
  const segments: PathSegment[] = [];
  let i = 1;
  while (i < path.length) {
    const rest = path.slice(i);
    let m: RegExpExecArray | null;
    if ((m = /^\.([A-Za-z_$][\w$-]*|\*)/.exec(rest))) {
      segments.push(m[1] === '*' ? '*' : m[1]!);
    } else if ((m = /^\[(\d+)\]/.exec(rest))) {
      segments.push(Number(m[1]));
    } else if ((m = /^\[\*\]/.exec(rest))) {
      segments.push('*');
    } else if ((m = /^\['((?:[^'\\]|\\.)*)'\]/.exec(rest)) || (m = /^\["((?:[^"\\]|\\.)*)"\]/.exec(rest))) {
      segments.push(m[1]!.replace(/\\(.)/g, '$1'));
    } else {
      return { error: `unsupported JSONPath syntax at character ${i + 1} (use .key, ['key'], [0], [*])` };
    }
    i += m[0].length;
  }
  return { segments };
}

const escape = (s: string | number): string => String(s).replace(/~/g, '~0').replace(/\//g, '~1');

/** Every value the path selects, with its JSON pointer. */
export function select(root: unknown, segments: readonly PathSegment[]): Array<{ pointer: string; value: unknown }> {
  let current: Array<{ pointer: string; value: unknown }> = [{ pointer: '', value: root }];
  for (const seg of segments) {
    const next: Array<{ pointer: string; value: unknown }> = [];
    for (const { pointer, value } of current) {
      if (value === null || typeof value !== 'object') continue;
      if (seg === '*') {
        const entries = Array.isArray(value) ? value.map((v, k) => [k, v] as const) : Object.entries(value);
        for (const [k, v] of entries) next.push({ pointer: `${pointer}/${escape(k)}`, value: v });
      } else if (Array.isArray(value)) {
        const idx = typeof seg === 'number' ? seg : /^\d+$/.test(seg) ? Number(seg) : -1;
        if (idx >= 0 && idx < value.length) next.push({ pointer: `${pointer}/${idx}`, value: value[idx] });
      } else if (Object.prototype.hasOwnProperty.call(value, String(seg))) {
        next.push({ pointer: `${pointer}/${escape(seg)}`, value: (value as Record<string, unknown>)[String(seg)] });
      }
    }
    current = next;
  }
  return current;
}

/** A value's JSON type and size, for messages that must not show the value itself. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'object') return `an object of ${Object.keys(v as object).length} keys`;
  if (typeof v === 'string') return `a string of ${v.length} chars`;
  return `a ${typeof v}`;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
