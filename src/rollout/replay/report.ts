/**
 * Aggregates replay outcomes into the report (`--format json` is this object, documented in
 * docs/replay.md as format version 1). Counts per route and per reason code; a few examples per
 * line, each naming the entry index, method and masked path or template, status and code. PHI is
 * shown as type and position (a JSON path into the recorded response body, or an offset), never as
 * a value.
 */
import { detectJson } from '../../phi/index.js';
import type { CompiledPolicy } from '../../policy/types.js';
import type { ReplayOutcome } from './engine.js';
import type { TrafficEntry, TrafficIssue } from './traffic.js';

export const MAX_EXAMPLES = 3;
const MAX_ISSUES = 100;
const MAX_POSITIONS = 5;

export interface PhiPosition { readonly type: string; readonly at: string }

export interface Example {
  readonly index: number;
  readonly request: string;
  readonly status: number;
  readonly code?: string;
  readonly phi?: readonly PhiPosition[];
}

export interface Counts {
  requests: number;
  allowed: number;
  denied: number;
  redacted: number;
  alerted: number;
  wouldDeny: number;
  phi: Record<string, number>;
}

export interface RouteLine extends Counts { route: string | null; method: string; path: string; examples: Example[] }
export type CodeKind = 'denied' | 'would-deny' | 'decision' | 'alert';
export interface CodeLine { code: string; kind: CodeKind; count: number; routes: string[]; examples: Example[] }

export interface ChangeExample { index: number; request: string; before: { status: number; code?: string }; after: { status: number; code?: string }; decisionChanged: boolean; bodyChanged: boolean }

export interface ReplayReport {
  version: 1;
  policy: { name: string; hash: string };
  against?: { name: string; hash: string };
  input: { file: string; format?: string; entries: number; malformed: number };
  totals: Counts;
  routes: RouteLine[];
  codes: CodeLine[];
  malformed: TrafficIssue[];
  diff?: { compared: number; changed: number; decisionChanged: number; bodyChanged: number; examples: ChangeExample[] };
}

const zero = (): Counts => ({ requests: 0, allowed: 0, denied: 0, redacted: 0, alerted: 0, wouldDeny: 0, phi: {} });

function add(c: Counts, o: ReplayOutcome): void {
  c.requests++;
  if (o.allowed) c.allowed++;
  else c.denied++;
  if (o.redacted) c.redacted++;
  if (o.alerts.length) c.alerted++;
  if (o.wouldDeny.length) c.wouldDeny++;
  for (const [t, n] of Object.entries(o.phi)) c.phi[t] = (c.phi[t] ?? 0) + n;
}

/** Where PHI of the recorded response body was found: type + JSON path (or offset), never the value. */
export function phiPositions(policy: CompiledPolicy, entry: TrafficEntry): PhiPosition[] {
  const body = entry.response?.body;
  if (!body || !policy.phi) return [];
  try {
    const text = body.toString('utf8');
    return detectJson(text, policy.phi).slice(0, MAX_POSITIONS).map((f) => ({ type: f.type, at: f.path ?? `offset ${f.start}` }));
  } catch {
    return [];
  }
}

export class ReportBuilder {
  readonly #routes = new Map<string, RouteLine>();
  readonly #codes = new Map<string, CodeLine>();
  readonly #totals = zero();
  readonly #issues: TrafficIssue[] = [];
  #malformed = 0;
  #entries = 0;
  #diff = { compared: 0, changed: 0, decisionChanged: 0, bodyChanged: 0, examples: [] as ChangeExample[] };

  constructor(private readonly policy: CompiledPolicy) {}

  issue(i: TrafficIssue): void {
    this.#entries++;
    this.#malformed++;
    if (this.#issues.length < MAX_ISSUES) this.#issues.push(i);
  }

  #example(o: ReplayOutcome, entry: TrafficEntry): Example {
    const phi = Object.keys(o.phi).length ? phiPositions(this.policy, entry) : [];
    return { index: o.index, request: `${o.method} ${o.path}`, status: o.status, ...(o.code ? { code: o.code } : {}), ...(phi.length ? { phi } : {}) };
  }

  #code(code: string, kind: CodeKind, o: ReplayOutcome, entry: TrafficEntry): void {
    const k = `${kind}|${code}`;
    let line = this.#codes.get(k);
    if (!line) this.#codes.set(k, (line = { code, kind, count: 0, routes: [], examples: [] }));
    line.count++;
    const r = o.route ?? '(no route)';
    if (!line.routes.includes(r) && line.routes.length < 20) line.routes.push(r);
    if (line.examples.length < MAX_EXAMPLES) line.examples.push(this.#example(o, entry));
  }

  outcome(o: ReplayOutcome, entry: TrafficEntry): void {
    this.#entries++;
    add(this.#totals, o);
    const key = `${o.route ?? ''}|${o.method}|${o.route ? '' : o.path}`;
    let line = this.#routes.get(key);
    if (!line) this.#routes.set(key, (line = { route: o.route ?? null, method: o.method, path: o.path, examples: [], ...zero() }));
    add(line, o);
    const interesting = !o.allowed || o.redacted || o.wouldDeny.length > 0 || o.alerts.length > 0;
    if (line.examples.length < MAX_EXAMPLES && (interesting || line.examples.length === 0)) line.examples.push(this.#example(o, entry));
    if (o.code) this.#code(o.code, 'denied', o, entry);
    for (const c of o.wouldDeny) this.#code(c, 'would-deny', o, entry);
    for (const c of o.decisions) this.#code(c, 'decision', o, entry);
    for (const c of o.alerts) this.#code(c, 'alert', o, entry);
  }

  change(a: ReplayOutcome, b: ReplayOutcome): void {
    this.#diff.compared++;
    const decisionChanged = a.allowed !== b.allowed || a.status !== b.status || a.code !== b.code;
    const bodyChanged = !decisionChanged && a.allowed && a.bodyDigest !== b.bodyDigest;
    if (!decisionChanged && !bodyChanged) return;
    this.#diff.changed++;
    if (decisionChanged) this.#diff.decisionChanged++;
    if (bodyChanged) this.#diff.bodyChanged++;
    if (this.#diff.examples.length < MAX_EXAMPLES * 4) {
      const side = (o: ReplayOutcome) => ({ status: o.status, ...(o.code ? { code: o.code } : {}) });
      this.#diff.examples.push({ index: a.index, request: `${a.method} ${a.path}`, before: side(a), after: side(b), decisionChanged, bodyChanged });
    }
  }

  build(file: string, format: string | undefined, against?: CompiledPolicy): ReplayReport {
    const byCount = <T extends { count?: number; requests?: number }>(x: T, y: T) => (y.count ?? y.requests ?? 0) - (x.count ?? x.requests ?? 0);
    return {
      version: 1,
      policy: { name: this.policy.name, hash: this.policy.hash },
      ...(against ? { against: { name: against.name, hash: against.hash } } : {}),
      input: { file, ...(format ? { format } : {}), entries: this.#entries, malformed: this.#malformed },
      totals: this.#totals,
      routes: [...this.#routes.values()].sort(byCount),
      codes: [...this.#codes.values()].sort(byCount),
      malformed: this.#issues,
      ...(against ? { diff: this.#diff } : {}),
    };
  }
}
