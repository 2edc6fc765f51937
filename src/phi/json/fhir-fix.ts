/**
 * Type-preserving FHIR redaction: values whose redacted form would not be a valid value of their
 * R4 type (a number that would become a string, an instant that would become a year) are removed,
 * or replaced by the data-absent-reason extension (`masked`) on the primitive's `_name` sibling.
 * Removal keeps the document valid: an element left with no value and no children (an Extension
 * left with only its `url`, an empty array or object) is removed with it, up the tree.
 */
import { DAR_MASKED } from './fhir-types.js';
import type { JsonDoc } from './tokenizer.js';

export type FhirInvalid = 'remove' | 'data-absent-reason';
export const FHIR_INVALID: readonly FhirInvalid[] = Object.freeze(['remove', 'data-absent-reason']);

/** A splice of the raw text: [start, end) becomes text. */
export interface Edit { start: number; end: number; text: string }

/** A member of a container: a scalar value (v >= 0) or a child container (c >= 0). */
interface Member { v: number; c: number; key: string | number; start: number; end: number }

class Members {
  private readonly byContainer = new Map<number, Member[]>();
  constructor(private readonly d: JsonDoc) {
    for (let v = 0; v < d.vStart.length; v++) {
      const c = d.vContainer[v]!;
      if (c < 0) continue;
      const ks = d.vKeyStart[v]!;
      this.push(c, { v, c: -1, key: d.vKey[v]!, start: ks >= 0 ? ks : d.vStart[v]!, end: d.vEnd[v]! });
    }
    for (let c = 0; c < d.cParent.length; c++) {
      const p = d.cParent[c]!;
      if (p < 0) continue;
      const ks = d.cKeyStart[c]!;
      this.push(p, { v: -1, c, key: d.cKey[c]!, start: ks >= 0 ? ks : d.cStart[c]!, end: d.cEnd[c]! });
    }
    for (const list of this.byContainer.values()) list.sort((a, b) => a.start - b.start);
  }
  private push(c: number, m: Member): void {
    let l = this.byContainer.get(c);
    if (!l) this.byContainer.set(c, (l = []));
    l.push(m);
  }
  of(c: number): Member[] { return this.byContainer.get(c) ?? []; }
  /** The object member named `key` of container c (last one wins, as in JSON.parse). */
  named(c: number, key: string): Member | undefined {
    let hit: Member | undefined;
    for (const m of this.of(c)) if (m.key === key) hit = m;
    return hit;
  }
}

const id = (m: Member): string => (m.v >= 0 ? `v${m.v}` : `c${m.c}`);

