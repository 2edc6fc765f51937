/**
 * Entity tags and `If-Match` (RFC 9110 8.8.3, 13.1.1). If-Match uses the STRONG comparison: two
 * tags match only when neither is weak and their opaque tags are identical. Pure; no I/O.
 */

export interface EntityTag {
  readonly weak: boolean;
  /** The opaque tag, quotes included (`"v1"`). */
  readonly opaque: string;
}

// opaque-tag = DQUOTE *etagc DQUOTE; etagc = %x21 / %x23-7E / obs-text
const TAG = /^(W\/)?("[\x21\x23-\x7e\x80-\xff]*")/;

/** One entity tag (an `ETag` field value), or undefined when malformed. */
export function parseEntityTag(value: string | undefined): EntityTag | undefined {
  if (value === undefined) return undefined;
  const s = value.trim();
  const m = TAG.exec(s);
  return m && m[0].length === s.length ? { weak: m[1] !== undefined, opaque: m[2]! } : undefined;
}

/** `*`, or the listed tags (empty list elements are skipped, RFC 9110 5.6.1); undefined when malformed. */
export function parseIfMatch(value: string): '*' | EntityTag[] | undefined {
  const s = value.trim();
  if (s === '*') return '*';
  const tags: EntityTag[] = [];
  let rest = s;
  while (rest !== '') {
    if (rest[0] === ',') {
      rest = rest.slice(1).replace(/^[ \t]+/, '');
      continue;
    }
    const m = TAG.exec(rest);
    if (!m) return undefined;
    tags.push({ weak: m[1] !== undefined, opaque: m[2]! });
    rest = rest.slice(m[0].length).replace(/^[ \t]+/, '');
    if (rest !== '' && rest[0] !== ',') return undefined;
  }
  return tags.length > 0 ? tags : undefined;
}

export const strongMatch = (a: EntityTag, b: EntityTag): boolean => !a.weak && !b.weak && a.opaque === b.opaque;

/**
 * Evaluates If-Match against the current representation's tag (RFC 9110 13.1.1): `*` is true when a
 * current representation exists; a list is true when one member strongly matches the current tag.
 */
export function ifMatchHolds(condition: '*' | readonly EntityTag[], current: { exists: boolean; etag?: EntityTag }): boolean {
  if (!current.exists) return false;
  if (condition === '*') return true;
  const tag = current.etag;
  return tag !== undefined && condition.some((t) => strongMatch(t, tag));
}
