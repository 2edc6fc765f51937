/**
 * Histogram and counter series for the per-request hot path, registered in a prom-client Registry
 * and exposed exactly as prom-client's own Histogram and Counter expose them (same text, same JSON;
 * `fast-metrics.test.ts` compares both). What differs is the cost of an observation: a label set is
 * resolved once to a child (`child(...)`), and observing is a few arithmetic operations on it, with
 * no label object, label hash or validation per call. prom-client 15's `observe(labels, v)` builds a
 * label hash string and looks its bucket up by the number turned into a property name on every call.
 *
 * Children are created per label set, like prom-client's series; label values here are bounded by
 * the policy (stage names, route ids, codes), never request values. A label set is listed in the
 * exposition from its first observation on (as prom-client does), not from its creation.
 */
import type { Registry } from 'prom-client';

type Labels = Record<string, string>;

/**
 * Label sets per metric. Beyond it (a policy with thousands of routes and codes), further label sets
 * share one child whose label values are all `_other`, so memory stays bounded.
 */
export const MAX_CHILDREN = 10_000;
const OTHER = '_other';

interface MetricValue {
  labels: Record<string, string | number>;
  sharedLabels?: Labels;
  value: number;
  metricName?: string;
  exemplar?: null;
}

export interface HistogramChild {
  observe(seconds: number): void;
}

class HChild implements HistogramChild {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;
  constructor(
    readonly labels: Labels,
    private readonly bounds: Float64Array,
    private readonly first: (c: HChild) => void,
  ) {
    this.counts = new Float64Array(bounds.length);
  }
  observe(v: number): void {
    if (!Number.isFinite(v)) throw new TypeError('Value is not a valid number');
    if (this.count === 0) this.first(this);
    this.sum += v;
    this.count += 1;
    const b = this.bounds;
    for (let i = 0; i < b.length; i++) {
      if (v <= (b[i] as number)) {
        (this.counts as Float64Array)[i]! += 1;
        return;
      }
    }
  }
}

/** A histogram with fixed label names; `child(...values)` once per label set, then `observe`. */
export class FastHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  readonly #bounds: Float64Array;
  readonly #buckets: readonly number[];
  readonly #children = new Map<string, HChild>();
  /** Children in order of their first observation: the exposition order. */
  #seen: HChild[] = [];
  readonly #onFirst = (c: HChild) => void this.#seen.push(c);

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
    buckets: readonly number[],
    registry: Registry,
  ) {
    this.#buckets = [...buckets].sort((a, b) => a - b);
    this.#bounds = Float64Array.from(this.#buckets);
    registry.registerMetric(this as never);
  }

  child(...values: string[]): HistogramChild {
    if (values.length !== this.labelNames.length) throw new Error(`${this.name}: expected ${this.labelNames.length} label values`);
    let key = values.join('\u0000');
    let c = this.#children.get(key);
    if (!c && this.#children.size >= MAX_CHILDREN) {
      values = this.labelNames.map(() => OTHER);
      c = this.#children.get((key = values.join('\u0000')));
    }
    if (!c) {
      const labels: Labels = {};
      this.labelNames.forEach((n, i) => (labels[n] = values[i] as string));
      this.#children.set(key, (c = new HChild(labels, this.#bounds, this.#onFirst)));
    }
    return c;
  }

  reset(): void {
    this.#children.clear();
    this.#seen = [];
  }

  /** What prom-client's Histogram.getForPromString returns (child labels as shared labels). */
  getForPromString(): { name: string; help: string; type: string; values: MetricValue[]; aggregator: string } {
    const values: MetricValue[] = [];
    const bucket = `${this.name}_bucket`;
    for (const c of this.#seen) {
      let acc = 0;
      for (let i = 0; i < this.#buckets.length; i++) {
        acc += c.counts[i] as number;
        values.push({ labels: { le: this.#buckets[i] as number }, sharedLabels: c.labels, value: acc, metricName: bucket, exemplar: null });
      }
      values.push({ labels: { le: '+Inf' }, sharedLabels: c.labels, value: c.count, metricName: bucket, exemplar: null });
      values.push({ labels: {}, sharedLabels: c.labels, value: c.sum, metricName: `${this.name}_sum`, exemplar: undefined as never });
      values.push({ labels: {}, sharedLabels: c.labels, value: c.count, metricName: `${this.name}_count`, exemplar: undefined as never });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  /** What prom-client's Histogram.get returns (shared labels merged into each value's labels). */
  get(): { name: string; help: string; type: string; values: MetricValue[]; aggregator: string } {
    const data = this.getForPromString();
    data.values = data.values.map(({ sharedLabels, labels, ...rest }) => ({ ...rest, labels: { ...labels, ...sharedLabels } }));
    return data;
  }
}

export interface CounterChild {
  inc(n?: number): void;
}

class CChild implements CounterChild {
  value = 0;
  constructor(
    readonly labels: Labels,
    private readonly first: (c: CChild) => void,
  ) {}
  inc(n = 1): void {
    if (!Number.isFinite(n)) throw new TypeError('Value is not a valid number');
    if (n < 0) throw new Error('It is not possible to decrease a counter');
    if (this.value === 0) this.first(this);
    this.value += n;
  }
}

/** A counter with fixed label names; `child(...values)` resolves (and caches) a label set. */
export class FastCounter {
  readonly type = 'counter';
  readonly aggregator = 'sum';
  readonly #children = new Map<string, CChild>();
  #seen = new Set<CChild>();
  readonly #onFirst = (c: CChild) => void this.#seen.add(c);

  constructor(
    public name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
    registry: Registry,
  ) {
    registry.registerMetric(this as never);
  }

  child(...values: string[]): CounterChild {
    let key = values.length === 1 ? (values[0] as string) : values.join('\u0000');
    let c = this.#children.get(key);
    if (!c && values.length !== this.labelNames.length) throw new Error(`${this.name}: expected ${this.labelNames.length} label values`);
    if (!c && this.#children.size >= MAX_CHILDREN) {
      values = this.labelNames.map(() => OTHER);
      c = this.#children.get((key = values.length === 1 ? (values[0] as string) : values.join('\u0000')));
    }
    if (!c) {
      const labels: Labels = {};
      this.labelNames.forEach((n, i) => (labels[n] = values[i] as string));
      this.#children.set(key, (c = new CChild(labels, this.#onFirst)));
    }
    return c;
  }

  reset(): void {
    this.#children.clear();
    this.#seen = new Set();
  }

  get(): { name: string; help: string; type: string; values: MetricValue[]; aggregator: string } {
    return { help: this.help, name: this.name, type: this.type, values: [...this.#seen].map((c) => ({ value: c.value, labels: c.labels })), aggregator: this.aggregator };
  }
}