export function planFixes(d: JsonDoc, values: readonly number[], mode: FhirInvalid): Edit[] {
  const ms = new Members(d);
  const removed = new Set<string>();
  const edits: Edit[] = [];
  /** Arrays of primitives that get a new `_name` sibling: array container -> indices. */
  const darArrays = new Map<number, Set<number>>();

  const isExtension = (c: number): boolean => {
    const p = d.cParent[c]!;
    return p >= 0 && d.cArray[p]! && (d.cKey[p] === 'extension' || d.cKey[p] === 'modifierExtension');
  };
  /** Content an element needs to exist (ele-1, ext-1): not its id, nor an extension's url. */
  const hasContent = (c: number): boolean => {
    const ext = !d.cArray[c]! && isExtension(c);
    return ms.of(c).some((m) => !removed.has(id(m)) && (d.cArray[c]! || (m.key !== 'id' && !(ext && m.key === 'url'))));
  };
  const memberOf = (c: number): Member | undefined => {
    const p = d.cParent[c]!;
    return p >= 0 ? ms.of(p).find((m) => m.c === c) : undefined;
  };
  /** Remove a member of container c, then c itself when nothing it needs is left (never the root). */
  const remove = (c: number, m: Member): void => {
    removed.add(id(m));
    for (let cur = c; cur >= 0 && d.cParent[cur]! >= 0 && !hasContent(cur); cur = d.cParent[cur]!) {
      const own = memberOf(cur);
      if (!own || removed.has(id(own))) break;
      removed.add(id(own));
    }
  };
  /** The `_name` sibling of the member m of object c. */
  const sibling = (c: number, m: Member): Member | undefined => (typeof m.key === 'string' ? ms.named(c, `_${m.key}`) : undefined);

  for (const v of values) {
    const c = d.vContainer[v]!;
    if (c < 0) continue; // a bare scalar document: nothing to keep it valid against
    const m = ms.of(c).find((x) => x.v === v)!;
    if (!d.cArray[c]!) {
      const ext = sibling(c, m);
      if (mode === 'remove') {
        // `_name` holding only an id would be an element with neither value nor extension: it goes too.
        if (ext && ext.c >= 0 && !d.cArray[ext.c]! && !ms.named(ext.c, 'extension')) remove(c, ext);
        remove(c, m);
        continue;
      }
      if (!ext) {
        edits.push({ start: m.start, end: m.end, text: `${JSON.stringify(`_${m.key as string}`)}:{"extension":[${DAR_MASKED}]}` });
        continue;
      }
      // An existing `_name` object: add the extension to it, drop the value.
      if (ext.c >= 0 && !d.cArray[ext.c]!) {
        const list = ms.named(ext.c, 'extension');
        if (list && list.c >= 0 && d.cArray[list.c]!) edits.push({ start: d.cStart[list.c]! + 1, end: d.cStart[list.c]! + 1, text: `${DAR_MASKED},` });
        else edits.push({ start: d.cStart[ext.c]! + 1, end: d.cStart[ext.c]! + 1, text: `"extension":[${DAR_MASKED}]${ms.of(ext.c).length ? ',' : ''}` });
      }
      remove(c, m);
      continue;
    }
    // An element of a primitive array `name: [...]` in object p.
    const p = d.cParent[c]!;
    const own = memberOf(c);
    const ext = p >= 0 && own ? sibling(p, own) : undefined;
    if (p < 0 || !own || d.cArray[p]!) { remove(c, m); continue; }
    if (ext) { remove(p, ext); remove(p, own); continue; } // index-aligned `_name` array: both go
    if (mode === 'remove') { remove(c, m); continue; }
    edits.push({ start: d.vStart[v]!, end: d.vEnd[v]!, text: 'null' });
    let set = darArrays.get(c);
    if (!set) darArrays.set(c, (set = new Set()));
    set.add(ms.of(c).indexOf(m));
  }

  for (const [c, idx] of darArrays) {
    const own = memberOf(c)!;
    if (removed.has(id(own))) continue;
    const n = ms.of(c).length;
    const items = Array.from({ length: n }, (_, i) => (idx.has(i) ? `{"extension":[${DAR_MASKED}]}` : 'null'));
    edits.push({ start: own.end, end: own.end, text: `,${JSON.stringify(`_${own.key as string}`)}:[${items.join(',')}]` });
  }

  // Deletions, per surviving container: a removed member takes the separator after it, a trailing
  // run of removed members the separator before it.
  const touched = new Set<number>();
  for (const key of removed) {
    const m = key[0] === 'v' ? Number(key.slice(1)) : -1;
    const c = m >= 0 ? d.vContainer[m]! : d.cParent[Number(key.slice(1))]!;
    touched.add(c);
  }
  for (const c of touched) {
    const own = memberOf(c);
    if (own && removed.has(id(own))) continue;
    if (isRemovedAbove(c)) continue;
    const list = ms.of(c);
    let lastKept = -1;
    for (let i = 0; i < list.length; i++) {
      if (!removed.has(id(list[i]!))) { lastKept = i; continue; }
      const nextKept = list.findIndex((x, j) => j > i && !removed.has(id(x)));
      if (nextKept >= 0) edits.push({ start: list[i]!.start, end: list[i + 1]!.start, text: '' });
      else {
        const from = lastKept >= 0 ? list[lastKept]!.end : list[i]!.start;
        edits.push({ start: from, end: list[list.length - 1]!.end, text: '' });
        break;
      }
    }
  }
  return edits;

  function isRemovedAbove(c: number): boolean {
    for (let cur = c; cur >= 0; cur = d.cParent[cur]!) {
      const own = memberOf(cur);
      if (own && removed.has(id(own))) return true;
    }
    return false;
  }
}

/**
 * Applies edits (sorted here: by start, insertions before the edit starting at the same place,
 * wider before narrower) to the text; an edit that starts inside one already applied is dropped.
 */
export function applyEdits(text: string, edits: Edit[]): string {
  edits.sort((a, b) => a.start - b.start || (a.end === a.start ? -1 : b.end === b.start ? 1 : b.end - a.end));
  const parts: string[] = [];
  let pos = 0;
  for (const e of edits) {
    if (e.start < pos) continue;
    parts.push(text.slice(pos, e.start), e.text);
    pos = e.end;
  }
  parts.push(text.slice(pos));
  return parts.join('');
}
