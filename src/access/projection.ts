/**
 * Minimum necessary (164.502(b)): which field projection applies to a principal, and applying an
 * allow-list or deny-list of element paths to one (already copied) FHIR resource.
 */
import type { Principal } from '../core/types.js';
import { selectorMatches } from './labels.js';
import type { AccessConfig, Projection, ProjectionRule } from './types.js';

/** Kept by every allow-list: without them a resource cannot be identified or its labels read. */
const ALWAYS = new Set(['resourceType', 'id', 'meta']);

/**
 * The projection for this principal and purpose, or undefined when exempt: the patient accessing
 * their own record, break-glass, an `exempt` selector (e.g. clinicians for TREAT), or no rule matches.
 * The first matching rule wins.
 */
export function chooseProjection(mn: AccessConfig['minimumNecessary'], p: Principal, purpose: string | undefined, breakGlass: boolean): Projection | undefined {
  if (breakGlass || p.kind === 'patient') return undefined;
  if (mn.exempt.some((e) => selectorMatches(e, p.roles, purpose))) return undefined;
  const i = mn.rules.findIndex((r) => selectorMatches(r, p.roles, purpose));
  const rule = mn.rules[i];
  return rule ? { resources: rule.resources, ...(rule.monitor ? { monitor: `access.minimumNecessary.rules[${i}]` } : {}) } : undefined;
}

type Tree = Map<string, Tree | true>;

function buildTree(paths: readonly string[]): Tree {
  const root: Tree = new Map();
  for (const path of paths) {
    const parts = path.split('.');
    let cur = root;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) {
        cur.set(part, true);
        return;
      }
      const next = cur.get(part);
      if (next === true) return;
      const sub: Tree = next ?? new Map();
      cur.set(part, sub);
      cur = sub;
    });
  }
  return root;
}

const trees = new WeakMap<ProjectionRule, Tree>();
function treeOf(rule: ProjectionRule): Tree {
  let t = trees.get(rule);
  if (!t) trees.set(rule, (t = buildTree(rule.paths)));
  return t;
}

/** Tree entry for a JSON key: exact, FHIR primitive extension (`_birthDate`), or choice type (`value[x]`). */
function lookup(tree: Tree, key: string): Tree | true | undefined {
  const base = key.startsWith('_') ? key.slice(1) : key;
  const hit = tree.get(base);
  if (hit !== undefined) return hit;
  for (const [name, sub] of tree) {
    if (name.endsWith('[x]')) {
      const stem = name.slice(0, -3);
      if (base.length > stem.length && base.startsWith(stem) && /[A-Z]/.test(base[stem.length] as string)) return sub;
    }
  }
  return undefined;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
function each(v: unknown, fn: (o: Obj) => number): number {
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + (isObj(x) ? fn(x) : 0), 0);
  return isObj(v) ? fn(v) : 0;
}

function allow(obj: Obj, tree: Tree, top: boolean): number {
  let removed = 0;
  for (const key of Object.keys(obj)) {
    if (top && ALWAYS.has(key)) continue;
    const m = lookup(tree, key);
    if (m === undefined) {
      delete obj[key];
      removed++;
    } else if (m !== true) removed += each(obj[key], (o) => allow(o, m, false));
  }
  return removed;
}

function deny(obj: Obj, tree: Tree): number {
  let removed = 0;
  for (const key of Object.keys(obj)) {
    const m = lookup(tree, key);
    if (m === true) {
      delete obj[key];
      removed++;
    } else if (m !== undefined) removed += each(obj[key], (o) => deny(o, m));
  }
  return removed;
}

/**
 * Applies the projection for the resource's type (or `*`) in place to a resource the caller owns.
 * A deny-list also drops the narrative (`text`), which would otherwise repeat the denied elements.
 * Returns the number of elements removed.
 */
export function projectResource(resource: Obj, projection: Projection): number {
  const type = typeof resource.resourceType === 'string' ? resource.resourceType : '';
  const rule = Object.prototype.hasOwnProperty.call(projection.resources, type) ? projection.resources[type] : projection.resources['*'];
  if (!rule) return 0;
  if (rule.mode === 'allow') return allow(resource, treeOf(rule), true);
  let removed = deny(resource, treeOf(rule));
  if (removed > 0 && 'text' in resource) {
    delete resource.text;
    removed++;
  }
  return removed;
}
