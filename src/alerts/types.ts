/** Alert records, the rules engine's input and the sink contract. Types only. */

export type Severity = 'low' | 'medium' | 'high' | 'critical';

/** An alert carries codes, ids and keyed references only: never a value from the request. */
export interface Alert {
  readonly kind: string;
  readonly severity: Severity;
  readonly code: string;
  /** The policy rule that raised it (`alerts.rules[].id`, or the built-in rule's kind). */
  readonly rule?: string;
  readonly requestId?: string;
  /** Keyed reference of the principal (the audit log's user reference), never the raw id. */
  readonly principal?: string;
  /** Keyed reference of the socket peer. */
  readonly peer?: string;
  readonly route?: string;
  readonly stage?: string;
  /** How many events the rule counted (probing, bulk, auth failures), or how many a summary stands for. */
  readonly count?: number;
  readonly time: string;
  readonly detail?: string;
}

/** Delivery outcomes a sink reports (metrics, audit of drops). */
export interface SinkEvents {
  delivered(sink: string): void;
  failed(sink: string): void;
  /** An alert was dropped (queue full, or retries exhausted). */
  dropped(sink: string, reason: 'queue_full' | 'retries_exhausted'): void;
}

export interface AlertSink {
  /** Never blocks and never throws: delivery happens later, off the request path. */
  send(alert: Alert): void;
  close(): Promise<void>;
  /** Short sink name for metrics and logs (`webhook`, `slack`, `syslog-udp`, `stdout`, `log`). */
  readonly name?: string;
}

/**
 * What the rules engine reads of a finished request: codes, stages, counts and keyed references
 * (built by the alert stage, src/guards/alert). No request values.
 */
export interface AlertInput {
  readonly requestId: string;
  readonly time: number;
  /** Every decision and the outcome, each with its stage; `denial`: its status is >= 400 (a denial or, in monitor mode, a would-be denial). */
  readonly codes: ReadonlyArray<{ readonly code: string; readonly stage: string; readonly denial: boolean }>;
  readonly outcome?: { readonly code: string; readonly stage: string; readonly status: number };
  readonly route?: string;
  readonly principal?: string;
  readonly peer?: string;
  /** Keyed references of the patients the request touched. */
  readonly patients: readonly string[];
  /** PHI findings in the released response (total count). */
  readonly phiFindings: number;
  readonly breakGlass: boolean;
}

/** A window counter shared by replicas (the access state store's `bulkAdd`, structurally). */
export interface WindowCounter {
  bulkAdd(key: string, members: readonly string[], records: number, now: number, check: { readonly windowMs: number; readonly enforce?: boolean }): Promise<{ readonly ok: true; readonly patients: number } | { readonly ok: false }>;
}
