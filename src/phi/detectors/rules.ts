/**
 * Named detection rules: the name and location detectors are tables of these, run in table order.
 *
 * A rule is either a pass (`run`: one free-form pass over the text or its tokens) or a step (`pass` +
 * `step`). Consecutive steps with the same `pass` share ONE walk over the tokens: each token is offered
 * to the steps in table order, and the first step that returns a number claims it; the walk then goes
 * on after the returned token index (`return i` claims token i alone, `return j` skips up to j). A step
 * that returns `undefined` lets the next step of the pass look at the same token. This keeps rules that
 * used to share one loop (and see each other's findings token by token) separate without changing what
 * they find, or in which order they emit.
 */
import type { Candidate, PhiType } from '../types.js';

export interface RuleExamples {
  /**
   * `[text, value]`: run alone (after the rules in `needs`), the rule emits a candidate spanning exactly
   * the first occurrence of `value` in `text`; the full scanner reports a finding of the rule's type
   * covering it.
   */
  readonly finds: ReadonlyArray<readonly [text: string, value: string]>;
  /**
   * A text on which the rule alone emits nothing and the full scanner reports nothing of the rule's
   * type; or `[text, value]`: the rule alone emits nothing overlapping `value` (first occurrence) and
   * the full scanner reports nothing of the rule's type overlapping it.
   */
  readonly ignores?: ReadonlyArray<string | readonly [text: string, value: string]>;
  /** Ids of rules whose findings these examples build on (they run first, in table order). */
  readonly needs?: readonly string[];
}

interface RuleBase {
  /** Stable identifier (`name.title`, `location.street-us`): tests and docs refer to rules by it. */
  readonly id: string;
  readonly description: string;
  /** The type of what it finds. */
  readonly type: PhiType;
  /** The `detector` labels its candidates carry. */
  readonly detectors: readonly string[];
  readonly examples: RuleExamples;
}

export interface PassRule<C> extends RuleBase {
  readonly pass?: undefined;
  run(ctx: C): void;
}

export interface StepRule<C> extends RuleBase {
  /** Name of the shared token walk (see the module comment). */
  readonly pass: string;
  /** Look at token i; return the index to resume after (claiming the token), or undefined. */
  step(ctx: C, i: number): number | undefined;
}

export type Rule<C> = PassRule<C> | StepRule<C>;

export interface RuleCtx {
  readonly toks: readonly unknown[];
  readonly out: Candidate[];
}

type Plan<C> = ReadonlyArray<PassRule<C> | ReadonlyArray<StepRule<C>>>;
const plans = new WeakMap<readonly Rule<never>[], Plan<never>>();

/** Group consecutive steps of one pass (computed once per table). */
function planOf<C>(rules: readonly Rule<C>[]): Plan<C> {
  let plan = plans.get(rules as readonly Rule<never>[]) as Plan<C> | undefined;
  if (plan) return plan;
  const p: Array<PassRule<C> | StepRule<C>[]> = [];
  for (const r of rules) {
    if (r.pass === undefined) { p.push(r); continue; }
    const last = p[p.length - 1];
    if (Array.isArray(last) && last[0]!.pass === r.pass) last.push(r); else p.push([r]);
  }
  plan = p;
  plans.set(rules as readonly Rule<never>[], plan as Plan<never>);
  return plan;
}

/** Run a rule table over one text. */
export function runRules<C extends RuleCtx>(rules: readonly Rule<C>[], ctx: C): void {
  for (const item of planOf(rules)) {
    if (!Array.isArray(item)) { (item as PassRule<C>).run(ctx); continue; }
    const steps = item as ReadonlyArray<StepRule<C>>;
    const n = ctx.toks.length;
    for (let i = 0; i < n; i++) {
      for (let s = 0; s < steps.length; s++) {
        const k = steps[s]!.step(ctx, i);
        if (k !== undefined) { i = k; break; }
      }
    }
  }
}
