/**
 * Strict parsing of the dashboard API's query parameters. A bad value is a 400
 * `PG_ADMIN_BAD_REQUEST` naming the parameter (our own name), never echoing the value; an unknown
 * parameter is refused without naming it (the name is input too).
 */
export class BadRequest extends Error {
  constructor(readonly param?: string) {
    super('bad request');
  }
}

const ISO = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;
const PRINTABLE = /^[^\u0000-\u001f\u007f]*$/;

export interface Params {
  /** A trimmed string (<= max chars, no control characters), or undefined when absent or empty. */
  text(name: string, max?: number): string | undefined;
  /** A value matching `re`, or undefined when absent or empty. */
  pattern(name: string, re: RegExp): string | undefined;
  /** An ISO 8601 date or date-time as epoch ms. */
  time(name: string): number | undefined;
  int(name: string, min: number, max: number): number | undefined;
  oneOf<T extends string>(name: string, values: readonly T[]): T | undefined;
}

export function parseParams(search: URLSearchParams, allowed: readonly string[]): Params {
  const seen = new Set<string>();
  for (const k of search.keys()) {
    if (!allowed.includes(k)) throw new BadRequest();
    if (seen.has(k)) throw new BadRequest(k);
    seen.add(k);
  }
  const raw = (name: string): string | undefined => {
    const v = search.get(name);
    return v === null || v.trim() === '' ? undefined : v.trim();
  };
  return {
    text(name, max = 256) {
      const v = raw(name);
      if (v !== undefined && (v.length > max || !PRINTABLE.test(v))) throw new BadRequest(name);
      return v;
    },
    pattern(name, re) {
      const v = raw(name);
      if (v !== undefined && !re.test(v)) throw new BadRequest(name);
      return v;
    },
    time(name) {
      const v = raw(name);
      if (v === undefined) return undefined;
      const t = ISO.test(v) ? Date.parse(v) : NaN;
      if (!Number.isFinite(t)) throw new BadRequest(name);
      return t;
    },
    int(name, min, max) {
      const v = raw(name);
      if (v === undefined) return undefined;
      if (!/^\d{1,15}$/.test(v)) throw new BadRequest(name);
      const n = Number(v);
      if (n < min || n > max) throw new BadRequest(name);
      return n;
    },
    oneOf(name, values) {
      const v = raw(name);
      if (v !== undefined && !(values as readonly string[]).includes(v)) throw new BadRequest(name);
      return v as never;
    },
  };
}

export const ROUTE_ID = /^[A-Za-z0-9._:-]{1,80}$/;
export const REASON = /^PG_[A-Z0-9_]{1,60}$/;
